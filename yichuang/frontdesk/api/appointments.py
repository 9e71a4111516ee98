"""Appointments (预约): slots, holds, confirmation, cancellation and check-in."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyHeader, django_auth

from yichuang.accounts.models import Office
from yichuang.accounts.selectors import offices_public, signed_in_user
from yichuang.core.masking import mask_name, mask_phone
from yichuang.frontdesk import selectors
from yichuang.frontdesk.api.schemas import (
    ApplicantIn,
    TicketOut,
    applicant_from,
    client_address,
    service_type_by_code,
    ticket_out,
)
from yichuang.frontdesk.models import (
    AbuseSignal,
    Appointment,
    Kiosk,
)
from yichuang.frontdesk.services import appointments
from yichuang.frontdesk.services.access import abuse_signal_record

router = Router(tags=["front desk"])


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    free: int = Field(description="places free now; 0 in a closed slot")
    closed_reason: str = Field(description="why the office is closed then, if it is")


class AppointmentIn(ApplicantIn):
    service_type: str = Field(..., description="service type code, e.g. general")
    slot: dt.datetime = Field(..., description="the chosen slot's start time")
    phone: str = Field(..., max_length=20, description="mobile phone the code is sent to")


class AppointmentHeldOut(Schema):
    reference: str
    held_until: dt.datetime = Field(description="confirm with the phone's code before this")


class AppointmentConfirmIn(Schema):
    code: str = Field(..., max_length=8, description="the one-time code sent to the phone")


class AppointmentCancelIn(Schema):
    phone: str = Field(..., max_length=20, description="the phone the booking was made with")


class AppointmentOut(Schema):
    reference: str
    status: str = Field(description="held, booked, checked_in, no_show, cancelled or expired")
    office: str
    office_name: str
    service_type: str
    service_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    held_until: dt.datetime | None
    applicant: str = Field(description="masked")
    phone: str = Field(description="masked")
    ticket: str | None = Field(description="the ticket number, once checked in")


class BookingTooManyOut(Schema):
    detail: str


class KioskToken(APIKeyHeader):
    """A registered kiosk's token in the ``X-Kiosk-Token`` header."""

    param_name = "X-Kiosk-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Kiosk | None:
        return selectors.kiosk_by_token(key or "")


def appointment_out(appointment: Appointment) -> AppointmentOut:
    slot = appointment.slot
    status = appointment.status
    if (
        status == Appointment.Status.HELD
        and appointment.held_until is not None
        and appointment.held_until <= timezone.now()
    ):
        # A hold that ran out is expired whether or not the lapse job has run.
        status = Appointment.Status.EXPIRED
    return AppointmentOut(
        reference=appointment.reference,
        status=status,
        office=slot.office.code,
        office_name=slot.office.name,
        service_type=slot.service_type.code,
        service_name=slot.service_type.name,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        held_until=appointment.held_until if status == Appointment.Status.HELD else None,
        applicant=mask_name(appointment.principal_name),
        phone=mask_phone(appointment.phone),
        ticket=appointment.ticket.display if appointment.ticket else None,
    )


def _booking_writes_exceeded(request: HttpRequest, office: Office) -> bool:
    """Public booking writes are rate-limited per client address; a hit is kept as a signal."""
    if is_ratelimited(
        request,
        group="frontdesk.booking",
        key="ip",
        rate=appointments.BOOKING_WRITES_PER_ADDRESS,
        increment=True,
    ):
        abuse_signal_record(
            office=office,
            kind=AbuseSignal.Kind.ADDRESS_CAP,
            subject_key=client_address(request),
            detail={"rate": appointments.BOOKING_WRITES_PER_ADDRESS},
        )
        return True
    return False


TOO_MANY_BOOKINGS = "too many requests from this address; try again later"


@router.get(
    "/offices/{office}/slots",
    auth=None,
    response=list[SlotOut],
    summary="Appointment times of a service on a day, with the places free",
)
def booking_slots(
    request: HttpRequest, office: str, service_type: str, day: dt.date
) -> list[SlotOut]:
    place = get_object_or_404(offices_public(), code=office)
    return [
        SlotOut(
            starts_at=p.slot.starts_at,
            ends_at=p.slot.ends_at,
            capacity=p.slot.capacity,
            free=p.free,
            closed_reason=p.slot.closed_reason,
        )
        for p in appointments.slots_for_day(
            office=place, service_type=service_type_by_code(service_type), day=day
        )
    ]


@router.post(
    "/offices/{office}/appointments",
    auth=None,
    response={201: AppointmentHeldOut, 429: BookingTooManyOut},
    summary="Hold an appointment time; then ask /phone-codes for a code and confirm with it",
)
def booking_hold(request: HttpRequest, office: str, payload: AppointmentIn) -> Status[object]:
    place = get_object_or_404(offices_public(), code=office)
    if _booking_writes_exceeded(request, place):
        return Status(429, BookingTooManyOut(detail=TOO_MANY_BOOKINGS))
    applicant = applicant_from(payload, payload.phone)
    service_type = service_type_by_code(payload.service_type)
    held = appointments.appointment_hold(
        office=place,
        service_type=service_type,
        slot=appointments.slot_get(office=place, service_type=service_type, starts_at=payload.slot),
        applicant=applicant,
        client_address=client_address(request) or None,
    )
    assert held.held_until is not None
    return Status(201, AppointmentHeldOut(reference=held.reference, held_until=held.held_until))


@router.post(
    "/appointments/{reference}/confirm",
    auth=None,
    response={200: AppointmentOut, 429: BookingTooManyOut},
    summary="Book a held time with the code sent to the phone",
)
def booking_confirm(
    request: HttpRequest, reference: str, payload: AppointmentConfirmIn
) -> Status[object]:
    appointment = appointments.appointment_get(reference=reference)
    if _booking_writes_exceeded(request, appointment.slot.office):
        return Status(429, BookingTooManyOut(detail=TOO_MANY_BOOKINGS))
    appointments.appointment_confirm(reference=reference, code=payload.code)
    return Status(200, appointment_out(appointments.appointment_get(reference=reference)))


@router.post(
    "/appointments/{reference}/cancel",
    auth=None,
    response={200: AppointmentOut, 429: BookingTooManyOut},
    summary="Cancel an appointment with the phone it was booked with; the place is free at once",
)
def booking_cancel(
    request: HttpRequest, reference: str, payload: AppointmentCancelIn
) -> Status[object]:
    appointment = appointments.appointment_get(reference=reference)
    if _booking_writes_exceeded(request, appointment.slot.office):
        return Status(429, BookingTooManyOut(detail=TOO_MANY_BOOKINGS))
    appointments.appointment_cancel(reference=reference, phone=payload.phone)
    return Status(200, appointment_out(appointments.appointment_get(reference=reference)))


@router.post(
    "/appointments/{reference}/check-in",
    auth=[KioskToken(), django_auth],
    response=TicketOut,
    summary="Check in on arrival (a kiosk of the office, or a clerk): the ticket, due at its time",
)
def booking_check_in(request: HttpRequest, reference: str) -> TicketOut:
    caller = request.auth  # type: ignore[attr-defined]
    kiosk = caller if isinstance(caller, Kiosk) else None
    if kiosk is not None and is_ratelimited(
        request,
        group="frontdesk.kiosk",
        key=lambda _g, _r: str(kiosk.pk),
        rate=settings.KIOSK_RATE,
        increment=True,
    ):
        raise PermissionDenied("kiosk rate")
    actor = None if kiosk is not None else signed_in_user(request)
    ticket = appointments.appointment_check_in(actor=actor, kiosk=kiosk, reference=reference)
    return ticket_out(ticket)


@router.get(
    "/appointments/{reference}",
    auth=None,
    response={200: AppointmentOut, 429: BookingTooManyOut},
    summary="An appointment by its reference: status, office, service and time (name masked)",
)
def booking_status(request: HttpRequest, reference: str) -> Status[object]:
    if is_ratelimited(
        request, group="frontdesk.booking_read", key="ip", rate="60/m", increment=True
    ):
        return Status(429, BookingTooManyOut(detail=TOO_MANY_BOOKINGS))
    return Status(200, appointment_out(appointments.appointment_get(reference=reference)))
