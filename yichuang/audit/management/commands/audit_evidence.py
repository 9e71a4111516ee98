"""Write what an outside auditor needs to check that one audit event is in the ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yichuang.audit.models import AuditEvent
from yichuang.audit.services import LEAF_KIND
from yichuang.ledger import keys, selectors, services
from yichuang.ledger.checkpoint import encode_base64


class Command(BaseCommand):
    help = (
        "Export an audit event's record, salt, inclusion proof, checkpoint and log key, "
        "for python -m yichuang.ledger.verify."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("uid", help="the event's identifier (AuditEvent.uid)")
        parser.add_argument("--out", type=Path, required=True, help="folder to write into")

    def handle(self, *args: Any, uid: str, out: Path, **options: Any) -> None:
        try:
            event = AuditEvent.objects.get(uid=uid)
        except (AuditEvent.DoesNotExist, ValueError):
            raise CommandError(f"no audit event {uid}") from None
        log = selectors.log_get(origin=event.ledger_origin)
        checkpoint = services.checkpoint_latest(
            log=log,
            max_age=dt.timedelta(seconds=settings.LEDGER_CHECKPOINT_MAX_AGE),
            max_leaves=settings.LEDGER_CHECKPOINT_MAX_LEAVES,
        )
        if checkpoint is None or checkpoint.tree_size <= event.ledger_index:
            checkpoint = services.checkpoint_sign(log=log)
        proof = selectors.inclusion_proof(
            log=log, index=event.ledger_index, tree_size=checkpoint.tree_size
        )
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "record.json": json.dumps(event.ledger_record(), ensure_ascii=False, indent=2),
            "salt.txt": bytes(event.salt).hex(),
            "checkpoint.txt": checkpoint.note,
            "key.txt": str(keys.log_verifier(owner=log.owner, origin=log.origin)),
            "proof.json": json.dumps(
                {
                    "log": log.origin,
                    "tree_size": checkpoint.tree_size,
                    "leaf_index": event.ledger_index,
                    "hashes": [encode_base64(node) for node in proof],
                },
                indent=2,
            ),
        }
        for name, text in files.items():
            (out / name).write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        self.stdout.write(
            "python -m yichuang.ledger.verify inclusion "
            f"--key {out / 'key.txt'} --checkpoint {out / 'checkpoint.txt'} "
            f"--record {out / 'record.json'} --salt $(cat {out / 'salt.txt'}) "
            f"--kind {LEAF_KIND} --proof {out / 'proof.json'}"
        )
