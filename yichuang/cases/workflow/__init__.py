"""The workflow of a registration case (办件流程), as a pure state machine.

A case moves from intake at the window (收件) through acceptance (受理), review
(审核), entry in the register (登簿) and the certificate (缮证、发证), or ends in a
one-time notice, an out-of-remit refusal, a refusal to register (不予登记) or a
withdrawal. :data:`TRANSITIONS` is the table, each row with the role that may
make the move and its article; :func:`transition_allowed` is what the cases
app's services ask before every move, and it answers with codes:

* the move must exist from the current state (withdrawal ends at entry, REG
  art. 15);
* the actor must hold the row's role, and whoever accepted the case may neither
  review nor enter it; whether the reviewer may also enter it is an office
  setting (separation of duties, mission R15);
* the written act must be complete: a notice lists its items, an out-of-remit
  refusal names the office with remit, a refusal to register cites a REG art.
  22 ground, a suspension a statutory reason.

Besides: deemed acceptance at the end of the intake's day (REG art. 17 para.
2), the order of mortgage entries (RULES art. 67), and breaches of the one-time
notice with the trips they cost.

This package must not import Django, ninja or pydantic. See
docs/adr/0013-case-workflow-and-time-limits.md.
"""

from __future__ import annotations

from yichuang.cases.workflow.acceptance import (
    deemed_acceptance_date,
    deemed_accepted,
    intake_day_end,
)
from yichuang.cases.workflow.codes import Action, CaseState, Role, WorkflowCode
from yichuang.cases.workflow.decision import (
    CODE_ARTICLES,
    GROUND_ARTICLES,
    ActorId,
    CaseEvent,
    Decision,
    OfficePolicy,
    Refusal,
    RefusalGround,
)
from yichuang.cases.workflow.entry_order import ORDERED_TYPES, UnitCase, entry_order_allows
from yichuang.cases.workflow.one_time_notice import extra_visits, intake_visits, notice_breach
from yichuang.cases.workflow.table import (
    AFTER_ENTRY_STATES,
    CLOSED_STATES,
    PENDING_STATES,
    REVIEW_ACTIONS,
    TRANSITION_TABLE,
    TRANSITIONS,
    WITHDRAWABLE_STATES,
    Transition,
)
from yichuang.cases.workflow.transitions import (
    acceptor_ids,
    open_allowed,
    replay,
    reviewer_ids,
    transition_allowed,
)

__all__ = [
    "AFTER_ENTRY_STATES",
    "CLOSED_STATES",
    "CODE_ARTICLES",
    "GROUND_ARTICLES",
    "ORDERED_TYPES",
    "PENDING_STATES",
    "REVIEW_ACTIONS",
    "TRANSITIONS",
    "TRANSITION_TABLE",
    "WITHDRAWABLE_STATES",
    "Action",
    "ActorId",
    "CaseEvent",
    "CaseState",
    "Decision",
    "OfficePolicy",
    "Refusal",
    "RefusalGround",
    "Role",
    "Transition",
    "UnitCase",
    "WorkflowCode",
    "acceptor_ids",
    "deemed_acceptance_date",
    "deemed_accepted",
    "entry_order_allows",
    "extra_visits",
    "intake_day_end",
    "intake_visits",
    "notice_breach",
    "open_allowed",
    "replay",
    "reviewer_ids",
    "transition_allowed",
]
