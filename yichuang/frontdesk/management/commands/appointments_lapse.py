"""Close appointments whose time is over: no-shows and expired holds (run every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yichuang.frontdesk.services.appointments import appointments_lapse


class Command(BaseCommand):
    help = (
        "Mark booked appointments whose check-in has closed as not come, and holds past "
        "their time as expired. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{appointments_lapse()} appointments lapsed")
