"""Import an existing register from CSV files (docs/legacy-import.md)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yichuang.accounts.models import User
from yichuang.registry.legacy_import import (
    BATCH_UNITS,
    ImportFileError,
    import_register,
    import_register_per_unit,
    write_rejections,
)


class Progress:
    """A counter line on standard error: units done, share, rate."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        share = min(100, 100 * done // total) if total else 100
        sys.stderr.write(f"\r{done}/{total} units ({share}%), {done / elapsed:,.0f} units/s")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


class Command(BaseCommand):
    help = "Import units, rights and restrictions from CSV files; rerunning adds only new units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="folder with units.csv, rights.csv …")
        parser.add_argument("--registrar", required=True, help="username entering the import")
        parser.add_argument(
            "--rejected", type=Path, default=None, help="where to write rejected rows (CSV)"
        )
        parser.add_argument(
            "--batch-units",
            type=int,
            default=BATCH_UNITS,
            help=f"units written per transaction (default {BATCH_UNITS})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="processes preparing batches while this one writes (0: none)",
        )
        parser.add_argument(
            "--per-unit",
            action="store_true",
            help="enter unit after unit through the live services (slow; for comparison)",
        )

    def handle(
        self,
        *args: Any,
        folder: Path,
        registrar: str,
        rejected: Path | None,
        batch_units: int,
        workers: int,
        per_unit: bool,
        **options: Any,
    ) -> None:
        try:
            actor = User.objects.get(username=registrar, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user {registrar!r}") from None
        if batch_units < 1 or workers < 0:
            raise CommandError("--batch-units must be at least 1 and --workers at least 0")
        progress = Progress()
        try:
            if per_unit:
                report = import_register_per_unit(folder, actor=actor, progress=progress)
            else:
                report = import_register(
                    folder,
                    actor=actor,
                    progress=progress,
                    batch_units=batch_units,
                    workers=workers,
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        finally:
            progress.close()
        target = rejected or folder / "rejected.csv"
        write_rejections(report, target)
        self.stdout.write(
            f"imported {report.imported} units, skipped {report.skipped} already on the register, "
            f"rejected {report.rejected_units} (reasons in {target})"
        )
