"""Who must apply (共同申请与单方申请, REG art. 14).

Registration is applied for by both parties jointly: the side that gives up or
burdens a right (the registered holders, 登记义务人) and the side that acquires
it (登记权利人). REG art. 14 para. 2 lets one party apply alone in seven cases;
:func:`check_application` says which case (if any) a request falls under and
which side or party is missing. The cases module calls it at intake; ``decide``
calls it too.

A seizure is not an application at all: the court commissions it (嘱托), so no
applicant is needed. Where a rule elsewhere lets a written consent stand in
for a party (a mortgagee agreeing to cancel its mortgage), this check asks only
that someone entitled applied; the consent is that rule's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from yichuang.registry.rules import articles
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.checks.targets import encumbrance, encumbrance_holders
from yichuang.registry.rules.codes import (
    DECISION_CANCELLATIONS,
    DECISION_TRANSFERS,
    CancellationCause,
    ChangeCause,
    Evidence,
    NoticeKind,
    RightKind,
    TransferCause,
)
from yichuang.registry.rules.entries import RegistrationRequest
from yichuang.registry.rules.outcome import Finding, RefusalCode, refusal
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    Change,
    Correction,
    EasementCreation,
    EncumbranceCancellation,
    FirstRegistration,
    MortgageCancellation,
    MortgageCreation,
    ObjectionFiling,
    RightCancellation,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
    SuitLodged,
    Transfer,
)
from yichuang.registry.rules.state import Holder, UnitState

__all__ = [
    "ApplicationCheck",
    "Side",
    "SingleApplicationGround",
    "check_applicants",
    "check_application",
]


class SingleApplicationGround(StrEnum):
    """Why one party may apply alone: the items of REG art. 14 para. 2."""

    UNREGISTERED_FIRST = "unregistered_first"  # (一) 尚未登记的不动产首次申请登记
    INHERITANCE_OR_BEQUEST = "inheritance_or_bequest"  # (二) 继承、接受遗赠
    DECISION = "decision"  # (三) 法院、仲裁委员会的法律文书或人民政府的决定
    NAME_OR_PHYSICAL_CHANGE = "name_or_physical_change"  # (四) 姓名、名称或自然状况变化
    DESTRUCTION_OR_ABANDONMENT = "destruction_or_abandonment"  # (五) 灭失或放弃
    CORRECTION_OR_OBJECTION = "correction_or_objection"  # (六) 更正登记或异议登记
    OTHER_LAW = "other_law"  # (七) 其他情形: a mortgage cancelled on proof the debt ended
    COURT_COMMISSION = "court_commission"  # 嘱托登记: not an application at all


_ITEMS = {
    SingleApplicationGround.UNREGISTERED_FIRST: 1,
    SingleApplicationGround.INHERITANCE_OR_BEQUEST: 2,
    SingleApplicationGround.DECISION: 3,
    SingleApplicationGround.NAME_OR_PHYSICAL_CHANGE: 4,
    SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT: 5,
    SingleApplicationGround.CORRECTION_OR_OBJECTION: 6,
    SingleApplicationGround.OTHER_LAW: 7,
}


class Side(StrEnum):
    """A side of an application."""

    HOLDER = "holder"  # 登记义务人: the registered holders (or a notice's obligors)
    ACQUIRER = "acquirer"  # 登记权利人: who acquires the right or encumbrance
    ANY = "any"  # anyone entitled to apply alone


@dataclass(frozen=True, slots=True)
class _Need:
    """One side that must be represented: all of ``parties`` or at least one of them.

    ``parties`` None means any applicant at all will do.
    """

    side: Side
    parties: frozenset[str] | None
    all_of: bool = False


@dataclass(frozen=True, slots=True)
class ApplicationCheck:
    """Whether a request's applicants satisfy REG art. 14, and on which ground."""

    ground: SingleApplicationGround | None
    missing_sides: tuple[Side, ...]
    missing_parties: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        """True when every side that must apply has applied."""
        return not self.missing_sides

    @property
    def article(self) -> str:
        """REG art. 14, with the item of para. 2 when one party may apply alone."""
        item = _ITEMS.get(self.ground) if self.ground else None
        base = articles.REG_JOINT_APPLICATION
        return f"{base} para. 2 item {item}" if item else base


def check_application(state: UnitState, request: RegistrationRequest) -> ApplicationCheck:
    """Which REG art. 14 case ``request`` is, and who of those who must apply did not."""
    ground, needs = _needs(state, request)
    missing_sides: list[Side] = []
    missing_parties: set[str] = set()
    for need in needs:
        absent = _absent(need, request.applicants)
        if absent is not None:
            missing_sides.append(need.side)
            missing_parties |= absent
    return ApplicationCheck(ground, tuple(missing_sides), tuple(sorted(missing_parties)))


def check_applicants(ctx: Context) -> Iterator[Finding]:
    """The rule: refuse, as material still missing, a request whose applicants fall short."""
    check = check_application(ctx.state, ctx.request)
    if not check.satisfied:
        yield refusal(
            RefusalCode.APPLICANTS_INCOMPLETE,
            check.article,
            sides=tuple(check.missing_sides),
            parties=check.missing_parties,
        )


def _absent(need: _Need, applicants: frozenset[str]) -> frozenset[str] | None:
    """The parties lacking for ``need``, or None when it is met."""
    if need.parties is None:
        return None if applicants else frozenset()
    if need.all_of:
        lacking = need.parties - applicants
        return lacking or None
    return None if need.parties & applicants else need.parties


_Needs = tuple[SingleApplicationGround | None, tuple[_Need, ...]]


def _needs(state: UnitState, request: RegistrationRequest) -> _Needs:
    """The ground and the sides that must apply, by the act requested."""
    payload = request.payload
    match payload:
        case SeizureOrder() | SeizureLift() | SeizureRenewal():
            return SingleApplicationGround.COURT_COMMISSION, ()
        case FirstRegistration():
            first = SingleApplicationGround.UNREGISTERED_FIRST
            ground = first if state.right(payload.right_kind) is None else None
            return ground, (_Need(Side.ACQUIRER, _parties(payload.holders)),)
        case Transfer():
            return _transfer_needs(state, payload)
        case Change():
            return _change_needs(state, payload)
        case Correction() | ObjectionFiling() | SuitLodged():
            return _contest_needs(state, payload)
        case MortgageCreation() | EasementCreation() | AdvanceNoticeFiling():
            return None, _encumbering_needs(state, payload)
        case MortgageCancellation():
            return _mortgage_cancellation_needs(state, request, payload)
        case RightCancellation():
            return _right_cancellation_needs(state, payload)
        case EncumbranceCancellation():
            return _encumbrance_cancellation_needs(state, request, payload)
        case _:
            assert_never(payload)


def _parties(holders: tuple[Holder, ...]) -> frozenset[str]:
    """The party ids of ``holders``."""
    return frozenset(holder.party for holder in holders)


def _holders_of(state: UnitState, kind: RightKind) -> frozenset[str]:
    """The registered holders of the live right of ``kind`` (none if unregistered)."""
    right = state.right(kind)
    return right.parties if right is not None else frozenset()


def _transfer_needs(state: UnitState, payload: Transfer) -> _Needs:
    """Succession and decisions are one-sided; a voluntary transfer needs both sides."""
    new = _parties(payload.holders)
    old = _holders_of(state, payload.right_kind)
    if payload.cause in (TransferCause.INHERITANCE, TransferCause.BEQUEST):
        return SingleApplicationGround.INHERITANCE_OR_BEQUEST, (_Need(Side.ACQUIRER, new),)
    if payload.cause in DECISION_TRANSFERS:
        return SingleApplicationGround.DECISION, (_Need(Side.ANY, new | old),)
    givers, takers = _givers_and_takers(state, payload)
    needs = [_Need(Side.ACQUIRER, takers - givers, all_of=True)]
    if old:
        needs.insert(0, _Need(Side.HOLDER, givers or old))
    return None, tuple(needs)


def _givers_and_takers(
    state: UnitState, payload: Transfer
) -> tuple[frozenset[str], frozenset[str]]:
    """Who gives up some of the right and who gains some, by a voluntary transfer.

    A co-owner who keeps exactly the share they had takes no part (the sale of
    another's share); when the form of co-ownership changes, everyone does.
    """
    right = state.right(payload.right_kind)
    if right is None or right.form != payload.form:
        return (right.parties if right else frozenset()), _parties(payload.holders)
    old = {h.party: h.share for h in right.holders}
    new = {h.party: h.share for h in payload.holders}
    givers = frozenset(p for p in old if p not in new or new[p] != old[p])
    takers = frozenset(p for p in new if p not in old or new[p] != old[p])
    return givers, takers


def _change_needs(state: UnitState, payload: Change) -> _Needs:
    """A name or physical change is one-sided; a co-ownership change needs every holder."""
    holders = _holders_of(state, payload.right_kind)
    if payload.cause == ChangeCause.CO_OWNERSHIP:
        # Re-dividing shares or changing the form touches every holder's right.
        return None, (_Need(Side.HOLDER, holders, all_of=True),)
    ground = SingleApplicationGround.NAME_OR_PHYSICAL_CHANGE
    return ground, (_Need(Side.HOLDER, holders),)


def _contest_needs(state: UnitState, payload: Correction | ObjectionFiling | SuitLodged) -> _Needs:
    """Corrections, objections and suits are one-sided (item 6); the office needs no one."""
    ground = SingleApplicationGround.CORRECTION_OR_OBJECTION
    if isinstance(payload, Correction):
        return ground, () if payload.by_office else (_Need(Side.ANY, None),)
    if isinstance(payload, ObjectionFiling):
        return ground, (_Need(Side.ANY, frozenset({payload.applicant}), all_of=True),)
    target = encumbrance(state, payload.target_seq)
    return ground, (_Need(Side.ANY, encumbrance_holders(target) if target else None),)


def _encumbering_needs(
    state: UnitState, payload: MortgageCreation | EasementCreation | AdvanceNoticeFiling
) -> tuple[_Need, ...]:
    """A mortgage, easement or notice: the holders grant it, its holder takes it."""
    granting = _holders_of(state, payload.right_kind)
    if isinstance(payload, MortgageCreation):
        taking = frozenset({payload.mortgagee})
    elif isinstance(payload, EasementCreation):
        taking = frozenset({payload.holder})
    else:
        taking = payload.holders
        on_registered = payload.kind in (NoticeKind.TRANSFER, NoticeKind.MORTGAGE)
        # A pre-sale notice is granted by the developer or buyer it names, who
        # need not be a registered holder yet.
        granting = granting if on_registered and granting else payload.obligors
    return (_Need(Side.HOLDER, granting), _Need(Side.ACQUIRER, taking, all_of=True))


def _mortgage_cancellation_needs(
    state: UnitState, request: RegistrationRequest, payload: MortgageCancellation
) -> _Needs:
    """The mortgagee giving up (item 5), or proof the debt ended (item 7), or both sides."""
    mortgage = next((m for m in state.mortgages if m.seq == payload.target_seq), None)
    mortgagee = frozenset({mortgage.mortgagee}) if mortgage else frozenset()
    holders = _holders_of(state, mortgage.right_kind) if mortgage else frozenset()
    ground: SingleApplicationGround | None = None
    if mortgagee & request.applicants:
        ground = SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT
    elif Evidence.DEBT_ENDED in request.evidence:
        ground = SingleApplicationGround.OTHER_LAW
    return ground, (_Need(Side.ANY, (mortgagee | holders) or None),)


def _right_cancellation_needs(state: UnitState, payload: RightCancellation) -> _Needs:
    """A decision (item 3), or the holder for destruction or abandonment (item 5)."""
    if payload.cause in DECISION_CANCELLATIONS:
        return SingleApplicationGround.DECISION, (_Need(Side.ANY, None),)
    holders = _holders_of(state, payload.right_kind) or None
    ground = SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT
    return ground, (_Need(Side.HOLDER, holders),)


def _encumbrance_cancellation_needs(
    state: UnitState, request: RegistrationRequest, payload: EncumbranceCancellation
) -> _Needs:
    """A decision, its holder giving it up, a claim that ended, or both sides."""
    if payload.cause in DECISION_CANCELLATIONS:
        return SingleApplicationGround.DECISION, (_Need(Side.ANY, None),)
    target = encumbrance(state, payload.target_seq)
    own = encumbrance_holders(target) if target else frozenset()
    ground: SingleApplicationGround | None = None
    if own & request.applicants and payload.cause == CancellationCause.ABANDONMENT:
        ground = SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT
    elif payload.cause == CancellationCause.CLAIM_ENDED:
        ground = SingleApplicationGround.OTHER_LAW
    holders = _holders_of(state, target.right_kind) if target else frozenset()
    return ground, (_Need(Side.ANY, (own | holders) or None),)
