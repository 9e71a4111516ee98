"""Appointments: slots, holds and caps, confirmation, cancellation, closures, check-in, lapses."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.http import Http404
from django.utils import timezone, translation

from yichuang.accounts.models import ServiceType, Window
from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import (
    AbuseSignal,
    Appointment,
    AppointmentSlot,
    OutgoingMessage,
    PhoneChallenge,
    Ticket,
)
from yichuang.frontdesk.services import appointments, calling, kiosks, phone, tickets
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Status = Appointment.Status
# Monday 23 November 2026, 08:00 in Shanghai; Saturday 28 and Sunday 29 are rest days.
NOW = timezone.make_aware(dt.datetime(2026, 11, 23, 8, 0))
TUESDAY = dt.date(2026, 11, 24)
TUESDAY_NINE = timezone.make_aware(dt.datetime(2026, 11, 24, 9, 0))
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def slots(cast: Any) -> int:
    """Office A's slots for Monday and Tuesday."""
    return appointments.slots_generate(actor=None, office=cast.office_a, through=TUESDAY, now=NOW)


def slot_at(cast: Any, at: dt.datetime = TUESDAY_NINE, code: str = "general") -> AppointmentSlot:
    return AppointmentSlot.objects.get(office=cast.office_a, service_type__code=code, starts_at=at)


def person(n: int, *, phone: str | None = None) -> tickets.Applicant:
    return tickets.applicant_parse(
        document_type="resident_id",
        document_number=resident_id(n),
        name=f"申请人{n}",
        phone=phone if phone is not None else f"139{n:08d}",
    )


def hold(
    cast: Any,
    n: int,
    *,
    slot: AppointmentSlot | None = None,
    phone: str | None = None,
    address: str | None = "",
    now: dt.datetime = NOW,
) -> Appointment:
    slot = slot or slot_at(cast)
    return appointments.appointment_hold(
        office=cast.office_a,
        service_type=slot.service_type,
        slot=slot,
        applicant=person(n, phone=phone),
        client_address=f"198.51.100.{n % 250}" if address == "" else address,
        now=now,
    )


def code_sent(cast: Any, phone_number: str, now: dt.datetime = NOW) -> str:
    phone.phone_challenge_send(phone=phone_number, office=cast.office_a, now=now)
    text = OutgoingMessage.objects.filter(phone=phone_number).order_by("-pk")[0].text
    found = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    assert found is not None
    return found.group(0)


def book(cast: Any, n: int, **kwargs: Any) -> Appointment:
    held = hold(cast, n, **kwargs)
    now = kwargs.get("now", NOW)
    return appointments.appointment_confirm(
        reference=held.reference, code=code_sent(cast, held.phone, now), now=now
    )


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return (
        error.value.message_dict
        if hasattr(error.value, "error_dict")
        else {"": error.value.messages}
    )


# Slots -------------------------------------------------------------------------------


def test_slots_follow_opening_hours_windows_and_share(cast: Any, slots: int) -> None:
    # 13 half-hours a day (09:00-12:00, 13:30-17:00) for each of 4 service types, 2 days.
    assert slots == 13 * 4 * 2
    tuesday = AppointmentSlot.objects.filter(
        office=cast.office_a, service_type__code="general", starts_at__date=TUESDAY
    )
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in tuesday][:7] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30",
    ]  # fmt: skip
    # Two windows handle general service: 2 × 30 min × 50 % ÷ 12 min = 2 places.
    assert {s.capacity for s in tuesday} == {2}
    assert slot_at(cast, code="query").capacity == 1
    first = tuesday.first()
    assert first is not None and first.ends_at - first.starts_at == dt.timedelta(minutes=30)


def test_generating_again_creates_nothing_and_leaves_slots_alone(cast: Any, slots: int) -> None:
    AppointmentSlot.objects.filter(pk=slot_at(cast).pk).update(capacity=7)
    events = AuditEvent.objects.count()
    again = appointments.slots_generate(
        actor=cast.head_a, office=cast.office_a, through=TUESDAY, now=NOW
    )
    assert again == 0
    assert slot_at(cast).capacity == 7
    assert AuditEvent.objects.count() == events


def test_slots_skip_rest_days_past_times_and_stop_at_the_horizon(cast: Any) -> None:
    settings = queue_settings_for(cast.office_a)
    settings.booking_horizon_days = 7
    settings.save()
    ten = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))
    appointments.slots_generate(
        actor=None, office=cast.office_a, through=dt.date(2026, 12, 31), now=ten
    )
    days = sorted(
        {
            timezone.localdate(s)
            for s in AppointmentSlot.objects.filter(office=cast.office_a).values_list(
                "starts_at", flat=True
            )
        }
    )
    # Monday 23 to Monday 30 November, without the weekend.
    assert days == [dt.date(2026, 11, d) for d in (23, 24, 25, 26, 27, 30)]
    assert not AppointmentSlot.objects.filter(starts_at__lte=ten).exists()


def test_only_the_head_or_an_administrator_generates_slots(cast: Any) -> None:
    for outsider in (cast.clerk_a, cast.head_b, cast.supervisor):
        with pytest.raises(PermissionDenied):
            appointments.slots_generate(
                actor=outsider, office=cast.office_a, through=TUESDAY, now=NOW
            )
    assert not AppointmentSlot.objects.exists()
    assert appointments.slots_generate(
        actor=cast.admin, office=cast.office_a, through=TUESDAY, now=NOW
    )


def test_the_slots_command_covers_every_active_office_once(cast: Any) -> None:
    call_command("appointments_slots")
    offices = set(AppointmentSlot.objects.values_list("office__code", flat=True))
    assert offices == {"haimen", "chongchuan"}
    count = AppointmentSlot.objects.count()
    call_command("appointments_slots")
    assert AppointmentSlot.objects.count() == count


# Holding a place -----------------------------------------------------------------------


def test_a_hold_keeps_a_place_for_the_hold_time(cast: Any, slots: int) -> None:
    held = hold(cast, 1)
    assert held.status == Status.HELD
    assert held.held_until == NOW + dt.timedelta(minutes=5)
    assert re.fullmatch(r"Y[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{9}", held.reference)
    assert held.principal_key == f"resident_id::{resident_id(1)}"
    assert held.client_address == "198.51.100.1"
    event = AuditEvent.objects.get(event_type="appointment.hold")
    assert event.actor_id is None
    assert event.after is not None and resident_id(1) not in str(event.after)


def test_a_hold_needs_a_phone(cast: Any, slots: int) -> None:
    with pytest.raises(ValidationError) as error:
        hold(cast, 1, phone="")
    assert list(refusal(error)) == ["phone"]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("past", "This time has passed; choose a later one."),
        ("closed", "The office is closed at this time (staff training); choose another day."),
        ("distant", "Bookings open 14 days ahead; choose an earlier day."),
        ("full", "This time is fully booked; choose another."),
    ],
)
def test_it_refuses_a_slot_that_is_past_closed_distant_or_full(
    cast: Any, slots: int, case: str, message: str
) -> None:
    slot = slot_at(cast)
    now = NOW
    if case == "past":
        now = TUESDAY_NINE
    elif case == "closed":
        AppointmentSlot.objects.filter(pk=slot.pk).update(closed_reason="staff training")
    elif case == "distant":
        far = NOW + dt.timedelta(days=15)
        slot = AppointmentSlot.objects.create(
            office=cast.office_a,
            service_type=slot.service_type,
            starts_at=far,
            ends_at=far + dt.timedelta(minutes=30),
            capacity=2,
        )
    else:
        hold(cast, 1)
        hold(cast, 2)
    before = Appointment.objects.count()
    with pytest.raises(ValidationError) as error:
        hold(cast, 9, slot=slot, now=now)
    assert refusal(error) == {"slot": [message]}
    assert Appointment.objects.count() == before


def test_a_slot_of_another_office_or_service_is_refused(cast: Any, slots: int) -> None:
    mortgage = ServiceType.objects.get(code="mortgage")
    with pytest.raises(ValidationError) as error:
        appointments.appointment_hold(
            office=cast.office_a,
            service_type=mortgage,
            slot=slot_at(cast),
            applicant=person(1),
            client_address=None,
            now=NOW,
        )
    assert list(refusal(error)) == ["slot"]


def test_one_live_appointment_per_person_service_and_day_naming_the_first(
    cast: Any, slots: int
) -> None:
    first = hold(cast, 1)
    with pytest.raises(ValidationError) as error:
        hold(cast, 1, slot=slot_at(cast, TUESDAY_NINE + 60 * MINUTE))
    assert refusal(error) == {
        "document_number": [
            f"This applicant already has appointment {first.reference} for this service on "
            "that day."
        ]
    }
    # Another service the same day, or the same service after cancelling, is fine.
    hold(cast, 1, slot=slot_at(cast, code="mortgage"))
    appointments.appointment_cancel(reference=first.reference, phone=first.phone, now=NOW)
    assert hold(cast, 1, slot=slot_at(cast, TUESDAY_NINE + 60 * MINUTE)).status == Status.HELD


def test_an_expired_hold_frees_its_place(cast: Any, slots: int) -> None:
    slot = slot_at(cast)
    hold(cast, 1, slot=slot)
    hold(cast, 2, slot=slot)
    with pytest.raises(ValidationError):
        hold(cast, 3, slot=slot, now=NOW + 4 * MINUTE)
    later = hold(cast, 3, slot=slot, now=NOW + 5 * MINUTE)
    assert later.status == Status.HELD
    places = appointments.slots_for_day(
        office=cast.office_a, service_type=slot.service_type, day=TUESDAY, now=NOW + 5 * MINUTE
    )
    # Holds 1 and 2 have run out; hold 3 takes one of the two places.
    assert places[0].slot == slot and places[0].free == 1


def _three_bookings(cast: Any, **kwargs: Any) -> None:
    for day in (24, 25, 26):
        slot_day = timezone.make_aware(dt.datetime(2026, 11, day, 9, 0))
        appointments.slots_generate(
            actor=None, office=cast.office_a, through=dt.date(2026, 11, day), now=NOW
        )
        hold(cast, **kwargs, slot=slot_at(cast, slot_day))


def test_a_fourth_booking_by_one_person_is_refused_and_signalled(cast: Any) -> None:
    phones = iter(["13900000001", "13900000002", "13900000003"])
    addresses = iter(["192.0.2.1", "192.0.2.2", "192.0.2.3"])
    for day in (24, 25, 26):
        appointments.slots_generate(
            actor=None, office=cast.office_a, through=dt.date(2026, 11, day), now=NOW
        )
        at = timezone.make_aware(dt.datetime(2026, 11, day, 9, 0))
        hold(cast, 1, slot=slot_at(cast, at), phone=next(phones), address=next(addresses))
    appointments.slots_generate(
        actor=None, office=cast.office_a, through=dt.date(2026, 11, 27), now=NOW
    )
    friday = slot_at(cast, timezone.make_aware(dt.datetime(2026, 11, 27, 9, 0)))
    with pytest.raises(ValidationError) as error:
        hold(cast, 1, slot=friday, phone="13900000009", address="192.0.2.9")
    assert list(refusal(error)) == ["document_number"]
    assert "3 bookings in the last 30 days" in refusal(error)["document_number"][0]
    assert Appointment.objects.count() == 3
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == (
        AbuseSignal.Kind.BOOKING_CAP,
        f"resident_id::{resident_id(1)}",
    )
    assert signal.detail["count"] == 3


def test_a_fourth_booking_with_one_phone_is_refused_and_signalled(cast: Any, slots: int) -> None:
    slot = slot_at(cast, TUESDAY_NINE + 30 * MINUTE)
    for n in (1, 2):
        hold(cast, n, phone="13912345678")
    hold(cast, 3, slot=slot, phone="13912345678")
    with pytest.raises(ValidationError) as error:
        hold(cast, 4, slot=slot, phone="13912345678")
    assert list(refusal(error)) == ["phone"]
    assert Appointment.objects.count() == 3
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == (AbuseSignal.Kind.PHONE_CAP, "13912345678")


def test_a_fourth_booking_from_one_address_is_refused_and_signalled(cast: Any, slots: int) -> None:
    slot = slot_at(cast, TUESDAY_NINE + 30 * MINUTE)
    for n, where in ((1, None), (2, None), (3, slot)):
        hold(cast, n, slot=where, address="203.0.113.7")
    with pytest.raises(ValidationError) as error:
        hold(cast, 4, slot=slot, address="203.0.113.7")
    assert refusal(error) == {
        "": ["Too many bookings have been made from this network in the last 30 days."]
    }
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == (AbuseSignal.Kind.ADDRESS_CAP, "203.0.113.7")


def test_cancelled_and_expired_bookings_do_not_count_toward_the_cap(cast: Any, slots: int) -> None:
    first = hold(cast, 1, phone="13912345678")
    appointments.appointment_cancel(reference=first.reference, phone="13912345678", now=NOW)
    hold(cast, 2, phone="13912345678")
    hold(cast, 3, phone="13912345678", slot=slot_at(cast, TUESDAY_NINE + 30 * MINUTE))
    # The holds of persons 2 and 3 have run out: three more fit under the cap.
    later = NOW + 10 * MINUTE
    for n, minutes in ((4, 0), (5, 30), (6, 60)):
        hold(
            cast, n, phone="13912345678", slot=slot_at(cast, TUESDAY_NINE + minutes * MINUTE),
            now=later,
        )  # fmt: skip
    assert not AbuseSignal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_last_place_asked_for_by_two_at_once_goes_to_exactly_one(cast: Any) -> None:
    appointments.slots_generate(actor=None, office=cast.office_a, through=TUESDAY, now=NOW)
    slot = slot_at(cast)
    AppointmentSlot.objects.filter(pk=slot.pk).update(capacity=1)
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def run(n: int) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                outcomes[n] = hold(cast, n + 1, slot=slot).status
        except ValidationError as error:
            outcomes[n] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert sorted(outcomes, key=str) == [
        "held",
        {"slot": ["This time is fully booked; choose another."]},
    ]
    assert Appointment.objects.filter(slot=slot).count() == 1


# Confirming and cancelling ------------------------------------------------------------------


def test_the_code_sent_to_the_phone_books_the_held_place(cast: Any, slots: int) -> None:
    held = hold(cast, 1)
    code = code_sent(cast, held.phone)
    booked = appointments.appointment_confirm(reference=held.reference, code=code, now=NOW)
    assert (booked.status, booked.booked_at) == (Status.BOOKED, NOW)
    message = OutgoingMessage.objects.filter(phone=held.phone).order_by("-pk")[0]
    assert held.reference in message.text and "2026-11-24 09:00" in message.text
    assert AuditEvent.objects.filter(event_type="appointment.book", actor__isnull=True).count() == 1


def test_a_wrong_code_books_nothing_and_counts_against_the_code(cast: Any, slots: int) -> None:
    held = hold(cast, 1)
    code = code_sent(cast, held.phone)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ValidationError) as error:
        appointments.appointment_confirm(reference=held.reference, code=wrong, now=NOW)
    assert list(refusal(error)) == ["code"]
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert PhoneChallenge.objects.get().attempts == 1


def test_an_expired_hold_cannot_be_confirmed(cast: Any, slots: int) -> None:
    held = hold(cast, 1)
    later = NOW + 5 * MINUTE
    code = code_sent(cast, held.phone, later)
    with pytest.raises(ValidationError) as error:
        appointments.appointment_confirm(reference=held.reference, code=code, now=later)
    assert refusal(error) == {"": ["The hold has expired; choose a time again."]}
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_an_unknown_reference_is_not_found(cast: Any) -> None:
    with pytest.raises(Http404):
        appointments.appointment_confirm(reference="YAAAAAAAAA", code="123456", now=NOW)


def test_cancelling_frees_the_place_at_once(cast: Any, slots: int) -> None:
    slot = slot_at(cast)
    first = book(cast, 1, slot=slot)
    hold(cast, 2, slot=slot)
    with pytest.raises(ValidationError):
        hold(cast, 3, slot=slot)
    cancelled = appointments.appointment_cancel(
        reference=first.reference.lower(), phone=first.phone, now=NOW
    )
    assert (cancelled.status, cancelled.ended_at) == (Status.CANCELLED, NOW)
    assert hold(cast, 3, slot=slot).status == Status.HELD


def test_the_applicant_cancels_only_with_the_booking_phone(cast: Any, slots: int) -> None:
    booked = book(cast, 1)
    with pytest.raises(ValidationError) as error:
        appointments.appointment_cancel(reference=booked.reference, phone="13800000000", now=NOW)
    assert list(refusal(error)) == ["phone"]
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED


def test_hall_staff_of_the_office_cancel_and_the_applicant_is_told(cast: Any, slots: int) -> None:
    booked = book(cast, 1)
    with pytest.raises(PermissionDenied):
        appointments.appointment_cancel(actor=cast.clerk_b, reference=booked.reference, now=NOW)
    with pytest.raises(PermissionDenied):
        appointments.appointment_cancel(actor=cast.reviewer_a, reference=booked.reference, now=NOW)
    appointments.appointment_cancel(actor=cast.clerk_a, reference=booked.reference, now=NOW)
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED
    assert "cancelled by the office" in OutgoingMessage.objects.order_by("-pk")[0].text
    event = AuditEvent.objects.get(event_type="appointment.cancel")
    assert event.actor_id == cast.clerk_a.pk


# Closures ---------------------------------------------------------------------------------


def test_closing_a_day_cancels_its_appointments_and_texts_the_booked(cast: Any, slots: int) -> None:
    booked = book(cast, 1)
    held = hold(cast, 2, slot=slot_at(cast, code="mortgage"))
    monday = book(cast, 3, slot=slot_at(cast, NOW + 2 * 60 * MINUTE))
    messages = OutgoingMessage.objects.count()
    closure = appointments.slots_close(
        actor=cast.head_a, office=cast.office_a, day=TUESDAY, reason="停电检修", now=NOW
    )
    assert closure == (13 * 4, 2)
    assert set(
        AppointmentSlot.objects.filter(starts_at__date=TUESDAY).values_list(
            "closed_reason", flat=True
        )
    ) == {"停电检修"}
    for appointment, status in ((booked, Status.CANCELLED), (held, Status.CANCELLED)):
        appointment.refresh_from_db()
        assert appointment.status == status
    monday.refresh_from_db()
    assert monday.status == Status.BOOKED
    texts = list(OutgoingMessage.objects.order_by("pk")[messages:])
    assert [(m.phone, booked.reference in m.text) for m in texts] == [(booked.phone, True)]
    assert AuditEvent.objects.filter(event_type="appointment_slots.close").count() == 1
    assert AuditEvent.objects.filter(event_type="appointment.cancel").count() == 2
    with pytest.raises(ValidationError) as error:
        hold(cast, 4)
    assert "停电检修" in refusal(error)["slot"][0]


def test_a_day_closed_before_its_slots_exist_stays_closed(cast: Any) -> None:
    wednesday = dt.date(2026, 11, 25)
    closure = appointments.slots_close(
        actor=cast.head_a, office=cast.office_a, day=wednesday, reason="培训", now=NOW
    )
    assert closure == (13 * 4, 0)
    appointments.slots_generate(actor=None, office=cast.office_a, through=wednesday, now=NOW)
    assert not AppointmentSlot.objects.filter(starts_at__date=wednesday, closed_reason="").exists()


def test_only_the_head_closes_a_day_and_only_with_a_reason(cast: Any, slots: int) -> None:
    with pytest.raises(PermissionDenied):
        appointments.slots_close(
            actor=cast.clerk_a, office=cast.office_a, day=TUESDAY, reason="x", now=NOW
        )
    with pytest.raises(PermissionDenied):
        appointments.slots_close(
            actor=cast.head_b, office=cast.office_a, day=TUESDAY, reason="x", now=NOW
        )
    with pytest.raises(ValidationError) as error:
        appointments.slots_close(
            actor=cast.head_a, office=cast.office_a, day=TUESDAY, reason=" ", now=NOW
        )
    assert list(refusal(error)) == ["reason"]
    assert not AppointmentSlot.objects.exclude(closed_reason="").exists()


# Check-in -------------------------------------------------------------------------------


@pytest.fixture
def booked(cast: Any, slots: int) -> Appointment:
    return book(cast, 1)


def test_a_clerk_checks_in_a_booking_as_a_ticket_due_at_its_time(
    cast: Any, booked: Appointment
) -> None:
    at = TUESDAY_NINE - 10 * MINUTE
    ticket = appointments.appointment_check_in(
        actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=at
    )
    assert (ticket.display, ticket.channel, ticket.due_at) == (
        "A001",
        Ticket.Channel.APPOINTMENT,
        TUESDAY_NINE,
    )
    assert (ticket.principal_key, ticket.principal_name, ticket.phone) == (
        booked.principal_key,
        "申请人1",
        booked.phone,
    )
    assert ticket.phone_verified and ticket.issued_by == cast.clerk_a
    booked.refresh_from_db()
    assert (booked.status, booked.ticket) == (Status.CHECKED_IN, ticket)
    again = appointments.appointment_check_in(
        actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=at + MINUTE
    )
    assert again == ticket
    assert Ticket.objects.count() == 1


def test_a_kiosk_of_the_office_checks_in_and_another_offices_does_not(
    cast: Any, booked: Appointment
) -> None:
    ours, _token = kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="一号机")
    theirs, _token = kiosks.kiosk_register(actor=cast.head_b, office=cast.office_b, name="一号机")
    at = TUESDAY_NINE
    with pytest.raises(PermissionDenied):
        appointments.appointment_check_in(
            actor=None, kiosk=theirs, reference=booked.reference, now=at
        )
    kiosks.kiosk_revoke(actor=cast.head_a, kiosk=ours)
    with pytest.raises(PermissionDenied):
        appointments.appointment_check_in(
            actor=None, kiosk=ours, reference=booked.reference, now=at
        )
    live, _token = kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="二号机")
    ticket = appointments.appointment_check_in(
        actor=None, kiosk=live, reference=booked.reference, now=at
    )
    assert ticket.kiosk == live


def test_a_clerk_of_another_office_or_the_public_cannot_check_in(
    cast: Any, booked: Appointment
) -> None:
    for outsider in (cast.clerk_b, cast.citizen, cast.reviewer_a, None):
        with pytest.raises(PermissionDenied):
            appointments.appointment_check_in(
                actor=outsider, kiosk=None, reference=booked.reference, now=TUESDAY_NINE
            )
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("offset", "outcome"),
    [
        (-30 * 60 - 1, "Check-in opens at 08:30."),
        (-30 * 60, "ticket"),
        (15 * 60, "ticket"),
        (15 * 60 + 1, "Check-in closed at 09:15; please take a walk-in ticket."),
    ],
)
def test_check_in_is_open_from_thirty_minutes_before_to_fifteen_after(
    cast: Any, booked: Appointment, offset: int, outcome: str
) -> None:
    at = TUESDAY_NINE + dt.timedelta(seconds=offset)
    if outcome == "ticket":
        ticket = appointments.appointment_check_in(
            actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=at
        )
        assert ticket.due_at == TUESDAY_NINE
        return
    with pytest.raises(ValidationError) as error:
        appointments.appointment_check_in(
            actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=at
        )
    assert refusal(error) == {"": [outcome]}
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED
    assert not Ticket.objects.exists()


def test_an_unconfirmed_hold_cannot_be_checked_in(cast: Any, slots: int) -> None:
    held = hold(cast, 1)
    with pytest.raises(ValidationError):
        appointments.appointment_check_in(
            actor=cast.clerk_a, kiosk=None, reference=held.reference, now=TUESDAY_NINE
        )
    assert not Ticket.objects.exists()


def test_a_walk_in_ticket_already_held_is_named_at_check_in(cast: Any, booked: Appointment) -> None:
    general = ServiceType.objects.get(code="general")
    walk_in = tickets.ticket_issue(
        actor=cast.clerk_a,
        office=cast.office_a,
        service_type=general,
        channel=Ticket.Channel.WINDOW,
        applicant=person(1),
        now=TUESDAY_NINE - 20 * MINUTE,
    )
    with pytest.raises(ValidationError) as error:
        appointments.appointment_check_in(
            actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=TUESDAY_NINE
        )
    assert walk_in.display in refusal(error)[""][0]
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED
    assert AbuseSignal.objects.filter(kind=AbuseSignal.Kind.TICKET_DUPLICATE).count() == 1


def test_a_checked_in_appointment_is_called_before_earlier_walk_ins_once_due(
    cast: Any, booked: Appointment
) -> None:
    general = ServiceType.objects.get(code="general")
    walk_ins = [
        tickets.ticket_issue(
            actor=cast.clerk_a,
            office=cast.office_a,
            service_type=general,
            channel=Ticket.Channel.WINDOW,
            applicant=person(10 + n),
            now=TUESDAY_NINE - (40 - n) * MINUTE,
        )
        for n in range(2)
    ]
    ticket = appointments.appointment_check_in(
        actor=cast.clerk_a, kiosk=None, reference=booked.reference, now=TUESDAY_NINE - 20 * MINUTE
    )
    window_1, window_2 = Window.objects.filter(office=cast.office_a, number__in=(1, 2))
    # Before its time the appointment waits behind the walk-ins.
    early = calling.ticket_call_next(actor=cast.clerk_a, window=window_1, now=TUESDAY_NINE - MINUTE)
    assert early == walk_ins[0]
    due = calling.ticket_call_next(actor=cast.head_a, window=window_2, now=TUESDAY_NINE)
    assert due == ticket


# Lapses ---------------------------------------------------------------------------------


def test_lapse_marks_no_shows_and_expired_holds_once(cast: Any, slots: int) -> None:
    missed = book(cast, 1)
    kept = book(cast, 2)
    later_today = book(cast, 3, slot=slot_at(cast, TUESDAY_NINE + 60 * MINUTE))
    held = hold(cast, 4, slot=slot_at(cast, TUESDAY_NINE + 60 * MINUTE))
    appointments.appointment_check_in(
        actor=cast.clerk_a, kiosk=None, reference=kept.reference, now=TUESDAY_NINE
    )
    # Check-in for 09:00 closes at 09:15 inclusive: nothing lapses yet but the hold.
    at = TUESDAY_NINE + 15 * MINUTE
    assert appointments.appointments_lapse(now=at) == 1
    held.refresh_from_db()
    assert (held.status, held.ended_at) == (Status.EXPIRED, at)
    after = at + dt.timedelta(seconds=1)
    assert appointments.appointments_lapse(now=after) == 1
    assert appointments.appointments_lapse(now=after) == 0
    for appointment, status in (
        (missed, Status.NO_SHOW),
        (kept, Status.CHECKED_IN),
        (later_today, Status.BOOKED),
    ):
        appointment.refresh_from_db()
        assert appointment.status == status
    events = AuditEvent.objects.filter(event_type="appointment.lapse")
    assert events.count() == 2 and not events.exclude(actor__isnull=True).exists()


def test_the_lapse_command_runs_idempotently(cast: Any, slots: int) -> None:
    hold(cast, 1)
    call_command("appointments_lapse")
    assert Appointment.objects.get().status == Status.EXPIRED
    call_command("appointments_lapse")
    assert AuditEvent.objects.filter(event_type="appointment.lapse").count() == 1
