"""Cancellation of rights and of easements, notices and objections (RULES art. 28)."""

from __future__ import annotations

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CancellationCause,
    CoOwnership,
    EasementCreation,
    EncumbranceCancellation,
    Evidence,
    FirstRegistration,
    NoteCode,
    NoticeKind,
    RefusalCode,
    RightCancellation,
    SeizureOrder,
    Status,
)
from yichuang.registry.tests.test_rules_helpers import HOUSE, Book, D, at, first, mortgage, sole

OWNER = {"OWNER"}


def encumbered() -> tuple[Book, int, int, int]:
    """OWNER's house with BANK's mortgage, NEIGHBOUR's easement and BUYER's notice."""
    book = Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants=OWNER)
    bank = book.enter(mortgage("BANK"), at(2025, 3, 10), applicants={"OWNER", "BANK"})
    easement = EasementCreation(HOUSE, holder="NEIGHBOUR", dominant_unit="U2")
    passage = book.enter(easement, at(2025, 3, 11), applicants={"OWNER", "NEIGHBOUR"})
    notice = AdvanceNoticeFiling(NoticeKind.TRANSFER, HOUSE, frozenset({"BUYER"}), frozenset(OWNER))
    sale = book.enter(notice, at(2025, 3, 12), applicants={"OWNER", "BUYER"})
    return book, bank, passage, sale


def test_destruction_cancels_the_right_and_every_encumbrance_on_it_rules_28() -> None:
    book, bank, passage, sale = encumbered()
    destroyed = RightCancellation(HOUSE, CancellationCause.DESTRUCTION)
    decision = book.submit(destroyed, at(2025, 5, 6), applicants=OWNER)
    assert decision.allowed
    assert decision.note_codes == (NoteCode.ENCUMBRANCES_END_WITH_RIGHT,)
    assert dict(decision.notes[0].params) == {"entries": (bank, passage, sale)}
    view = book.view(D(2025, 5, 6))
    assert (view.rights, view.mortgages, view.easements) == ((), (), ())
    notice = view.notice(sale)
    assert notice is not None and notice.status == Status.CANCELLED
    assert book.replayed() == book.state


def test_abandonment_needs_every_encumbrancers_written_consent_rules_28() -> None:
    book, *_ = encumbered()
    abandon = RightCancellation(HOUSE, CancellationCause.ABANDONMENT)
    decision = book.decide(abandon, at(2025, 5, 6), applicants=OWNER, consents={"BANK"})
    # Abandonment disposes of the right, so the notice holder's consent is asked
    # twice over: under CC art. 221 and as an encumbrancer under RULES art. 28.
    assert decision.codes == (
        RefusalCode.ADVANCE_NOTICE_CONSENT_REQUIRED,
        RefusalCode.ABANDONMENT_CONSENT_REQUIRED,
    )
    abandonment = decision.refusals[1]
    assert abandonment.article == "RULES art. 28 (unconfirmed)"
    assert dict(abandonment.params) == {"missing": ("BUYER", "NEIGHBOUR")}
    everyone = {"BANK", "BUYER", "NEIGHBOUR"}
    assert book.decide(abandon, at(2025, 5, 6), applicants=OWNER, consents=everyone).allowed


def test_abandoning_a_seized_right_is_refused_rules_90() -> None:
    book = Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants=OWNER)
    book.enter(SeizureOrder("C1", "(C1) 执 1 号", at(2025, 3, 10, 9)), at(2025, 3, 10))
    abandon = RightCancellation(HOUSE, CancellationCause.ABANDONMENT)
    assert book.decide(abandon, at(2025, 5, 6), applicants=OWNER).codes == (
        RefusalCode.UNIT_SEIZED,
    )


def test_a_right_is_not_cancelled_for_a_cause_that_belongs_to_an_encumbrance_rules_28() -> None:
    book, *_ = encumbered()
    for cause in (CancellationCause.CLAIM_ENDED, CancellationCause.HOLDER_CONSENT):
        decision = book.decide(RightCancellation(HOUSE, cause), at(2025, 5, 6), applicants=OWNER)
        assert decision.codes == (RefusalCode.CANCELLATION_CAUSE_INVALID,), cause


def test_an_easement_is_cancelled_by_its_holder_not_by_the_owner_alone_cc_385() -> None:
    book, _, passage, _ = encumbered()
    by_owner = EncumbranceCancellation(passage, CancellationCause.HOLDER_CONSENT)
    decision = book.decide(by_owner, at(2025, 5, 6), applicants=OWNER)
    assert decision.codes == (RefusalCode.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED,)
    assert decision.refusals[0].article == "CC art. 385"
    assert dict(decision.refusals[0].params) == {"target": passage, "missing": ("NEIGHBOUR",)}
    assert book.decide(by_owner, at(2025, 5, 6), applicants=OWNER, consents={"NEIGHBOUR"}).allowed
    given_up = EncumbranceCancellation(passage, CancellationCause.ABANDONMENT)
    book.enter(given_up, at(2025, 5, 6), applicants={"NEIGHBOUR"})
    assert book.view(D(2025, 5, 6)).easements == ()


def test_a_notice_is_cancelled_on_proof_that_its_claim_ended_cc_221() -> None:
    book, _, _, sale = encumbered()
    ended = EncumbranceCancellation(sale, CancellationCause.CLAIM_ENDED, cause_on=D(2025, 4, 30))
    without_proof = book.decide(ended, at(2025, 5, 6), applicants=OWNER)
    assert without_proof.codes == (RefusalCode.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED,)
    assert without_proof.refusals[0].article == "CC art. 221"
    proved = book.decide(ended, at(2025, 5, 6), applicants=OWNER, evidence={Evidence.CLAIM_ENDED})
    assert proved.allowed


def test_a_lapsed_notice_is_cleared_without_anyones_consent_cc_221() -> None:
    book, _, _, sale = encumbered()
    # Entered Wed 12 Mar 2025 on a registered house: + 90 days = Tue 10 Jun, a working day.
    lapsed = book.view(D(2025, 6, 11)).notice(sale)
    assert lapsed is not None and lapsed.status == Status.LAPSED
    clear = EncumbranceCancellation(sale, CancellationCause.HOLDER_CONSENT)
    assert book.decide(clear, at(2025, 6, 11), applicants=OWNER).allowed


def test_cancellation_targets_must_exist_and_still_stand() -> None:
    """REG art. 22(4): there is nothing to cancel in an unknown or cancelled entry."""
    book, _, passage, _ = encumbered()
    unknown = EncumbranceCancellation(404, CancellationCause.COURT_DECISION)
    assert book.decide(unknown, at(2025, 5, 6), applicants=OWNER).codes == (
        RefusalCode.TARGET_NOT_FOUND,
    )
    court = EncumbranceCancellation(passage, CancellationCause.COURT_DECISION)
    book.enter(court, at(2025, 5, 6), applicants=OWNER)
    again = book.decide(court, at(2025, 5, 7), applicants=OWNER)
    assert again.codes == (RefusalCode.TARGET_ENDED,)
    assert dict(again.refusals[0].params) == {"target": passage, "status": "cancelled"}


def test_causes_that_do_not_fit_the_encumbrance_are_refused() -> None:
    """RULES art. 28 (unconfirmed): destruction ends a right; a claim ends only a notice."""
    book, _, passage, _ = encumbered()
    for cause in (CancellationCause.CLAIM_ENDED, CancellationCause.DESTRUCTION):
        wrong = EncumbranceCancellation(passage, cause)
        decision = book.decide(wrong, at(2025, 5, 6), applicants={"OWNER", "NEIGHBOUR"})
        assert decision.codes == (RefusalCode.CANCELLATION_CAUSE_INVALID,), cause


def test_an_easement_may_not_outlast_the_use_right_it_burdens_cc_377() -> None:
    book = Book()
    use_right = FirstRegistration(HOUSE, sole("OWNER"), CoOwnership.SOLE, term_end=D(2085, 3, 2))
    book.enter(use_right, at(2025, 3, 3), applicants=OWNER)
    forever = EasementCreation(HOUSE, holder="N", dominant_unit="U2")
    decision = book.decide(forever, at(2025, 4, 1), applicants={"OWNER", "N"})
    assert decision.codes == (RefusalCode.EASEMENT_TERM_BEYOND_RIGHT,)
    assert decision.refusals[0].article == "CC art. 377"
    within = EasementCreation(HOUSE, holder="N", dominant_unit="U2", term_end=D(2085, 3, 2))
    assert book.decide(within, at(2025, 4, 1), applicants={"OWNER", "N"}).allowed
