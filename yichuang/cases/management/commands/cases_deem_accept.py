"""Accept by law the intakes whose day ended without a decision (run every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yichuang.cases.services import cases_deem_accept


class Command(BaseCommand):
    help = (
        "Accept, as REG art. 17 para. 2 deems, every intake left without acceptance, "
        "one-time notice or out-of-remit refusal when its day ended. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = cases_deem_accept()
        self.stdout.write(f"{count} intakes deemed accepted.")
