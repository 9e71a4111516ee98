"""A unit's register as it stands on a date (某日的登记簿状态): lapses and promotions.

:func:`unit_state_as_of` derives, from the facts in a :class:`UnitState`, which
encumbrances are in force on ``as_of``: an objection with no suit lodged within
15 days has lapsed (CC art. 220), an advance notice whose main registration was
not applied for within 90 days of becoming possible has lapsed (CC art. 221), a
seizure not renewed has lapsed at the end of its term and the first waiting
seizure has taken its place (RULES arts. 91-92). Nothing is stored and no job
has to run: the same facts and date always give the same answer.

Facts already entered count as having happened even if ``as_of`` is earlier
than their entry; ask about a date after the last entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from yichuang.core.working_days import WorkCalendar
from yichuang.registry.rules.codes import RightKind, Status
from yichuang.registry.rules.config import DEFAULT_CONFIG, RulesConfig
from yichuang.registry.rules.periods import add_months, local_date
from yichuang.registry.rules.ranking import mortgage_ranks
from yichuang.registry.rules.state import (
    AdvanceNotice,
    Easement,
    Mortgage,
    Objection,
    Right,
    Seizure,
    UnitState,
)

__all__ = [
    "MortgageView",
    "NoticeView",
    "ObjectionView",
    "SeizureView",
    "UnitView",
    "unit_state_as_of",
]

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class SeizureView:
    """A seizure on the date: ``queue`` is 1 for the one in force, 2.. for those waiting.

    ``ended_on`` is the first day it no longer binds (the lift's day, or the
    day after the last day of its term).
    """

    seizure: Seizure
    status: Status
    queue: int | None
    effective_on: dt.date | None
    term_end: dt.date | None
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class NoticeView:
    """An advance notice on the date; ``deadline`` is the last day to apply.

    ``deadline`` is None while the main registration is not yet possible (a
    pre-sold flat not yet first registered): CC art. 221's period has not begun.
    """

    notice: AdvanceNotice
    status: Status
    deadline: dt.date | None
    ended_on: dt.date | None
    provisional: bool


@dataclass(frozen=True, slots=True)
class ObjectionView:
    """An objection on the date; ``deadline`` is the last day to lodge a suit."""

    objection: Objection
    status: Status
    deadline: dt.date
    ended_on: dt.date | None
    provisional: bool


@dataclass(frozen=True, slots=True)
class MortgageView:
    """A live mortgage and its rank among the unit's live mortgages."""

    mortgage: Mortgage
    rank: int


@dataclass(frozen=True, slots=True)
class UnitView:
    """The register of a unit as of ``as_of``: live rights, ranks and statuses.

    ``provisional`` is true when a period was counted on a provisional calendar
    (see ``core.working_days``), so a status may change once the year is known.
    """

    state: UnitState
    as_of: dt.date
    rights: tuple[Right, ...]
    mortgages: tuple[MortgageView, ...]
    seizures: tuple[SeizureView, ...]
    notices: tuple[NoticeView, ...]
    objections: tuple[ObjectionView, ...]
    easements: tuple[Easement, ...]
    provisional: bool

    def right(self, kind: RightKind) -> Right | None:
        """The live right of ``kind``, if registered."""
        return self.state.right(kind)

    @property
    def seizures_in_force(self) -> tuple[SeizureView, ...]:
        """Seizures binding the unit now (at most one under the ranking rule)."""
        return tuple(view for view in self.seizures if view.status == Status.ACTIVE)

    @property
    def seizures_waiting(self) -> tuple[SeizureView, ...]:
        """Waiting seizures (轮候查封) in their order of effect."""
        return tuple(view for view in self.seizures if view.status == Status.WAITING)

    @property
    def notices_active(self) -> tuple[NoticeView, ...]:
        """Advance notices still protecting their holders."""
        return tuple(view for view in self.notices if view.status == Status.ACTIVE)

    @property
    def objections_standing(self) -> tuple[ObjectionView, ...]:
        """Objections neither lapsed nor cancelled."""
        return tuple(view for view in self.objections if view.status == Status.ACTIVE)

    def seizure(self, seq: int) -> SeizureView | None:
        """The seizure entered as ``seq``."""
        return next((view for view in self.seizures if view.seizure.seq == seq), None)

    def notice(self, seq: int) -> NoticeView | None:
        """The advance notice entered as ``seq``."""
        return next((view for view in self.notices if view.notice.seq == seq), None)

    def objection(self, seq: int) -> ObjectionView | None:
        """The objection entered as ``seq``."""
        return next((view for view in self.objections if view.objection.seq == seq), None)

    def mortgage(self, seq: int) -> MortgageView | None:
        """The live mortgage entered as ``seq``."""
        return next((view for view in self.mortgages if view.mortgage.seq == seq), None)


def unit_state_as_of(
    state: UnitState,
    as_of: dt.date,
    calendar: WorkCalendar,
    config: RulesConfig = DEFAULT_CONFIG,
) -> UnitView:
    """The register of ``state``'s unit as it stands at the end of ``as_of``."""
    live = [m for m in state.mortgages if m.cancelled is None]
    ranks = mortgage_ranks(live)
    mortgages = tuple(
        sorted((MortgageView(m, ranks[m.seq]) for m in live), key=lambda view: view.rank)
    )
    notices = tuple(_notice_view(n, as_of, calendar, config) for n in state.notices)
    objections = tuple(_objection_view(o, as_of, calendar, config) for o in state.objections)
    return UnitView(
        state=state,
        as_of=as_of,
        rights=tuple(right for right in state.rights if right.cancelled is None),
        mortgages=mortgages,
        seizures=_seizure_views(state.seizures, as_of, config),
        notices=notices,
        objections=objections,
        easements=tuple(e for e in state.easements if e.cancelled is None),
        provisional=any(v.provisional for v in notices) or any(v.provisional for v in objections),
    )


def _first_ending(candidates: Iterable[tuple[dt.date, Status]]) -> tuple[dt.date, Status] | None:
    """The earliest of several possible endings; a lapse wins a tie (it happens at 0:00)."""
    return min(candidates, key=lambda c: (c[0], c[1] != Status.LAPSED), default=None)


def _objection_view(
    objection: Objection, as_of: dt.date, calendar: WorkCalendar, config: RulesConfig
) -> ObjectionView:
    """Stands until cancelled; lapses after its deadline unless a suit was lodged by then."""
    period = calendar.period_end(local_date(objection.entered_at), config.objection_days)
    deadline = period.date
    candidates: list[tuple[dt.date, Status]] = []
    if objection.cancelled is not None:
        candidates.append((local_date(objection.cancelled.at), Status.CANCELLED))
    lodged = objection.suit_lodged_on
    if (lodged is None or lodged > deadline) and deadline < as_of:
        candidates.append((deadline + _ONE_DAY, Status.LAPSED))
    ending = _first_ending(candidates)
    status, ended_on = (Status.ACTIVE, None) if ending is None else (ending[1], ending[0])
    return ObjectionView(objection, status, deadline, ended_on, period.provisional)


def _notice_view(
    notice: AdvanceNotice, as_of: dt.date, calendar: WorkCalendar, config: RulesConfig
) -> NoticeView:
    """Fulfilled once its main registration is entered; else it may lapse or be cancelled."""
    deadline: dt.date | None = None
    provisional = False
    if notice.possible_from is not None:
        period = calendar.period_end(notice.possible_from, config.advance_notice_days)
        deadline, provisional = period.date, period.provisional
    if notice.fulfilled is not None:
        # The main registration was entered: the notice did its work, whatever
        # the dates (the rules checked the application was made in time).
        ended = local_date(notice.fulfilled.at)
        return NoticeView(notice, Status.FULFILLED, deadline, ended, provisional)
    candidates: list[tuple[dt.date, Status]] = []
    if notice.cancelled is not None:
        candidates.append((local_date(notice.cancelled.at), Status.CANCELLED))
    if notice.claim_ended_on is not None and notice.claim_ended_on <= as_of:
        candidates.append((notice.claim_ended_on, Status.LAPSED))
    if deadline is not None and deadline < as_of:
        candidates.append((deadline + _ONE_DAY, Status.LAPSED))
    ending = _first_ending(candidates)
    status, ended_on = (Status.ACTIVE, None) if ending is None else (ending[1], ending[0])
    return NoticeView(notice, status, deadline, ended_on, provisional)


def _seizure_views(
    seizures: Iterable[Seizure], as_of: dt.date, config: RulesConfig
) -> tuple[SeizureView, ...]:
    """Walk the seizures in order of service: each takes effect when the one before ends.

    ``free_from`` is the first day no earlier seizure binds; once one is still
    in force on ``as_of`` every later one waits (RULES art. 91).
    """
    views: list[SeizureView] = []
    free_from: dt.date | None = None
    in_force = False
    queue = 0
    for seizure in sorted(seizures, key=lambda s: (s.served_at, s.seq)):
        lifted_on = local_date(seizure.lifted.at) if seizure.lifted is not None else None
        served_on = local_date(seizure.served_at)
        start = served_on if free_from is None else max(served_on, free_from)
        if lifted_on is not None and (in_force or lifted_on < start):
            # Lifted while it waited: it never bound the unit.
            views.append(SeizureView(seizure, Status.LIFTED, None, None, None, lifted_on))
            continue
        if in_force or start > as_of:
            queue += 1
            views.append(SeizureView(seizure, Status.WAITING, queue, None, None, None))
            continue
        view = _effective_seizure(seizure, start, start > served_on, as_of, config)
        if view.ended_on is None:
            queue += 1
            in_force = True
            view = SeizureView(seizure, view.status, queue, start, view.term_end, None)
        else:
            free_from = max(free_from or view.ended_on, view.ended_on)
        views.append(view)
    return tuple(views)


def _effective_seizure(
    seizure: Seizure, start: dt.date, waited: bool, as_of: dt.date, config: RulesConfig
) -> SeizureView:
    """A seizure that took effect on ``start``: in force, lifted or lapsed on ``as_of``."""
    term_end = _renewed_term_end(seizure, start, _term_end(seizure, start, waited, config))
    candidates: list[tuple[dt.date, Status]] = []
    if seizure.lifted is not None:
        candidates.append((local_date(seizure.lifted.at), Status.LIFTED))
    if term_end < as_of:
        candidates.append((term_end + _ONE_DAY, Status.LAPSED))
    ending = _first_ending(candidates)
    if ending is None:
        return SeizureView(seizure, Status.ACTIVE, None, start, term_end, None)
    ended_on, status = ending
    # A waiting seizure whose term ran from its service may lapse before it
    # could take effect; it then never bound the unit.
    never = status == Status.LAPSED and ended_on <= start
    effective_on = None if never else start
    return SeizureView(seizure, status, None, effective_on, term_end, max(ended_on, start))


def _term_end(seizure: Seizure, start: dt.date, waited: bool, config: RulesConfig) -> dt.date:
    """Last day of the seizure's original term.

    An explicit last day is what the court ordered and is kept as written.
    Otherwise the term in months runs from the day it took effect, or, for a
    seizure that waited and ``waiting_seizure_term_from_effect`` is off, from
    its service.
    """
    if seizure.term_end is not None:
        return seizure.term_end
    months = seizure.term_months or config.seizure_term_months
    from_effect = waited and config.waiting_seizure_term_from_effect
    return add_months(start if from_effect else local_date(seizure.served_at), months)


def _renewed_term_end(seizure: Seizure, start: dt.date, term_end: dt.date) -> dt.date:
    """The term's last day after renewals entered while the seizure was in force.

    A renewal counts only if entered on or before the current last day (续封
    must come before the term ends); one entered after the lapse revives nothing.
    """
    current = term_end
    for renewal in sorted(seizure.renewals, key=lambda r: r.seq):
        entered_on = local_date(renewal.entered_at)
        if start <= entered_on <= current and renewal.term_end > current:
            current = renewal.term_end
    return current
