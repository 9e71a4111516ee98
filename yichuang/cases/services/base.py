"""What every case service shares: the lock, the workflow check, the timeline, the clock.

Each service locks the case row, asks the pure workflow rules whether the
actor may take the step (:func:`decide`), and then writes the new state, one
:class:`~yichuang.cases.models.CaseEvent` and one audit event in the same
transaction. A refusal raises :class:`CaseActionRefusedError` with every reason
the rules found, each with its code, its article and a sentence for the user.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, User
from yichuang.audit.services import audit_record
from yichuang.cases.clock import ClockConfig, ClockError, Suspension, SuspensionReason, due_date
from yichuang.cases.clock import promised_limit as rule_promised_limit
from yichuang.cases.messages import refusal_message
from yichuang.cases.models import Case, CaseEvent, CaseSettings, DocumentCounter
from yichuang.cases.models import Suspension as SuspensionRow
from yichuang.cases.workflow import Action, CaseState, Decision, OfficePolicy
from yichuang.cases.workflow import CaseEvent as RuleEvent
from yichuang.cases.workflow import transition_allowed as rule_transition_allowed
from yichuang.core.counters import counter_next
from yichuang.registry.rules.codes import RegistrationType

#: Steps on the timeline that are not moves of the workflow.
ENTRY_REFUSED = "entry_refused"
FEE_COLLECTED = "fee_collected"
MATERIALS_UPDATED = "materials_updated"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a step was refused: a stable code, the article, a sentence."""

    code: str
    article: str
    message: str
    params: Mapping[str, Any]


class CaseActionRefusedError(Exception):
    """The step may not be taken; nothing was written. ``reasons`` says every why."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(reason.message for reason in reasons))
        self.reasons = tuple(reasons)


def refused(code: str, article: str, **params: Any) -> CaseActionRefusedError:
    """A refusal with one reason of the cases app's own."""
    return CaseActionRefusedError([Reason(code, article, refusal_message(code, params), params)])


def settings_for(office: Office) -> CaseSettings:
    """The office's case settings: the defaults (unsaved) until the head changes one."""
    return CaseSettings.objects.filter(office=office).first() or CaseSettings(office=office)


def clock_config(settings: CaseSettings) -> ClockConfig:
    """The pure clock's configuration from the office's settings."""
    promises: dict[RegistrationType, int] = {}
    promises.update(ClockConfig().promised_by_type)
    for name, days in (settings.promised_by_type or {}).items():
        promises[RegistrationType(name)] = int(days)
    return ClockConfig(
        general_working_days=settings.general_working_days,
        promised_by_type=promises,
        count_acceptance_day=settings.count_acceptance_day,
        due_soon_working_days=settings.due_soon_working_days,
    )


def promised_limit(office: Office, registration_type: str) -> int:
    """The working days the office promises for this registration type."""
    config = clock_config(settings_for(office))
    try:
        kind = RegistrationType(registration_type)
    except ValueError:
        return config.general_working_days
    return rule_promised_limit(kind, config)


def suspensions_of(case: Case) -> list[Suspension]:
    """The case's suspensions as the clock reads them."""
    return [
        Suspension(SuspensionReason(row.reason), row.start, row.end)
        for row in SuspensionRow.objects.filter(case=case).order_by("start")
    ]


def refresh_due(case: Case) -> None:
    """Recompute ``due_on`` from the acceptance, the promise and the finished suspensions.

    While a suspension lasts the due date moves day by day; the stored value is
    the date as if the case resumed today, which the queue sorts by.
    """
    if case.accepted_at is None or case.limit_days is None:
        return
    accepted_on = timezone.localdate(case.accepted_at)
    today = max(timezone.localdate(), accepted_on)
    closed = [
        s if s.end is not None else Suspension(s.reason, s.start, max(today, s.start))
        for s in suspensions_of(case)
    ]
    try:
        result = due_date(
            accepted_on=accepted_on,
            limit=case.limit_days,
            calendar=office_calendar(case.office),
            suspensions=closed,
            config=clock_config(settings_for(case.office)),
        )
    except ClockError:  # pragma: no cover - suspensions are written through the rules
        return
    case.due_on = result.date


def lock_case(case: Case) -> Case:
    """The case row, locked until the transaction ends, with its office."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("office", "unit")
        .get(pk=case.pk)
    )


def history(case: Case) -> list[RuleEvent]:
    """The case's workflow steps, oldest first, as the rules read them."""
    actions = {a.value for a in Action}
    rows = CaseEvent.objects.filter(case=case).order_by("seq").values_list("action", "actor_id")
    return [RuleEvent(Action(action), actor) for action, actor in rows if action in actions]


def actor_roles(actor: User | None, office: Office) -> frozenset[str]:
    """The workflow roles ``actor`` holds at ``office`` (none elsewhere)."""
    if actor is None:
        return frozenset({"system"})
    if not actor.is_active or actor.office_id != office.pk:
        return frozenset()
    return frozenset(str(role) for role in actor.roles)


def decide(case: Case, action: Action, actor: User | None, **details: Any) -> Decision:
    """The workflow's answer on ``action`` by ``actor`` now."""
    return rule_transition_allowed(
        case.workflow_state,
        action,
        actor_roles=actor_roles(actor, case.office),
        actor_id=actor.pk if actor is not None else None,
        history=history(case),
        office_policy=OfficePolicy(reviewer_may_register=case.office.reviewer_may_register),
        **details,
    )


def require(decision: Decision) -> Decision:
    """Raise the decision's refusals, translated, unless it is allowed."""
    if not decision.allowed:
        raise CaseActionRefusedError(
            [
                Reason(r.code.value, r.article, refusal_message(r.code.value, r.params), r.params)
                for r in decision.refusals
            ]
        )
    return decision


def record_event(
    case: Case,
    *,
    action: str,
    actor: User | None,
    at: dt.datetime,
    state_from: str = "",
    state_to: str = "",
    article: str = "",
    data: Mapping[str, Any] | None = None,
) -> CaseEvent:
    """Append one step to the case's timeline and the platform's audit log."""
    last = CaseEvent.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True)
    event = CaseEvent.objects.create(
        case=case,
        seq=(last.first() or 0) + 1,
        action=action,
        actor=actor,
        at=at,
        state_from=state_from,
        state_to=state_to,
        article=article,
        data=dict(data or {}),
    )
    audit_record(
        actor=actor,
        event_type=f"case.{action}",
        target=case,
        office=case.office,
        before={"state": state_from} if state_from else None,
        after={"reference": case.reference, "state": state_to or case.state, **(data or {})},
    )
    return event


def move(
    case: Case,
    decision: Decision,
    *,
    actor: User | None,
    at: dt.datetime,
    data: Mapping[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Take an allowed step: the new state, the other ``fields`` saved, the event written."""
    require(decision)
    assert decision.target is not None  # an allowed decision always has one
    source = case.state
    case.state = decision.target.value
    if decision.target in {
        CaseState.OUT_OF_REMIT,
        CaseState.REFUSED,
        CaseState.WITHDRAWN,
        CaseState.COLLECTED,
    }:
        case.closed_at = at
        fields = (*fields, "closed_at")
    case.save(update_fields=["state", "updated_at", *fields])
    return record_event(
        case,
        action=decision.action.value,
        actor=actor,
        at=at,
        state_from=source,
        state_to=case.state,
        article=decision.article,
        data=data,
    )


def next_number(office: Office, year: int, series: str) -> int:
    """The next number of ``series`` at ``office`` in ``year``: one atomic statement."""
    return counter_next(DocumentCounter, {"office_id": office.pk, "year": year, "series": series})


def new_verification_code() -> str:
    """An unguessable code for a document's public verification page."""
    return secrets.token_hex(16)
