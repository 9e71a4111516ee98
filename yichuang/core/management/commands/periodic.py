"""Run the platform's periodic jobs on their intervals, in one process (for development).

Production runs the same commands from cron or systemd timers (docs/operations.md).
A job that fails is reported and tried again at its next turn; the others go on.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run the periodic jobs (settings.PERIODIC_JOBS) on their intervals until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and stop")

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        due = {name: 0.0 for name, _interval in settings.PERIODIC_JOBS}
        intervals = dict(settings.PERIODIC_JOBS)
        while True:
            now = time.monotonic()
            for name, at in due.items():
                if at <= now:
                    self._run(name)
                    due[name] = now + intervals[name]
            if once:
                return
            close_old_connections()
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))

    def _run(self, name: str) -> None:
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception as error:
            self.stderr.write(f"{name} failed: {type(error).__name__}: {error}")
