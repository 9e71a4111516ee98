"""Offer appointment slots up to each office's booking horizon (run daily from cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from yichuang.accounts.selectors import offices_public
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.services.appointments import slots_generate


class Command(BaseCommand):
    help = (
        "Create the missing appointment slots of every active office up to its booking "
        "horizon. Idempotent: existing slots are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        total = 0
        for office in offices_public():
            horizon = queue_settings_for(office).booking_horizon_days
            created = slots_generate(
                actor=None, office=office, through=today + dt.timedelta(days=horizon)
            )
            total += created
            if options["verbosity"] > 1:
                self.stdout.write(f"{office.code}: {created}")
        self.stdout.write(f"{total} slots created")
