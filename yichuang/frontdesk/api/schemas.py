"""What the front desk's endpoints take and give, shared by its routers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from yichuang.accounts.models import Office, ServiceType
from yichuang.core.masking import mask_name
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.services import tickets


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


def applicant_from(payload: ApplicantIn, phone_number: str = "") -> tickets.Applicant:
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


def service_type_by_code(code: str, office: Office | None = None) -> ServiceType:
    """The service type by code: from the office's windows when given, else any (404)."""
    known = tickets.office_services(office).get(code) if office is not None else None
    return known or get_object_or_404(ServiceType, code=code)


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))
