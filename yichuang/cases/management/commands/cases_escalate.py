"""Refresh the due dates of open cases and escalate those due soon or overdue (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yichuang.cases.services import cases_escalate


class Command(BaseCommand):
    help = (
        "Recount every open case's due date on its office's current calendar and raise one "
        "escalation to the office head per case due soon or overdue. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the day to read the clocks on (YYYY-MM-DD); default today",
        )

    def handle(self, *args: Any, today: dt.date | None, **options: Any) -> None:
        raised = cases_escalate(today=today)
        self.stdout.write(f"{raised} escalations raised.")
