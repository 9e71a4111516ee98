"""End the tickets still open from earlier days (run nightly after closing; idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from yichuang.frontdesk.services.tickets import tickets_close_day


class Command(BaseCommand):
    help = "End the tickets still open from days before today; they count as not served."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--through",
            type=dt.date.fromisoformat,
            default=None,
            help="last day to close (YYYY-MM-DD); default yesterday",
        )

    def handle(self, *args: Any, through: dt.date | None, **options: Any) -> None:
        day = through or timezone.localdate() - dt.timedelta(days=1)
        closed = tickets_close_day(day=day)
        self.stdout.write(f"{closed} tickets closed through {day.isoformat()}.")
