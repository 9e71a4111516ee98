"""Appointment slots (预约时段): offering them, closing a day, and reading the places free."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, ServiceType, User, Window
from yichuang.accounts.selectors import service_types_offered
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import Appointment, AppointmentSlot, QueueSettings
from yichuang.frontdesk.rules import parse_sessions, slot_capacity, slot_times
from yichuang.frontdesk.services.access import lock, queue_settings_for, require_manager
from yichuang.frontdesk.services.appointments.notices import text_send
from yichuang.frontdesk.services.appointments.places import (
    day_bounds,
    horizon_end,
    taking_a_place,
)

Status = Appointment.Status


class SlotClosure(NamedTuple):
    """What closing a day did: slots closed, appointments cancelled."""

    slots: int
    cancelled: int


def _capacities(office: Office, settings: QueueSettings) -> dict[ServiceType, int]:
    """Places per slot of each active service type an active window of the office handles."""
    windows: Counter[ServiceType] = Counter()
    for window in Window.objects.filter(office=office, is_active=True).prefetch_related(
        "service_types"
    ):
        windows.update(t for t in window.service_types.all() if t.is_active)
    capacities = {
        service_type: slot_capacity(
            windows=count,
            share_percent=settings.appointment_share,
            slot_minutes=settings.slot_minutes,
            service_minutes=settings.default_service_minutes,
        )
        for service_type, count in windows.items()
    }
    return {service_type: places for service_type, places in capacities.items() if places > 0}


def _slots_create(
    office: Office, settings: QueueSettings, days: list[dt.date], now: dt.datetime
) -> int:
    """Create the missing slots of ``days``; existing ones are left as they are."""
    if not days:
        return 0
    capacities = _capacities(office, settings)
    times = slot_times(parse_sessions(settings.sessions), settings.slot_minutes)
    existing = set(
        AppointmentSlot.objects.filter(
            office=office,
            starts_at__gte=day_bounds(min(days))[0],
            starts_at__lt=day_bounds(max(days))[1],
        ).values_list("service_type_id", "starts_at")
    )
    new: list[AppointmentSlot] = []
    for day in days:
        for start, end in times:
            starts_at = timezone.make_aware(dt.datetime.combine(day, start))
            if starts_at <= now:
                continue
            ends_at = timezone.make_aware(dt.datetime.combine(day, end))
            new.extend(
                AppointmentSlot(
                    office=office,
                    service_type=service_type,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=places,
                )
                for service_type, places in capacities.items()
                if (service_type.pk, starts_at) not in existing
            )
    AppointmentSlot.objects.bulk_create(new, batch_size=500)
    return len(new)


def slots_generate(
    *, actor: User | None, office: Office, through: dt.date, now: dt.datetime | None = None
) -> int:
    """Offer the slots of each working day from today to ``through`` (at most the horizon).

    ``actor`` None is the scheduled job. Returns how many slots were created;
    a second run creates none.
    """
    if actor is not None:
        require_manager(actor, office)
    now = now or timezone.now()
    settings = queue_settings_for(office)
    today = timezone.localdate(now)
    last = min(through, horizon_end(settings, now))
    calendar = office_calendar(office)
    days = [
        day
        for day in (today + dt.timedelta(days=n) for n in range((last - today).days + 1))
        if calendar.is_working_day(day)
    ]
    with transaction.atomic():
        lock(f"slots:{office.pk}")
        created = _slots_create(office, settings, days, now)
        if created:
            audit_record(
                actor=actor,
                event_type="appointment_slots.generate",
                office=office,
                after={"through": last.isoformat(), "slots": created},
            )
    return created


def slots_close(
    *, actor: User, office: Office, day: dt.date, reason: str, now: dt.datetime | None = None
) -> SlotClosure:
    """Close a day's slots (a power cut, a training day) and cancel the appointments in them.

    Each booked applicant gets a text message. The day's slots are created
    first if they were not yet offered, so a later generation cannot reopen it.
    """
    require_manager(actor, office)
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the office closes; applicants are told.")})
    if day < timezone.localdate(now):
        raise ValidationError({"day": _("That day has passed.")})
    start, end = day_bounds(day)
    with transaction.atomic():
        lock(f"slots:{office.pk}")
        settings = queue_settings_for(office)
        if office_calendar(office).is_working_day(day):
            _slots_create(office, settings, [day], now)
        slots = AppointmentSlot.objects.filter(
            office=office, starts_at__gte=start, starts_at__lt=end, closed_reason=""
        )
        closed = slots.update(closed_reason=reason[:200])
        cancelled = _cancel_for_closure(actor, office, start, end, reason, now)
        if closed or cancelled:
            audit_record(
                actor=actor,
                event_type="appointment_slots.close",
                office=office,
                after={
                    "day": day.isoformat(),
                    "reason": reason,
                    "slots": closed,
                    "cancelled": cancelled,
                },
            )
    return SlotClosure(closed, cancelled)


def _cancel_for_closure(
    actor: User, office: Office, start: dt.datetime, end: dt.datetime, reason: str, now: dt.datetime
) -> int:
    appointments = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot")
        .filter(
            slot__office=office,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .filter(Q(status=Status.BOOKED) | Q(status=Status.HELD, held_until__gt=now))
    )
    count = 0
    for appointment in appointments:
        before = appointment.status
        appointment.status, appointment.ended_at = Status.CANCELLED, now
        appointment.save(update_fields=["status", "ended_at"])
        if before == Status.BOOKED:
            text_send(
                appointment.phone,
                _(
                    "Yichuang: %(office)s is closed on %(day)s, so your appointment "
                    "%(reference)s is cancelled. We are sorry; please book another time."
                )
                % {
                    "office": office.name,
                    "day": date_format(timezone.localdate(appointment.slot.starts_at), "Y-m-d"),
                    "reference": appointment.reference,
                },
                now,
            )
        audit_record(
            actor=actor,
            event_type="appointment.cancel",
            target=appointment,
            office=office,
            before={"status": before},
            after={"status": appointment.status, "reason": reason, "by": "closure"},
        )
        count += 1
    return count


@dataclass(frozen=True)
class SlotPlaces:
    """A slot and how many places are free in it now."""

    slot: AppointmentSlot
    free: int


def bookable_service_types(*, office: Office) -> QuerySet[ServiceType]:
    """The service types an active window of the office handles."""
    return service_types_offered(office=office)


def booking_days(
    *, office: Office, service_type: ServiceType, now: dt.datetime | None = None
) -> list[dt.date]:
    """Days within the horizon with slots still to come."""
    now = now or timezone.now()
    last = horizon_end(queue_settings_for(office), now)
    moments = AppointmentSlot.objects.filter(
        office=office,
        service_type=service_type,
        starts_at__gt=now,
        starts_at__lt=day_bounds(last)[1],
    ).datetimes("starts_at", "day")
    return [timezone.localdate(moment) for moment in moments]


def slots_for_day(
    *, office: Office, service_type: ServiceType, day: dt.date, now: dt.datetime | None = None
) -> list[SlotPlaces]:
    """The day's slots still to come, with their free places (none in a closed slot)."""
    now = now or timezone.now()
    if day > horizon_end(queue_settings_for(office), now):
        return []
    start, end = day_bounds(day)
    slots = (
        AppointmentSlot.objects.filter(
            office=office,
            service_type=service_type,
            starts_at__gte=start,
            starts_at__lt=end,
            starts_at__gt=now,
        )
        .annotate(taken=Count("appointments", filter=taking_a_place(now, "appointments__")))
        .order_by("starts_at")
    )
    return [
        SlotPlaces(slot, 0 if slot.closed_reason else max(0, slot.capacity - slot.taken))
        for slot in slots
    ]


def slot_get(
    *, office: Office, service_type: ServiceType, starts_at: dt.datetime
) -> AppointmentSlot:
    """The slot of ``service_type`` at ``office`` starting at ``starts_at``; else a form error.

    A time given without an offset is read as the office's local time.
    """
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    slot = (
        AppointmentSlot.objects.select_related("office", "service_type")
        .filter(office=office, service_type=service_type, starts_at=starts_at)
        .first()
    )
    if slot is None:
        raise ValidationError({"slot": _("No appointment time of this service starts then.")})
    return slot
