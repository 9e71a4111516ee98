"""Booking (预约): hold a place, confirm it with the phone's code, cancel it.

A principal holds one live appointment per service type a day; a principal, a
phone number and a client address may each make only so many bookings in the
office's cap period. A cap hit is refused and kept as an abuse signal, written
after the refused transaction so that it stays.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, ServiceType, User
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import AbuseSignal, Appointment, AppointmentSlot, QueueSettings
from yichuang.frontdesk.services.access import (
    HALL_ROLES,
    abuse_signal_record,
    lock,
    queue_settings_for,
)
from yichuang.frontdesk.services.appointments.notices import local_moment, text_send
from yichuang.frontdesk.services.appointments.places import (
    day_bounds,
    horizon_end,
    taking_a_place,
)
from yichuang.frontdesk.services.phone import phone_challenge_verify
from yichuang.frontdesk.services.tickets import Applicant

Status = Appointment.Status

# Upper-case letters and digits a person cannot misread: no I, L, O, 0 or 1.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 9
# Appointments that count toward the caps besides live holds: live ones and those not kept.
CAPPED_STATUSES = (Status.BOOKED, Status.CHECKED_IN, Status.NO_SHOW)


def _new_reference() -> str:
    return "Y" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _check_slot_open(slot: AppointmentSlot, settings: QueueSettings, now: dt.datetime) -> None:
    if slot.closed_reason:
        raise ValidationError(
            {
                "slot": _("The office is closed at this time (%(reason)s); choose another day.")
                % {"reason": slot.closed_reason}
            }
        )
    if slot.starts_at <= now:
        raise ValidationError({"slot": _("This time has passed; choose a later one.")})
    if timezone.localdate(slot.starts_at) > horizon_end(settings, now):
        raise ValidationError(
            {
                "slot": _("Bookings open %(days)s days ahead; choose an earlier day.")
                % {"days": settings.booking_horizon_days}
            }
        )


def _check_no_live_booking(applicant: Applicant, slot: AppointmentSlot, now: dt.datetime) -> None:
    start, end = day_bounds(timezone.localdate(slot.starts_at))
    existing = (
        Appointment.objects.filter(
            taking_a_place(now),
            principal_key=applicant.principal.key,
            slot__service_type_id=slot.service_type_id,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .values_list("reference", flat=True)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "document_number": _(
                    "This applicant already has appointment %(reference)s for this service "
                    "on that day."
                )
                % {"reference": existing}
            }
        )


@dataclass(frozen=True)
class _CapHit:
    kind: str
    subject: str
    count: int


def _cap_hit(
    applicant: Applicant, client_address: str | None, settings: QueueSettings, now: dt.datetime
) -> _CapHit | None:
    """The first cap the booking would pass: per principal, per phone, per client address."""
    counted = Appointment.objects.filter(
        Q(status__in=CAPPED_STATUSES) | Q(status=Status.HELD, held_until__gt=now),
        created_at__gt=now - dt.timedelta(days=settings.booking_period_days),
    )
    subjects = (
        (AbuseSignal.Kind.BOOKING_CAP, "principal_key", applicant.principal.key),
        (AbuseSignal.Kind.PHONE_CAP, "phone", applicant.phone),
        (AbuseSignal.Kind.ADDRESS_CAP, "client_address", client_address),
    )
    for kind, column, value in subjects:
        if value:
            count = counted.filter(**{column: value}).count()
            if count >= settings.bookings_per_identity:
                return _CapHit(kind, value, count)
    return None


def _cap_refusal(hit: _CapHit, settings: QueueSettings) -> ValidationError:
    params = {"count": settings.bookings_per_identity, "days": settings.booking_period_days}
    if hit.kind == AbuseSignal.Kind.BOOKING_CAP:
        message = _(
            "This applicant has made %(count)s bookings in the last %(days)s days, the most "
            "allowed. Come and take a ticket at the office instead."
        )
        return ValidationError({"document_number": message % params})
    if hit.kind == AbuseSignal.Kind.PHONE_CAP:
        message = _(
            "This phone number has been used for %(count)s bookings in the last %(days)s days, "
            "the most allowed."
        )
        return ValidationError({"phone": message % params})
    return ValidationError(
        _("Too many bookings have been made from this network in the last %(days)s days.") % params
    )


def _lock_booking(applicant: Applicant, client_address: str | None, slot: AppointmentSlot) -> None:
    # One order for every booking (person, phone, address, slot), so none waits in a cycle.
    lock(f"booking:principal:{applicant.principal.key}")
    lock(f"booking:phone:{applicant.phone}")
    if client_address:
        lock(f"booking:address:{client_address}")
    lock(f"slot:{slot.pk}")


def appointment_hold(
    *,
    office: Office,
    service_type: ServiceType,
    slot: AppointmentSlot,
    applicant: Applicant,
    client_address: str | None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Hold a place in ``slot`` for ``applicant`` while the phone is confirmed (no actor: the
    public books). Refuses a past, distant, closed or full slot, a second appointment for
    the service that day, and a booking past a cap."""
    now = now or timezone.now()
    if not applicant.phone:
        raise ValidationError({"phone": _("Give a mobile number: the code is sent to it.")})
    if slot.office_id != office.pk or slot.service_type_id != service_type.pk:
        raise ValidationError(
            {"slot": _("This time is not offered for this service at this office.")}
        )
    settings = queue_settings_for(office)
    hit: _CapHit | None = None
    with transaction.atomic():
        _lock_booking(applicant, client_address, slot)
        slot = AppointmentSlot.objects.select_related("office", "service_type").get(pk=slot.pk)
        _check_slot_open(slot, settings, now)
        _check_no_live_booking(applicant, slot, now)
        hit = _cap_hit(applicant, client_address, settings, now)
        if hit is None:
            taken = slot.appointments.filter(taking_a_place(now)).count()
            if taken >= slot.capacity:
                raise ValidationError({"slot": _("This time is fully booked; choose another.")})
            appointment = _insert(slot, applicant, client_address, settings, now)
    if hit is not None:
        abuse_signal_record(
            office=office,
            kind=hit.kind,
            subject_key=hit.subject,
            detail={"count": hit.count, "slot": slot.starts_at.isoformat()},
        )
        raise _cap_refusal(hit, settings)
    return appointment


def _insert(
    slot: AppointmentSlot,
    applicant: Applicant,
    client_address: str | None,
    settings: QueueSettings,
    now: dt.datetime,
) -> Appointment:
    for attempt in range(3):
        try:
            # A savepoint: an unlucky repeated reference leaves the transaction usable.
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    reference=_new_reference(),
                    slot=slot,
                    status=Status.HELD,
                    held_until=now + dt.timedelta(minutes=settings.booking_hold_minutes),
                    created_at=now,
                    client_address=client_address or None,
                    principal_kind=applicant.principal.kind,
                    principal_key=applicant.principal.key,
                    principal_name=applicant.principal_name,
                    agent_key=applicant.agent.key if applicant.agent else "",
                    agent_name=applicant.agent_name,
                    phone=applicant.phone,
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise
    audit_record(
        actor=None,
        event_type="appointment.hold",
        target=appointment,
        office=slot.office,
        after={
            "reference": appointment.reference,
            "service_type": slot.service_type.code,
            "slot": slot.starts_at.isoformat(),
            "person_name": applicant.principal_name,
            "document_number": applicant.principal.number,
            "agent_document_number": applicant.agent.number if applicant.agent else "",
            "phone": applicant.phone,
        },
    )
    return appointment


def appointment_get(*, reference: str) -> Appointment:
    """The appointment with ``reference`` (an unguessable key, so public), or 404."""
    try:
        return Appointment.objects.select_related(
            "slot__office", "slot__service_type", "ticket"
        ).get(reference=reference.strip().upper())
    except Appointment.DoesNotExist:
        raise Http404(reference) from None


def locked_by_reference(reference: str) -> Appointment:
    """The appointment with ``reference``, locked until the transaction ends; or 404."""
    try:
        return (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__office", "slot__service_type")
            .get(reference=reference.strip().upper())
        )
    except Appointment.DoesNotExist:
        raise Http404(reference) from None


def refusal_for_state(appointment: Appointment, now: dt.datetime) -> ValidationError:
    """Why an appointment in its present state cannot be confirmed, cancelled or checked in."""
    if appointment.status == Status.EXPIRED or (
        appointment.status == Status.HELD
        and appointment.held_until is not None
        and appointment.held_until <= now
    ):
        return ValidationError(_("The hold has expired; choose a time again."))
    return ValidationError(
        _("Appointment %(reference)s is %(status)s.")
        % {"reference": appointment.reference, "status": appointment.get_status_display()}
    )


def hold_is_live(appointment: Appointment, now: dt.datetime) -> bool:
    """A held appointment whose hold has not run out."""
    return (
        appointment.status == Status.HELD
        and appointment.held_until is not None
        and appointment.held_until > now
    )


def appointment_confirm(
    *, reference: str, code: str, now: dt.datetime | None = None
) -> Appointment:
    """Book a held place once the applicant proves the phone with the code sent to it."""
    now = now or timezone.now()
    appointment = appointment_get(reference=reference)
    if appointment.status == Status.BOOKED:
        return appointment
    if not hold_is_live(appointment, now):
        raise refusal_for_state(appointment, now)
    # Outside the booking's transaction: a wrong code must stay counted against the code.
    phone_challenge_verify(phone=appointment.phone, code=code, now=now)
    with transaction.atomic():
        appointment = locked_by_reference(reference)
        if not hold_is_live(appointment, now):
            raise refusal_for_state(appointment, now)
        appointment.status, appointment.booked_at = Status.BOOKED, now
        appointment.save(update_fields=["status", "booked_at"])
        text_send(
            appointment.phone,
            _(
                "Yichuang: appointment %(reference)s at %(office)s, %(time)s, is booked. "
                "Check in on arrival with this reference and bring your identity document."
            )
            % {
                "reference": appointment.reference,
                "office": appointment.slot.office.name,
                "time": local_moment(appointment),
            },
            now,
        )
        audit_record(
            actor=None,
            event_type="appointment.book",
            target=appointment,
            office=appointment.slot.office,
            before={"status": Status.HELD},
            after={"status": appointment.status},
        )
    return appointment


def appointment_cancel(
    *,
    actor: User | None = None,
    reference: str,
    phone: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Cancel by the applicant (with the booking's phone) or by hall staff of the office;
    the place is free again at once."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = locked_by_reference(reference)
        office = appointment.slot.office
        if actor is not None:
            require_role(actor, HALL_ROLES, office)
        elif not hmac.compare_digest(phone.strip().encode(), appointment.phone.encode()):
            raise ValidationError(
                {"phone": _("This is not the phone number the appointment was booked with.")}
            )
        if appointment.status == Status.CANCELLED:
            return appointment
        if appointment.status not in (Status.HELD, Status.BOOKED):
            raise refusal_for_state(appointment, now)
        before = appointment.status
        appointment.status, appointment.ended_at = Status.CANCELLED, now
        appointment.save(update_fields=["status", "ended_at"])
        if actor is not None and before == Status.BOOKED:
            text_send(
                appointment.phone,
                _(
                    "Yichuang: your appointment %(reference)s at %(office)s, %(time)s, was "
                    "cancelled by the office. Please book another time."
                )
                % {
                    "reference": appointment.reference,
                    "office": office.name,
                    "time": local_moment(appointment),
                },
                now,
            )
        audit_record(
            actor=actor,
            event_type="appointment.cancel",
            target=appointment,
            office=office,
            before={"status": before},
            after={"status": appointment.status, "by": "staff" if actor else "applicant"},
        )
    return appointment
