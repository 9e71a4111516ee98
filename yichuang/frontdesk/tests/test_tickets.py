"""Issuing real-name tickets: numbering, no daily cap, one open ticket each, agents, channels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yichuang.accounts.models import ServiceType
from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import AbuseSignal, Ticket
from yichuang.frontdesk.services import calling, kiosks, tickets
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Issue = Callable[..., Ticket]
# Tuesday 24 November 2026, a working day, 10:00 in Shanghai.
TUESDAY_TEN = timezone.make_aware(dt.datetime(2026, 11, 24, 10, 0))


def test_numbers_run_per_service_prefix_from_one(issue: Issue, cast: Any) -> None:
    mortgage = ServiceType.objects.get(code="mortgage")
    assert [issue(n).display for n in range(3)] == ["A001", "A002", "A003"]
    assert issue(9, service_type=mortgage).display == "B001"


def test_each_office_and_each_day_count_from_one(issue: Issue, cast: Any) -> None:
    assert issue(1, now=TUESDAY_TEN).display == "A001"
    assert issue(1, now=TUESDAY_TEN + dt.timedelta(days=1)).display == "A001"
    assert issue(2, office=cast.office_b, actor=cast.clerk_b, now=TUESDAY_TEN).display == "A001"
    assert issue(3, now=TUESDAY_TEN).display == "A002"


def test_there_is_no_daily_cap(issue: Issue) -> None:
    issued = [issue(n) for n in range(150)]
    assert issued[-1].display == "A150"
    assert Ticket.objects.count() == 150


def test_a_second_open_ticket_is_refused_with_the_number_held(issue: Issue, cast: Any) -> None:
    first = issue(1)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(tickets.TicketRefusedError) as refused:
        issue(1)
    assert refused.value.code == "duplicate"
    assert refused.value.existing == first.display
    assert "A001" in refused.value.message
    assert Ticket.objects.count() == 1
    assert AuditEvent.objects.count() == audit_before
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == ("ticket_duplicate", first.principal_key)
    # The refused request used no number: the next person gets A002.
    assert issue(2).display == "A002"


def test_the_same_person_may_queue_for_another_service(issue: Issue) -> None:
    mortgage = ServiceType.objects.get(code="mortgage")
    issue(1)
    assert issue(1, service_type=mortgage).display == "B001"


def test_a_finished_ticket_no_longer_blocks_a_new_one(
    issue: Issue, cast: Any, window_1: Any
) -> None:
    ticket = issue(1)
    calling.ticket_call_next(actor=cast.clerk_a, window=window_1)
    calling.ticket_no_show(actor=cast.clerk_a, ticket=ticket)
    assert issue(1).display == "A002"


def test_an_agent_holds_tickets_for_at_most_the_cap(issue: Issue, cast: Any) -> None:
    assert queue_settings_for(cast.office_a).agent_principal_cap == 3
    for n in range(3):
        issue(n, agent=1)
    with pytest.raises(tickets.TicketRefusedError) as refused:
        issue(3, agent=1)
    assert refused.value.code == "agent_cap"
    assert Ticket.objects.count() == 3
    assert AbuseSignal.objects.get().kind == "agent_cap"
    # One of the three applicants, for another service, is not a fourth applicant.
    assert (
        issue(0, agent=1, service_type=ServiceType.objects.get(code="mortgage")).display == "B001"
    )


def test_invalid_id_numbers_are_refused_precisely() -> None:
    with pytest.raises(ValidationError) as refused:
        tickets.applicant_parse(
            document_type="resident_id", document_number="110105194912310021", name="张三"
        )
    message = refused.value.message_dict["document_number"][0]
    assert "X" in message  # names the check character expected


def test_an_organisation_must_name_the_person_who_comes() -> None:
    with pytest.raises(ValidationError) as refused:
        tickets.applicant_parse(
            document_type="uscc", document_number="91350100M000100Y43", name="某公司"
        )
    assert "agent_document_number" in refused.value.message_dict
    applicant = tickets.applicant_parse(
        document_type="uscc",
        document_number="91350100M000100Y43",
        name="某公司",
        agent_document_number=resident_id(7),
        agent_name="法定代表人",
    )
    assert applicant.agent is not None


def test_the_agent_cannot_be_the_applicant() -> None:
    with pytest.raises(ValidationError) as refused:
        tickets.applicant_parse(
            document_type="resident_id",
            document_number=resident_id(1),
            name="张三",
            agent_document_number=resident_id(1),
            agent_name="张三",
        )
    assert "agent_document_number" in refused.value.message_dict


def _kiosk_ticket(cast: Any, general: ServiceType, kiosk: Any, office: Any = None) -> Ticket:
    applicant = tickets.applicant_parse(
        document_type="resident_id", document_number=resident_id(1), name="张三"
    )
    return tickets.ticket_issue(
        actor=None,
        office=office or cast.office_a,
        service_type=general,
        channel=Ticket.Channel.KIOSK,
        applicant=applicant,
        kiosk=kiosk,
    )


def test_a_registered_kiosk_prints_and_a_revoked_or_foreign_one_does_not(
    cast: Any, general: ServiceType
) -> None:
    kiosk, _token = kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="大厅入口")
    with pytest.raises(PermissionDenied):
        _kiosk_ticket(cast, general, kiosk, office=cast.office_b)
    with pytest.raises(PermissionDenied):
        _kiosk_ticket(cast, general, None)
    assert _kiosk_ticket(cast, general, kiosk).channel == "kiosk"
    kiosks.kiosk_revoke(actor=cast.head_a, kiosk=kiosk)
    with pytest.raises(PermissionDenied):
        _kiosk_ticket(cast, general, kiosk)


def test_only_the_head_or_an_administrator_registers_kiosks(cast: Any) -> None:
    for outsider in (cast.clerk_a, cast.head_b, cast.citizen):
        with pytest.raises(PermissionDenied):
            kiosks.kiosk_register(actor=outsider, office=cast.office_a, name="x")
    assert (
        kiosks.kiosk_register(actor=cast.admin, office=cast.office_a, name="x")[0].office
        == cast.office_a
    )


def test_only_the_offices_hall_staff_issue_at_a_window(issue: Issue, cast: Any) -> None:
    for outsider in (cast.clerk_b, cast.citizen, cast.reviewer_a):
        with pytest.raises(PermissionDenied):
            issue(1, actor=outsider)
    assert not Ticket.objects.exists()


def _online(cast: Any, general: ServiceType, *, verified: bool, now: dt.datetime) -> Ticket:
    applicant = tickets.applicant_parse(
        document_type="resident_id",
        document_number=resident_id(1),
        name="张三",
        phone="13800138000",
    )
    return tickets.ticket_issue(
        actor=None,
        office=cast.office_a,
        service_type=general,
        channel=Ticket.Channel.ONLINE,
        applicant=applicant,
        phone_verified=verified,
        now=now,
    )


def test_an_online_ticket_needs_a_verified_phone(cast: Any, general: ServiceType) -> None:
    with pytest.raises(ValidationError) as refused:
        _online(cast, general, verified=False, now=TUESDAY_TEN)
    assert "phone" in refused.value.message_dict
    ticket = _online(cast, general, verified=True, now=TUESDAY_TEN)
    assert (ticket.channel, ticket.phone_verified, ticket.day) == (
        "online",
        True,
        dt.date(2026, 11, 24),
    )


def test_online_tickets_are_for_open_days_before_closing(cast: Any, general: ServiceType) -> None:
    saturday = timezone.make_aware(dt.datetime(2026, 11, 28, 10, 0))
    evening = timezone.make_aware(dt.datetime(2026, 11, 24, 17, 30))
    for closed in (saturday, evening):
        with pytest.raises(ValidationError):
            _online(cast, general, verified=True, now=closed)
    # Before opening is fine: nobody needs to queue at dawn to hold a place.
    dawn = timezone.make_aware(dt.datetime(2026, 11, 24, 6, 30))
    assert _online(cast, general, verified=True, now=dawn).display == "A001"


def test_a_service_no_window_handles_is_refused(cast: Any, issue: Issue) -> None:
    special = ServiceType.objects.create(code="special", name="专项", ticket_prefix="Z")
    with pytest.raises(ValidationError) as refused:
        issue(1, service_type=special)
    assert "service_type" in refused.value.message_dict


def test_an_issue_is_audited_with_the_number_masked(issue: Issue) -> None:
    ticket = issue(1)
    event = AuditEvent.objects.get(event_type="ticket.issue")
    assert event.object_id == str(ticket.pk)
    assert event.after is not None
    assert (
        event.after["document_number"]
        == "110101********0012"[:6] + event.after["document_number"][6:]
    )
    assert resident_id(1) not in str(event.after)


def test_closing_the_day_ends_what_is_still_open(issue: Issue, cast: Any, window_1: Any) -> None:
    yesterday = TUESDAY_TEN - dt.timedelta(days=1)
    waiting = issue(1, now=yesterday)
    today = issue(2, now=TUESDAY_TEN)
    assert tickets.tickets_close_day(day=dt.date(2026, 11, 23)) == 1
    assert tickets.tickets_close_day(day=dt.date(2026, 11, 23)) == 0
    waiting.refresh_from_db()
    today.refresh_from_db()
    assert (waiting.status, today.status) == ("cancelled", "waiting")


def test_the_nightly_command_closes_only_earlier_days(issue: Issue, capsys: Any) -> None:
    from django.core.management import call_command

    old = issue(1, now=timezone.now() - dt.timedelta(days=2))
    today = issue(2)
    call_command("tickets_close_day")
    old.refresh_from_db()
    today.refresh_from_db()
    assert (old.status, today.status) == ("cancelled", "waiting")
    assert capsys.readouterr().out.startswith("1 tickets closed")
