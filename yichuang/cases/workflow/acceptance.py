"""Deemed acceptance (视为受理, REG art. 17 para. 2).

An office that has not refused an application in writing on the spot (a
one-time notice, or out of remit) is deemed to have accepted it. The platform
reads "on the spot" as "by the end of the intake's day": an intake still open
then is accepted by law, and its clock starts on the intake day, not on the day
someone notices. The end of the day is midnight (China time) unless the office
sets its close of business (docs/adr/0013-case-workflow-and-time-limits.md).
"""

from __future__ import annotations

import datetime as dt

from yichuang.cases.workflow.codes import CaseState
from yichuang.registry.rules.periods import CHINA_TIME, local_date, require_aware

__all__ = ["deemed_acceptance_date", "deemed_accepted", "intake_day_end"]


def intake_day_end(
    intake_opened_at: dt.datetime, *, closes_at: dt.time | None = None
) -> dt.datetime:
    """The moment the intake's day ends, after which an undecided intake is accepted.

    ``closes_at`` is the office's close of business in China time, as a naive
    time. An intake opened after closing (a clerk finishing a queue) keeps its
    day until midnight rather than being deemed accepted the moment it opens.
    """
    require_aware(intake_opened_at, "intake_opened_at")
    opened = intake_opened_at.astimezone(CHINA_TIME)
    midnight = dt.datetime.combine(opened.date() + dt.timedelta(days=1), dt.time(0), CHINA_TIME)
    if closes_at is None:
        return midnight
    if closes_at.tzinfo is not None:
        raise ValueError("closes_at is a naive time of day in China time")
    close = dt.datetime.combine(opened.date(), closes_at, CHINA_TIME)
    return close if close > opened else midnight


def deemed_accepted(
    intake_opened_at: dt.datetime,
    now: dt.datetime,
    *,
    state: CaseState,
    closes_at: dt.time | None = None,
) -> bool:
    """Whether a case is accepted by law: still at intake when the intake's day ended.

    ``intake_opened_at`` is when the intake was opened, or reopened on the
    applicant's return with the missing materials: each visit is its own "on
    the spot". A case no longer at intake was decided in time and is not deemed
    anything.
    """
    require_aware(now, "now")
    if state != CaseState.INTAKE:
        return False
    return now >= intake_day_end(intake_opened_at, closes_at=closes_at)


def deemed_acceptance_date(intake_opened_at: dt.datetime) -> dt.date:
    """The acceptance date of a deemed acceptance: the intake day, where the clock starts."""
    require_aware(intake_opened_at, "intake_opened_at")
    return local_date(intake_opened_at)
