"""The hall under a rush: requests released together at a barrier, on both engines.

Numbers are neither skipped nor repeated, the per-person rules hold when the
same person (or agent) asks several times at once, and no ticket is called to
two windows, nor a double click called twice.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.db.models import Count

from yichuang.accounts import services as accounts
from yichuang.accounts.models import ServiceType, User, Window
from yichuang.accounts.roles import Role
from yichuang.frontdesk.models import AbuseSignal, CallEvent, Kiosk, Ticket, TicketCounter
from yichuang.frontdesk.services import calling, kiosks, tickets
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(n)`` for n in 0..count-1 in threads released at one barrier.

    Returns each thread's result or the exception it raised, by thread number.
    Each thread closes its own database connection.
    """
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(n: int) -> None:
        try:
            barrier.wait()
            results[n] = work(n)
        except BaseException as error:  # kept and judged by the test
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results


def _unexpected(results: list[object]) -> list[BaseException]:
    """Exceptions other than a refusal: a refusal is an answer, anything else a failure."""
    return [
        r
        for r in results
        if isinstance(r, BaseException) and not isinstance(r, tickets.TicketRefusedError)
    ]


@pytest.fixture
def kiosk(cast: Any) -> Kiosk:
    machine, _token = kiosks.kiosk_register(
        actor=cast.head_a, office=cast.office_a, name="大厅一号机"
    )
    return machine


def _kiosk_ticket(
    cast: Any, kiosk: Kiosk, general: ServiceType, person: int, *, agent: int | None = None
) -> Ticket:
    applicant = tickets.applicant_parse(
        document_type="resident_id",
        document_number=resident_id(person),
        name=f"申请人{person}",
        agent_document_number=resident_id(500 + agent) if agent is not None else "",
        agent_name="代理人" if agent is not None else "",
    )
    return tickets.ticket_issue(
        actor=None,
        office=cast.office_a,
        service_type=general,
        channel=Ticket.Channel.KIOSK,
        applicant=applicant,
        kiosk=kiosk,
    )


def test_twenty_applicants_at_once_get_a001_to_a020_without_gap_or_repeat(
    cast: Any, kiosk: Kiosk, general: ServiceType
) -> None:
    results = _run_together(20, lambda n: _kiosk_ticket(cast, kiosk, general, n + 1).display)
    assert _unexpected(results) == []
    assert sorted(str(r) for r in results) == [f"A{n:03d}" for n in range(1, 21)]
    assert sorted(Ticket.objects.values_list("display", flat=True)) == [
        f"A{n:03d}" for n in range(1, 21)
    ]
    assert TicketCounter.objects.get(office=cast.office_a, prefix="A").last == 20


def test_one_applicant_asking_eight_times_at_once_gets_one_ticket_and_seven_refusals(
    cast: Any, kiosk: Kiosk, general: ServiceType
) -> None:
    results = _run_together(8, lambda _n: _kiosk_ticket(cast, kiosk, general, 7).display)
    assert _unexpected(results) == []
    ticket = Ticket.objects.get()
    assert ticket.display == "A001"
    assert [r for r in results if isinstance(r, str)] == ["A001"]
    refusals = [r for r in results if isinstance(r, tickets.TicketRefusedError)]
    assert [(r.code, r.existing) for r in refusals] == [("duplicate", "A001")] * 7
    # The refused requests used no number.
    assert TicketCounter.objects.get(office=cast.office_a, prefix="A").last == 1
    assert AbuseSignal.objects.filter(kind=AbuseSignal.Kind.TICKET_DUPLICATE).count() == 7


def test_an_agent_asking_for_six_principals_at_once_gets_only_the_cap(
    cast: Any, kiosk: Kiosk, general: ServiceType
) -> None:
    results = _run_together(6, lambda n: _kiosk_ticket(cast, kiosk, general, 20 + n, agent=1))
    assert _unexpected(results) == []
    issued = [r for r in results if isinstance(r, Ticket)]
    refusals = [r for r in results if isinstance(r, tickets.TicketRefusedError)]
    assert len(issued) == 3
    assert [r.code for r in refusals] == ["agent_cap"] * 3
    agent_key = issued[0].agent_key
    assert Ticket.objects.filter(agent_key=agent_key).count() == 3
    assert sorted(Ticket.objects.values_list("display", flat=True)) == ["A001", "A002", "A003"]
    assert AbuseSignal.objects.filter(kind=AbuseSignal.Kind.AGENT_CAP).count() == 3


def _ten_windows_with_clerks(cast: Any, general: ServiceType) -> list[tuple[Window, User]]:
    """Windows 1 and 2 of office A and eight more for general service, each with a clerk."""
    windows = list(
        Window.objects.filter(office=cast.office_a, number__in=(1, 2)).order_by("number")
    )
    for number in range(11, 19):
        windows.append(
            accounts.window_create(
                actor=cast.admin,
                office=cast.office_a,
                number=number,
                name="综合受理",
                service_types=[general],
            )
        )
    clerks = [
        accounts.staff_create(
            actor=cast.admin,
            username=f"hall_clerk_{n}",
            full_name=f"窗口{n}",
            password=None,
            roles=[Role.CLERK],
            office=cast.office_a,
        )
        for n in range(len(windows))
    ]
    return list(zip(windows, clerks, strict=True))


def test_ten_windows_calling_at_once_empty_the_queue_calling_each_ticket_once(
    cast: Any, kiosk: Kiosk, general: ServiceType
) -> None:
    staffed = _ten_windows_with_clerks(cast, general)
    queued = {_kiosk_ticket(cast, kiosk, general, n).pk for n in range(40)}
    held_two: list[tuple[int, int]] = []

    def work(n: int) -> list[int]:
        window, clerk = staffed[n]
        called: list[int] = []
        while (ticket := calling.ticket_call_next(actor=clerk, window=window)) is not None:
            in_hand = Ticket.objects.filter(
                window=window, status__in=(Ticket.Status.CALLED, Ticket.Status.SERVING)
            ).count()
            if in_hand != 1:
                held_two.append((window.number, in_hand))
            called.append(ticket.pk)
            calling.ticket_no_show(actor=clerk, ticket=ticket)
        return called

    results = _run_together(len(staffed), work)
    assert [r for r in results if isinstance(r, BaseException)] == []
    called = [pk for r in results if isinstance(r, list) for pk in r]
    assert sorted(called) == sorted(queued)
    assert held_two == []
    per_ticket = Counter(
        dict(CallEvent.objects.values("ticket").annotate(n=Count("pk")).values_list("ticket", "n"))
    )
    assert per_ticket == dict.fromkeys(queued, 1)
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.NO_SHOW}


def test_five_clicks_at_once_on_call_next_call_one_ticket(
    cast: Any, kiosk: Kiosk, general: ServiceType, window_1: Window
) -> None:
    first = _kiosk_ticket(cast, kiosk, general, 1)
    second = _kiosk_ticket(cast, kiosk, general, 2)
    results = _run_together(
        5, lambda _n: calling.ticket_call_next(actor=cast.clerk_a, window=window_1)
    )
    assert [r.pk if isinstance(r, Ticket) else r for r in results] == [first.pk] * 5
    assert list(CallEvent.objects.values_list("ticket", "window")) == [(first.pk, window_1.pk)]
    second.refresh_from_db()
    assert second.status == Ticket.Status.WAITING
