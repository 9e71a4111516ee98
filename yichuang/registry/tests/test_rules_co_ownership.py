"""Co-ownership: valid holders and shares, and who must agree to a disposal.

CC arts. 297-305; RULES art. 10 (two thirds of the shares, or all joint owners).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from yichuang.registry.rules import (
    Change,
    ChangeCause,
    CoOwnership,
    FirstRegistration,
    Holder,
    NoteCode,
    RefusalCode,
    RulesConfig,
    Transfer,
    TransferCause,
    consenting_share,
    holder_refusals,
)
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    at,
    joint,
    mortgage,
    shared,
    sole,
)

SALE = Transfer(HOUSE, sole("BUYER"), CoOwnership.SOLE, TransferCause.SALE)


def book_of(
    holders: tuple[Holder, ...], form: CoOwnership, config: RulesConfig | None = None
) -> Book:
    book = Book(config=config) if config else Book()
    payload = FirstRegistration(HOUSE, holders, form)
    book.enter(payload, at(2025, 3, 3), applicants={h.party for h in holders})
    return book


def codes(holders: tuple[Holder, ...], form: CoOwnership) -> list[str]:
    return [found.code for found in holder_refusals(holders, form)]


def test_shares_in_thirds_sum_exactly_to_one_cc_298() -> None:
    assert codes(shared(A="1/3", B="1/3", C="1/3"), CoOwnership.SHARED) == []


def test_shares_that_do_not_sum_to_one_are_refused_with_the_total_cc_298() -> None:
    found = holder_refusals(shared(A="1/2", B="1/3"), CoOwnership.SHARED)
    assert [(f.code, dict(f.params)) for f in found] == [
        (RefusalCode.SHARES_NOT_ONE, {"total": "5/6"})
    ]
    assert found[0].article == "CC art. 298"


@pytest.mark.parametrize(
    ("holders", "form", "expected"),
    [
        ((), CoOwnership.SOLE, [RefusalCode.HOLDERS_MISSING]),
        (joint("A", "B"), CoOwnership.SOLE, [RefusalCode.SOLE_HOLDER_COUNT]),
        (joint("A"), CoOwnership.JOINT, [RefusalCode.CO_OWNERS_TOO_FEW]),
        (shared(A="1/2", B="1/2"), CoOwnership.JOINT, [RefusalCode.SHARE_UNEXPECTED] * 2),
        ((Holder("A"), Holder("B", Fraction(1))), CoOwnership.SHARED, [RefusalCode.SHARE_MISSING]),
        (shared(A="3/2", B="-1/2"), CoOwnership.SHARED, [RefusalCode.SHARE_NOT_POSITIVE]),
        (shared(A="1/2") + shared(A="1/2"), CoOwnership.SHARED, [RefusalCode.HOLDER_REPEATED]),
        ((Holder("A", Fraction(1)),), CoOwnership.SOLE, []),
    ],
)
def test_holders_are_refused_with_a_precise_code_cc_297_298(
    holders: tuple[Holder, ...], form: CoOwnership, expected: list[str]
) -> None:
    assert codes(holders, form) == expected


def test_two_thirds_of_the_shares_may_dispose_of_the_whole_rules_10() -> None:
    book = book_of(shared(A="1/2", B="1/6", C="1/3"), CoOwnership.SHARED)
    # A and B hold 1/2 + 1/6 = 2/3 exactly: enough.
    assert book.decide(SALE, at(2025, 4, 1), applicants={"A", "B", "BUYER"}).allowed


def test_less_than_two_thirds_of_the_shares_may_not_rules_10() -> None:
    book = book_of(shared(A="1/2", B="1/6", C="1/3"), CoOwnership.SHARED)
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"A", "BUYER"})
    assert decision.codes == (RefusalCode.CO_OWNER_CONSENT_REQUIRED,)
    assert decision.refusals[0].article == "RULES art. 10 (unconfirmed); CC art. 301"
    assert dict(decision.refusals[0].params) == {
        "form": "shared",
        "consenting_share": "1/2",
        "required_share": "2/3",
        "missing": ("B", "C"),
    }
    # A written consent counts like an application.
    assert book.decide(SALE, at(2025, 4, 1), applicants={"A", "BUYER"}, consents={"C"}).allowed


def test_the_quorum_is_configurable_rules_10() -> None:
    half = RulesConfig(shared_disposal_quorum=Fraction(1, 2))
    book = book_of(shared(A="1/2", B="1/2"), CoOwnership.SHARED, half)
    assert book.decide(SALE, at(2025, 4, 1), applicants={"A", "BUYER"}).allowed


@pytest.mark.parametrize("quorum", [Fraction(0), Fraction(4, 3)])
def test_a_quorum_outside_zero_to_one_is_refused_at_configuration(quorum: Fraction) -> None:
    with pytest.raises(ValueError, match="shared_disposal_quorum"):
        RulesConfig(shared_disposal_quorum=quorum)


def test_a_float_quorum_is_refused_because_two_thirds_is_not_exact() -> None:
    with pytest.raises(TypeError, match="Fraction"):
        RulesConfig(shared_disposal_quorum=0.66)  # type: ignore[arg-type]


def test_joint_owners_must_all_agree_to_a_mortgage_rules_10() -> None:
    book = book_of(joint("W", "L"), CoOwnership.JOINT)
    decision = book.decide(mortgage("BANK"), at(2025, 4, 1), applicants={"W", "BANK"})
    assert decision.codes == (RefusalCode.CO_OWNER_CONSENT_REQUIRED,)
    assert dict(decision.refusals[0].params) == {"form": "joint", "missing": ("L",)}
    assert book.decide(mortgage("BANK"), at(2025, 4, 1), applicants={"W", "L", "BANK"}).allowed


def test_a_registered_agreement_replaces_the_statutory_quorum_cc_301() -> None:
    book = Book()
    agreed = FirstRegistration(HOUSE, joint("W", "L"), CoOwnership.JOINT, disposal_agreement=True)
    book.enter(agreed, at(2025, 3, 3), applicants={"W", "L"})
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"W", "BUYER"})
    assert decision.allowed
    assert decision.note_codes == (NoteCode.CO_OWNER_AGREEMENT_APPLIES,)


def test_selling_ones_own_share_needs_only_the_seller_cc_305() -> None:
    book = book_of(shared(A="1/2", B="1/6", C="1/3"), CoOwnership.SHARED)
    # B sells its 1/6 to D; A and C keep theirs and take no part.
    sale = Transfer(
        HOUSE, shared(A="1/2", D="1/6", C="1/3"), CoOwnership.SHARED, TransferCause.SALE
    )
    assert book.decide(sale, at(2025, 4, 1), applicants={"B", "D"}).allowed
    without_seller = book.decide(sale, at(2025, 4, 1), applicants={"A", "D"})
    assert RefusalCode.SHARE_HOLDER_CONSENT_REQUIRED in without_seller.codes


def test_inheritance_needs_no_quorum_rules_10() -> None:
    book = book_of(shared(A="1/2", B="1/2"), CoOwnership.SHARED)
    heirs = Transfer(HOUSE, shared(A="1/2", H="1/2"), CoOwnership.SHARED, TransferCause.INHERITANCE)
    assert book.decide(heirs, at(2025, 4, 1), applicants={"H"}).allowed


def test_a_co_ownership_change_re_divides_among_the_same_holders_only() -> None:
    """RULES arts. 26-27 (unconfirmed): new parties come in by transfer, not change."""
    book = book_of(shared(A="1/2", B="1/2"), CoOwnership.SHARED)
    redivide = Change(HOUSE, ChangeCause.CO_OWNERSHIP, shared(A="2/3", B="1/3"), CoOwnership.SHARED)
    assert book.submit(redivide, at(2025, 4, 1), applicants={"A", "B"}).allowed
    right = book.state.right(HOUSE)
    assert right is not None and consenting_share(right, frozenset({"A"})) == Fraction(2, 3)
    adds = Change(HOUSE, ChangeCause.CO_OWNERSHIP, shared(A="1/2", C="1/2"), CoOwnership.SHARED)
    decision = book.decide(adds, at(2025, 4, 2), applicants={"A", "B", "C"})
    assert RefusalCode.CHANGE_ALTERS_HOLDERS in decision.codes
    assert dict(decision.refusals[-1].params) == {"added": ("C",), "removed": ("B",)}
    bare = Change(HOUSE, ChangeCause.CO_OWNERSHIP)
    assert book.decide(bare, at(2025, 4, 2), applicants={"A", "B"}).codes == (
        RefusalCode.HOLDERS_MISSING,
    )


def test_a_transfer_into_shares_that_do_not_sum_to_one_is_refused_cc_298() -> None:
    book = book_of(sole("A"), CoOwnership.SOLE)
    bad = Transfer(HOUSE, shared(X="1/2", Y="1/4"), CoOwnership.SHARED, TransferCause.SALE)
    decision = book.decide(bad, at(2025, 4, 1), applicants={"A", "X", "Y"})
    assert decision.codes == (RefusalCode.SHARES_NOT_ONE,)


def test_a_name_change_may_not_re_divide_the_shares_rules_26_27() -> None:
    """A change one holder may apply for alone must leave holders and shares alone."""
    book = book_of(shared(A="1/2", B="1/2"), CoOwnership.SHARED)
    sneaky = Change(HOUSE, ChangeCause.HOLDER_NAME, shared(A="2/3", B="1/3"), CoOwnership.SHARED)
    decision = book.decide(sneaky, at(2025, 4, 1), applicants={"A"})
    assert decision.codes == (RefusalCode.CHANGE_ALTERS_HOLDERS,)
    assert decision.refusals[0].article == "RULES arts. 26-27 (unconfirmed)"
    to_joint = Change(HOUSE, ChangeCause.PHYSICAL_STATE, form=CoOwnership.JOINT)
    assert book.decide(to_joint, at(2025, 4, 1), applicants={"A"}).codes == (
        RefusalCode.CHANGE_ALTERS_HOLDERS,
    )
    same = Change(HOUSE, ChangeCause.HOLDER_NAME, shared(B="1/2", A="1/2"))
    assert book.decide(same, at(2025, 4, 1), applicants={"A"}).allowed
