"""Demo register data: a few flats at office A, owned, sold, mortgaged, certified."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from yichuang.accounts.cast import Cast
from yichuang.accounts.models import User
from yichuang.registry import services
from yichuang.registry.certificates import verification_url
from yichuang.registry.models import Certificate, Party, Unit
from yichuang.registry.rules import (
    CoOwnership,
    FirstRegistration,
    MortgageCreation,
    RegistrationRequest,
    RightKind,
    Transfer,
    TransferCause,
)
from yichuang.registry.rules.state import Holder

HOUSE = RightKind.STATE_LAND_USE_AND_HOUSE
FLATS = (
    ("320684001001GB00001F00030101", "海门区北京东路88号3幢101室"),
    ("320684001001GB00001F00030201", "海门区北京东路88号3幢201室"),
    ("320684001001GB00001F00030301", "海门区北京东路88号3幢301室"),
)


@dataclass(frozen=True)
class DemoRegister:
    units: int
    certificates: tuple[Certificate, ...]


def _person(registrar: User, name: str, number: str) -> Party:
    return services.party_register(
        actor=registrar,
        kind="person",
        name=name,
        document_type="resident_id",
        document_number=number,
    )


def _request(payload: object, applicants: set[Party]) -> RegistrationRequest:
    accepted_at = timezone.now() - dt.timedelta(hours=2)
    return RegistrationRequest(
        payload=payload,  # type: ignore[arg-type]
        accepted_at=accepted_at,
        applicants=frozenset(str(p.uid) for p in applicants),
    )


def register_demo(cast: Cast) -> DemoRegister:
    """Create the demo units and their history once; later runs leave them alone."""
    if Unit.objects.filter(code=FLATS[0][0]).exists():
        return DemoRegister(Unit.objects.count(), tuple(Certificate.objects.all()[:3]))
    registrar = cast.people["registrar_a"]
    owner = _person(registrar, "周建国", "11010519491231002X")
    buyer = _person(registrar, "陈晓燕", "360426199101010071")
    bank = services.party_register(
        actor=registrar,
        kind="organisation",
        name="示例商业银行南通分行",
        document_type="uscc",
        document_number="91110000600037341L",
    )
    issued = []
    for code, location in FLATS:
        unit = services.unit_create(
            actor=registrar,
            office=cast.offices["office_a"],
            code=code,
            location=location,
            planned_use="城镇住宅用地/住宅",
            is_residential=True,
            land_area=Decimal("8650.40"),
            building_area=Decimal("96.30"),
        )
        first = services.register_entry_record(
            actor=registrar,
            unit=unit,
            legal_basis="REG art. 14",
            request=_request(
                FirstRegistration(
                    right_kind=HOUSE, holders=(Holder(str(owner.uid)),), form=CoOwnership.SOLE
                ),
                {owner},
            ),
        )
        if code == FLATS[0][0]:
            issued.append(services.certificate_issue(actor=registrar, entry=first))
    sold = Unit.objects.get(code=FLATS[1][0])
    sale = services.register_entry_record(
        actor=registrar,
        unit=sold,
        legal_basis="REG art. 14",
        request=_request(
            Transfer(
                right_kind=HOUSE,
                holders=(Holder(str(buyer.uid)),),
                form=CoOwnership.SOLE,
                cause=TransferCause.SALE,
            ),
            {owner, buyer},
        ),
    )
    issued.append(services.certificate_issue(actor=registrar, entry=sale))
    mortgage = services.register_entry_record(
        actor=registrar,
        unit=sold,
        legal_basis="CC art. 402",
        request=_request(
            MortgageCreation(
                right_kind=HOUSE, mortgagee=str(bank.uid), debt_amount=Decimal("800000.00")
            ),
            {buyer, bank},
        ),
    )
    issued.append(services.certificate_issue(actor=registrar, entry=mortgage))
    return DemoRegister(len(FLATS), tuple(issued))


__all__ = ["DemoRegister", "register_demo", "verification_url"]
