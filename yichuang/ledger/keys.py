"""The signing keys of the logs.

Each office (or other log owner) has one Ed25519 key, named like
``yichuang.local/haimen``. Its logs sign with the same key material under
the log's origin as key name, as tlog-checkpoint asks, so an auditor who
trusts the office's public key trusts every log of the office.

A key comes from, in order: ``YICHUANG_LEDGER_SIGNER_KEYS`` (comma-separated
``PRIVATE+KEY+…`` strings), a file ``<key dir>/<name with / as __>.skey``, or
(only where ``LEDGER_GENERATE_KEYS`` is on, as in development) a new key
written to that file.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from django.conf import settings

from yichuang.ledger.checkpoint import NoteSigner, NoteVerifier, generate_signer


class MissingKeyError(RuntimeError):
    """No key is configured for a log owner, and generating one is not allowed."""


def _key_file(owner: str) -> Path:
    return Path(settings.LEDGER_KEY_DIR) / (owner.replace("/", "__") + ".skey")


@cache
def _configured() -> dict[str, NoteSigner]:
    signers = (NoteSigner.from_string(text) for text in settings.LEDGER_SIGNER_KEYS)
    return {signer.name: signer for signer in signers}


def owner_signer(owner: str) -> NoteSigner:
    """The owner's key, under the owner's own name."""
    configured = _configured().get(owner)
    if configured is not None:
        return configured
    path = _key_file(owner)
    if path.exists():
        signer = NoteSigner.from_string(path.read_text(encoding="ascii"))
        if signer.name != owner:
            raise MissingKeyError(f"{path} holds the key of {signer.name!r}, not {owner!r}")
        return signer
    if not settings.LEDGER_GENERATE_KEYS:
        raise MissingKeyError(f"no ledger key for {owner!r}: configure it (docs/operations.md)")
    path.parent.mkdir(parents=True, exist_ok=True)
    secret, _public = generate_signer(owner)
    # Exclusive creation: two processes racing to generate keep the first key.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return owner_signer(owner)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return NoteSigner.from_string(secret)


def log_signer(*, owner: str, origin: str) -> NoteSigner:
    """The signer for one log: the owner's key material under the log's origin."""
    return NoteSigner(origin, owner_signer(owner).seed)


def log_verifier(*, owner: str, origin: str) -> NoteVerifier:
    """The public verifier key of one log."""
    return log_signer(owner=owner, origin=origin).verifier()
