"""Shared fixtures of the case tests: a small register, a served ticket, a case factory."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from yichuang.accounts.models import ServiceType, User, Window
from yichuang.accounts.roles import Role
from yichuang.cases import services
from yichuang.cases.models import Case
from yichuang.cases.services import ApplicantIn
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.services import calling, tickets
from yichuang.frontdesk.tests.conftest import resident_id
from yichuang.registry import services as registry_services
from yichuang.registry.models import Party, Unit
from yichuang.registry.rules import (
    CoOwnership,
    FirstRegistration,
    RegistrationRequest,
    RightKind,
)
from yichuang.registry.rules.state import Holder

FLAT = "320684001001GB00001F00030101"
FLAT_2 = "320684001001GB00001F00030201"
OTHER_COUNTY_FLAT = "320602001001GB00001F00010101"
BANK_USCC = "91110000600037341L"

SALE_MATERIALS = ("application_form", "title_certificate")
MORTGAGE_MATERIALS = (
    "application_form",
    "title_certificate",
    "main_debt_contract",
    "mortgage_contract",
)

_keys = itertools.count(1)


def person(n: int, side: str = "obligee", name: str = "") -> ApplicantIn:
    """Applicant ``n`` (a person) on ``side``."""
    return ApplicantIn(
        side=side,
        kind="person",
        name=name or f"申请人{n}",
        document_type="resident_id",
        document_number=resident_id(n),
    )


def walk_to_approved(case: Case, cast: Any) -> Case:
    """Accept ``case`` (clerk A), review and approve it (reviewer A)."""
    services.case_accept(actor=cast.clerk_a, case=case)
    services.case_start_review(actor=cast.reviewer_a, case=case)
    return services.case_approve(actor=cast.reviewer_a, case=case)


def bank(side: str = "obligee") -> ApplicantIn:
    """The demo bank, a mortgagee."""
    return ApplicantIn(
        side=side,
        kind="organisation",
        name="示例商业银行南通分行",
        document_type="uscc",
        document_number=BANK_USCC,
    )


@pytest.fixture
def owner(cast: Any) -> Party:
    """The registered owner of the flats (applicant 1)."""
    return registry_services.party_register(
        actor=cast.registrar_a,
        kind="person",
        name="申请人1",
        document_type="resident_id",
        document_number=resident_id(1),
    )


def _flat(cast: Any, owner: Party, code: str) -> Unit:
    unit = registry_services.unit_create(
        actor=cast.registrar_a,
        office=cast.office_a,
        code=code,
        location=f"海门区北京东路88号3幢{code[-4:]}室",
        planned_use="城镇住宅用地/住宅",
        is_residential=True,
        land_area=Decimal("8650.40"),
        building_area=Decimal("96.30"),
    )
    registry_services.register_entry_record(
        actor=cast.registrar_a,
        unit=unit,
        legal_basis="REG art. 14",
        request=RegistrationRequest(
            payload=FirstRegistration(
                right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                holders=(Holder(str(owner.uid)),),
                form=CoOwnership.SOLE,
            ),
            accepted_at=timezone.now() - dt.timedelta(days=30),
            applicants=frozenset({str(owner.uid)}),
        ),
    )
    return unit


@pytest.fixture
def flat(cast: Any, owner: Party) -> Unit:
    """A flat at office A owned by applicant 1."""
    return _flat(cast, owner, FLAT)


@pytest.fixture
def flat_2(cast: Any, owner: Party) -> Unit:
    """A second flat at office A owned by applicant 1."""
    return _flat(cast, owner, FLAT_2)


@pytest.fixture
def clerk_2(cast: Any) -> User:
    """A second window clerk at office A who is also a reviewer (a small office's pattern)."""
    user = User.objects.create_user(
        username="clerk_reviewer_a", password="x", office=cast.office_a, full_name="吴芳"
    )
    user.groups.add(Group.objects.get(name=Role.CLERK), Group.objects.get(name=Role.REVIEWER))
    return user


@pytest.fixture
def serve(cast: Any) -> Callable[..., Ticket]:
    """A ticket for person ``n``, called to window 1 by clerk A and identity-checked."""

    def make(n: int = 1, *, clerk: User | None = None) -> Ticket:
        clerk = clerk or cast.clerk_a
        window = Window.objects.get(office=cast.office_a, number=1)
        applicant = tickets.applicant_parse(
            document_type="resident_id", document_number=resident_id(n), name=f"申请人{n}"
        )
        ticket = tickets.ticket_issue(
            actor=clerk,
            office=cast.office_a,
            service_type=ServiceType.objects.get(code="general"),
            channel=Ticket.Channel.WINDOW,
            applicant=applicant,
        )
        calling.ticket_call(actor=clerk, window=window, ticket=ticket)
        calling.ticket_identity_check(
            actor=clerk, ticket=ticket, document_type="resident_id", document_number=resident_id(n)
        )
        ticket.refresh_from_db()
        return ticket

    return make


@pytest.fixture
def open_case(cast: Any, flat: Unit) -> Callable[..., Case]:
    """Open a case at office A (a sale of ``flat`` from applicant 1 to 2 unless told)."""

    def make(
        *,
        registration_type: str = "transfer",
        cause: str = "sale",
        unit_code: str = FLAT,
        applicants: tuple[ApplicantIn, ...] | None = None,
        presented: tuple[str, ...] = SALE_MATERIALS,
        details: dict[str, Any] | None = None,
        actor: User | None = None,
        ticket: Ticket | None = None,
        now: dt.datetime | None = None,
        key: str | None = None,
    ) -> Case:
        return services.case_open(
            actor=actor or cast.clerk_a,
            office=cast.office_a,
            submission_key=key or f"key-{next(_keys)}",
            registration_type=registration_type,
            cause=cause,
            unit_code=unit_code,
            applicants=applicants
            if applicants is not None
            else (person(2, "obligee"), person(1, "obligor")),
            presented=presented,
            details=details if details is not None else {"form": "sole"},
            ticket=ticket,
            now=now,
        )

    return make
