"""Deciding a request against a unit's register (登记审核) and entering it (登簿).

:func:`decide` evaluates the register as of the decision's date (so lapses and
promotions count whether or not a job ran), runs every rule family and returns
all grounds found. :func:`enter` is the usual sequence for one request: decide
as of the entry's day and, if allowed, make the entry and apply it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from yichuang.core.working_days import WorkCalendar
from yichuang.registry.rules.as_of import unit_state_as_of
from yichuang.registry.rules.checks import ALL_CHECKS, Context
from yichuang.registry.rules.config import DEFAULT_CONFIG, RulesConfig
from yichuang.registry.rules.entries import (
    Entry,
    PendingApplication,
    RegistrationRequest,
    entry_for,
)
from yichuang.registry.rules.outcome import Decision, Note, NoteCode, Refusal, note
from yichuang.registry.rules.periods import local_date
from yichuang.registry.rules.projection import apply
from yichuang.registry.rules.state import UnitState

__all__ = ["Registration", "decide", "enter"]


def decide(
    state: UnitState,
    request: RegistrationRequest,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    config: RulesConfig = DEFAULT_CONFIG,
    pending: Sequence[PendingApplication] = (),
) -> Decision:
    """Whether ``request`` may be entered on ``state``'s unit on ``as_of``, and on what grounds.

    ``pending`` lists the unit's other applications accepted but not entered,
    which some rules must respect (RULES art. 67). Pure: nothing is changed.
    """
    view = unit_state_as_of(state, as_of, calendar, config)
    ctx = Context(view, request, calendar, config, tuple(pending))
    refusals: list[Refusal] = []
    notes: list[Note] = []
    for check in ALL_CHECKS:
        for finding in check(ctx):
            if isinstance(finding, Refusal):
                refusals.append(finding)
            else:
                notes.append(finding)
    if view.provisional:
        notes.append(note(NoteCode.PROVISIONAL_CALENDAR))
    return Decision(tuple(refusals), tuple(notes))


@dataclass(frozen=True, slots=True)
class Registration:
    """What :func:`enter` did: the decision, the state after, and the entry if made."""

    decision: Decision
    state: UnitState
    entry: Entry | None


def enter(
    state: UnitState,
    request: RegistrationRequest,
    *,
    seq: int,
    entered_at: dt.datetime,
    calendar: WorkCalendar,
    config: RulesConfig = DEFAULT_CONFIG,
    pending: Sequence[PendingApplication] = (),
) -> Registration:
    """Decide ``request`` as of ``entered_at``'s day; if allowed, enter it as ``seq``.

    A refused request leaves ``state`` as it was (the same object is returned).
    """
    decision = decide(
        state,
        request,
        as_of=local_date(entered_at),
        calendar=calendar,
        config=config,
        pending=pending,
    )
    if not decision.allowed:
        return Registration(decision, state, None)
    entry = entry_for(request, seq=seq, entered_at=entered_at, config=config)
    return Registration(decision, apply(state, entry), entry)
