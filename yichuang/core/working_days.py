"""Working days and statutory periods on the Chinese calendar (工作日与期间计算).

Registration offices count some time limits in working days (30 working days
from acceptance under art. 20 of the Interim Regulations on Real Estate
Registration; a promised 5 working days) and other periods in calendar days (an
objection registration lapses 15 days after entry; 90 days of advance notice).
Both depend on the national arrangement of rest days: weekends, public holidays
and make-up working days (调休, a Saturday or Sunday that is worked).

Where the data comes from, for each year:

* years the ``chinese_calendar`` package covers (:data:`PACKAGE_YEARS`): the
  package's holidays and make-up working days;
* any other year: weekends plus the fixed-date public holidays of the holiday
  regulation (:func:`fixed_date_holidays`); lunar-calendar holidays and make-up
  days are never guessed;
* in every year, the administrator's overrides (date -> :class:`DayOverride`)
  are applied last, so an office can close on a given day or work a Saturday.

A year is *known* when the package covers it or an administrator has confirmed
that its arrangement has been entered. Any result that depends on a day in an
unknown year is marked ``provisional`` so the platform can show it as such.

Every period here is counted the way the Civil Code (arts. 200-204) counts
periods: the day of the triggering event is not counted, counting starts on the
next day, and a period ends at the end (24:00) of its last day. Whether an act
must instead be done by close of business on that day (art. 203 para. 2) is for
the caller to decide; this module only answers "which day".

This module is pure (no Django, no I/O) so it can be used anywhere and tested
without a database.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The package ships no type information; the extra ``unused-ignore`` keeps
# ``mypy --strict`` quiet should the project later configure the import itself.
import chinese_calendar  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "PACKAGE_YEARS",
    "CalendarResult",
    "CountResult",
    "DayOverride",
    "WorkCalendar",
    "fixed_date_holidays",
    "needs_next_year_warning",
]

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5  # date.weekday() numbering: Monday is 0
# The State Council publishes next year's arrangement in November.
_WARNING_MONTH = 11
# Labour Day was 3 days until 2007, 1 day from 2008 and 2 days from 2025.
_ONE_DAY_LABOUR_FROM = 2008
_TWO_DAY_LABOUR_FROM = 2025

# Package labels are English; the platform's screens are Chinese. Full names
# (清明节 rather than the package's 清明) match the holiday regulation's wording.
_CHINESE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
    }
)

# Appended to a holiday's name on the weekend day worked to make up for it, so a
# screen never shows a bare "国庆节" on a day the office is open.
_MAKE_UP_SUFFIX = "调休上班"


def _index_by_year(source: Mapping[dt.date, str]) -> dict[int, dict[dt.date, str]]:
    """Split a date-keyed mapping by year so building one year never scans all years."""
    by_year: dict[int, dict[dt.date, str]] = {}
    for day, name in source.items():
        by_year.setdefault(day.year, {})[day] = str(name)
    return by_year


_PACKAGE_HOLIDAYS = _index_by_year(chinese_calendar.holidays)
_PACKAGE_WORKDAYS = _index_by_year(chinese_calendar.workdays)

#: Years the ``chinese_calendar`` package has an arrangement for. Derived from the
#: package's own data (the same rule the package uses to refuse other years), so
#: upgrading the package extends it without a code change.
PACKAGE_YEARS: range = range(min(_PACKAGE_HOLIDAYS), max(_PACKAGE_HOLIDAYS) + 1)


@dataclass(frozen=True, slots=True)
class DayOverride:
    """An administrator's ruling on one day: worked or not, and what to call it.

    The national arrangement entered each November and office-level changes are
    both expressed this way; the caller merges them (office-level winning).
    """

    is_working_day: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class CalendarResult:
    """A day computed on the calendar.

    ``provisional`` is True when any day that was counted or skipped to reach
    ``date`` lies in a year whose arrangement is not known yet.
    """

    date: dt.date
    provisional: bool


@dataclass(frozen=True, slots=True)
class CountResult:
    """A number of working days, with the same ``provisional`` meaning as above."""

    count: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class _Year:
    """Everything needed about one year, computed once per calendar and year."""

    rest: frozenset[dt.date]
    names: Mapping[dt.date, str]
    # Sorted ordinals of the year's working days: lets counting use bisection
    # instead of stepping through days one at a time.
    working: tuple[int, ...]


def fixed_date_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays fixed on the solar calendar in ``year``, with Chinese names.

    元旦 1 Jan; 劳动节 1-2 May from 2025 (the 2024 revision of the holiday
    regulation added 2 May), 1 May in 2008-2024, 1-3 May before 2008; 国庆节
    1-3 Oct. Years before 1999 get the 1999 rules, which is wrong but harmless:
    no registration time limit runs that far back.
    """
    if year >= _TWO_DAY_LABOUR_FROM:
        labour_days = 2
    elif year >= _ONE_DAY_LABOUR_FROM:
        labour_days = 1
    else:
        labour_days = 3
    holidays = {dt.date(year, 1, 1): "元旦"}
    for day in range(1, labour_days + 1):
        holidays[dt.date(year, 5, day)] = "劳动节"
    for day in (1, 2, 3):
        holidays[dt.date(year, 10, day)] = "国庆节"
    return holidays


def needs_next_year_warning(today: dt.date, known_years: Collection[int]) -> bool:
    """Whether administrators should be told to enter next year's arrangement.

    True from 1 November (the State Council usually publishes the arrangement
    in November) to 31 December when ``today.year + 1`` is not among
    ``known_years``. It does not look at the current year: use
    :meth:`WorkCalendar.is_provisional` for that.
    """
    return today.month >= _WARNING_MONTH and today.year + 1 not in known_years


def _chinese_name(english: str) -> str:
    """Chinese name for a package holiday label."""
    known = _CHINESE_NAMES.get(english)
    if known is not None:
        return known
    # A newer package may add a holiday not mapped above; its own Chinese label is
    # better than English on a Chinese screen, and English is better than nothing.
    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english


def _check_date(day: dt.date) -> None:
    """Reject datetimes: a datetime never equals a date, so lookups would silently miss."""
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"expected datetime.date, got {type(day).__name__}")


def _days_of(year: int) -> Iterable[dt.date]:
    """Every day of ``year`` in order."""
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    return (dt.date.fromordinal(ordinal) for ordinal in range(first, last + 1))


def _baseline(year: int) -> tuple[set[dt.date], dict[dt.date, str]]:
    """Rest days and day names of ``year`` before any administrator override."""
    rest = {day for day in _days_of(year) if day.weekday() >= _SATURDAY}
    names: dict[dt.date, str] = {}
    if year in PACKAGE_YEARS:
        for day, english in _PACKAGE_HOLIDAYS.get(year, {}).items():
            rest.add(day)
            names[day] = _chinese_name(english)
        for day, english in _PACKAGE_WORKDAYS.get(year, {}).items():
            rest.discard(day)
            names[day] = _chinese_name(english) + _MAKE_UP_SUFFIX
    else:
        # Fixed-date holidays are statutory, so they are rest days even in a
        # confirmed year whose administrator did not enter them explicitly.
        fixed = fixed_date_holidays(year)
        rest.update(fixed)
        names.update(fixed)
    return rest, names


def _apply_overrides(
    overrides: Mapping[dt.date, DayOverride], rest: set[dt.date], names: dict[dt.date, str]
) -> None:
    """Apply administrator overrides in place; they win over everything else."""
    for day, override in overrides.items():
        was_working = day not in rest
        if override.is_working_day:
            rest.discard(day)
        else:
            rest.add(day)
        if override.name:
            names[day] = override.name
        elif was_working != override.is_working_day:
            # An unnamed override that flips the day would leave a stale name
            # (e.g. "国庆节" on a day now worked); an unnamed one that agrees keeps it.
            names.pop(day, None)


def _following_year(year: int) -> int:
    """``year + 1``, with a clear error instead of a confusing one at the end of time."""
    if year >= dt.MAXYEAR:
        raise OverflowError("working-day arithmetic ran past datetime.date.max")
    return year + 1


class WorkCalendar:
    """An office's calendar of working days; immutable once built.

    ``overrides`` maps dates to :class:`DayOverride` (already merged by the
    caller, office-level winning) and applies on top of any other source in every
    year. ``confirmed_years`` are years whose arrangement an administrator has
    entered; with the package's years they make up :attr:`known_years`.

    Years are computed lazily and cached per instance. Because the instance
    never changes, the cache never goes stale; concurrent first use of a year
    may compute it twice, which is harmless. Build a new calendar when the
    overrides or confirmed years change.
    """

    __slots__ = ("_cache", "_confirmed", "_known", "_overrides", "_overrides_by_year")

    def __init__(
        self,
        *,
        overrides: Mapping[dt.date, DayOverride] | None = None,
        confirmed_years: Iterable[int] = (),
    ) -> None:
        """Freeze the given overrides and confirmed years into a new calendar."""
        copied = dict(overrides or {})
        by_year: dict[int, dict[dt.date, DayOverride]] = {}
        for day, override in copied.items():
            _check_date(day)
            by_year.setdefault(day.year, {})[day] = override
        self._overrides: Mapping[dt.date, DayOverride] = MappingProxyType(copied)
        self._overrides_by_year = by_year
        self._confirmed = frozenset(confirmed_years)
        self._known = frozenset(PACKAGE_YEARS) | self._confirmed
        self._cache: dict[int, _Year] = {}

    def __repr__(self) -> str:
        """Summarise without dumping every override."""
        confirmed = sorted(self._confirmed)
        return f"WorkCalendar({len(self._overrides)} overrides, confirmed_years={confirmed})"

    @property
    def overrides(self) -> Mapping[dt.date, DayOverride]:
        """The overrides this calendar was built with (read-only)."""
        return self._overrides

    @property
    def confirmed_years(self) -> frozenset[int]:
        """Years an administrator has confirmed."""
        return self._confirmed

    @property
    def known_years(self) -> frozenset[int]:
        """Years that are not provisional: the package's years plus the confirmed ones."""
        return self._known

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the office works on ``day``."""
        _check_date(day)
        return day not in self._year(day.year).rest

    def is_provisional(self, day: dt.date) -> bool:
        """Whether ``day`` lies in a year whose arrangement is not known."""
        _check_date(day)
        return day.year not in self._known

    def day_name(self, day: dt.date) -> str | None:
        """Chinese name of the holiday or make-up day ``day`` belongs to, if any."""
        _check_date(day)
        return self._year(day.year).names.get(day)

    def next_working_day(self, day: dt.date, *, include_today: bool) -> CalendarResult:
        """First working day on or after ``day`` (``include_today``) or strictly after it."""
        _check_date(day)
        first = day if include_today else day + _ONE_DAY
        found = self._nth_working_after(first.toordinal() - 1, first.year, 1)
        return CalendarResult(found, self._any_provisional(first, found))

    def add_working_days(self, start: dt.date, n: int) -> CalendarResult:
        """Return the ``n``-th working day after ``start``; ``start`` itself never counts.

        Counting begins the day after ``start`` (the day of acceptance is not
        counted, as under Civil Code art. 201), so with n = 1 the result is the
        next working day. For n = 0 the result is ``start`` if it is a working
        day, else the next working day. ``provisional`` covers the days from the
        day after ``start`` (from ``start`` itself when n = 0) to the result.
        """
        _check_date(start)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return self.next_working_day(start, include_today=True)
        found = self._nth_working_after(start.toordinal(), start.year, n)
        return CalendarResult(found, self._any_provisional(start + _ONE_DAY, found))

    def count_working_days(self, start: dt.date, end: dt.date) -> CountResult:
        """Working days in the half-open range (start, end], with a provisional flag.

        The inverse of :meth:`add_working_days`: for n >= 1,
        ``count_working_days(s, add_working_days(s, n).date).count == n``.
        ``end == start`` gives 0; ``end < start`` raises ValueError.
        """
        _check_date(start)
        _check_date(end)
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        low, high = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            working = self._year(year).working
            total += bisect.bisect_right(working, high) - bisect.bisect_right(working, low)
        provisional = end > start and self._any_provisional(start + _ONE_DAY, end)
        return CountResult(total, provisional)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; :meth:`count_working_days` without the flag."""
        return self.count_working_days(start, end).count

    def period_end(self, event_date: dt.date, days: int) -> CalendarResult:
        """Last day of a period of ``days`` calendar days triggered on ``event_date``.

        Civil Code arts. 200-204: the period starts the day after the event, so
        its last day is ``event_date + days``; if that day is not a working day
        on this calendar (weekend, holiday or office closure), the period ends on
        the first working day after it. The period ends at the end of the
        returned day. ``provisional`` covers the days from the nominal last day
        to the result: the days before it are counted whatever the calendar says.
        """
        _check_date(event_date)
        if days < 1:
            raise ValueError(f"days must be >= 1, got {days}")
        return self.next_working_day(event_date + dt.timedelta(days=days), include_today=True)

    def _nth_working_after(self, after_ordinal: int, year: int, n: int) -> dt.date:
        """Find the n-th (n >= 1) working day whose ordinal exceeds ``after_ordinal``.

        ``year`` is the year to start looking in: the year of the day after
        ``after_ordinal`` or the one before it.
        """
        index = bisect.bisect_right(self._year(year).working, after_ordinal)
        remaining = n
        while True:
            working = self._year(year).working
            available = len(working) - index
            if remaining <= available:
                return dt.date.fromordinal(working[index + remaining - 1])
            remaining -= available
            year = _following_year(year)
            index = 0

    def _any_provisional(self, first: dt.date, last: dt.date) -> bool:
        """Whether any day in [first, last] lies in an unknown year."""
        return any(year not in self._known for year in range(first.year, last.year + 1))

    def _year(self, year: int) -> _Year:
        """Return the cached facts about ``year``, computing them on first use."""
        cached = self._cache.get(year)
        if cached is None:
            cached = self._cache.setdefault(year, self._build_year(year))
        return cached

    def _build_year(self, year: int) -> _Year:
        """Compute rest days, names and working-day ordinals for ``year``."""
        rest, names = _baseline(year)
        _apply_overrides(self._overrides_by_year.get(year, {}), rest, names)
        working = tuple(day.toordinal() for day in _days_of(year) if day not in rest)
        return _Year(rest=frozenset(rest), names=MappingProxyType(names), working=working)
