"""Mortgages on one unit are entered in the order they were accepted (RULES art. 67).

"同一不动产上设立多个抵押权的，应当按照受理时间的先后顺序依次办理登记": a
later-accepted mortgage waits while an earlier one on the same unit is still
pending. Rank then follows registration (CC art. 414), so entering out of order
would hand the later lender the better rank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from yichuang.cases.workflow import articles
from yichuang.cases.workflow.codes import Action, CaseState, WorkflowCode
from yichuang.cases.workflow.decision import Decision, Refusal, refusal
from yichuang.cases.workflow.table import PENDING_STATES
from yichuang.registry.rules.codes import RegistrationType
from yichuang.registry.rules.periods import require_aware

__all__ = ["ORDERED_TYPES", "UnitCase", "entry_order_allows"]

#: The registrations RULES art. 67 orders by acceptance.
ORDERED_TYPES: frozenset[RegistrationType] = frozenset({RegistrationType.MORTGAGE})


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitCase:
    """A case on a unit as the entry order sees it (同一不动产单元上的办件).

    ``accepted_at`` is None while the case is at intake. A deemed acceptance
    takes the moment the intake was opened (``opened_at``) as its acceptance
    time, since the law deems the application accepted when it was received.
    """

    case_id: int
    registration_type: RegistrationType
    state: CaseState
    opened_at: dt.datetime
    accepted_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        """Refuse naive moments: order across windows must not depend on a server's zone."""
        require_aware(self.opened_at, "opened_at")
        if self.accepted_at is not None:
            require_aware(self.accepted_at, "accepted_at")


def entry_order_allows(case: UnitCase, pending_cases_on_unit: Iterable[UnitCase]) -> Decision:
    """Whether ``case`` may be entered now, given the other cases on its unit.

    A mortgage waits (:attr:`WorkflowCode.MORTGAGE_EARLIER_APPLICATION_PENDING`,
    one refusal per earlier case) for every mortgage on the unit that was
    accepted before it and is neither entered nor closed, and for every
    mortgage intake opened before its acceptance that is still undecided, as
    that one may yet be deemed accepted from its opening. Equal acceptance
    moments go by case id, the order the database gave them. Other types are
    not ordered.
    """
    decision = Decision(Action.ENTER, case.state, CaseState.ENTERED, articles.RULES_MORTGAGE_ORDER)
    if case.registration_type not in ORDERED_TYPES:
        return decision
    if case.accepted_at is None:
        raise ValueError("a case at intake cannot be entered")
    found = tuple(_earlier(case, case.accepted_at, pending_cases_on_unit))
    return Decision(decision.action, decision.source, decision.target, decision.article, found)


def _earlier(
    case: UnitCase, accepted_at: dt.datetime, others: Iterable[UnitCase]
) -> Iterator[Refusal]:
    """A refusal for each earlier mortgage still in the way, oldest first."""
    earlier: list[tuple[dt.datetime, int]] = []
    for other in others:
        if other.case_id == case.case_id or other.registration_type not in ORDERED_TYPES:
            continue
        if other.state in PENDING_STATES and other.accepted_at is not None:
            if (other.accepted_at, other.case_id) < (accepted_at, case.case_id):
                earlier.append((other.accepted_at, other.case_id))
        elif other.state == CaseState.INTAKE and other.opened_at < accepted_at:
            earlier.append((other.opened_at, other.case_id))
    for _, case_id in sorted(earlier):
        yield refusal(WorkflowCode.MORTGAGE_EARLIER_APPLICATION_PENDING, case_id=case_id)
