"""The day's figures of a seeded day, checked against answers worked out here by hand."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from yichuang.accounts.models import Window
from yichuang.frontdesk import selectors
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.services import calling
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)


def t(hh: int, mm: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(DAY, dt.time(hh, mm)))


# Person, issued, called, re-checked (None: no-show), finished. One window, in order.
SCRIPT = [
    (1, t(8, 41), t(9, 0), t(9, 1), t(9, 13)),
    (2, t(8, 50), t(9, 13), t(9, 14), t(9, 22)),
    (3, t(8, 55), t(9, 22), None, None),  # did not come
    (4, t(9, 5), t(9, 25), t(9, 26), t(9, 46)),
    (5, t(9, 10), t(9, 46), t(9, 47), t(9, 54)),
]


def seed(cast: Any, issue: Callable[..., Ticket]) -> None:
    window: Window = Window.objects.get(office=cast.office_a, number=1)
    made = {n: issue(n, now=issued) for n, issued, *_ in SCRIPT}
    for n, _issued, called, checked, finished in SCRIPT:
        ticket = calling.ticket_call_next(actor=cast.clerk_a, window=window, now=called)
        assert ticket is not None and ticket.pk == made[n].pk
        if checked is None:
            calling.ticket_no_show(
                actor=cast.clerk_a, ticket=ticket, now=called + dt.timedelta(minutes=2)
            )
            continue
        if n == 4:  # someone else's document first: a mismatch on record
            calling.ticket_identity_check(
                actor=cast.clerk_a,
                ticket=ticket,
                document_type="resident_id",
                document_number=resident_id(77),
                now=checked,
            )
        calling.ticket_identity_check(
            actor=cast.clerk_a,
            ticket=ticket,
            document_type="resident_id",
            document_number=resident_id(n),
            now=checked,
        )
        calling.ticket_finish(actor=cast.clerk_a, ticket=ticket, now=finished)
    # One more, called out of order ahead of another, then left waiting at the window.
    issue(6, now=t(10, 0))
    late = issue(7, now=t(10, 1))
    calling.ticket_call(
        actor=cast.clerk_a, window=window, ticket=late, reason="urgent_medical", now=t(10, 3)
    )


def test_the_figures_of_a_seeded_day(cast: Any, issue: Callable[..., Ticket]) -> None:
    seed(cast, issue)
    figures = selectors.figures_for_day(office=cast.office_a, day=DAY)

    # Waits in minutes, from issue to first call: 19, 23, 27, 20, 36, and 2 for person 7.
    waits = sorted([19, 23, 27, 20, 36, 2])
    # Services from the re-check to the end: 12, 8, 20, 7.
    services = sorted([12, 8, 20, 7])
    assert figures.tickets_issued == 7
    assert figures.tickets_served == 4
    assert figures.no_shows == 1
    assert figures.wait_median == (waits[2] + waits[3]) / 2 == 21.5
    assert figures.wait_p90 == waits[math.ceil(0.9 * 6) - 1] == 36
    assert figures.service_median == (services[1] + services[2]) / 2 == 10
    assert figures.service_p90 == 20
    assert figures.first_ticket_at == t(8, 41)
    assert figures.out_of_order_calls == 1
    assert figures.identity_mismatches == 1


def test_another_day_and_another_office_are_apart(cast: Any, issue: Callable[..., Ticket]) -> None:
    seed(cast, issue)
    assert selectors.figures_for_day(office=cast.office_b, day=DAY).tickets_issued == 0
    assert (
        selectors.figures_for_day(
            office=cast.office_a, day=DAY + dt.timedelta(days=1)
        ).tickets_issued
        == 0
    )


def test_the_api_gives_the_head_the_figures_and_refuses_a_clerk(
    cast: Any, issue: Callable[..., Ticket], client_for: Callable[[Any], Any]
) -> None:
    seed(cast, issue)
    url = f"/api/frontdesk/offices/haimen/figures?day={DAY}"
    body = client_for(cast.head_a).get(url).json()
    assert (body["tickets_issued"], body["wait_median_minutes"], body["identity_mismatches"]) == (
        7,
        21.5,
        1,
    )
    assert client_for(cast.clerk_a).get(url).status_code == 403
    assert client_for(cast.head_b).get(url).status_code == 404
    assert client_for(cast.supervisor).get(url).status_code == 200
