"""Issuing real-name tickets (实名取号) at a kiosk, at a window, online or on check-in.

There is no daily cap: anyone who comes gets a number. What is refused is a
second open ticket for the same applicant and service on the same day (the
answer names the ticket already held), an agent holding tickets for more
applicants at once than the office allows, a ticket from an unregistered
kiosk, and an online ticket whose phone was not verified.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, ServiceType, User
from yichuang.accounts.selectors import require_role, service_types_offered
from yichuang.audit.services import audit_record
from yichuang.core.counters import counter_next
from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import IdentifierError
from yichuang.frontdesk.models import AbuseSignal, Kiosk, Ticket, TicketCounter
from yichuang.frontdesk.rules import (
    PRIORITY_GROUPS,
    ClaimedIdentity,
    identity_parse,
    parse_sessions,
)
from yichuang.frontdesk.services.access import (
    HALL_ROLES,
    abuse_signal_record,
    lock,
    queue_settings_for,
)


class TicketRefusedError(Exception):
    """A ticket was refused; ``code`` says why and ``existing`` names a ticket already held."""

    def __init__(self, code: str, message: str, *, existing: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.existing = existing


@dataclass(frozen=True)
class Applicant:
    """Who a ticket is for: the principal and, when one comes, the agent."""

    principal: ClaimedIdentity
    principal_name: str
    agent: ClaimedIdentity | None = None
    agent_name: str = ""
    phone: str = ""


def applicant_parse(
    *,
    document_type: str,
    document_number: str,
    name: str,
    country: str = "",
    agent_document_type: str = "",
    agent_document_number: str = "",
    agent_name: str = "",
    agent_country: str = "",
    phone: str = "",
) -> Applicant:
    """Validate what an applicant typed; every error names its field precisely."""
    principal = _identity("document_number", document_type, document_number, country)
    agent = None
    if agent_document_number.strip():
        agent = _identity(
            "agent_document_number",
            agent_document_type or "resident_id",
            agent_document_number,
            agent_country,
        )
        if not agent_name.strip():
            raise ValidationError({"agent_name": _("Give the agent's name.")})
        if agent.key == principal.key:
            raise ValidationError({"agent_document_number": _("The agent is the applicant.")})
    if principal.kind == "organisation" and agent is None:
        raise ValidationError(
            {
                "agent_document_number": _(
                    "An organisation applies through a person: give the identity of "
                    "its legal representative or agent who will come to the window."
                )
            }
        )
    if not name.strip():
        raise ValidationError({"name": _("Give the applicant's name.")})
    phone = phone.strip()
    if phone and not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
        raise ValidationError({"phone": _("A mobile number is 11 digits starting with 1.")})
    return Applicant(principal, name.strip(), agent, agent_name.strip(), phone)


def _identity(field: str, document_type: str, number: str, country: str) -> ClaimedIdentity:
    try:
        return identity_parse(document_type, number, country=country, today=timezone.localdate())
    except IdentifierError as error:
        raise ValidationError({field: identifier_error_message(error)}) from None
    except ValueError:
        raise ValidationError({field: _("Unknown document type.")}) from None


# How long a process trusts what it read of an office's windows: closing a window or
# a service type takes effect in every server process within this many seconds.
LAYOUT_SECONDS = 5.0
_layouts: dict[int, tuple[float, dict[str, ServiceType]]] = {}


def office_services(office: Office) -> dict[str, ServiceType]:
    """The active service types an active window of ``office`` handles, by code."""
    now = time.monotonic()
    cached = _layouts.get(office.pk)
    if cached is not None and now - cached[0] < LAYOUT_SECONDS:
        return cached[1]
    types = {
        service_type.code: service_type for service_type in service_types_offered(office=office)
    }
    _layouts[office.pk] = (now, types)
    return types


def office_services_forget() -> None:
    """Drop what this process remembers of every office's windows (tests, admin saves)."""
    _layouts.clear()


def _office_open_to(office: Office, service_type: ServiceType) -> None:
    if service_type.code not in office_services(office):
        raise ValidationError(
            {
                "service_type": _("%(office)s has no window for %(service)s.")
                % {"office": office.name, "service": service_type.name}
            }
        )


def ticket_issue(
    *,
    actor: User | None,
    office: Office,
    service_type: ServiceType,
    channel: str,
    applicant: Applicant,
    kiosk: Kiosk | None = None,
    priority_group: str = "",
    phone_verified: bool = False,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Issue the next number of ``service_type`` at ``office`` today, bound to ``applicant``."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    _check_channel(actor, office, channel, kiosk, phone_verified, now)
    if priority_group and priority_group not in PRIORITY_GROUPS:
        raise ValidationError({"priority_group": _("Unknown priority group.")})
    _office_open_to(office, service_type)
    refusal: TicketRefusedError | None = None
    signal: tuple[str, str, dict[str, object]] | None = None
    with transaction.atomic():
        if applicant.agent is not None:
            lock(f"agent:{applicant.agent.key}")
            holding = _principals_of_agent(applicant.agent.key, day) - {applicant.principal.key}
            if len(holding) >= queue_settings_for(office).agent_principal_cap:
                refusal = TicketRefusedError(
                    "agent_cap",
                    _(
                        "This agent already holds tickets for %(count)s applicants, the most "
                        "one agent may hold at once."
                    )
                    % {"count": len(holding)},
                )
                signal = (AbuseSignal.Kind.AGENT_CAP, applicant.agent.key, {"held": len(holding)})
        if refusal is None:
            # The partial unique index is the check: a second open ticket fails the insert,
            # and the savepoint around it gives back the number it drew.
            existing = None
            try:
                ticket = _insert(
                    actor,
                    office,
                    service_type,
                    channel,
                    applicant,
                    kiosk,
                    priority_group,
                    phone_verified,
                    due_at,
                    day,
                    now,
                )
            except IntegrityError:
                existing = _open_ticket(office, service_type, day, applicant.principal.key)
                if existing is None:
                    raise
            if existing is not None:
                refusal = _duplicate(existing)
                signal = (
                    AbuseSignal.Kind.TICKET_DUPLICATE,
                    applicant.principal.key,
                    {"existing": existing, "channel": channel},
                )
    if refusal is not None:
        if signal is not None:
            abuse_signal_record(
                office=office, kind=signal[0], subject_key=signal[1], detail=signal[2]
            )
        raise refusal
    return ticket


def _check_channel(
    actor: User | None,
    office: Office,
    channel: str,
    kiosk: Kiosk | None,
    phone_verified: bool,
    now: dt.datetime,
) -> None:
    if channel == Ticket.Channel.KIOSK:
        if kiosk is None or not kiosk.is_live or kiosk.office_id != office.pk:
            raise PermissionDenied("kiosk")
    elif channel == Ticket.Channel.WINDOW:
        require_role(actor, HALL_ROLES, office)
    elif channel == Ticket.Channel.ONLINE:
        if not phone_verified:
            raise ValidationError({"phone": _("Verify the phone number with the code sent to it.")})
        _require_open_today(office, now)
    elif channel != Ticket.Channel.APPOINTMENT:
        raise ValidationError({"channel": _("Unknown channel.")})


def _require_open_today(office: Office, now: dt.datetime) -> None:
    """Online numbers are for today only, on a working day, before the hall closes."""
    local = timezone.localtime(now)
    closes = parse_sessions(queue_settings_for(office).sessions)[-1][1]
    if not office_calendar(office).is_working_day(local.date()) or local.time() >= closes:
        raise ValidationError(
            {"service_type": _("The office is closed for today; book an appointment instead.")}
        )


def _principals_of_agent(agent_key: str, day: dt.date) -> set[str]:
    return set(
        Ticket.objects.filter(agent_key=agent_key, day=day, status__in=Ticket.OPEN_STATUSES)
        .values_list("principal_key", flat=True)
        .distinct()
    )


def _open_ticket(office: Office, service_type: ServiceType, day: dt.date, key: str) -> str | None:
    return (
        Ticket.objects.filter(
            office=office,
            service_type=service_type,
            day=day,
            principal_key=key,
            status__in=Ticket.OPEN_STATUSES,
        )
        .values_list("display", flat=True)
        .first()
    )


def _duplicate(existing: str) -> TicketRefusedError:
    return TicketRefusedError(
        "duplicate",
        _("You already hold ticket %(number)s for this service today.") % {"number": existing},
        existing=existing,
    )


def _insert(
    actor: User | None,
    office: Office,
    service_type: ServiceType,
    channel: str,
    applicant: Applicant,
    kiosk: Kiosk | None,
    priority_group: str,
    phone_verified: bool,
    due_at: dt.datetime | None,
    day: dt.date,
    now: dt.datetime,
) -> Ticket:
    # A savepoint, so a lost race on the one-open-ticket constraint leaves the
    # outer transaction usable for the refusal.
    with transaction.atomic():
        number = _next_number(office, day, service_type.ticket_prefix)
        ticket = Ticket.objects.create(
            office=office,
            service_type=service_type,
            day=day,
            number=number,
            display=f"{service_type.ticket_prefix}{number:03d}",
            channel=channel,
            kiosk=kiosk,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
            principal_kind=applicant.principal.kind,
            principal_key=applicant.principal.key,
            principal_name=applicant.principal_name,
            agent_key=applicant.agent.key if applicant.agent else "",
            agent_name=applicant.agent_name,
            phone=applicant.phone,
            phone_verified=phone_verified,
            priority_group=priority_group,
            due_at=due_at,
            issued_at=now,
        )
        audit_record(
            actor=actor,
            event_type="ticket.issue",
            target=ticket,
            office=office,
            after={
                "ticket": ticket.display,
                "channel": channel,
                "kiosk": kiosk.pk if kiosk else None,
                "principal_name": applicant.principal_name,
                "document_number": applicant.principal.number,
                "agent_document_number": applicant.agent.number if applicant.agent else "",
            },
        )
    return ticket


def _next_number(office: Office, day: dt.date, prefix: str) -> int:
    """The next number of ``prefix`` at the office today, in one atomic statement."""
    return counter_next(TicketCounter, {"office_id": office.pk, "day": day, "prefix": prefix})


def tickets_close_day(*, day: dt.date) -> int:
    """Close the tickets still open from ``day`` (a job run after hours); they count as not served.

    Idempotent: a second run finds nothing open.
    """
    closed = 0
    with transaction.atomic():
        for ticket in (
            Ticket.objects.select_for_update()
            .select_related("office")
            .filter(day__lte=day, status__in=Ticket.OPEN_STATUSES)
        ):
            before = ticket.status
            ticket.status = Ticket.Status.CANCELLED
            ticket.ended_at = timezone.now()
            ticket.save(update_fields=["status", "ended_at"])
            audit_record(
                actor=None,
                event_type="ticket.close_day",
                target=ticket,
                office=ticket.office,
                before={"status": before},
                after={"status": ticket.status},
            )
            closed += 1
    return closed


def applicant_from_keys(
    *,
    principal_kind: str,
    principal_key: str,
    principal_name: str,
    agent_key: str = "",
    agent_name: str = "",
    phone: str = "",
) -> Applicant:
    """The applicant stored as identity keys (say, on an appointment), validated when stored."""

    def claimed(kind: str, key: str) -> ClaimedIdentity:
        document_type, country, number = key.split(":", 2)
        return ClaimedIdentity(kind, document_type, number, country)

    agent = claimed("person", agent_key) if agent_key else None
    return Applicant(
        claimed(principal_kind, principal_key), principal_name, agent, agent_name, phone
    )
