"""The transition table of a registration case (办件流程表): who moves it where, and why.

One row per allowed move: the state it leaves, the action, the state it
reaches, the role that may do it and the article the step rests on. Anything
not in the table is refused. The table is data so that the ADR, the tests and a
lawyer read the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from yichuang.cases.workflow import articles
from yichuang.cases.workflow.codes import Action, CaseState, Role

__all__ = [
    "AFTER_ENTRY_STATES",
    "CLOSED_STATES",
    "PENDING_STATES",
    "REVIEW_ACTIONS",
    "TRANSITIONS",
    "TRANSITION_TABLE",
    "WITHDRAWABLE_STATES",
    "Transition",
]

S, A, R = CaseState, Action, Role


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move (流程环节) and the article it rests on."""

    source: CaseState
    action: Action
    target: CaseState
    role: Role
    article: str


_SUSPENSION = f"{articles.REG_SITE_VISIT_OR_INVESTIGATION}; {articles.RULES_PUBLIC_NOTICE}"

#: Until entry the applicant may withdraw (REG art. 15 para. 2). Before
#: acceptance too: an applicant who gives up after a notice closes the case.
WITHDRAWABLE_STATES: frozenset[CaseState] = frozenset(
    {S.INTAKE, S.NOT_ACCEPTED_NOTICE, S.ACCEPTED, S.IN_REVIEW, S.SUSPENDED, S.APPROVED}
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.INTAKE, A.ACCEPT, S.ACCEPTED, R.CLERK, articles.REG_ACCEPTANCE),
    Transition(S.INTAKE, A.DEEM_ACCEPT, S.ACCEPTED, R.SYSTEM, articles.REG_DEEMED_ACCEPTANCE),
    Transition(
        S.INTAKE, A.ISSUE_NOTICE, S.NOT_ACCEPTED_NOTICE, R.CLERK, articles.REG_ONE_TIME_NOTICE
    ),
    Transition(S.INTAKE, A.REFUSE_OUT_OF_REMIT, S.OUT_OF_REMIT, R.CLERK, articles.REG_OUT_OF_REMIT),
    Transition(S.NOT_ACCEPTED_NOTICE, A.REOPEN, S.INTAKE, R.CLERK, articles.REG_RESUBMISSION),
    Transition(S.ACCEPTED, A.START_REVIEW, S.IN_REVIEW, R.REVIEWER, articles.REG_REVIEW),
    Transition(S.IN_REVIEW, A.SUSPEND, S.SUSPENDED, R.REVIEWER, _SUSPENSION),
    Transition(S.SUSPENDED, A.RESUME, S.IN_REVIEW, R.REVIEWER, _SUSPENSION),
    Transition(S.IN_REVIEW, A.APPROVE, S.APPROVED, R.REVIEWER, articles.REG_REVIEW),
    Transition(S.IN_REVIEW, A.REFUSE, S.REFUSED, R.REVIEWER, articles.REG_REFUSAL),
    # A ground can arise between approval and entry (a seizure served meanwhile).
    Transition(S.APPROVED, A.REFUSE, S.REFUSED, R.REVIEWER, articles.REG_REFUSAL),
    # The registrar checks too, and sends back what should not be entered.
    Transition(S.APPROVED, A.RETURN_FOR_REVIEW, S.IN_REVIEW, R.REGISTRAR, articles.REG_REVIEW),
    Transition(S.APPROVED, A.ENTER, S.ENTERED, R.REGISTRAR, articles.REG_ENTRY),
    Transition(
        S.ENTERED, A.ISSUE_CERTIFICATE, S.CERTIFICATE_ISSUED, R.REGISTRAR, articles.REG_CERTIFICATE
    ),
    Transition(S.CERTIFICATE_ISSUED, A.HAND_OVER, S.COLLECTED, R.CLERK, articles.REG_CERTIFICATE),
    *(
        Transition(state, A.WITHDRAW, S.WITHDRAWN, R.CLERK, articles.REG_WITHDRAWAL)
        for state in sorted(WITHDRAWABLE_STATES)
    ),
)

#: The table keyed by (state, action).
TRANSITION_TABLE: Mapping[tuple[CaseState, Action], Transition] = MappingProxyType(
    {(row.source, row.action): row for row in TRANSITIONS}
)

#: The register already holds the registration: it can no longer be withdrawn.
AFTER_ENTRY_STATES: frozenset[CaseState] = frozenset({S.ENTERED, S.CERTIFICATE_ISSUED, S.COLLECTED})
#: States nothing leaves.
CLOSED_STATES: frozenset[CaseState] = frozenset(
    {S.OUT_OF_REMIT, S.REFUSED, S.WITHDRAWN, S.COLLECTED}
)
#: Accepted and not yet entered or closed: the cases the entry order waits for.
PENDING_STATES: frozenset[CaseState] = frozenset({S.ACCEPTED, S.IN_REVIEW, S.SUSPENDED, S.APPROVED})
#: The reviewer's acts; whoever accepted the case may do none of them.
REVIEW_ACTIONS: frozenset[Action] = frozenset(
    {A.START_REVIEW, A.SUSPEND, A.RESUME, A.APPROVE, A.REFUSE}
)
