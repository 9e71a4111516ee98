"""Arrival (签到) and lapses: a booked appointment becomes a ticket due at its time; one
not checked in by the end of its check-in window did not come; a hold past its time expired.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import Appointment, Kiosk, QueueSettings, Ticket
from yichuang.frontdesk.services.access import HALL_ROLES, queue_settings_for
from yichuang.frontdesk.services.appointments.booking import (
    appointment_get,
    locked_by_reference,
    refusal_for_state,
)
from yichuang.frontdesk.services.appointments.places import check_in_window
from yichuang.frontdesk.services.tickets import (
    TicketRefusedError,
    applicant_from_keys,
    ticket_issue,
)

Status = Appointment.Status


def _require_check_in_rights(actor: User | None, kiosk: Kiosk | None, office: Office) -> None:
    if kiosk is not None:
        if not kiosk.is_live or kiosk.office_id != office.pk:
            raise PermissionDenied("kiosk")
    else:
        require_role(actor, HALL_ROLES, office)


def _require_within_window(
    appointment: Appointment, settings: QueueSettings, now: dt.datetime
) -> None:
    opens, closes = check_in_window(appointment.slot, settings)
    if now < opens:
        raise ValidationError(
            _("Check-in opens at %(time)s.")
            % {"time": date_format(timezone.localtime(opens), "H:i")}
        )
    if now > closes:
        raise ValidationError(
            _("Check-in closed at %(time)s; please take a walk-in ticket.")
            % {"time": date_format(timezone.localtime(closes), "H:i")}
        )


def _ticket_for(
    appointment: Appointment, actor: User | None, kiosk: Kiosk | None, now: dt.datetime
) -> Ticket:
    """The appointment's ticket, bound to the identities it was booked with, due at its time."""
    return ticket_issue(
        actor=actor,
        office=appointment.slot.office,
        service_type=appointment.slot.service_type,
        channel=Ticket.Channel.APPOINTMENT,
        applicant=applicant_from_keys(
            principal_kind=appointment.principal_kind,
            principal_key=appointment.principal_key,
            principal_name=appointment.principal_name,
            agent_key=appointment.agent_key,
            agent_name=appointment.agent_name,
            phone=appointment.phone,
        ),
        kiosk=kiosk,
        phone_verified=True,
        due_at=appointment.slot.starts_at,
        now=now,
    )


def appointment_check_in(
    *,
    actor: User | None,
    kiosk: Kiosk | None,
    reference: str,
    now: dt.datetime | None = None,
) -> Ticket:
    """Turn a booked appointment into a ticket due at its time (by a clerk or a kiosk of the
    office), from ``checkin_early_minutes`` before it to ``checkin_late_minutes`` after.
    A second check-in returns the same ticket."""
    now = now or timezone.now()
    office = appointment_get(reference=reference).slot.office
    _require_check_in_rights(actor, kiosk, office)
    settings = queue_settings_for(office)
    refusal: TicketRefusedError | None = None
    with transaction.atomic():
        appointment = locked_by_reference(reference)
        if appointment.status == Status.CHECKED_IN and appointment.ticket is not None:
            return appointment.ticket
        if appointment.status != Status.BOOKED:
            raise refusal_for_state(appointment, now)
        _require_within_window(appointment, settings, now)
        try:
            ticket = _ticket_for(appointment, actor, kiosk, now)
        except TicketRefusedError as error:
            # Answered after the transaction, which commits the refusal's abuse signal.
            refusal = error
        else:
            appointment.status, appointment.ticket = Status.CHECKED_IN, ticket
            appointment.save(update_fields=["status", "ticket"])
            audit_record(
                actor=actor,
                event_type="appointment.check_in",
                target=appointment,
                office=office,
                before={"status": Status.BOOKED},
                after={"status": appointment.status, "ticket": ticket.display},
            )
    if refusal is not None:
        raise ValidationError(refusal.message)
    return ticket


def appointments_lapse(*, now: dt.datetime | None = None) -> int:
    """Booked appointments whose check-in has closed did not come; holds past their time
    expired. Returns how many changed; a second run changes none."""
    now = now or timezone.now()
    settings: dict[int, QueueSettings] = {}
    changed = 0
    with transaction.atomic():
        candidates = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__office")
            .filter(
                Q(status=Status.BOOKED, slot__starts_at__lt=now)
                | Q(status=Status.HELD, held_until__lte=now)
            )
        )
        for appointment in candidates:
            office = appointment.slot.office
            if appointment.status == Status.BOOKED:
                if office.pk not in settings:
                    settings[office.pk] = queue_settings_for(office)
                if now <= check_in_window(appointment.slot, settings[office.pk])[1]:
                    continue
                new = Status.NO_SHOW
            else:
                new = Status.EXPIRED
            before = appointment.status
            appointment.status, appointment.ended_at = new, now
            appointment.save(update_fields=["status", "ended_at"])
            audit_record(
                actor=None,
                event_type="appointment.lapse",
                target=appointment,
                office=office,
                before={"status": before},
                after={"status": new},
            )
            changed += 1
    return changed
