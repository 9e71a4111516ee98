"""Mortgages: amount, order of entry, rank, transfer of a mortgaged unit, cancellation.

CC arts. 393, 400, 406, 409, 414, 420; RULES art. 67.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from yichuang.registry.rules import (
    CoOwnership,
    Evidence,
    GroundKind,
    Mortgage,
    MortgageCancellation,
    MortgageCreation,
    NoteCode,
    Outcome,
    PendingApplication,
    RefusalCode,
    RegistrationType,
    Transfer,
    TransferCause,
    mortgage_ranks,
)
from yichuang.registry.tests.test_rules_helpers import HOUSE, Book, D, at, first, mortgage, sole

OWNER = {"OWNER"}
SALE = Transfer(HOUSE, sole("BUYER"), CoOwnership.SOLE, TransferCause.SALE)


def owned() -> Book:
    book = Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants=OWNER)
    return book


def ranks(book: Book, day: D) -> list[tuple[str, int]]:
    return [(v.mortgage.mortgagee, v.rank) for v in book.view(day).mortgages]


def test_mortgages_rank_in_the_order_they_were_accepted_cc_414_rules_67() -> None:
    book = owned()
    book.enter(mortgage("ICBC"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    book.enter(mortgage("BOC"), at(2025, 5, 6), applicants={"OWNER", "BOC"})
    assert ranks(book, D(2025, 5, 6)) == [("ICBC", 1), ("BOC", 2)]


def test_an_earlier_accepted_mortgage_entered_later_still_ranks_first_rules_67() -> None:
    book = owned()
    book.enter(
        mortgage("BOC"), at(2025, 5, 6), accepted_at=at(2025, 5, 6, 9), applicants={"OWNER", "BOC"}
    )
    book.enter(
        mortgage("ICBC"),
        at(2025, 5, 7),
        accepted_at=at(2025, 5, 5, 9),
        applicants={"OWNER", "ICBC"},
    )
    assert ranks(book, D(2025, 5, 7)) == [("ICBC", 1), ("BOC", 2)]


def test_a_mortgage_needs_a_positive_debt_cc_400() -> None:
    book = owned()
    zero = book.decide(mortgage("ICBC", "0"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    assert zero.codes == (RefusalCode.MORTGAGE_AMOUNT_NOT_POSITIVE,)
    assert zero.refusals[0].article == "CC art. 400"
    no_debt = dataclasses.replace(mortgage("ICBC"), debt_amount=None)
    assert book.decide(no_debt, at(2025, 4, 1), applicants={"OWNER", "ICBC"}).codes == (
        RefusalCode.MORTGAGE_AMOUNT_NOT_POSITIVE,
    )


def test_a_maximum_amount_mortgage_needs_a_positive_maximum_cc_420() -> None:
    book = owned()
    maximum = MortgageCreation(HOUSE, "ICBC", maximum_amount=Decimal("5000000"))
    assert book.decide(maximum, at(2025, 4, 1), applicants={"OWNER", "ICBC"}).allowed
    negative = MortgageCreation(HOUSE, "ICBC", maximum_amount=Decimal("-1"))
    decision = book.decide(negative, at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    assert decision.codes == (RefusalCode.MORTGAGE_AMOUNT_NOT_POSITIVE,)
    assert decision.refusals[0].article == "CC art. 420"


def test_a_mortgage_waits_for_an_earlier_accepted_pending_one_rules_67() -> None:
    book = owned()
    earlier = PendingApplication("CASE-77", RegistrationType.MORTGAGE, at(2025, 6, 30, 9))
    decision = book.decide(
        mortgage("BOC"),
        at(2025, 7, 2),
        accepted_at=at(2025, 7, 1, 9),
        applicants={"OWNER", "BOC"},
        pending=[earlier],
    )
    assert decision.codes == (RefusalCode.MORTGAGE_EARLIER_APPLICATION_PENDING,)
    assert decision.refusals[0].kind == GroundKind.WAIT
    assert decision.outcome == Outcome.MUST_WAIT
    assert decision.refusals[0].article == "RULES art. 67"
    assert dict(decision.refusals[0].params) == {"pending": "CASE-77"}


def test_later_or_other_pending_applications_do_not_hold_a_mortgage_back_rules_67() -> None:
    book = owned()
    later = PendingApplication("CASE-80", RegistrationType.MORTGAGE, at(2025, 7, 1, 15))
    other = PendingApplication("CASE-60", RegistrationType.CHANGE, at(2025, 6, 1, 9))
    decision = book.decide(
        mortgage("BOC"),
        at(2025, 7, 2),
        accepted_at=at(2025, 7, 1, 9),
        applicants={"OWNER", "BOC"},
        pending=[later, other],
    )
    assert decision.allowed


def test_cancelling_a_mortgage_moves_the_later_ones_up_cc_414() -> None:
    book = owned()
    icbc = book.enter(mortgage("ICBC"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    book.enter(mortgage("BOC"), at(2025, 5, 6), applicants={"OWNER", "BOC"})
    book.enter(mortgage("CCB"), at(2025, 6, 3), applicants={"OWNER", "CCB"})
    book.enter(MortgageCancellation(icbc), at(2025, 7, 1), applicants={"ICBC"})
    assert ranks(book, D(2025, 7, 1)) == [("BOC", 1), ("CCB", 2)]


def test_an_agreed_rank_needs_the_overtaken_mortgagees_consent_cc_409() -> None:
    book = owned()
    book.enter(mortgage("ICBC"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    book.enter(mortgage("BOC"), at(2025, 5, 6), applicants={"OWNER", "BOC"})
    first_place = mortgage("CCB", agreed_rank=1)
    decision = book.decide(
        first_place, at(2025, 6, 3), applicants={"OWNER", "CCB"}, consents={"BOC"}
    )
    assert decision.codes == (RefusalCode.MORTGAGE_RANK_CONSENT_REQUIRED,)
    assert decision.refusals[0].article == "CC art. 409"
    assert dict(decision.refusals[0].params) == {"rank": 1, "missing": ("ICBC",)}
    book.enter(first_place, at(2025, 6, 3), applicants={"OWNER", "CCB"}, consents={"BOC", "ICBC"})
    assert ranks(book, D(2025, 6, 3)) == [("CCB", 1), ("ICBC", 2), ("BOC", 3)]


def test_an_agreed_rank_beyond_the_last_place_is_refused_rules_67() -> None:
    book = owned()
    decision = book.decide(
        mortgage("CCB", agreed_rank=3), at(2025, 6, 3), applicants={"OWNER", "CCB"}
    )
    assert decision.codes == (RefusalCode.MORTGAGE_RANK_INVALID,)


def test_a_mortgaged_unit_may_be_transferred_and_the_mortgage_follows_cc_406() -> None:
    book = owned()
    icbc = book.enter(mortgage("ICBC"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    decision = book.submit(SALE, at(2025, 8, 1), applicants={"OWNER", "BUYER"})
    assert decision.allowed
    assert decision.note_codes == (NoteCode.MORTGAGE_FOLLOWS_UNIT,)
    assert dict(decision.notes[0].params) == {"mortgage": icbc, "rank": 1}
    assert ranks(book, D(2025, 8, 1)) == [("ICBC", 1)]
    right = book.state.right(HOUSE)
    assert right is not None and right.parties == {"BUYER"}


def test_a_registered_transfer_ban_needs_the_mortgagees_consent_cc_406() -> None:
    book = owned()
    book.enter(mortgage("ICBC", transfer_banned=True), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    decision = book.decide(SALE, at(2025, 8, 1), applicants={"OWNER", "BUYER"})
    assert decision.codes == (RefusalCode.MORTGAGEE_CONSENT_REQUIRED,)
    assert decision.refusals[0].article == "CC art. 406"
    consented = book.decide(SALE, at(2025, 8, 1), applicants={"OWNER", "BUYER"}, consents={"ICBC"})
    assert consented.allowed and consented.note_codes == (NoteCode.MORTGAGE_FOLLOWS_UNIT,)


def test_a_mortgage_is_cancelled_with_the_mortgagees_consent_or_proof_cc_393() -> None:
    book = owned()
    icbc = book.enter(mortgage("ICBC"), at(2025, 4, 1), applicants={"OWNER", "ICBC"})
    cancel = MortgageCancellation(icbc)
    alone = book.decide(cancel, at(2026, 4, 10), applicants=OWNER)
    assert alone.codes == (RefusalCode.MORTGAGE_CANCELLATION_GROUNDS_REQUIRED,)
    assert alone.refusals[0].article == "CC art. 393"
    proof = book.decide(cancel, at(2026, 4, 10), applicants=OWNER, evidence={Evidence.DEBT_ENDED})
    assert proof.allowed
    assert book.decide(cancel, at(2026, 4, 10), applicants=OWNER, consents={"ICBC"}).allowed
    book.enter(cancel, at(2026, 4, 10), applicants={"ICBC"})
    assert book.decide(cancel, at(2026, 4, 11), applicants={"ICBC"}).codes == (
        RefusalCode.TARGET_ENDED,
    )
    unknown = book.decide(MortgageCancellation(99), at(2026, 4, 11), applicants={"ICBC"})
    assert unknown.codes == (RefusalCode.TARGET_NOT_FOUND,)


def test_ranks_are_a_permutation_with_contested_agreed_places_resolved_by_acceptance() -> None:
    """RULES art. 67 "另有约定": agreed places first, then acceptance order."""

    def make(seq: int, day: int, agreed: int | None) -> Mortgage:
        return Mortgage(
            seq,
            HOUSE,
            f"M{seq}",
            at(2025, 4, day),
            at(2025, 4, day),
            Decimal(1),
            None,
            agreed,
            False,
        )

    # Two agree on first place: the earlier accepted gets it, the other the next free place.
    mortgages = [make(1, 1, None), make(2, 2, 1), make(3, 3, 1), make(4, 4, 9)]
    assert mortgage_ranks(mortgages) == {2: 1, 3: 2, 1: 3, 4: 4}
