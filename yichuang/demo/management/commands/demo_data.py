"""Load the demo offices and people (idempotent) and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from yichuang.accounts.cast import ADMINISTRATOR, OFFICES, PEOPLE, cast_create
from yichuang.accounts.roles import Role
from yichuang.cases.services import catalog_load
from yichuang.demo.cases import cases_demo
from yichuang.demo.hall import hall_demo
from yichuang.demo.register import register_demo, verification_url
from yichuang.registry.models import Unit

DEMO_PASSWORD = "yichuang-demo"  # noqa: S105 (printed to the developer on purpose)


class Command(BaseCommand):
    help = "Create the demo offices, windows and people; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password for new people")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print logins")

    def handle(self, *args: Any, password: str, quiet_logins: bool, **options: Any) -> None:
        cast = cast_create(password=password)
        register = register_demo(cast)
        hall = hall_demo(cast)
        catalog_load(actor=None)
        cases = cases_demo(cast)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(cast.offices)} offices, {len(cast.people)} people, "
                f"{Unit.objects.count()} units on the register."
            )
        )
        for certificate in register.certificates:
            self.stdout.write(f"  {certificate.number}  {verification_url(certificate)}")
        self.stdout.write(
            f"Cases: {cases.cases} demo cases at office A, one of each common registration, "
            "at http://127.0.0.1:8000/staff/cases/"
        )
        self.stdout.write(
            f"Hall: {hall.tickets_today} tickets today at office A. Pair a browser as the demo "
            f"kiosk at http://127.0.0.1:8000/kiosk/pair/ with the token {hall.kiosk_token}"
        )
        if quiet_logins:
            return
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/staff/ with password {password!r}:")
        office_codes = {office.key: office.code for office in OFFICES}
        for spec in (ADMINISTRATOR, *PEOPLE):
            roles = ", ".join(str(Role(r).label) for r in spec.roles) or str(
                _("member of the public")
            )
            where = office_codes.get(spec.office_key or "", spec.jurisdiction_code or "-")
            self.stdout.write(f"  {spec.username:<16} {spec.full_name:<6} {roles} ({where})")
