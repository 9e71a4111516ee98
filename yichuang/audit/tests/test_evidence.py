"""An auditor checks an exported event with the standalone verifier, without Django."""

import io
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from yichuang.audit.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]
WITHOUT_DJANGO = (
    "import sys, runpy; sys.modules['django'] = None; "
    "sys.argv = ['verify', *sys.argv[1:]]; "
    "runpy.run_module('yichuang.ledger.verify', run_name='__main__')"
)


def _verify(out: Path, salt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_DJANGO,
            "inclusion",
            "--key",
            str(out / "key.txt"),
            "--checkpoint",
            str(out / "checkpoint.txt"),
            "--record",
            str(out / "record.json"),
            "--salt",
            salt,
            "--kind",
            "audit-event",
            "--proof",
            str(out / "proof.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_an_exported_event_verifies_and_a_changed_record_does_not(cast, tmp_path) -> None:
    event = AuditEvent.objects.filter(office=cast.office_b).order_by("ledger_index").first()
    call_command("audit_evidence", str(event.uid), out=tmp_path, stdout=io.StringIO())
    salt = (tmp_path / "salt.txt").read_text().strip()
    honest = _verify(tmp_path, salt)
    assert honest.returncode == 0, honest.stderr
    assert honest.stdout.startswith("valid")
    record = (tmp_path / "record.json").read_text()
    (tmp_path / "record.json").write_text(record.replace("office.create", "office.update"))
    forged = _verify(tmp_path, salt)
    assert forged.returncode == 1
    assert forged.stderr.startswith("invalid: leaf")
