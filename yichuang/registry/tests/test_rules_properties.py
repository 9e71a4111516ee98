"""Properties of random registration histories (hypothesis).

A history is a random sequence of requests of every kind against one unit, with
random applicants, consents, undertakings and proofs, decided and entered when
allowed. Whatever the history, the register must stay coherent: replaying the
entries gives the same state, shares sum to 1, refusals change nothing,
mortgages rank 1..k, at most one seizure binds, and lapses never undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from yichuang.registry.rules import (
    Acknowledgement,
    AdvanceNoticeFiling,
    CancellationCause,
    Change,
    ChangeCause,
    CoOwnership,
    Correction,
    Decision,
    EasementCreation,
    EncumbranceCancellation,
    Entry,
    Evidence,
    FirstRegistration,
    Holder,
    MortgageCancellation,
    MortgageCreation,
    NoticeKind,
    ObjectionFiling,
    Payload,
    RegistrationRequest,
    RightCancellation,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
    Status,
    SuitLodged,
    Transfer,
    TransferCause,
    UnitState,
    enter,
    local_date,
    replay,
    unit_state_as_of,
)
from yichuang.registry.tests.test_rules_helpers import CAL, HOUSE, at

PEOPLE = ("A", "B", "C", "D")
BANKS = ("BANK1", "BANK2", "BANK3")
COURTS = ("C1", "C2")
EVERYONE = frozenset((*PEOPLE, *BANKS, "N"))
UNIT = "U-PROPERTY"

# Strategies are built once: building them per draw costs more than the rules.
PERSON = st.sampled_from(PEOPLE)
BANK = st.sampled_from(BANKS)
COURT = st.sampled_from(COURTS)
FORM = st.sampled_from(CoOwnership)
CO_OWNERS = st.lists(PERSON, min_size=2, max_size=3, unique=True)
WEIGHT = st.integers(1, 6)
SURPLUS = st.sampled_from((0, 0, 0, 0, 1))
# Mostly everyone applies and consents, so that most requests are allowed and
# the histories grow long; sometimes a random few, so refusals happen too.
PARTIES = st.one_of(
    st.just(EVERYONE), st.just(EVERYONE), st.frozensets(st.sampled_from(sorted(EVERYONE)))
)
EVIDENCE = st.frozensets(st.sampled_from(Evidence))
UNDERTAKINGS = st.frozensets(st.sampled_from(Acknowledgement))
RANK = st.sampled_from((None, None, None, 1, 2, 3))
NOTICE_HOLDERS = st.frozensets(st.sampled_from((*PEOPLE, *BANKS)), max_size=2)
OBLIGORS = st.frozensets(PERSON, min_size=1, max_size=2)
# Weighted by how often each act comes to an office; seizures are rare because
# one in force blocks most other acts for months.
ACT = st.sampled_from(
    ("transfer", "first", "transfer", "transfer", "change", "change", "right_cancellation",
     "mortgage", "mortgage", "mortgage", "mortgage", "notice", "notice", "easement",
     "mortgage_cancellation", "mortgage_cancellation", "encumbrance_cancellation",
     "encumbrance_cancellation", "seizure", "lift", "lift", "renewal", "objection",
     "objection", "suit", "correction", "correction")
)  # fmt: skip


@dataclass
class History:
    """What happened: each step's request, decision and the states around it."""

    entries: list[Entry]
    steps: list[tuple[RegistrationRequest, Decision, UnitState, UnitState]]

    @property
    def final(self) -> UnitState:
        return self.steps[-1][3] if self.steps else UnitState(unit=UNIT)


def draw_holders(data: st.DataObject) -> tuple[tuple[Holder, ...], CoOwnership]:
    """Holders in a random form; shares occasionally fail to sum to 1 on purpose."""
    form = data.draw(FORM)
    if form == CoOwnership.SOLE:
        return (Holder(data.draw(PERSON)),), form
    parties = data.draw(CO_OWNERS)
    if form == CoOwnership.JOINT:
        return tuple(Holder(p) for p in parties), form
    weights = [data.draw(WEIGHT) for _ in parties]
    total = sum(weights) + data.draw(SURPLUS)
    return tuple(Holder(p, Fraction(w, total)) for p, w in zip(parties, weights, strict=True)), form


def draw_target(data: st.DataObject, seqs: list[int]) -> int:
    """One of ``seqs`` (items of the right kind), now and then one that does not exist."""
    return data.draw(st.sampled_from([*seqs, *seqs, 999]))


def draw_transfer_like(data: st.DataObject, act: str) -> Payload:
    holders, form = draw_holders(data)
    if act == "first":
        return FirstRegistration(HOUSE, holders, form)
    if act == "transfer":
        return Transfer(HOUSE, holders, form, data.draw(st.sampled_from(TransferCause)))
    if act == "change":
        cause = data.draw(st.sampled_from(ChangeCause))
        if cause == ChangeCause.CO_OWNERSHIP or data.draw(st.booleans()):
            return Change(HOUSE, cause, holders, form)
        return Change(HOUSE, cause)
    return RightCancellation(HOUSE, data.draw(st.sampled_from(CancellationCause)))


def draw_encumbrance(data: st.DataObject, act: str, state: UnitState) -> Payload:
    if act == "mortgage":
        return MortgageCreation(
            HOUSE,
            data.draw(BANK),
            debt_amount=Decimal(data.draw(st.integers(0, 5)) * 100_000),
            agreed_rank=data.draw(RANK),
            transfer_banned=data.draw(st.booleans()),
        )
    if act == "notice":
        kind = data.draw(st.sampled_from(NoticeKind))
        return AdvanceNoticeFiling(kind, HOUSE, data.draw(NOTICE_HOLDERS), data.draw(OBLIGORS))
    if act == "easement":
        return EasementCreation(HOUSE, "N", "U2")
    if act == "mortgage_cancellation":
        return MortgageCancellation(draw_target(data, [m.seq for m in state.mortgages]))
    targets = [item.seq for item in (*state.easements, *state.notices, *state.objections)]
    cause = data.draw(st.sampled_from(CancellationCause))
    return EncumbranceCancellation(draw_target(data, targets), cause)


def draw_court_act(data: st.DataObject, act: str, state: UnitState, when: dt.datetime) -> Payload:
    if act == "seizure":
        served = when - dt.timedelta(hours=data.draw(st.integers(0, 48)))
        months = data.draw(st.integers(1, 12))
        return SeizureOrder(data.draw(COURT), "doc", served, term_months=months)
    seizures = {s.seq: s.court for s in state.seizures}
    target = draw_target(data, sorted(seizures))
    # Usually the court that seized; sometimes another one.
    court = data.draw(st.sampled_from((seizures.get(target, "C1"),) * 3 + COURTS))
    if act == "lift":
        return SeizureLift(target, court, "doc")
    end = local_date(when) + dt.timedelta(days=data.draw(st.integers(-30, 400)))
    return SeizureRenewal(target, court, "doc", end)


def draw_contest(data: st.DataObject, act: str, state: UnitState, when: dt.datetime) -> Payload:
    if act == "objection":
        who = data.draw(PERSON)
        return ObjectionFiling(HOUSE, who, data.draw(st.sampled_from(("g1", "g2"))))
    if act == "suit":
        lodged = local_date(when) - dt.timedelta(days=data.draw(st.integers(0, 30)))
        return SuitLodged(draw_target(data, [o.seq for o in state.objections]), lodged)
    holders, form = draw_holders(data)
    return Correction(draw_target(data, [line.seq for line in state.journal]), HOUSE, holders, form)


def draw_act(data: st.DataObject, state: UnitState) -> str:
    """An act, creating what it needs first when it names a kind of item not yet there."""
    # Most histories start with the right being registered, as registers do.
    if not state.journal and data.draw(st.booleans()):
        return "first"
    act = data.draw(ACT)
    needs = {
        "lift": ("seizure", state.seizures),
        "renewal": ("seizure", state.seizures),
        "mortgage_cancellation": ("mortgage", state.mortgages),
        "suit": ("objection", state.objections),
        "encumbrance_cancellation": ("notice", (*state.notices, *state.easements)),
    }
    if act in needs and not needs[act][1]:
        return needs[act][0]
    return act


def draw_payload(data: st.DataObject, state: UnitState, when: dt.datetime) -> Payload:
    act = draw_act(data, state)
    if act in ("first", "transfer", "change", "right_cancellation"):
        return draw_transfer_like(data, act)
    if act in ("seizure", "lift", "renewal"):
        return draw_court_act(data, act, state, when)
    if act in ("objection", "suit", "correction"):
        return draw_contest(data, act, state, when)
    return draw_encumbrance(data, act, state)


def draw_request(data: st.DataObject, state: UnitState, when: dt.datetime) -> RegistrationRequest:
    return RegistrationRequest(
        payload=draw_payload(data, state, when),
        accepted_at=when - dt.timedelta(days=data.draw(st.integers(0, 5))),
        applicants=data.draw(PARTIES),
        consents=data.draw(PARTIES),
        acknowledgements=data.draw(UNDERTAKINGS),
        evidence=data.draw(EVIDENCE),
    )


def build_history(data: st.DataObject) -> History:
    """Decide and enter a random sequence of requests, keeping everything."""
    history = History(entries=[], steps=[])
    state = UnitState(unit=UNIT)
    when = at(2025, 1, 6, 9)
    for _ in range(data.draw(st.integers(1, 30), label="steps")):
        when += dt.timedelta(
            days=data.draw(st.integers(0, 120)), hours=data.draw(st.integers(0, 6))
        )
        request = draw_request(data, state, when)
        done = enter(state, request, seq=state.last_seq + 1, entered_at=when, calendar=CAL)
        if done.entry is not None:
            history.entries.append(done.entry)
        history.steps.append((request, done.decision, state, done.state))
        state = done.state
    return history


@given(st.data())
def test_replaying_the_entries_rebuilds_the_incremental_state(data: st.DataObject) -> None:
    """The register rebuilds a unit by folding ``apply``: it must match the live state."""
    history = build_history(data)
    assert replay(UNIT, history.entries) == history.final
    allowed = sum(1 for _, decision, _, _ in history.steps if decision.allowed)
    assert len(history.final.journal) == allowed


@given(st.data())
def test_shares_always_sum_to_one_and_forms_hold(data: st.DataObject) -> None:
    """CC arts. 297-298: after any allowed history, shares are positive and sum to 1."""
    for _, _, _, state in build_history(data).steps:
        for right in state.rights:
            shares = [holder.share for holder in right.holders]
            if right.form == CoOwnership.SHARED:
                assert all(share is not None and share > 0 for share in shares)
                assert sum(share or 0 for share in shares) == 1
            elif right.form == CoOwnership.JOINT:
                assert len(shares) >= 2 and all(share is None for share in shares)
            else:
                assert len(shares) == 1


@given(st.data())
def test_no_refused_request_changes_the_state(data: st.DataObject) -> None:
    """A refusal leaves the register exactly as it was; an entry adds one journal line."""
    for _, decision, before, after in build_history(data).steps:
        if not decision.allowed:
            assert after is before
        else:
            assert after.last_seq == before.last_seq + 1


@given(st.data())
def test_mortgages_rank_one_to_k_in_acceptance_order_unless_agreed(data: st.DataObject) -> None:
    """CC art. 414, RULES art. 67: ranks 1..k, in acceptance order unless agreed."""
    history = build_history(data)
    for _, _, _, state in history.steps:
        when = state.journal[-1].entered_at if state.journal else at(2025, 1, 6)
        view = unit_state_as_of(state, local_date(when), CAL)
        ranks = [mortgage.rank for mortgage in view.mortgages]
        assert ranks == list(range(1, len(ranks) + 1))
        live = [mortgage.mortgage for mortgage in view.mortgages]
        if all(m.agreed_rank is None for m in live):
            assert live == sorted(live, key=lambda m: (m.accepted_at, m.seq))


@given(st.data(), st.integers(0, 1500))
def test_one_seizure_binds_at_most_and_lapses_never_undo(data: st.DataObject, days: int) -> None:
    """RULES arts. 91-92: one seizure in force, others wait; a lapse is for good."""
    state = build_history(data).final
    # The register is asked about days after its last entry, never before.
    last = local_date(state.journal[-1].entered_at) if state.journal else dt.date(2025, 1, 6)
    day = last + dt.timedelta(days=days)
    now, later = (unit_state_as_of(state, d, CAL) for d in (day, day + dt.timedelta(days=30)))
    assert len(now.seizures_in_force) <= 1
    assert not now.seizures_waiting or now.seizures_in_force
    ended = (Status.LAPSED, Status.LIFTED, Status.CANCELLED, Status.FULFILLED)
    for before, after in zip(
        (*now.objections, *now.notices), (*later.objections, *later.notices), strict=True
    ):
        if before.status in ended:
            assert after.status == before.status
