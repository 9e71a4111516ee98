"""The front desk through the API: tickets from kiosks, windows and phones; calling;
the public queue status; the day's figures.

A kiosk proves itself with its token in the ``X-Kiosk-Token`` header; without a
live token the answer is 403. Refused tickets answer 409 with a code, the
reason and, for a second ticket, the number already held.
"""

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

from yichuang.accounts.models import Office, ServiceType
from yichuang.accounts.selectors import office_get_for, offices_public, signed_in_user
from yichuang.core.masking import mask_name, mask_phone, mask_text
from yichuang.frontdesk import inquiry_selectors, selectors
from yichuang.frontdesk.models import (
    AbuseSignal,
    Appointment,
    Inquiry,
    InquiryHandover,
    Kiosk,
    Ticket,
)
from yichuang.frontdesk.services import appointments, calling, inquiries, phone, tickets
from yichuang.frontdesk.services.access import abuse_signal_record

router = Router(tags=["front desk"])


# Schemas ---------------------------------------------------------------------


class ApplicantIn(Schema):
    document_type: str = Field("resident_id", description="resident_id, passport, …, or uscc")
    document_number: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    country: str = Field("", max_length=3, description="ISO alpha-3, for passports")
    agent_document_type: str = Field("", max_length=40)
    agent_document_number: str = Field("", max_length=40)
    agent_name: str = Field("", max_length=100)
    agent_country: str = Field("", max_length=3)


class TicketIn(ApplicantIn):
    service_type: str = Field(..., description="service type code, e.g. general")
    priority_group: str = Field("", description="elderly, disabled or military")


class OnlineTicketIn(ApplicantIn):
    service_type: str
    phone: str = Field(..., max_length=20)
    code: str = Field(..., max_length=8, description="the one-time code sent to the phone")


class TicketOut(Schema):
    id: int
    number: str
    office: str
    service_type: str
    status: str
    issued_at: dt.datetime
    applicant: str = Field(description="masked")
    window: int | None


class RefusalOut(Schema):
    code: str
    detail: str
    existing: str = ""


class WindowCallIn(Schema):
    ticket_id: int
    reason: str = ""


class IdentityCheckIn(Schema):
    document_type: str = "resident_id"
    document_number: str = Field(..., max_length=40)
    country: str = Field("", max_length=3)
    power_of_attorney: bool = False


class IdentityCheckOut(Schema):
    matched: str = Field(description="principal, agent, or empty for a mismatch")
    ticket: TicketOut


class TransferIn(Schema):
    to_window: int = Field(description="window number at the same office")


class PhoneCodeIn(Schema):
    office: str
    phone: str = Field(..., max_length=20)


class ServiceStatusOut(Schema):
    service_type: str
    name: str
    prefix: str
    waiting: int
    windows: int
    estimated_wait_minutes: int
    serves_everyone_today: bool
    next_free_appointment: dt.datetime | None


class CallOut(Schema):
    number: str
    window: int
    at: dt.datetime
    recall: bool


class FiguresOut(Schema):
    day: dt.date
    tickets_issued: int
    tickets_served: int
    no_shows: int
    wait_median_minutes: float | None
    wait_p90_minutes: float | None
    service_median_minutes: float | None
    service_p90_minutes: float | None
    first_ticket_at: dt.datetime | None
    out_of_order_calls: int
    identity_mismatches: int


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        id=ticket.pk,
        number=ticket.display,
        office=ticket.office.code,
        service_type=ticket.service_type.code,
        status=ticket.status,
        issued_at=ticket.issued_at,
        applicant=mask_name(ticket.principal_name),
        window=ticket.window.number if ticket.window_id and ticket.window else None,
    )


def _applicant(payload: ApplicantIn, phone_number: str = "") -> tickets.Applicant:
    return tickets.applicant_parse(
        document_type=payload.document_type,
        document_number=payload.document_number,
        name=payload.name,
        country=payload.country,
        agent_document_type=payload.agent_document_type,
        agent_document_number=payload.agent_document_number,
        agent_name=payload.agent_name,
        agent_country=payload.agent_country,
        phone=phone_number,
    )


def _service_type(code: str, office: Office | None = None) -> ServiceType:
    """The service type by code: from the office's windows when given, else any (404)."""
    known = tickets.office_services(office).get(code) if office is not None else None
    return known or get_object_or_404(ServiceType, code=code)


# Tickets -----------------------------------------------------------------------


@router.post(
    "/offices/{office}/kiosk/tickets",
    auth=None,
    throttle=[],
    response={201: TicketOut, 409: RefusalOut},
    summary="Print a ticket at a registered kiosk (X-Kiosk-Token header)",
)
def kiosk_ticket(request: HttpRequest, office: str, payload: TicketIn) -> Status[object]:
    kiosk = selectors.kiosk_by_token(request.headers.get("X-Kiosk-Token", ""))
    if kiosk is not None and kiosk.office.code == office and kiosk.office.is_active:
        place = kiosk.office
    else:
        place = get_object_or_404(Office, code=office, is_active=True)
        abuse_signal_record(
            office=place,
            kind=AbuseSignal.Kind.UNREGISTERED_KIOSK,
            detail={"known_kiosk": kiosk is not None},
        )
        raise PermissionDenied("kiosk")
    if is_ratelimited(
        request,
        group="frontdesk.kiosk",
        key=lambda _g, _r: str(kiosk.pk),
        rate=settings.KIOSK_RATE,
        increment=True,
    ):
        raise PermissionDenied("kiosk rate")
    try:
        ticket = tickets.ticket_issue(
            actor=None,
            office=place,
            service_type=_service_type(payload.service_type, place),
            channel=Ticket.Channel.KIOSK,
            applicant=_applicant(payload),
            kiosk=kiosk,
            priority_group=payload.priority_group,
        )
    except tickets.TicketRefusedError as error:
        return Status(
            409, RefusalOut(code=error.code, detail=error.message, existing=error.existing)
        )
    return Status(201, ticket_out(ticket))


@router.post(
    "/offices/{office}/tickets",
    response={201: TicketOut, 409: RefusalOut},
    summary="Issue a ticket at a window (clerk)",
)
def window_ticket(request: HttpRequest, office: str, payload: TicketIn) -> Status[object]:
    user = signed_in_user(request)
    place = office_get_for(user=user, code=office)
    try:
        ticket = tickets.ticket_issue(
            actor=user,
            office=place,
            service_type=_service_type(payload.service_type),
            channel=Ticket.Channel.WINDOW,
            applicant=_applicant(payload),
            priority_group=payload.priority_group,
        )
    except tickets.TicketRefusedError as error:
        return Status(
            409, RefusalOut(code=error.code, detail=error.message, existing=error.existing)
        )
    return Status(201, ticket_out(ticket))


@router.post(
    "/phone-codes",
    auth=None,
    response={202: None},
    summary="Send a one-time code to a mobile phone (rate-limited)",
)
def phone_code(request: HttpRequest, payload: PhoneCodeIn) -> Status[None]:
    place = get_object_or_404(offices_public(), code=payload.office)
    if is_ratelimited(request, group="frontdesk.phone", key="ip", rate="10/h", increment=True):
        abuse_signal_record(
            office=place, kind=AbuseSignal.Kind.ADDRESS_CAP, subject_key=_address(request)
        )
        raise PermissionDenied("rate")
    phone.phone_challenge_send(phone=payload.phone, office=place)
    return Status(202, None)


@router.post(
    "/offices/{office}/online/tickets",
    auth=None,
    response={201: TicketOut, 409: RefusalOut},
    summary="Take today's ticket online with a verified phone",
)
def online_ticket(request: HttpRequest, office: str, payload: OnlineTicketIn) -> Status[object]:
    place = get_object_or_404(offices_public(), code=office)
    applicant = _applicant(payload, payload.phone)
    service_type = _service_type(payload.service_type)
    phone.phone_challenge_verify(phone=payload.phone, code=payload.code)
    try:
        ticket = tickets.ticket_issue(
            actor=None,
            office=place,
            service_type=service_type,
            channel=Ticket.Channel.ONLINE,
            applicant=applicant,
            phone_verified=True,
        )
    except tickets.TicketRefusedError as error:
        return Status(
            409, RefusalOut(code=error.code, detail=error.message, existing=error.existing)
        )
    return Status(201, ticket_out(ticket))


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


# Calling -----------------------------------------------------------------------


@router.get(
    "/windows/{window_id}/queue",
    response=list[TicketOut],
    summary="A window's queue in calling order",
)
def window_queue(request: HttpRequest, window_id: int) -> list[TicketOut]:
    user = signed_in_user(request)
    window = selectors.window_get_for(user=user, window_id=window_id)
    order = [item.ticket_id for item in calling.window_queue(window, now=timezone.now())]
    by_id = {
        t.pk: t
        for t in Ticket.objects.filter(pk__in=order).select_related(
            "office", "service_type", "window"
        )
    }
    return [ticket_out(by_id[pk]) for pk in order]


@router.post(
    "/windows/{window_id}/call-next",
    response={200: TicketOut, 204: None},
    summary="Call the next ticket (returns the ticket in hand if there is one)",
)
def call_next(request: HttpRequest, window_id: int) -> Status[object]:
    user = signed_in_user(request)
    window = selectors.window_get_for(user=user, window_id=window_id)
    ticket = calling.ticket_call_next(actor=user, window=window)
    if ticket is None:
        return Status(204, None)
    return Status(200, ticket_out(selectors.ticket_get_for(user=user, ticket_id=ticket.pk)))


@router.post(
    "/windows/{window_id}/call",
    response=TicketOut,
    summary="Call a chosen ticket (out of order needs a reason)",
)
def call_ticket(request: HttpRequest, window_id: int, payload: WindowCallIn) -> TicketOut:
    user = signed_in_user(request)
    window = selectors.window_get_for(user=user, window_id=window_id)
    ticket = selectors.ticket_get_for(user=user, ticket_id=payload.ticket_id)
    calling.ticket_call(actor=user, window=window, ticket=ticket, reason=payload.reason)
    return ticket_out(selectors.ticket_get_for(user=user, ticket_id=ticket.pk))


@router.post("/tickets/{ticket_id}/recall", response=TicketOut, summary="Call a ticket again")
def recall(request: HttpRequest, ticket_id: int) -> TicketOut:
    user = signed_in_user(request)
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    return ticket_out(calling.ticket_recall(actor=user, ticket=ticket))


@router.post(
    "/tickets/{ticket_id}/no-show", response=TicketOut, summary="The called applicant did not come"
)
def no_show(request: HttpRequest, ticket_id: int) -> TicketOut:
    user = signed_in_user(request)
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    return ticket_out(calling.ticket_no_show(actor=user, ticket=ticket))


@router.post(
    "/tickets/{ticket_id}/identity-check",
    response=IdentityCheckOut,
    summary="Re-check the document shown against the ticket; a match starts the service",
)
def identity_check(
    request: HttpRequest, ticket_id: int, payload: IdentityCheckIn
) -> IdentityCheckOut:
    user = signed_in_user(request)
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    check = calling.ticket_identity_check(
        actor=user,
        ticket=ticket,
        document_type=payload.document_type,
        document_number=payload.document_number,
        country=payload.country,
        power_of_attorney=payload.power_of_attorney,
    )
    return IdentityCheckOut(matched=check.matched, ticket=ticket_out(ticket))


@router.post("/tickets/{ticket_id}/finish", response=TicketOut, summary="The service is done")
def finish(request: HttpRequest, ticket_id: int) -> TicketOut:
    user = signed_in_user(request)
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    return ticket_out(calling.ticket_finish(actor=user, ticket=ticket))


@router.post(
    "/tickets/{ticket_id}/transfer",
    response=TicketOut,
    summary="Send the applicant to another window",
)
def transfer(request: HttpRequest, ticket_id: int, payload: TransferIn) -> TicketOut:
    user = signed_in_user(request)
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    to_window = get_object_or_404(ticket.office.windows, number=payload.to_window)
    return ticket_out(calling.ticket_transfer(actor=user, ticket=ticket, to_window=to_window))


# Public status and figures -----------------------------------------------------------


@router.get(
    "/offices/{office}/status",
    auth=None,
    response=list[ServiceStatusOut],
    summary="People waiting, estimated wait and the next free appointment, per service",
)
def office_status(request: HttpRequest, office: str) -> list[ServiceStatusOut]:
    place = get_object_or_404(offices_public(), code=office)
    return [
        ServiceStatusOut(
            service_type=s.service_type.code,
            name=s.service_type.name,
            prefix=s.service_type.ticket_prefix,
            waiting=s.outlook.waiting,
            windows=s.outlook.windows,
            estimated_wait_minutes=s.outlook.estimated_wait_minutes,
            serves_everyone_today=s.outlook.serves_everyone_today,
            next_free_appointment=s.next_free_slot,
        )
        for s in selectors.office_status(office=place)
    ]


@router.get(
    "/offices/{office}/calls",
    auth=None,
    response=list[CallOut],
    summary="Recent calls, for the call screen",
)
def office_calls(request: HttpRequest, office: str) -> list[CallOut]:
    place = get_object_or_404(offices_public(), code=office)
    return [
        CallOut(
            number=c.ticket.display, window=c.window.number, at=c.at, recall=c.action == "recall"
        )
        for c in selectors.recent_calls(office=place, day=timezone.localdate())
    ]


@router.get(
    "/offices/{office}/figures", response=FiguresOut, summary="The day's front-desk figures"
)
def office_figures(request: HttpRequest, office: str, day: dt.date | None = None) -> FiguresOut:
    user = signed_in_user(request)
    place = office_get_for(user=user, code=office)
    selectors.require_figures_reader(user)
    day = day or timezone.localdate()
    figures = selectors.figures_for_day(office=place, day=day)
    return FiguresOut(
        day=day,
        tickets_issued=figures.tickets_issued,
        tickets_served=figures.tickets_served,
        no_shows=figures.no_shows,
        wait_median_minutes=figures.wait_median,
        wait_p90_minutes=figures.wait_p90,
        service_median_minutes=figures.service_median,
        service_p90_minutes=figures.service_p90,
        first_ticket_at=figures.first_ticket_at,
        out_of_order_calls=figures.out_of_order_calls,
        identity_mismatches=figures.identity_mismatches,
    )


# Inquiries (首问负责) ------------------------------------------------------------------


class InquiryIn(Schema):
    channel: str = Field(..., description="window, phone or online")
    subject: str = Field(..., max_length=200)
    question: str = Field(..., max_length=4000)
    applicant_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=20, description="mobile, or landline with area code")


class InquiryOut(Schema):
    reference: str
    office: str
    channel: str
    subject: str
    question: str = Field(description="ID and phone numbers in it masked")
    applicant: str = Field(description="masked")
    phone: str = Field(description="masked")
    status: str = Field(description="open or answered")
    owner: str = Field(description="username of the member of staff who owns it")
    recorded_at: dt.datetime
    escalated_at: dt.datetime | None
    answered_at: dt.datetime | None
    answer: str


class InquiryHandoverOut(Schema):
    id: int
    reference: str
    subject: str
    from_user: str
    to_user: str
    note: str
    offered_at: dt.datetime
    state: str = Field(description="pending, accepted, declined or withdrawn")
    decline_note: str


class InquiriesOut(Schema):
    mine: list[InquiryOut] = Field(description="open inquiries the caller owns")
    offered: list[InquiryHandoverOut] = Field(description="pending offers made to the caller")


class InquiryAnswerIn(Schema):
    answer: str = Field(..., max_length=4000)


class InquiryHandOverIn(Schema):
    to_username: str = Field(..., max_length=150)
    note: str = Field("", max_length=200)


class InquiryDeclineIn(Schema):
    note: str = Field("", max_length=200, description="why; required")


class InquiryPublicOut(Schema):
    reference: str
    office: str
    subject: str
    channel: str
    recorded_on: dt.date
    status: str
    escalated: bool
    answered_on: dt.date | None
    answer: str


class InquiryTooManyOut(Schema):
    detail: str


def inquiry_out(inquiry: Inquiry) -> InquiryOut:
    return InquiryOut(
        reference=inquiry.reference,
        office=inquiry.office.code,
        channel=inquiry.channel,
        subject=inquiry.subject,
        question=mask_text(inquiry.question),
        applicant=mask_name(inquiry.applicant_name),
        phone=mask_phone(inquiry.phone),
        status=inquiry.status,
        owner=inquiry.owner.username,
        recorded_at=inquiry.created_at,
        escalated_at=inquiry.escalated_at,
        answered_at=inquiry.answered_at,
        answer=mask_text(inquiry.answer),
    )


def inquiry_handover_out(handover: InquiryHandover) -> InquiryHandoverOut:
    if handover.accepted_at is not None:
        state = "accepted"
    elif handover.declined_at is not None:
        state = "declined"
    elif handover.withdrawn_at is not None:
        state = "withdrawn"
    else:
        state = "pending"
    return InquiryHandoverOut(
        id=handover.pk,
        reference=handover.inquiry.reference,
        subject=handover.inquiry.subject,
        from_user=handover.from_user.username,
        to_user=handover.to_user.username,
        note=handover.note,
        offered_at=handover.offered_at,
        state=state,
        decline_note=handover.decline_note,
    )


@router.post(
    "/inquiries",
    response={201: InquiryOut},
    summary="Record an inquiry; the caller owns it (first-inquiry responsibility)",
)
def record_inquiry(request: HttpRequest, payload: InquiryIn) -> Status[InquiryOut]:
    user = signed_in_user(request)
    inquiry = inquiries.inquiry_record(
        actor=user,
        channel=payload.channel,
        subject=payload.subject,
        question=payload.question,
        applicant_name=payload.applicant_name,
        phone=payload.phone,
    )
    return Status(201, inquiry_out(inquiry))


@router.get(
    "/inquiries",
    response=InquiriesOut,
    summary="The caller's open inquiries and the hand-overs offered to them",
)
def my_inquiries(request: HttpRequest) -> InquiriesOut:
    user = signed_in_user(request)
    office = inquiry_selectors.inquiry_staff_office(user=user)
    return InquiriesOut(
        mine=[inquiry_out(i) for i in inquiry_selectors.inquiries_mine(user=user, office=office)],
        offered=[
            inquiry_handover_out(h)
            for h in inquiry_selectors.inquiry_handovers_offered(user=user, office=office)
        ],
    )


@router.post(
    "/inquiries/{reference}/answer",
    response=InquiryOut,
    summary="Answer an inquiry (its owner, or the office head once escalated)",
)
def answer_inquiry(request: HttpRequest, reference: str, payload: InquiryAnswerIn) -> InquiryOut:
    user = signed_in_user(request)
    inquiry = inquiry_selectors.inquiry_get_for(user=user, reference=reference)
    return inquiry_out(inquiries.inquiry_answer(actor=user, inquiry=inquiry, answer=payload.answer))


@router.post(
    "/inquiries/{reference}/hand-over",
    response={201: InquiryHandoverOut},
    summary="Offer an inquiry to a named colleague; it stays the owner's until accepted",
)
def hand_over_inquiry(
    request: HttpRequest, reference: str, payload: InquiryHandOverIn
) -> Status[InquiryHandoverOut]:
    user = signed_in_user(request)
    inquiry = inquiry_selectors.inquiry_get_for(user=user, reference=reference)
    inquiries.inquiry_require_owner(actor=user, inquiry=inquiry)
    colleague = inquiry_selectors.inquiry_colleague_by_username(
        inquiry=inquiry, username=payload.to_username
    )
    handover = inquiries.inquiry_hand_over(
        actor=user, inquiry=inquiry, to_user=colleague, note=payload.note
    )
    return Status(201, inquiry_handover_out(handover))


@router.post(
    "/inquiry-handovers/{handover_id}/accept",
    response=InquiryHandoverOut,
    summary="Accept an inquiry offered to you; you become its owner",
)
def accept_inquiry_handover(request: HttpRequest, handover_id: int) -> InquiryHandoverOut:
    user = signed_in_user(request)
    handover = inquiry_selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    return inquiry_handover_out(inquiries.inquiry_handover_accept(actor=user, handover=handover))


@router.post(
    "/inquiry-handovers/{handover_id}/decline",
    response=InquiryHandoverOut,
    summary="Decline an inquiry offered to you, saying why; the giver keeps it",
)
def decline_inquiry_handover(
    request: HttpRequest, handover_id: int, payload: InquiryDeclineIn
) -> InquiryHandoverOut:
    user = signed_in_user(request)
    handover = inquiry_selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    return inquiry_handover_out(
        inquiries.inquiry_handover_decline(actor=user, handover=handover, note=payload.note)
    )


@router.get(
    "/public/inquiries/{reference}",
    auth=None,
    response={200: InquiryPublicOut, 429: InquiryTooManyOut},
    summary="An inquiry's status by its reference, for the applicant (no personal data)",
)
def public_inquiry_status(request: HttpRequest, reference: str) -> Status[object]:
    if is_ratelimited(
        request, group="frontdesk.inquiry_status", key="ip", rate="30/m", increment=True
    ):
        return Status(429, InquiryTooManyOut(detail="too many requests; wait a minute"))
    status = inquiry_selectors.inquiry_public_status(reference=reference)
    return Status(
        200,
        InquiryPublicOut(
            reference=status.reference,
            office=status.office,
            subject=status.subject,
            channel=status.channel,
            recorded_on=status.recorded_on,
            status=status.status,
            escalated=status.escalated,
            answered_on=status.answered_on,
            answer=status.answer,
        ),
    )


# Appointments (预约) ------------------------------------------------------------------


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
            subject_key=_address(request),
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
            office=place, service_type=_service_type(service_type), day=day
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
    applicant = _applicant(payload, payload.phone)
    service_type = _service_type(payload.service_type)
    held = appointments.appointment_hold(
        office=place,
        service_type=service_type,
        slot=appointments.slot_get(office=place, service_type=service_type, starts_at=payload.slot),
        applicant=applicant,
        client_address=_address(request) or None,
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
