"""Each office's working-day calendar, and the deadlines counted on it.

The arithmetic is :mod:`yichuang.core.working_days`; this module feeds it the
national arrangement and office-level days an administrator entered, and
recomputes stored deadlines whenever the calendar under them changes.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import CalendarDay, CalendarYear, Deadline, Office, User
from yichuang.accounts.services import require_permission
from yichuang.audit.services import audit_record, model_snapshot
from yichuang.core.working_days import (
    PACKAGE_YEARS,
    DayOverride,
    WorkCalendar,
    needs_next_year_warning,
)


def known_years() -> frozenset[int]:
    """Years whose arrangement is known: the package's, and those confirmed here."""
    confirmed = CalendarYear.objects.values_list("year", flat=True)
    return frozenset(PACKAGE_YEARS) | frozenset(confirmed)


# Readers keep an office's calendar this long; every change also starts a new
# generation, so with a shared cache (Redis) a change is seen at once, and with
# the in-process cache at the latest after this many seconds.
CALENDAR_CACHE_SECONDS = 60
_GENERATION_KEY = "accounts:calendar:generation"

CalendarData = tuple[dict[dt.date, DayOverride], list[int]]


def _calendar_data(office: Office | None) -> CalendarData:
    days = CalendarDay.objects.filter(Q(office__isnull=True) | Q(office=office))
    overrides: dict[dt.date, DayOverride] = {}
    # National days first, so an office's own entry for the same date replaces it.
    for day in sorted(days, key=lambda d: d.office_id is not None):
        overrides[day.date] = DayOverride(is_working_day=day.is_working_day, name=day.name)
    return overrides, list(CalendarYear.objects.values_list("year", flat=True))


def office_calendar(office: Office | None, *, fresh: bool = False) -> WorkCalendar:
    """The calendar of ``office`` (None: the national one). Office days win.

    ``fresh`` reads the tables now; the services that change the calendar use
    it, inside their transaction, so they never count on a cached copy.
    """
    if fresh:
        overrides, confirmed = _calendar_data(office)
    else:
        generation = cache.get_or_set(_GENERATION_KEY, 0)
        key = f"accounts:calendar:{office.pk if office else 'national'}:{generation}"
        data: CalendarData | None = cache.get(key)
        if data is None:
            data = _calendar_data(office)
            cache.set(key, data, CALENDAR_CACHE_SECONDS)
        overrides, confirmed = data
    return WorkCalendar(overrides=overrides, confirmed_years=confirmed)


def _calendar_changed() -> None:
    """Start a new calendar generation once the change has committed."""

    def bump() -> None:
        try:
            cache.incr(_GENERATION_KEY)
        except ValueError:
            cache.set(_GENERATION_KEY, 1)

    transaction.on_commit(bump)


def next_year_warning(today: dt.date | None = None) -> str | None:
    """From 1 November, the warning administrators see while next year is unknown."""
    today = today or timezone.localdate()
    if not needs_next_year_warning(today, known_years()):
        return None
    return _(
        "The holiday arrangement for %(year)s has not been entered. Dates in %(year)s are "
        "provisional (weekends and fixed-date holidays only) until an administrator enters it."
    ) % {"year": today.year + 1}


def deadline_open(
    *, actor: User | None, office: Office, purpose: str, starts_on: dt.date, working_days: int
) -> Deadline:
    """Start a time limit of ``working_days`` from ``starts_on`` (not counted)."""
    result = office_calendar(office, fresh=True).add_working_days(starts_on, working_days)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            office=office,
            purpose=purpose,
            starts_on=starts_on,
            working_days=working_days,
            due_on=result.date,
            provisional=result.provisional,
        )
        audit_record(
            actor=actor,
            event_type="deadline.open",
            target=deadline,
            office=office,
            after=model_snapshot(deadline),
        )
    return deadline


def _recompute(*, actor: User | None, deadlines: list[Deadline], reason: str) -> int:
    """Recount each deadline on its office's current calendar; audit what moved."""
    calendars: dict[int, WorkCalendar] = {}
    moved = []
    for deadline in deadlines:
        if deadline.office_id not in calendars:
            calendars[deadline.office_id] = office_calendar(deadline.office, fresh=True)
        result = calendars[deadline.office_id].add_working_days(
            deadline.starts_on, deadline.working_days
        )
        if (result.date, result.provisional) != (deadline.due_on, deadline.provisional):
            moved.append((deadline, deadline.due_on, result))
            deadline.due_on, deadline.provisional = result.date, result.provisional
            deadline.save(update_fields=["due_on", "provisional"])
    for deadline, old_due, result in moved:
        audit_record(
            actor=actor,
            event_type="deadline.recompute",
            target=deadline,
            office=deadline.office,
            before={"due_on": old_due},
            after={"due_on": result.date, "provisional": result.provisional, "reason": reason},
        )
    return len(moved)


def _deadlines_spanning(day: dt.date, office: Office | None) -> list[Deadline]:
    deadlines = Deadline.objects.select_for_update().filter(starts_on__lt=day, due_on__gte=day)
    if office is not None:
        deadlines = deadlines.filter(office=office)
    return list(deadlines.select_related("office"))


def calendar_day_set(
    *,
    actor: User | None,
    office: Office | None,
    date: dt.date,
    is_working_day: bool,
    name: str = "",
) -> CalendarDay:
    """Enter a rest or working day, nationally (office None) or for one office."""
    require_permission(actor, "accounts.add_calendarday")
    with transaction.atomic():
        day, created = CalendarDay.objects.select_for_update().get_or_create(
            office=office, date=date, defaults={"is_working_day": is_working_day, "name": name}
        )
        before = None if created else model_snapshot(day)
        day.is_working_day, day.name = is_working_day, name
        day.full_clean()
        day.save()
        audit_record(
            actor=actor,
            event_type="calendar_day.set",
            target=day,
            office=office,
            before=before,
            after=model_snapshot(day),
        )
        _recompute(actor=actor, deadlines=_deadlines_spanning(date, office), reason="calendar day")
        _calendar_changed()
    return day


def calendar_day_remove(*, actor: User | None, day: CalendarDay) -> None:
    """Withdraw an entered day; the package or the default rule applies again."""
    require_permission(actor, "accounts.delete_calendarday")
    with transaction.atomic():
        snapshot = model_snapshot(day)
        office, date = day.office, day.date
        CalendarDay.objects.filter(pk=day.pk).delete()
        audit_record(
            actor=actor,
            event_type="calendar_day.remove",
            office=office,
            before=snapshot,
        )
        _recompute(actor=actor, deadlines=_deadlines_spanning(date, office), reason="calendar day")
        _calendar_changed()


def calendar_year_confirm(*, actor: User, year: int, source: str) -> CalendarYear:
    """Declare a year's national arrangement fully entered; provisional dates are recounted."""
    require_permission(actor, "accounts.add_calendaryear")
    with transaction.atomic():
        confirmed = CalendarYear(year=year, confirmed_by=actor, source=source)
        confirmed.full_clean()
        confirmed.save()
        audit_record(
            actor=actor,
            event_type="calendar_year.confirm",
            target=confirmed,
            after={"year": year, "source": source},
        )
        _calendar_changed()
        provisional = Deadline.objects.select_for_update().filter(provisional=True)
        _recompute(
            actor=actor,
            deadlines=list(provisional.select_related("office")),
            reason=f"year {year} confirmed",
        )
    return confirmed
