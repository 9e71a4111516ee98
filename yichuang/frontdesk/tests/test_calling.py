"""Calling tickets to a window, the identity re-check, and the ends of a service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yichuang.accounts.models import Window
from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import AbuseSignal, CallEvent, IdentityCheck, Ticket
from yichuang.frontdesk.services import calling
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Issue = Callable[..., Ticket]
NINE = timezone.make_aware(dt.datetime(2026, 11, 24, 9, 0))


def minutes(n: float) -> dt.datetime:
    return NINE + dt.timedelta(minutes=n)


def call_next(cast: Any, window: Window, at: float = 30) -> Ticket | None:
    return calling.ticket_call_next(actor=cast.clerk_a, window=window, now=minutes(at))


def test_call_next_takes_the_earliest_walk_in(issue: Issue, cast: Any, window_1: Window) -> None:
    first, _second = issue(1, now=minutes(0)), issue(2, now=minutes(1))
    called = call_next(cast, window_1)
    assert called is not None and called.pk == first.pk
    first.refresh_from_db()
    assert (first.status, first.window, first.called_at) == ("called", window_1, minutes(30))
    call = CallEvent.objects.get()
    assert (call.ticket, call.window, call.clerk, call.out_of_order_reason) == (
        first,
        window_1,
        cast.clerk_a,
        "",
    )


def test_a_double_click_returns_the_ticket_in_hand(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    issue(1, now=minutes(0))
    issue(2, now=minutes(1))
    first = call_next(cast, window_1)
    again = call_next(cast, window_1, at=30.1)
    assert first is not None and again is not None and again.pk == first.pk
    assert CallEvent.objects.count() == 1
    assert Ticket.objects.filter(status="waiting").count() == 1


def test_nobody_waiting_calls_nothing(cast: Any, window_1: Window) -> None:
    assert call_next(cast, window_1) is None


def test_a_window_calls_only_the_services_it_handles(issue: Issue, cast: Any) -> None:
    from yichuang.accounts.models import ServiceType

    issue(1, now=minutes(0), service_type=ServiceType.objects.get(code="mortgage"))
    window_1 = Window.objects.get(office=cast.office_a, number=1)  # general only
    window_3 = Window.objects.get(office=cast.office_a, number=3)  # mortgage only
    assert call_next(cast, window_1) is None
    called = call_next(cast, window_3)
    assert called is not None and called.display == "B001"


def test_priority_groups_are_called_before_other_walk_ins(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    issue(1, now=minutes(0))
    elder = issue(2, now=minutes(5), priority_group="elderly")
    called = call_next(cast, window_1)
    assert called is not None and called.pk == elder.pk


def test_calling_out_of_order_needs_a_listed_reason_and_is_recorded(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    issue(1, now=minutes(0))
    issue(2, now=minutes(1))
    third = issue(3, now=minutes(2))
    with pytest.raises(ValidationError) as refused:
        calling.ticket_call(
            actor=cast.clerk_a, window=window_1, ticket=third, reason="friend", now=minutes(30)
        )
    assert "reason" in refused.value.message_dict
    assert not CallEvent.objects.exists()
    calling.ticket_call(
        actor=cast.clerk_a, window=window_1, ticket=third, reason="urgent_medical", now=minutes(30)
    )
    call = CallEvent.objects.get()
    assert (call.ticket_id, call.out_of_order_reason, call.skipped) == (
        third.pk,
        "urgent_medical",
        2,
    )


def test_calling_the_next_by_choice_needs_no_reason(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    first = issue(1, now=minutes(0))
    calling.ticket_call(actor=cast.clerk_a, window=window_1, ticket=first, now=minutes(30))
    assert CallEvent.objects.get().out_of_order_reason == ""


def test_only_the_offices_hall_staff_call(issue: Issue, cast: Any, window_1: Window) -> None:
    issue(1)
    for outsider in (cast.clerk_b, cast.registrar_a, cast.citizen):
        with pytest.raises(PermissionDenied):
            calling.ticket_call_next(actor=outsider, window=window_1)
    assert not CallEvent.objects.exists()


def _called(issue: Issue, cast: Any, window: Window, *, agent: int | None = None) -> Ticket:
    issue(1, now=minutes(0), agent=agent)
    ticket = call_next(cast, window)
    assert ticket is not None
    return ticket


def test_the_applicants_own_document_starts_the_service(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    check = calling.ticket_identity_check(
        actor=cast.clerk_a,
        ticket=ticket,
        document_type="resident_id",
        document_number=resident_id(1).lower(),
        now=minutes(31),
    )
    ticket.refresh_from_db()
    assert check.matched == "principal"
    assert (ticket.status, ticket.serving_at, ticket.served_by, ticket.identity_checked_as) == (
        "serving",
        minutes(31),
        cast.clerk_a,
        "principal",
    )


def test_an_agent_is_served_only_with_the_power_of_attorney(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1, agent=4)
    with pytest.raises(ValidationError) as refused:
        calling.ticket_identity_check(
            actor=cast.clerk_a,
            ticket=ticket,
            document_type="resident_id",
            document_number=resident_id(504),
        )
    assert "power_of_attorney" in refused.value.message_dict
    assert not IdentityCheck.objects.exists()
    check = calling.ticket_identity_check(
        actor=cast.clerk_a,
        ticket=ticket,
        document_type="resident_id",
        document_number=resident_id(504),
        power_of_attorney=True,
    )
    assert check.matched == "agent"


def test_a_mismatch_is_recorded_and_the_ticket_is_not_served(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    check = calling.ticket_identity_check(
        actor=cast.clerk_a,
        ticket=ticket,
        document_type="resident_id",
        document_number=resident_id(99),
    )
    ticket.refresh_from_db()
    assert check.matched == ""
    assert ticket.status == "called" and ticket.serving_at is None
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == ("identity_mismatch", ticket.principal_key)
    assert AuditEvent.objects.filter(event_type="ticket.identity_check").count() == 1
    with pytest.raises(ValidationError):
        calling.ticket_finish(actor=cast.clerk_a, ticket=ticket)


def test_an_invalid_document_is_refused_and_nothing_recorded(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    with pytest.raises(ValidationError) as refused:
        calling.ticket_identity_check(
            actor=cast.clerk_a, ticket=ticket, document_type="resident_id", document_number="12345"
        )
    assert "document_number" in refused.value.message_dict
    assert not IdentityCheck.objects.exists()


def test_finish_frees_the_window_for_the_next(issue: Issue, cast: Any, window_1: Window) -> None:
    ticket = _called(issue, cast, window_1)
    second = issue(2, now=minutes(1))
    calling.ticket_identity_check(
        actor=cast.clerk_a,
        ticket=ticket,
        document_type="resident_id",
        document_number=resident_id(1),
    )
    calling.ticket_finish(actor=cast.clerk_a, ticket=ticket, now=minutes(45))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.ended_at) == ("finished", minutes(45))
    nxt = call_next(cast, window_1, at=46)
    assert nxt is not None and nxt.pk == second.pk


def test_recall_announces_again_and_no_show_ends_it(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    calling.ticket_recall(actor=cast.clerk_a, ticket=ticket, now=minutes(32))
    assert list(CallEvent.objects.order_by("at").values_list("action", flat=True)) == [
        "call",
        "recall",
    ]
    calling.ticket_no_show(actor=cast.clerk_a, ticket=ticket, now=minutes(35))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.ended_at, ticket.called_at) == (
        "no_show",
        minutes(35),
        minutes(30),
    )
    with pytest.raises(ValidationError):
        calling.ticket_recall(actor=cast.clerk_a, ticket=ticket)


def test_a_clerk_of_another_office_cannot_touch_a_called_ticket(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    with pytest.raises(PermissionDenied):
        calling.ticket_no_show(actor=cast.clerk_b, ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == "called"


def test_a_transfer_puts_the_ticket_first_at_the_other_window(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    window_3 = Window.objects.get(office=cast.office_a, number=3)  # mortgage window
    from yichuang.accounts.models import ServiceType

    issue(2, now=minutes(2), service_type=ServiceType.objects.get(code="mortgage"))
    calling.ticket_transfer(actor=cast.clerk_a, ticket=ticket, to_window=window_3)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.window, ticket.transferred_to) == ("waiting", None, window_3)
    # Window 1 no longer sees it; window 3 calls it before its own queue.
    assert call_next(cast, window_1, at=40) is None
    again = call_next(cast, window_3, at=41)
    assert again is not None and again.pk == ticket.pk
    again.refresh_from_db()
    assert again.called_at == minutes(30)  # the wait ended at the first call


def test_a_transfer_to_the_same_or_a_foreign_window_is_refused(
    issue: Issue, cast: Any, window_1: Window
) -> None:
    ticket = _called(issue, cast, window_1)
    foreign = Window.objects.get(office=cast.office_b, number=1)
    for target in (window_1, foreign):
        with pytest.raises(ValidationError):
            calling.ticket_transfer(actor=cast.clerk_a, ticket=ticket, to_window=target)
    ticket.refresh_from_db()
    assert ticket.status == "called"
