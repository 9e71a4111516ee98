"""Demo front-desk data: a registered kiosk at office A and a morning's first tickets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from yichuang.accounts.cast import Cast
from yichuang.accounts.models import ServiceType
from yichuang.frontdesk.models import Kiosk, Ticket
from yichuang.frontdesk.services import kiosks, tickets

KIOSK_NAME = "演示取号机"
# Walk-ins of the demo morning: name, resident ID number, service type.
WALK_INS = (
    ("陈小明", "320684198503120014", "general"),
    ("黄丽华", "320684199011250028", "general"),
    ("周建国", "320684195807080038", "general"),
    ("林芳", "320684199203040041", "mortgage"),
)


@dataclass(frozen=True)
class DemoHall:
    kiosk_token: str
    tickets_today: int


def _token_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-kiosk-token"


def _demo_kiosk(cast: Cast) -> str:
    """The demo kiosk's token, kept in the var directory so a rerun can print it again."""
    office = cast.offices["office_a"]
    path = _token_file()
    live = Kiosk.objects.filter(office=office, name=KIOSK_NAME, revoked_at__isnull=True).first()
    if live is not None and path.exists():
        token = path.read_text().strip()
        if kiosks.kiosk_token_hash(token) == live.token_hash:
            return token
    if live is not None:
        kiosks.kiosk_revoke(actor=cast.people["head_a"], kiosk=live)
    _kiosk, token = kiosks.kiosk_register(
        actor=cast.people["head_a"], office=office, name=KIOSK_NAME
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return token


def hall_demo(cast: Cast) -> DemoHall:
    """Register the demo kiosk and, once a day, issue the morning's first walk-in tickets."""
    token = _demo_kiosk(cast)
    today = timezone.localdate()
    if not Ticket.objects.filter(office=cast.offices["office_a"], day=today).exists():
        for name, number, service in WALK_INS:
            applicant = tickets.applicant_parse(
                document_type="resident_id", document_number=number, name=name
            )
            tickets.ticket_issue(
                actor=cast.people["clerk_a"],
                office=cast.offices["office_a"],
                service_type=ServiceType.objects.get(code=service),
                channel=Ticket.Channel.WINDOW,
                applicant=applicant,
            )
    count = Ticket.objects.filter(office=cast.offices["office_a"], day=today).count()
    return DemoHall(kiosk_token=token, tickets_today=count)
