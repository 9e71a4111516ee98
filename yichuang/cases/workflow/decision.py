"""What the workflow answers (流程判断), and what it is asked with.

A :class:`Decision` lists every refusal found, not just the first, so a screen
can say at once that the actor lacks the role *and* accepted the case himself.
Each :class:`Refusal` has a machine ``code``, the ``article`` it rests on and
the ``params`` a message needs; the cases app translates codes into Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from yichuang.cases.workflow import articles
from yichuang.cases.workflow.codes import Action, CaseState, WorkflowCode
from yichuang.registry.rules import articles as register_articles
from yichuang.registry.rules.codes import GeneralGround

__all__ = [
    "CODE_ARTICLES",
    "GROUND_ARTICLES",
    "ActorId",
    "CaseEvent",
    "Decision",
    "OfficePolicy",
    "ParamValue",
    "Refusal",
    "RefusalGround",
    "refusal",
]

#: A staff member's id as the cases app stores it.
ActorId = int | str
#: A value in ``params``: plain, so it serialises to JSON.
ParamValue = str | int | tuple[str, ...]

_C = WorkflowCode

#: The article each refusal code rests on unless the rule names a more precise one.
CODE_ARTICLES: Mapping[WorkflowCode, str] = MappingProxyType(
    {
        _C.TRANSITION_NOT_ALLOWED: articles.REG_ACCEPTANCE,
        _C.CASE_CLOSED: articles.REG_ACCEPTANCE,
        _C.WITHDRAWAL_AFTER_ENTRY: articles.REG_WITHDRAWAL,
        _C.ROLE_REQUIRED: articles.SEPARATION_OF_DUTIES,
        _C.ACTOR_REQUIRED: articles.SEPARATION_OF_DUTIES,
        _C.ACCEPTOR_MAY_NOT_REVIEW: articles.SEPARATION_OF_DUTIES,
        _C.ACCEPTOR_MAY_NOT_REGISTER: articles.SEPARATION_OF_DUTIES,
        _C.REVIEWER_MAY_NOT_REGISTER: articles.SEPARATION_OF_DUTIES,
        _C.NOTICE_ITEMS_REQUIRED: articles.REG_ONE_TIME_NOTICE,
        _C.COMPETENT_OFFICE_REQUIRED: articles.REG_OUT_OF_REMIT,
        _C.REFUSAL_GROUND_REQUIRED: articles.REG_REFUSAL,
        _C.REFUSAL_BASIS_REQUIRED: register_articles.REG_OTHER_GROUND,
        _C.SUSPENSION_REASON_REQUIRED: articles.REG_SITE_VISIT_OR_INVESTIGATION,
        _C.SUSPENSION_NOT_STATUTORY: "REG art. 20",
        _C.MORTGAGE_EARLIER_APPLICATION_PENDING: articles.RULES_MORTGAGE_ORDER,
    }
)

#: REG art. 22's four grounds, item by item.
GROUND_ARTICLES: Mapping[GeneralGround, str] = MappingProxyType(
    {
        GeneralGround.ILLEGAL: register_articles.REG_ILLEGAL,
        GeneralGround.TITLE_DISPUTE: register_articles.REG_TITLE_DISPUTE,
        GeneralGround.BEYOND_TERM: register_articles.REG_BEYOND_TERM,
        GeneralGround.OTHER_LEGAL_GROUND: register_articles.REG_OTHER_GROUND,
    }
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the action may not be taken: ``code``, ``article``, message ``params``."""

    code: WorkflowCode
    article: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze ``params`` so a decision cannot be changed after the fact."""
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def refusal(code: WorkflowCode, article: str | None = None, **params: ParamValue) -> Refusal:
    """A refusal citing the code's usual article unless ``article`` names another."""
    return Refusal(code, article or CODE_ARTICLES[code], params)


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer on one action: allowed when there is no refusal.

    ``target`` is the state the case moves to and ``article`` the basis of the
    step (for a refusal to register, the ground's article; for a suspension, the
    reason's), to be recorded with the transition.
    """

    action: Action
    source: CaseState | None
    target: CaseState | None
    article: str
    refusals: tuple[Refusal, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether the action may be taken."""
        return not self.refusals

    @property
    def codes(self) -> tuple[WorkflowCode, ...]:
        """The refusal codes, in the order found."""
        return tuple(found.code for found in self.refusals)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One past action on the case and who took it (办件记录), oldest first.

    A deemed acceptance is the system's, with no actor; separation of duties
    then treats the clerk who opened (or last reopened) the intake as the one
    who accepted it, since the law deems the window to have accepted.
    """

    action: Action
    actor_id: ActorId | None


@dataclass(frozen=True, slots=True)
class OfficePolicy:
    """An office's workflow settings (ADR 0005).

    ``reviewer_may_register``: whether whoever reviewed a case may also enter
    it in the register. Off by default; small offices with one person per post
    turn it on.
    """

    reviewer_may_register: bool = False


@dataclass(frozen=True, slots=True)
class RefusalGround:
    """The ground of a refusal to register (不予登记理由), one of REG art. 22's four.

    Item (4), "other grounds in laws and administrative regulations", names no
    rule by itself, so ``basis`` must cite the one relied on (for instance
    "RULES art. 90 (unconfirmed)" for a seizure); for the other items it may add
    the provision that was broken.
    """

    item: GeneralGround
    basis: str = ""

    @property
    def article(self) -> str:
        """The article the written refusal cites."""
        article = GROUND_ARTICLES[self.item]
        return f"{article}; {self.basis.strip()}" if self.basis.strip() else article
