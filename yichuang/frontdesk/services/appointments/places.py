"""What takes a place in a slot, and the moments that bound booking and check-in."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from yichuang.frontdesk.models import Appointment, AppointmentSlot, QueueSettings

Status = Appointment.Status


def taking_a_place(now: dt.datetime, prefix: str = "") -> Q:
    """Appointments that take a place in their slot at ``now``."""
    return Q(**{f"{prefix}status__in": [Status.BOOKED, Status.CHECKED_IN]}) | Q(
        **{f"{prefix}status": Status.HELD, f"{prefix}held_until__gt": now}
    )


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day's first moment and the next day's."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def horizon_end(settings: QueueSettings, now: dt.datetime) -> dt.date:
    """The last day that may be booked at ``now``."""
    return timezone.localdate(now) + dt.timedelta(days=settings.booking_horizon_days)


def check_in_window(
    slot: AppointmentSlot, settings: QueueSettings
) -> tuple[dt.datetime, dt.datetime]:
    """When check-in opens and when it closes (both inclusive)."""
    return (
        slot.starts_at - dt.timedelta(minutes=settings.checkin_early_minutes),
        slot.starts_at + dt.timedelta(minutes=settings.checkin_late_minutes),
    )
