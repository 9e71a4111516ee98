"""Escalate inquiries left unanswered past their office's time to the office head (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yichuang.frontdesk.services.inquiries import inquiries_escalate


class Command(BaseCommand):
    help = (
        "Escalate open inquiries older than the office's inquiry escalation hours to the "
        "office head. Safe to run as often as wanted: an inquiry is escalated once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = inquiries_escalate()
        self.stdout.write(f"{count} inquiries escalated")
