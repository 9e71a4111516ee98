"""Who must apply (REG art. 14) and the general grounds of refusal (REG art. 22)."""

from __future__ import annotations

from typing import Any

import pytest

from yichuang.registry.rules import (
    REFUSAL_TABLE,
    AdvanceNoticeFiling,
    ApplicationCheck,
    CancellationCause,
    Change,
    ChangeCause,
    CoOwnership,
    Correction,
    Evidence,
    FirstRegistration,
    GeneralGround,
    MortgageCancellation,
    NoticeKind,
    ObjectionFiling,
    Outcome,
    Payload,
    RefusalCode,
    RegistrationRequest,
    RightCancellation,
    SeizureOrder,
    Side,
    SingleApplicationGround,
    Transfer,
    TransferCause,
    UnitState,
    check_application,
)
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    D,
    at,
    first,
    joint,
    mortgage,
    shared,
    sole,
)

SALE = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, TransferCause.SALE)


def owned(*parties: str, form: CoOwnership = CoOwnership.SOLE) -> Book:
    book = Book()
    book.enter(first(*parties, form=form), at(2025, 3, 3), applicants=set(parties))
    return book


def check(book: Book, payload: Payload, *applicants: str, **options: Any) -> ApplicationCheck:
    """REG art. 14's answer on ``payload`` applied for by ``applicants``."""
    request = book.request(payload, at(2025, 4, 1), applicants=applicants, **options)
    return check_application(book.state, request)


def test_a_sale_is_applied_for_by_both_sides_reg_14() -> None:
    book = owned("SELLER")
    both = check(book, SALE, "SELLER", "W", "L")
    assert (both.satisfied, both.ground, both.article) == (True, None, "REG art. 14")
    seller_only = check(book, SALE, "SELLER")
    assert (seller_only.missing_sides, seller_only.missing_parties) == (
        (Side.ACQUIRER,),
        ("L", "W"),
    )
    buyers_only = check(book, SALE, "W", "L")
    assert (buyers_only.missing_sides, buyers_only.missing_parties) == ((Side.HOLDER,), ("SELLER",))


def test_a_missing_side_is_material_still_to_produce_reg_14() -> None:
    book = owned("SELLER")
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"SELLER", "W"})
    assert decision.codes == (RefusalCode.APPLICANTS_INCOMPLETE,)
    assert decision.outcome == Outcome.NEEDS_MATERIALS
    assert dict(decision.refusals[0].params) == {"sides": ("acquirer",), "parties": ("L",)}


@pytest.mark.parametrize(
    ("cause", "applicant", "ground", "item"),
    [
        (TransferCause.INHERITANCE, "W", SingleApplicationGround.INHERITANCE_OR_BEQUEST, 2),
        (TransferCause.BEQUEST, "L", SingleApplicationGround.INHERITANCE_OR_BEQUEST, 2),
        (TransferCause.COURT_DECISION, "SELLER", SingleApplicationGround.DECISION, 3),
        (TransferCause.ARBITRATION_AWARD, "W", SingleApplicationGround.DECISION, 3),
        (TransferCause.GOVERNMENT_DECISION, "L", SingleApplicationGround.DECISION, 3),
    ],
)
def test_succession_and_decisions_may_be_applied_for_by_one_party_reg_14(
    cause: TransferCause, applicant: str, ground: SingleApplicationGround, item: int
) -> None:
    book = owned("SELLER")
    transfer = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, cause)
    result = check(book, transfer, applicant)
    assert (result.satisfied, result.ground) == (True, ground)
    assert result.article == f"REG art. 14 para. 2 item {item}"


def test_an_heir_alone_is_enough_but_a_stranger_is_not_reg_14() -> None:
    book = owned("SELLER")
    heirs = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, TransferCause.INHERITANCE)
    assert not check(book, heirs, "STRANGER").satisfied


def test_first_registration_of_an_unregistered_right_is_one_sided_reg_14_item_1() -> None:
    result = check(Book(), first("DEV"), "DEV")
    assert (result.satisfied, result.ground) == (True, SingleApplicationGround.UNREGISTERED_FIRST)


def test_a_name_change_is_one_sided_but_a_share_change_needs_every_holder_reg_14() -> None:
    book = owned("A", "B", form=CoOwnership.JOINT)
    name = check(book, Change(HOUSE, ChangeCause.HOLDER_NAME), "A")
    assert (name.satisfied, name.ground) == (True, SingleApplicationGround.NAME_OR_PHYSICAL_CHANGE)
    shares = Change(HOUSE, ChangeCause.CO_OWNERSHIP, shared(A="1/2", B="1/2"), CoOwnership.SHARED)
    assert check(book, shares, "A").missing_parties == ("B",)
    assert check(book, shares, "A", "B").satisfied


def test_destruction_and_abandonment_are_one_sided_reg_14_item_5() -> None:
    book = owned("A")
    for cause in (CancellationCause.DESTRUCTION, CancellationCause.ABANDONMENT):
        result = check(book, RightCancellation(HOUSE, cause), "A")
        assert result.ground == SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT
        assert result.satisfied
    expropriated = check(book, RightCancellation(HOUSE, CancellationCause.EXPROPRIATION), "CITY")
    assert (expropriated.satisfied, expropriated.ground) == (True, SingleApplicationGround.DECISION)


def test_correction_and_objection_are_one_sided_and_the_office_needs_no_applicant_reg_14() -> None:
    book = owned("A")
    objection = check(book, ObjectionFiling(HOUSE, "Z", "deed"), "Z")
    assert (objection.satisfied, objection.ground) == (
        True,
        SingleApplicationGround.CORRECTION_OR_OBJECTION,
    )
    assert not check(book, ObjectionFiling(HOUSE, "Z", "deed"), "Y").satisfied
    assert check(book, Correction(1, HOUSE), "Z").satisfied
    assert check(book, Correction(1, HOUSE, by_office=True)).satisfied
    assert not check(book, Correction(1, HOUSE)).satisfied


def test_a_seizure_is_the_courts_commission_not_an_application() -> None:
    """RULES art. 90 (unconfirmed): the court commissions it; REG art. 14 does not apply."""
    result = check(owned("A"), SeizureOrder("C1", "x", at(2025, 4, 1, 9)))
    assert (result.satisfied, result.ground) == (True, SingleApplicationGround.COURT_COMMISSION)
    assert result.article == "REG art. 14"


def test_a_mortgage_is_applied_for_by_mortgagor_and_mortgagee_reg_14() -> None:
    book = owned("A")
    assert check(book, mortgage("BANK"), "A", "BANK").satisfied
    assert check(book, mortgage("BANK"), "A").missing_parties == ("BANK",)


def test_a_mortgage_cancellation_by_the_mortgagee_or_on_proof_is_one_sided_reg_14() -> None:
    book = owned("A")
    seq = book.enter(mortgage("BANK"), at(2025, 3, 10), applicants={"A", "BANK"})
    by_bank = check(book, MortgageCancellation(seq), "BANK")
    assert by_bank.ground == SingleApplicationGround.DESTRUCTION_OR_ABANDONMENT
    on_proof = check(book, MortgageCancellation(seq), "A", evidence={Evidence.DEBT_ENDED})
    assert (on_proof.ground, on_proof.article) == (
        SingleApplicationGround.OTHER_LAW,
        "REG art. 14 para. 2 item 7",
    )
    assert not check(book, MortgageCancellation(seq), "STRANGER").satisfied


def test_a_pre_sale_notice_is_granted_by_the_developer_it_names_reg_14() -> None:
    notice = AdvanceNoticeFiling(NoticeKind.PURCHASE, HOUSE, frozenset({"W"}), frozenset({"DEV"}))
    assert check(Book(), notice, "W", "DEV").satisfied
    assert check(Book(), notice, "W").missing_sides == (Side.HOLDER,)


@pytest.mark.parametrize(
    ("ground", "code", "article"),
    [
        (GeneralGround.ILLEGAL, RefusalCode.ILLEGAL, "REG art. 22(1)"),
        (GeneralGround.TITLE_DISPUTE, RefusalCode.TITLE_DISPUTE, "REG art. 22(2)"),
        (GeneralGround.BEYOND_TERM, RefusalCode.RIGHT_BEYOND_TERM, "REG art. 22(3)"),
        (GeneralGround.OTHER_LEGAL_GROUND, RefusalCode.OTHER_LEGAL_GROUND, "REG art. 22(4)"),
    ],
)
def test_a_reviewers_finding_refuses_the_registration_reg_22(
    ground: GeneralGround, code: RefusalCode, article: str
) -> None:
    book = owned("SELLER")
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"SELLER", "W", "L"}, findings={ground})
    assert decision.codes == (code,)
    assert decision.refusals[0].article == article
    assert decision.outcome == Outcome.REFUSED


def test_disposing_of_a_right_whose_term_ended_is_refused_reg_22() -> None:
    book = Book()
    lease = FirstRegistration(HOUSE, sole("A"), CoOwnership.SOLE, term_end=D(2025, 12, 31))
    book.enter(lease, at(2025, 3, 3), applicants={"A"})
    sale = Transfer(HOUSE, sole("B"), CoOwnership.SOLE, TransferCause.SALE)
    assert book.decide(sale, at(2025, 12, 31), applicants={"A", "B"}).allowed
    decision = book.decide(sale, at(2026, 1, 5), applicants={"A", "B"})
    assert decision.codes == (RefusalCode.RIGHT_BEYOND_TERM,)
    assert dict(decision.refusals[0].params) == {"term_end": "2025-12-31"}


def test_a_request_needs_an_aware_acceptance_time() -> None:
    with pytest.raises(ValueError, match="accepted_at"):
        RegistrationRequest(SALE, accepted_at=at(2025, 4, 1).replace(tzinfo=None))


def test_every_refusal_code_has_a_kind_and_an_article() -> None:
    assert set(REFUSAL_TABLE) == set(RefusalCode)
    assert all(article for _, article in REFUSAL_TABLE.values())


def test_an_empty_state_is_the_start_of_every_register() -> None:
    assert UnitState(unit="U").last_seq == 0
