"""Shared helpers of the front-desk tests: valid identity numbers and a ticket factory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from yichuang.accounts.models import ServiceType, Window
from yichuang.core.identifiers.check_digits import mod11_2_check_char
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.services import tickets


def resident_id(n: int, *, born: str = "19800101") -> str:
    """The ``n``-th valid resident ID number of a person from Beijing's Dongcheng district."""
    body = f"110101{born}{n % 1000:03d}"
    return body + mod11_2_check_char(body)


@pytest.fixture
def general(db: None) -> ServiceType:
    return ServiceType.objects.get(code="general")


@pytest.fixture
def window_1(cast: Any) -> Window:
    return Window.objects.get(office=cast.office_a, number=1)


@pytest.fixture
def issue(cast: Any, general: ServiceType) -> Callable[..., Ticket]:
    """Issue a window ticket at office A for person ``n`` (general service unless told)."""

    def make(
        n: int,
        *,
        service_type: ServiceType | None = None,
        now: dt.datetime | None = None,
        agent: int | None = None,
        priority_group: str = "",
        office: Any = None,
        actor: Any = None,
    ) -> Ticket:
        applicant = tickets.applicant_parse(
            document_type="resident_id",
            document_number=resident_id(n),
            name=f"申请人{n}",
            agent_document_number=resident_id(500 + agent) if agent is not None else "",
            agent_name="代理人" if agent is not None else "",
        )
        return tickets.ticket_issue(
            actor=actor or cast.clerk_a,
            office=office or cast.office_a,
            service_type=service_type or general,
            channel=Ticket.Channel.WINDOW,
            applicant=applicant,
            priority_group=priority_group,
            now=now,
        )

    return make
