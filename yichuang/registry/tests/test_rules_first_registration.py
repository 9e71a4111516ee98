"""First registration before any other (RULES art. 24) and its pre-sale exception."""

from __future__ import annotations

import dataclasses

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CancellationCause,
    ChangeCause,
    CoOwnership,
    EasementCreation,
    NoteCode,
    NoticeKind,
    ObjectionFiling,
    Outcome,
    RefusalCode,
    RightCancellation,
    RightKind,
    RulesConfig,
    Transfer,
    TransferCause,
)
from yichuang.registry.rules import Change as ChangeRegistration
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    at,
    first,
    joint,
    mortgage,
    sole,
)


def test_first_registration_of_an_unregistered_right_is_allowed_and_entered() -> None:
    """RULES art. 24: the first registration creates the right with its holders."""
    book = Book()
    seq = book.enter(first("DEV"), at(2025, 3, 3), applicants={"DEV"})
    right = book.state.right(HOUSE)
    assert right is not None
    assert (right.holders, right.form, right.created_seq) == (sole("DEV"), CoOwnership.SOLE, seq)


def test_a_second_first_registration_of_the_same_right_is_refused_rules_24() -> None:
    book = Book()
    book.enter(first("DEV"), at(2025, 3, 3), applicants={"DEV"})
    decision = book.decide(first("OTHER"), at(2025, 3, 4), applicants={"OTHER"})
    assert decision.codes == (RefusalCode.RIGHT_ALREADY_REGISTERED,)
    assert decision.refusals[0].article == "RULES art. 24"
    assert decision.outcome == Outcome.REFUSED


def test_a_first_registration_of_another_right_kind_is_allowed_rules_24() -> None:
    book = Book()
    book.enter(
        first("VILLAGE", kind=RightKind.COLLECTIVE_LAND_OWNERSHIP),
        at(2025, 3, 3),
        applicants={"VILLAGE"},
    )
    assert book.decide(
        first("FARMER", kind=RightKind.LAND_CONTRACTING), at(2025, 3, 4), applicants={"FARMER"}
    ).allowed


def test_acts_on_an_unregistered_right_are_refused_rules_24() -> None:
    """Transfers, mortgages, easements, changes and objections need the right registered."""
    book = Book()
    acts = [
        Transfer(HOUSE, sole("B"), CoOwnership.SOLE, TransferCause.SALE),
        mortgage("BANK"),
        EasementCreation(HOUSE, holder="NEIGHBOUR", dominant_unit="U2"),
        ChangeRegistration(HOUSE, ChangeCause.HOLDER_NAME),
        ObjectionFiling(HOUSE, applicant="Z", grounds="forged-contract"),
        RightCancellation(HOUSE, CancellationCause.DESTRUCTION),
    ]
    for act in acts:
        decision = book.decide(act, at(2025, 3, 3), applicants={"A", "B", "BANK", "Z"})
        assert RefusalCode.RIGHT_NOT_REGISTERED in decision.codes, act


def test_a_pre_sale_notice_may_precede_the_flats_first_registration_rules_24() -> None:
    """RULES art. 24 "另有规定的除外": 预购商品房预告登记 before the flat is registered."""
    book = Book()
    notice = AdvanceNoticeFiling(
        NoticeKind.PURCHASE, HOUSE, frozenset({"BUYER"}), frozenset({"DEV"})
    )
    decision = book.submit(notice, at(2025, 1, 6), applicants={"BUYER", "DEV"})
    assert decision.allowed
    assert decision.note_codes == (NoteCode.PRE_SALE_NOTICE_BEFORE_FIRST_REGISTRATION,)
    assert decision.notes[0].article == "RULES art. 24 (unconfirmed)"


def test_the_pre_sale_exception_can_be_switched_off_rules_24() -> None:
    book = Book(config=RulesConfig(advance_notice_before_first_registration=False))
    notice = AdvanceNoticeFiling(
        NoticeKind.PURCHASE, HOUSE, frozenset({"BUYER"}), frozenset({"DEV"})
    )
    decision = book.decide(notice, at(2025, 1, 6), applicants={"BUYER", "DEV"})
    assert decision.codes == (RefusalCode.RIGHT_NOT_REGISTERED,)


def test_a_transfer_notice_on_an_unregistered_resale_is_refused_rules_24() -> None:
    """Only pre-sale notices are excepted; a resale notice needs the seller's registered right."""
    book = Book()
    notice = AdvanceNoticeFiling(
        NoticeKind.TRANSFER, HOUSE, frozenset({"BUYER"}), frozenset({"SELLER"})
    )
    decision = book.decide(notice, at(2025, 1, 6), applicants={"BUYER", "SELLER"})
    assert decision.codes == (RefusalCode.RIGHT_NOT_REGISTERED,)


def test_the_buyers_transfer_waits_for_the_developers_first_registration_rules_24() -> None:
    book = Book()
    notice = AdvanceNoticeFiling(
        NoticeKind.PURCHASE, HOUSE, frozenset({"W", "L"}), frozenset({"DEV"})
    )
    book.enter(notice, at(2025, 1, 6), applicants={"W", "L", "DEV"})
    transfer = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, TransferCause.SALE)
    decision = book.decide(transfer, at(2025, 2, 10), applicants={"W", "L", "DEV"})
    assert RefusalCode.RIGHT_NOT_REGISTERED in decision.codes


def test_a_destroyed_and_cancelled_right_may_be_registered_afresh_rules_24() -> None:
    book = Book()
    book.enter(first("A"), at(2025, 3, 3), applicants={"A"})
    book.enter(
        RightCancellation(HOUSE, CancellationCause.DESTRUCTION), at(2025, 6, 3), applicants={"A"}
    )
    assert book.state.right(HOUSE) is None
    seq = book.enter(first("A"), at(2026, 6, 1), applicants={"A"})
    right = book.state.right(HOUSE)
    assert right is not None and right.created_seq == seq
    assert book.replayed() == book.state


def test_first_registration_holders_are_validated_like_any_holders() -> None:
    """CC art. 297: a sole right has one holder; the first registration is no exception."""
    book = Book()
    payload = dataclasses.replace(first("A"), holders=joint("A", "B"))
    assert book.decide(payload, at(2025, 3, 3), applicants={"A"}).codes == (
        RefusalCode.SOLE_HOLDER_COUNT,
    )
