"""Breaches of the one-time notice and trips to the window (一次性告知, 最多跑一次).

REG art. 17 item 3 makes the office list **all** that is missing in one written
notice. Asking later for an item that notice did not list is the repeated trip
the 2018 rectification notice forbids (mission R3): it is flagged, and every
trip the applicant makes to hand in an application is counted.
"""

from __future__ import annotations

from collections.abc import Iterable

from yichuang.cases.workflow.codes import Action
from yichuang.cases.workflow.decision import CaseEvent

__all__ = ["extra_visits", "intake_visits", "notice_breach"]

_VISITS = frozenset({Action.OPEN, Action.REOPEN})


def notice_breach(
    first_notice_items: Iterable[str], later_requested_items: Iterable[str]
) -> frozenset[str]:
    """The items asked for later that the first notice did not list: each one a breach.

    Items are material codes from the catalog (``yichuang.cases.materials``), so
    the comparison is exact; an item asked for again because it is still missing
    is no breach.
    """
    return frozenset(later_requested_items) - frozenset(first_notice_items)


def intake_visits(history: Iterable[CaseEvent]) -> int:
    """Trips the applicant made to hand in the application: the intake and each return."""
    return sum(1 for event in history if event.action in _VISITS)


def extra_visits(history: Iterable[CaseEvent]) -> int:
    """Trips beyond the first, which "at most one trip" (最多跑一次) aims to make zero."""
    return max(0, intake_visits(history) - 1)
