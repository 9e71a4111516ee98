"""Tickets from kiosks, windows and phones; calling; the public queue status and figures.

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
from ninja import Router, Status

from yichuang.accounts.models import Office
from yichuang.accounts.selectors import office_get_for, offices_public, signed_in_user
from yichuang.frontdesk import selectors
from yichuang.frontdesk.api.schemas import (
    CallOut,
    FiguresOut,
    IdentityCheckIn,
    IdentityCheckOut,
    OnlineTicketIn,
    PhoneCodeIn,
    RefusalOut,
    ServiceStatusOut,
    TicketIn,
    TicketOut,
    TransferIn,
    WindowCallIn,
    applicant_from,
    client_address,
    service_type_by_code,
    ticket_out,
)
from yichuang.frontdesk.models import (
    AbuseSignal,
    Ticket,
)
from yichuang.frontdesk.services import calling, phone, tickets
from yichuang.frontdesk.services.access import abuse_signal_record

router = Router(tags=["front desk"])

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
            service_type=service_type_by_code(payload.service_type, place),
            channel=Ticket.Channel.KIOSK,
            applicant=applicant_from(payload),
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
            service_type=service_type_by_code(payload.service_type),
            channel=Ticket.Channel.WINDOW,
            applicant=applicant_from(payload),
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
            office=place, kind=AbuseSignal.Kind.ADDRESS_CAP, subject_key=client_address(request)
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
    applicant = applicant_from(payload, payload.phone)
    service_type = service_type_by_code(payload.service_type)
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
