"""Import an existing register from CSV files (docs/legacy-import.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yichuang.accounts.models import User
from yichuang.registry.legacy_import import ImportFileError, import_register, write_rejections


class Command(BaseCommand):
    help = "Import units, rights and restrictions from CSV files; rerunning adds only new units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="folder with units.csv, rights.csv …")
        parser.add_argument("--registrar", required=True, help="username entering the import")
        parser.add_argument(
            "--rejected", type=Path, default=None, help="where to write rejected rows (CSV)"
        )

    def handle(
        self, *args: Any, folder: Path, registrar: str, rejected: Path | None, **options: Any
    ) -> None:
        try:
            actor = User.objects.get(username=registrar, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user {registrar!r}") from None

        def progress(done: int, total: int) -> None:
            if done == total or done % 500 == 0:
                sys.stderr.write(f"\r{done}/{total} units ({100 * done // total}%)")
                if done == total:
                    sys.stderr.write("\n")

        try:
            report = import_register(folder, actor=actor, progress=progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        target = rejected or folder / "rejected.csv"
        write_rejections(report, target)
        self.stdout.write(
            f"imported {report.imported} units, skipped {report.skipped} already on the register, "
            f"rejected {report.rejected_units} (reasons in {target})"
        )
