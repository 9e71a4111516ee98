"""Rebuild every unit's state from its entries and report where the live state differs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yichuang.registry.selectors import projection_differences


class Command(BaseCommand):
    help = (
        "Fold each unit's register entries into its state again and compare with the live "
        "state; exits 1 and names every unit that differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", action="append", help="only this unit code (repeatable)")

    def handle(self, *args: Any, unit: list[str] | None, **options: Any) -> None:
        checked, differing = projection_differences(unit_codes=unit)
        for code, reason in differing:
            self.stdout.write(f"DIFFERS {code}: {reason}")
        self.stdout.write(f"checked {checked} units, {len(differing)} differ")
        if differing:
            raise CommandError(f"{len(differing)} unit(s) differ from their entries")
