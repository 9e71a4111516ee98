"""The time-limit clock of a registration case (办理时限计时), pure Python.

REG art. 20 gives an office 30 working days from acceptance to finish a
registration, "unless a law provides otherwise"; that is the ceiling. Offices
promise far less (the 2019-2020 reform targets: 5 working days, and next-day
service for seizures, objections and cancellations), and mission R9 asks that
every case show its clock against the promise. :class:`ClockConfig` holds the
promises and the counting choices; :func:`clock_status` answers, as of a date,
the due date, the working days used and left, and whether the case is due soon,
overdue or paused.

Counting rules (docs/adr/0013-case-workflow-and-time-limits.md):

* Day 1 is the first working day after the day of acceptance, as the Civil
  Code counts periods (arts. 200-204) and as :meth:`WorkCalendar.add_working_days`
  does; an office may count the acceptance day itself instead
  (``count_acceptance_day``).
* Only statutory suspensions stop the clock: a site visit or an investigation
  (REG art. 19) and a public notice (RULES art. 17). Waiting for materials is
  not one: whatever was missing belonged on the one-time notice at the window
  (REG art. 17 item 3). A suspension covers whole days, from its ``start`` to
  its ``end`` inclusive; no working day in between is counted.
* A due date that depends on a year whose holiday arrangement is not yet known
  is marked ``provisional``, as the calendar marks it.

No Django here: the cases app stores acceptance dates and suspensions and asks
this module what they mean on an office's :class:`WorkCalendar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from yichuang.core.working_days import CalendarResult, WorkCalendar
from yichuang.registry.rules.codes import RegistrationType

__all__ = [
    "DEFAULT_CLOCK_CONFIG",
    "DEFAULT_PROMISED_BY_TYPE",
    "REG_TIME_LIMIT",
    "STATUTORY_LIMIT_WORKING_DAYS",
    "STATUTORY_SUSPENSIONS",
    "ClockConfig",
    "ClockError",
    "ClockStatus",
    "NonStatutoryPauseError",
    "Suspension",
    "SuspensionReason",
    "clock_start",
    "clock_status",
    "due_date",
    "promised_limit",
]

_ONE_DAY = dt.timedelta(days=1)

#: The statutory time limit: no promise may exceed it (REG art. 20).
STATUTORY_LIMIT_WORKING_DAYS: Final = 30
REG_TIME_LIMIT: Final = "REG art. 20"


class SuspensionReason(StrEnum):
    """Why a case is suspended (中止计时的事由); only the statutory ones stop the clock."""

    SITE_VISIT = "site_visit"  # 实地查看 (REG art. 19 para. 1)
    INVESTIGATION = "investigation"  # 调查 (REG art. 19 para. 2)
    PUBLIC_NOTICE = "public_notice"  # 公告 (RULES art. 17, at least 15 working days)
    # 等待补充材料: after acceptance nothing may be missing that the one-time
    # notice should have listed, so waiting for it never stops the clock.
    AWAITING_MATERIALS = "awaiting_materials"
    OTHER = "other"  # 其他 (another department, a system outage, an internal sign-off)


#: The suspensions a law provides for, with the article; the rest are refused.
#: That these periods are left out of the time limit is common practice, not a
#: text the reference has confirmed (the ADR records it).
STATUTORY_SUSPENSIONS: Mapping[SuspensionReason, str] = MappingProxyType(
    {
        SuspensionReason.SITE_VISIT: "REG art. 19 para. 1",
        SuspensionReason.INVESTIGATION: "REG art. 19 para. 2",
        SuspensionReason.PUBLIC_NOTICE: "RULES art. 17",
    }
)

#: Types offices commonly promise by the next working day (domain reference §2,
#: practice, unconfirmed); every other type gets ``general_working_days``.
DEFAULT_PROMISED_BY_TYPE: Mapping[RegistrationType, int] = MappingProxyType(
    {
        RegistrationType.SEIZURE: 1,
        RegistrationType.SEIZURE_LIFT: 1,
        RegistrationType.OBJECTION: 1,
        RegistrationType.CANCELLATION: 1,
        RegistrationType.MORTGAGE_CANCELLATION: 1,
    }
)


class ClockError(ValueError):
    """A clock asked for with impossible inputs (dates out of order, a bad limit)."""


class NonStatutoryPauseError(ClockError):
    """A pause no law provides for: the clock keeps running (REG art. 20)."""


def _check_limit(name: str, value: int) -> None:
    """Refuse a promise below one working day or above the statutory ceiling."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if not 1 <= value <= STATUTORY_LIMIT_WORKING_DAYS:
        raise ClockError(
            f"{name} must lie between 1 and {STATUTORY_LIMIT_WORKING_DAYS} working days "
            f"({REG_TIME_LIMIT}), got {value}"
        )


def _default_promises() -> Mapping[RegistrationType, int]:
    return DEFAULT_PROMISED_BY_TYPE


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockConfig:
    """An office's time-limit promises and counting choices (办理时限承诺).

    * ``general_working_days``: the promise for any type not in
      ``promised_by_type``; 5, the 2020 target of 国办发〔2019〕8号 (unconfirmed
      wording).
    * ``promised_by_type``: promises that differ from the general one; 1 working
      day for seizure, seizure lift, objection and cancellations by default.
    * ``count_acceptance_day``: whether the day of acceptance is day 1. False by
      default: counting starts on the next working day (CC art. 201).
    * ``due_soon_working_days``: a running clock with this many working days left
      or fewer is "due soon" (1: the due day and the working day before it).
    * ``pausing_reasons``: the statutory suspensions that stop this office's
      clock; all of them by default. A non-statutory reason is refused.

    Every promise lies between 1 and 30 working days: a same-day promise
    (即时办结) is a service target within the day, not a working-day clock.
    """

    general_working_days: int = 5
    promised_by_type: Mapping[RegistrationType, int] = field(default_factory=_default_promises)
    count_acceptance_day: bool = False
    due_soon_working_days: int = 1
    pausing_reasons: frozenset[SuspensionReason] = frozenset(STATUTORY_SUSPENSIONS)

    def __post_init__(self) -> None:
        """Refuse promises beyond REG art. 20 and pauses no law provides for."""
        _check_limit("general_working_days", self.general_working_days)
        for registration_type, limit in self.promised_by_type.items():
            _check_limit(f"promised_by_type[{registration_type}]", limit)
        if self.due_soon_working_days < 0:
            raise ClockError("due_soon_working_days must not be negative")
        extra = set(self.pausing_reasons) - set(STATUTORY_SUSPENSIONS)
        if extra:
            names = ", ".join(sorted(extra))
            raise NonStatutoryPauseError(f"no law stops the clock for: {names}")
        # Frozen copies, so a config shared between requests cannot be changed.
        object.__setattr__(self, "promised_by_type", MappingProxyType(dict(self.promised_by_type)))
        object.__setattr__(self, "pausing_reasons", frozenset(self.pausing_reasons))


#: The configuration with every default.
DEFAULT_CLOCK_CONFIG = ClockConfig()


def _check_date(value: object, name: str) -> None:
    """Refuse a datetime: it never equals a date, and the clock counts whole days."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Suspension:
    """A period the case was suspended (中止): every day from ``start`` to ``end``.

    ``end`` is None while the suspension lasts. Both days are whole days off the
    clock: the day the reviewer suspends and the day the case resumes are not
    counted, as the day of a triggering event is not (CC art. 201).
    """

    reason: SuspensionReason
    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        """Refuse datetimes and an end before the start."""
        _check_date(self.start, "start")
        if self.end is not None:
            _check_date(self.end, "end")
            if self.end < self.start:
                raise ClockError(f"suspension ends {self.end} before it starts {self.start}")

    @property
    def statutory(self) -> bool:
        """Whether a law provides for this suspension."""
        return self.reason in STATUTORY_SUSPENSIONS

    @property
    def article(self) -> str | None:
        """The article that provides for it, if any."""
        return STATUTORY_SUSPENSIONS.get(self.reason)


@dataclass(frozen=True, slots=True)
class ClockStatus:
    """Where a case's clock stands at the end of ``as_of`` (计时状态).

    ``working_days_left`` is negative once the case is overdue by that many
    working days, so ``working_days_used + working_days_left == limit`` always.
    ``due_on`` is the day by whose end the case must be finished; while the case
    is paused it is the earliest it can be, and it moves with every paused
    working day. ``provisional`` is the calendar's flag for ``due_on``.
    """

    accepted_on: dt.date
    as_of: dt.date
    limit: int
    due_on: dt.date
    provisional: bool
    working_days_used: int
    working_days_left: int
    paused_working_days: int
    paused: bool
    overdue: bool
    due_soon: bool

    @property
    def overdue_working_days(self) -> int:
        """Working days past the due date (0 until it has passed)."""
        return max(0, -self.working_days_left)


def promised_limit(
    registration_type: RegistrationType, config: ClockConfig = DEFAULT_CLOCK_CONFIG
) -> int:
    """The promised time limit of ``registration_type`` in working days."""
    return config.promised_by_type.get(registration_type, config.general_working_days)


def _anchor(accepted_on: dt.date, config: ClockConfig) -> dt.date:
    """The last day not counted: counting runs over the working days after it."""
    return accepted_on - _ONE_DAY if config.count_acceptance_day else accepted_on


def clock_start(
    accepted_on: dt.date, calendar: WorkCalendar, config: ClockConfig = DEFAULT_CLOCK_CONFIG
) -> CalendarResult:
    """Day 1 of the clock: the acceptance day or the next working day, per ``config``."""
    _check_date(accepted_on, "accepted_on")
    return calendar.add_working_days(_anchor(accepted_on, config), 1)


_Pause = tuple[dt.date, dt.date]


def _pauses(
    accepted_on: dt.date,
    suspensions: Iterable[Suspension],
    config: ClockConfig,
    as_of: dt.date | None,
) -> list[_Pause]:
    """The days off the clock as sorted, disjoint, inclusive ranges.

    Suspensions overlap in practice (a site visit during a public notice); a day
    off the clock is off once. With ``as_of``, the clock is read as it stood
    that day: later suspensions are not yet known and an open one lasts to it.
    """
    ranges: list[_Pause] = []
    for suspension in suspensions:
        if not suspension.statutory:
            raise NonStatutoryPauseError(
                f"no law stops the clock for {suspension.reason} ({REG_TIME_LIMIT})"
            )
        if suspension.start < accepted_on:
            raise ClockError(f"suspension starts {suspension.start} before acceptance")
        if suspension.reason not in config.pausing_reasons:
            continue
        end = suspension.end
        if as_of is not None:
            if suspension.start > as_of:
                continue
            end = as_of if end is None else min(end, as_of)
        if end is None:
            raise ClockError("an open suspension needs an as_of date to be read")
        ranges.append((suspension.start, end))
    merged: list[_Pause] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _due(anchor: dt.date, limit: int, pauses: list[_Pause], calendar: WorkCalendar) -> dt.date:
    """The ``limit``-th working day after ``anchor`` that no pause covers."""
    cursor, remaining = anchor, limit
    for start, end in pauses:
        if end <= cursor:
            continue
        before = start - _ONE_DAY
        if before > cursor:
            available = calendar.working_days_between(cursor, before)
            if available >= remaining:
                return calendar.add_working_days(cursor, remaining).date
            remaining -= available
        cursor = max(cursor, end)
    return calendar.add_working_days(cursor, remaining).date


def _paused_between(
    anchor: dt.date, until: dt.date, pauses: list[_Pause], calendar: WorkCalendar
) -> int:
    """Working days in (anchor, until] that a pause covers."""
    total = 0
    for start, end in pauses:
        low, high = max(start - _ONE_DAY, anchor), min(end, until)
        if high > low:
            total += calendar.working_days_between(low, high)
    return total


def _provisional(first: dt.date, last: dt.date, calendar: WorkCalendar) -> bool:
    """Whether any day in [first, last] lies in a year whose arrangement is unknown."""
    return any(
        calendar.is_provisional(dt.date(year, 1, 1)) for year in range(first.year, last.year + 1)
    )


def due_date(
    *,
    accepted_on: dt.date,
    limit: int,
    calendar: WorkCalendar,
    suspensions: Iterable[Suspension] = (),
    config: ClockConfig = DEFAULT_CLOCK_CONFIG,
) -> CalendarResult:
    """The day by whose end a case accepted on ``accepted_on`` must be finished.

    ``limit`` is in working days (see :func:`promised_limit`); every suspension
    must have ended (use :func:`clock_status` while one lasts). Raises
    :class:`NonStatutoryPauseError` for a suspension no law provides for.
    """
    _check_date(accepted_on, "accepted_on")
    _check_limit("limit", limit)
    pauses = _pauses(accepted_on, suspensions, config, None)
    anchor = _anchor(accepted_on, config)
    due = _due(anchor, limit, pauses, calendar)
    return CalendarResult(due, _provisional(anchor + _ONE_DAY, due, calendar))


def clock_status(
    *,
    accepted_on: dt.date,
    limit: int,
    calendar: WorkCalendar,
    as_of: dt.date,
    suspensions: Iterable[Suspension] = (),
    config: ClockConfig = DEFAULT_CLOCK_CONFIG,
) -> ClockStatus:
    """The clock of a case accepted on ``accepted_on``, read at the end of ``as_of``.

    For a deemed acceptance (REG art. 17 para. 2) ``accepted_on`` is the intake
    day. Suspensions starting after ``as_of`` are ignored and one still open is
    taken to last to ``as_of``, so a past date reads the clock as it stood then.
    """
    _check_date(accepted_on, "accepted_on")
    _check_date(as_of, "as_of")
    _check_limit("limit", limit)
    if as_of < accepted_on:
        raise ClockError(f"as_of {as_of} is before acceptance on {accepted_on}")
    pauses = _pauses(accepted_on, suspensions, config, as_of)
    anchor = _anchor(accepted_on, config)
    due = _due(anchor, limit, pauses, calendar)
    paused_days = _paused_between(anchor, as_of, pauses, calendar)
    used = calendar.working_days_between(anchor, as_of) - paused_days
    left = limit - used
    paused = any(start <= as_of <= end for start, end in pauses)
    overdue = as_of > due
    return ClockStatus(
        accepted_on=accepted_on,
        as_of=as_of,
        limit=limit,
        due_on=due,
        provisional=_provisional(anchor + _ONE_DAY, due, calendar),
        working_days_used=used,
        working_days_left=left,
        paused_working_days=paused_days,
        paused=paused,
        overdue=overdue,
        # A paused clock cannot run out, so there is nothing to escalate yet.
        due_soon=not overdue and not paused and left <= config.due_soon_working_days,
    )
