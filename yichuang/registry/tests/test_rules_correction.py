"""Correction on application or by the office, and when it is barred.

CC art. 220; RULES arts. 79-81 (unconfirmed): consent or proof; the office's
notice (30 working days for the holder, then 15 working days' public notice);
no correction once a disposal, advance notice or seizure followed the error.
"""

from __future__ import annotations

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    Change,
    ChangeCause,
    CoOwnership,
    Correction,
    Evidence,
    FirstRegistration,
    GroundKind,
    NoticeKind,
    ObjectionFiling,
    Outcome,
    RefusalCode,
    SeizureOrder,
)
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    D,
    at,
    joint,
    mortgage,
    shared,
)


def wrongly_registered() -> tuple[Book, int]:
    """A and B registered with shares 1/2 each on Mon 3 Mar 2025; the deed says 2/3 and 1/3."""
    book = Book()
    wrong = FirstRegistration(HOUSE, shared(A="1/2", B="1/2"), CoOwnership.SHARED)
    return book, book.enter(wrong, at(2025, 3, 3), applicants={"A", "B"})


def fix(
    seq: int,
    *,
    by_office: bool = False,
    holder_notified_on: D | None = None,
    public_notice_from: D | None = None,
) -> Correction:
    """The correction to 2/3 and 1/3 of the entry ``seq``."""
    return Correction(
        seq,
        HOUSE,
        shared(A="2/3", B="1/3"),
        CoOwnership.SHARED,
        by_office=by_office,
        holder_notified_on=holder_notified_on,
        public_notice_from=public_notice_from,
    )


def test_a_correction_with_the_holders_consent_corrects_the_shares_cc_220() -> None:
    book, seq = wrongly_registered()
    decision = book.submit(fix(seq), at(2025, 4, 1), applicants={"A"}, consents={"B"})
    assert decision.allowed
    right = book.state.right(HOUSE)
    assert right is not None and right.holders == shared(A="2/3", B="1/3")
    assert book.replayed() == book.state


def test_without_consent_a_correction_needs_proof_of_the_error_cc_220() -> None:
    book, seq = wrongly_registered()
    decision = book.decide(fix(seq), at(2025, 4, 1), applicants={"A"})
    assert decision.codes == (RefusalCode.CORRECTION_CONSENT_OR_PROOF_REQUIRED,)
    assert decision.refusals[0].article == "CC art. 220; RULES art. 79 (unconfirmed)"
    assert dict(decision.refusals[0].params) == {"holders": ("A", "B")}
    proved = book.decide(
        fix(seq), at(2025, 4, 1), applicants={"A"}, evidence={Evidence.REGISTER_ERROR}
    )
    assert proved.allowed


def test_a_later_mortgage_bars_the_correction_rules_80() -> None:
    book, seq = wrongly_registered()
    bank = book.enter(mortgage("BANK"), at(2025, 3, 20), applicants={"A", "B", "BANK"})
    decision = book.decide(fix(seq), at(2025, 4, 1), applicants={"A", "B"})
    assert decision.codes == (RefusalCode.CORRECTION_BARRED,)
    assert decision.refusals[0].article == "RULES art. 80 (unconfirmed)"
    assert dict(decision.refusals[0].params) == {"barred_by": (bank,)}


def test_a_later_advance_notice_or_seizure_bars_the_correction_rules_80() -> None:
    book, seq = wrongly_registered()
    notice = AdvanceNoticeFiling(NoticeKind.TRANSFER, HOUSE, frozenset({"C"}), frozenset({"A"}))
    book.enter(notice, at(2025, 3, 10), applicants={"A", "B", "C"})
    assert (
        RefusalCode.CORRECTION_BARRED
        in book.decide(fix(seq), at(2025, 4, 1), applicants={"A", "B"}).codes
    )
    seized, target = wrongly_registered()
    seized.enter(SeizureOrder("C1", "(C1) 执 1 号", at(2025, 3, 10, 9)), at(2025, 3, 10))
    assert (
        RefusalCode.CORRECTION_BARRED
        in seized.decide(fix(target), at(2025, 4, 1), applicants={"A", "B"}).codes
    )


def test_later_objections_and_name_changes_do_not_bar_a_correction_rules_80() -> None:
    book, seq = wrongly_registered()
    book.enter(ObjectionFiling(HOUSE, "C", "deed"), at(2025, 3, 10), applicants={"C"})
    book.enter(Change(HOUSE, ChangeCause.HOLDER_NAME), at(2025, 3, 11), applicants={"A"})
    assert book.decide(fix(seq), at(2025, 3, 12), applicants={"A", "B"}).allowed


def test_only_entries_after_the_wrong_one_bar_it_rules_80() -> None:
    book = Book()
    book.enter(
        FirstRegistration(HOUSE, joint("A", "B"), CoOwnership.JOINT),
        at(2025, 3, 3),
        applicants={"A", "B"},
    )
    book.enter(mortgage("BANK"), at(2025, 3, 20), applicants={"A", "B", "BANK"})
    wrong_name = book.enter(
        Change(HOUSE, ChangeCause.HOLDER_NAME), at(2025, 4, 1), applicants={"A"}
    )
    no_holders = Correction(wrong_name, HOUSE)
    assert book.decide(no_holders, at(2025, 4, 2), applicants={"A", "B"}).allowed


def test_a_correction_of_an_unknown_entry_is_refused() -> None:
    """CC art. 220: a correction names the wrong entry."""
    book, _ = wrongly_registered()
    decision = book.decide(fix(42), at(2025, 4, 1), applicants={"A", "B"})
    assert decision.codes == (RefusalCode.TARGET_NOT_FOUND,)


def test_the_office_needs_both_notice_dates_rules_81() -> None:
    book, seq = wrongly_registered()
    decision = book.decide(fix(seq, by_office=True), at(2025, 11, 11))
    assert decision.codes == (RefusalCode.CORRECTION_NOTICE_INCOMPLETE,)
    assert dict(decision.refusals[0].params) == {
        "missing": ("holder_notified_on", "public_notice_from")
    }


def test_the_public_notice_may_start_only_after_the_holders_30_working_days_rules_81() -> None:
    # Notified Mon 1 Sep 2025. 30 working days: 21 in September after the 1st
    # (with the make-up Sunday 28 Sep), then 9, 10, 11 (make-up Saturday), 13-17 Oct: Fri 17 Oct.
    book, seq = wrongly_registered()
    early = fix(
        seq, by_office=True, holder_notified_on=D(2025, 9, 1), public_notice_from=D(2025, 10, 17)
    )
    decision = book.decide(early, at(2025, 11, 20))
    assert decision.codes == (RefusalCode.CORRECTION_NOTICE_PREMATURE,)
    assert dict(decision.refusals[0].params) == {"response_ends": "2025-10-17"}


def test_the_office_corrects_after_15_working_days_of_public_notice_rules_81() -> None:
    # Public notice from Mon 20 Oct 2025: 15 working days end Mon 10 Nov 2025.
    book, seq = wrongly_registered()
    office = fix(
        seq, by_office=True, holder_notified_on=D(2025, 9, 1), public_notice_from=D(2025, 10, 20)
    )
    running = book.decide(office, at(2025, 11, 10))
    assert running.codes == (RefusalCode.CORRECTION_NOTICE_RUNNING,)
    assert running.refusals[0].kind == GroundKind.WAIT
    assert running.outcome == Outcome.MUST_WAIT
    assert dict(running.refusals[0].params) == {"until": "2025-11-10"}
    assert book.submit(office, at(2025, 11, 11)).allowed
    right = book.state.right(HOUSE)
    assert right is not None and right.holders == shared(A="2/3", B="1/3")


def test_an_office_correction_is_barred_like_any_other_rules_81() -> None:
    book, seq = wrongly_registered()
    book.enter(mortgage("BANK"), at(2025, 3, 20), applicants={"A", "B", "BANK"})
    office = fix(
        seq, by_office=True, holder_notified_on=D(2025, 9, 1), public_notice_from=D(2025, 10, 20)
    )
    decision = book.decide(office, at(2025, 11, 11))
    assert decision.codes == (RefusalCode.CORRECTION_BARRED,)
    assert decision.refusals[0].article == "RULES art. 81 (unconfirmed)"


def test_corrected_holders_must_still_be_valid_shares() -> None:
    """CC art. 298: a correction yields shares that sum to 1 too."""
    book, seq = wrongly_registered()
    bad = Correction(seq, HOUSE, shared(A="2/3", B="2/3"), CoOwnership.SHARED)
    decision = book.decide(bad, at(2025, 4, 1), applicants={"A", "B"})
    assert decision.codes == (RefusalCode.SHARES_NOT_ONE,)
