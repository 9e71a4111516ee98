"""Whether an action may be taken on a case now (流程校验).

The cases app calls :func:`transition_allowed` inside the service that locks
the case, before it writes anything: the table says whether the move exists and
who may make it, the history says who already acted (separation of duties), and
the action's details say whether the written act it stands for is complete.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from yichuang.cases.clock import STATUTORY_SUSPENSIONS, SuspensionReason
from yichuang.cases.workflow import articles
from yichuang.cases.workflow.codes import Action, CaseState, Role, WorkflowCode
from yichuang.cases.workflow.decision import (
    ActorId,
    CaseEvent,
    Decision,
    OfficePolicy,
    Refusal,
    RefusalGround,
    refusal,
)
from yichuang.cases.workflow.table import (
    AFTER_ENTRY_STATES,
    CLOSED_STATES,
    REVIEW_ACTIONS,
    TRANSITION_TABLE,
    TRANSITIONS,
    Transition,
)
from yichuang.registry.rules.codes import GeneralGround

__all__ = [
    "acceptor_ids",
    "open_allowed",
    "replay",
    "reviewer_ids",
    "transition_allowed",
]

_C = WorkflowCode

#: The act that closed a case, for a refusal to act on it further.
_CLOSING_ARTICLES = {
    CaseState.OUT_OF_REMIT: articles.REG_OUT_OF_REMIT,
    CaseState.REFUSED: articles.REG_REFUSAL,
    CaseState.WITHDRAWN: articles.REG_WITHDRAWAL,
    CaseState.COLLECTED: articles.REG_CERTIFICATE,
}
_ACTION_ARTICLES = {row.action: row.article for row in reversed(TRANSITIONS)}
_INTAKE_ACTIONS = frozenset({Action.OPEN, Action.REOPEN})
_REVIEWER_TRACE = frozenset({Action.START_REVIEW, Action.SUSPEND, Action.RESUME, Action.APPROVE})


def acceptor_ids(history: Iterable[CaseEvent]) -> frozenset[ActorId]:
    """Who accepted the case: the clerk who accepted it, or whose intake was deemed accepted."""
    found: set[ActorId] = set()
    intake_clerk: ActorId | None = None
    for event in history:
        if event.action in _INTAKE_ACTIONS:
            intake_clerk = event.actor_id
        elif event.action == Action.ACCEPT and event.actor_id is not None:
            found.add(event.actor_id)
        elif event.action == Action.DEEM_ACCEPT and intake_clerk is not None:
            found.add(intake_clerk)
    return frozenset(found)


def reviewer_ids(history: Iterable[CaseEvent]) -> frozenset[ActorId]:
    """Who took part in the review: started it, suspended or resumed it, or approved."""
    return frozenset(
        event.actor_id
        for event in history
        if event.action in _REVIEWER_TRACE and event.actor_id is not None
    )


def replay(history: Iterable[CaseEvent]) -> CaseState:
    """The state the history leads to; ValueError if it holds a move the table lacks."""
    events = iter(history)
    first = next(events, None)
    if first is None or first.action != Action.OPEN:
        raise ValueError("a case's history starts with its opening")
    state = CaseState.INTAKE
    for event in events:
        row = TRANSITION_TABLE.get((state, event.action))
        if row is None:
            raise ValueError(f"{event.action} is not a move from {state}")
        state = row.target
    return state


def open_allowed(*, actor_roles: Collection[str], actor_id: ActorId | None) -> Decision:
    """Whether this actor may open an intake at the window (收件): a clerk may."""
    found = list(_actor_refusals(Role.CLERK, Action.OPEN, actor_roles, actor_id))
    return Decision(Action.OPEN, None, CaseState.INTAKE, articles.REG_APPLICATION, tuple(found))


def transition_allowed(
    state: CaseState,
    action: Action,
    *,
    actor_roles: Collection[str],
    actor_id: ActorId | None,
    history: Iterable[CaseEvent],
    office_policy: OfficePolicy,
    ground: RefusalGround | None = None,
    notice_items: Collection[str] = (),
    competent_office: str = "",
    suspension_reason: SuspensionReason | None = None,
) -> Decision:
    """Whether ``actor_id`` (holding ``actor_roles``) may take ``action`` on a case in ``state``.

    ``history`` is every earlier action on the case, oldest first. The details
    are the content of the written act: the items of a one-time notice
    (:attr:`Action.ISSUE_NOTICE`), the office with remit
    (:attr:`Action.REFUSE_OUT_OF_REMIT`), the REG art. 22 ground
    (:attr:`Action.REFUSE`) and the statutory reason (:attr:`Action.SUSPEND`);
    they are ignored for other actions. Every refusal is listed.
    """
    row = TRANSITION_TABLE.get((state, action))
    if row is None:
        return Decision(action, state, None, "", (_no_move(state, action),))
    events = tuple(history)
    found = [
        *_actor_refusals(row.role, action, actor_roles, actor_id),
        *_duty_refusals(action, actor_id, events, office_policy),
        *_detail_refusals(action, ground, notice_items, competent_office, suspension_reason),
    ]
    return Decision(
        action, state, row.target, _article(row, ground, suspension_reason), tuple(found)
    )


def _no_move(state: CaseState, action: Action) -> Refusal:
    """The most precise reason why the table has no such move."""
    if action == Action.WITHDRAW and state in AFTER_ENTRY_STATES:
        return refusal(_C.WITHDRAWAL_AFTER_ENTRY, state=state.value)
    if state in CLOSED_STATES:
        return refusal(_C.CASE_CLOSED, _CLOSING_ARTICLES[state], state=state.value)
    article = _ACTION_ARTICLES.get(action, articles.REG_APPLICATION)
    return refusal(_C.TRANSITION_NOT_ALLOWED, article, state=state.value, action=action.value)


def _actor_refusals(
    role: Role, action: Action, actor_roles: Collection[str], actor_id: ActorId | None
) -> Iterator[Refusal]:
    """The actor must hold the row's role, and a person must be named."""
    if role not in actor_roles:
        yield refusal(_C.ROLE_REQUIRED, role=role.value, action=action.value)
    if role != Role.SYSTEM and actor_id is None:
        yield refusal(_C.ACTOR_REQUIRED, action=action.value)


def _duty_refusals(
    action: Action,
    actor_id: ActorId | None,
    history: tuple[CaseEvent, ...],
    policy: OfficePolicy,
) -> Iterator[Refusal]:
    """Separation of duties: acceptance, review and entry in different hands."""
    if actor_id is None:
        return
    accepted_it = actor_id in acceptor_ids(history)
    if action in REVIEW_ACTIONS and accepted_it:
        yield refusal(_C.ACCEPTOR_MAY_NOT_REVIEW, action=action.value)
    if action == Action.ENTER:
        if accepted_it:
            yield refusal(_C.ACCEPTOR_MAY_NOT_REGISTER)
        if not policy.reviewer_may_register and actor_id in reviewer_ids(history):
            yield refusal(_C.REVIEWER_MAY_NOT_REGISTER)


def _detail_refusals(
    action: Action,
    ground: RefusalGround | None,
    notice_items: Collection[str],
    competent_office: str,
    suspension_reason: SuspensionReason | None,
) -> Iterator[Refusal]:
    """The written act must say what the law says it must."""
    if action == Action.ISSUE_NOTICE and not any(item.strip() for item in notice_items):
        # A notice listing nothing is no refusal: complete materials are accepted.
        yield refusal(_C.NOTICE_ITEMS_REQUIRED)
    elif action == Action.REFUSE_OUT_OF_REMIT and not competent_office.strip():
        yield refusal(_C.COMPETENT_OFFICE_REQUIRED)
    elif action == Action.REFUSE:
        if ground is None:
            yield refusal(_C.REFUSAL_GROUND_REQUIRED)
        elif ground.item == GeneralGround.OTHER_LEGAL_GROUND and not ground.basis.strip():
            yield refusal(_C.REFUSAL_BASIS_REQUIRED)
    elif action == Action.SUSPEND:
        if suspension_reason is None:
            yield refusal(_C.SUSPENSION_REASON_REQUIRED)
        elif suspension_reason not in STATUTORY_SUSPENSIONS:
            yield refusal(_C.SUSPENSION_NOT_STATUTORY, reason=suspension_reason.value)


def _article(
    row: Transition, ground: RefusalGround | None, suspension_reason: SuspensionReason | None
) -> str:
    """The basis to record with the step: the ground's or the reason's where there is one."""
    if row.action == Action.REFUSE and ground is not None:
        return ground.article
    if row.action == Action.SUSPEND and suspension_reason is not None:
        return STATUTORY_SUSPENSIONS.get(suspension_reason, row.article)
    return row.article
