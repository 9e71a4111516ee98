"""Objections: the risk undertaking, the 15-day lapse and the repeat bar.

CC art. 220 and RULES arts. 82-84. The 15 days are counted by CC arts. 200-204:
the day after entry is day 1, and a last day that is not a working day moves to
the next working day.
"""

from __future__ import annotations

from yichuang.registry.rules import (
    CancellationCause,
    Change,
    ChangeCause,
    CoOwnership,
    EncumbranceCancellation,
    GroundKind,
    NoteCode,
    ObjectionFiling,
    Outcome,
    RefusalCode,
    RulesConfig,
    Status,
    SuitLodged,
    Transfer,
    TransferCause,
)
from yichuang.registry.tests.test_rules_helpers import HOUSE, Book, D, at, first, sole

SALE = Transfer(HOUSE, sole("BUYER"), CoOwnership.SOLE, TransferCause.SALE)
PARTIES = {"OWNER", "BUYER"}


def objected(entered: tuple[int, int, int], config: RulesConfig | None = None) -> tuple[Book, int]:
    """A house of OWNER's, with ZHAO's objection entered at 10:00 on ``entered``."""
    book = Book(config=config) if config else Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants={"OWNER"})
    seq = book.enter(
        ObjectionFiling(HOUSE, "ZHAO", "forged-contract"), at(*entered), applicants={"ZHAO"}
    )
    return book, seq


def test_a_disposal_while_an_objection_stands_needs_a_risk_undertaking_rules_84() -> None:
    book, seq = objected((2025, 3, 5))
    decision = book.decide(SALE, at(2025, 3, 10), applicants=PARTIES)
    assert decision.codes == (RefusalCode.OBJECTION_ACKNOWLEDGEMENT_REQUIRED,)
    assert decision.refusals[0].kind == GroundKind.MISSING
    assert decision.refusals[0].article == "RULES art. 84"
    assert decision.outcome == Outcome.NEEDS_MATERIALS
    assert dict(decision.refusals[0].params) == {"objections": (seq,)}


def test_with_the_undertaking_the_disposal_is_allowed_and_noted_rules_84() -> None:
    book, _ = objected((2025, 3, 5))
    decision = book.decide(SALE, at(2025, 3, 10), applicants=PARTIES, acknowledged=True)
    assert decision.allowed
    assert decision.note_codes == (NoteCode.OBJECTION_RISK_ACKNOWLEDGED,)


def test_an_objection_does_not_touch_acts_that_dispose_of_nothing_cc_220() -> None:
    book, _ = objected((2025, 3, 5))
    name = Change(HOUSE, ChangeCause.HOLDER_NAME)
    assert book.decide(name, at(2025, 3, 10), applicants={"OWNER"}).allowed


def test_an_objection_lapses_after_15_days_without_a_suit_cc_220() -> None:
    # Entered Wed 5 Mar 2025: day 1 is 6 Mar, day 15 is Thu 20 Mar, a working day.
    book, seq = objected((2025, 3, 5))
    last = book.view(D(2025, 3, 20)).objection(seq)
    assert last is not None and (last.status, last.deadline) == (Status.ACTIVE, D(2025, 3, 20))
    lapsed = book.view(D(2025, 3, 21)).objection(seq)
    assert lapsed is not None and (lapsed.status, lapsed.ended_on) == (
        Status.LAPSED,
        D(2025, 3, 21),
    )
    assert book.decide(SALE, at(2025, 3, 21), applicants=PARTIES).allowed


def test_the_15_days_reach_past_the_national_day_holiday_cc_220() -> None:
    # Entered Thu 18 Sep 2025: day 15 is Fri 3 Oct, inside the 1-8 Oct holiday,
    # so the period ends on Thu 9 Oct, the first working day after it.
    book, seq = objected((2025, 9, 18))
    on_the_9th = book.view(D(2025, 10, 9)).objection(seq)
    assert on_the_9th is not None and on_the_9th.status == Status.ACTIVE
    assert on_the_9th.deadline == D(2025, 10, 9)
    on_the_10th = book.view(D(2025, 10, 10)).objection(seq)
    assert on_the_10th is not None and on_the_10th.status == Status.LAPSED


def test_the_15_days_reach_past_the_2026_spring_festival_cc_220() -> None:
    # Entered Mon 2 Feb 2026: day 15 is Tue 17 Feb, inside the 15-23 Feb holiday: Tue 24 Feb.
    book, seq = objected((2026, 2, 2))
    view = book.view(D(2026, 2, 24)).objection(seq)
    assert view is not None and (view.status, view.deadline) == (Status.ACTIVE, D(2026, 2, 24))


def test_a_suit_lodged_in_time_keeps_the_objection_standing_cc_220() -> None:
    book, seq = objected((2025, 3, 5))
    book.enter(SuitLodged(seq, lodged_on=D(2025, 3, 20)), at(2025, 3, 24), applicants={"ZHAO"})
    view = book.view(D(2025, 9, 1)).objection(seq)
    assert view is not None and view.status == Status.ACTIVE


def test_a_suit_lodged_after_the_period_is_refused_and_the_objection_lapses_cc_220() -> None:
    book, seq = objected((2025, 3, 5))
    decision = book.decide(
        SuitLodged(seq, lodged_on=D(2025, 3, 21)), at(2025, 3, 24), applicants={"ZHAO"}
    )
    assert decision.codes == (RefusalCode.OBJECTION_SUIT_TOO_LATE,)
    assert dict(decision.refusals[0].params) == {
        "deadline": "2025-03-20",
        "lodged_on": "2025-03-21",
    }
    unknown = SuitLodged(99, lodged_on=D(2025, 3, 6))
    assert book.decide(unknown, at(2025, 3, 7), applicants={"ZHAO"}).codes == (
        RefusalCode.TARGET_NOT_FOUND,
    )


def test_a_repeat_objection_on_the_same_grounds_after_a_lapse_is_refused_rules_83() -> None:
    book, seq = objected((2025, 3, 5))
    again = ObjectionFiling(HOUSE, "ZHAO", "forged-contract")
    decision = book.decide(again, at(2025, 4, 1), applicants={"ZHAO"})
    assert decision.codes == (RefusalCode.OBJECTION_REPEAT_BARRED,)
    assert decision.refusals[0].article == "RULES art. 83 (unconfirmed)"
    assert dict(decision.refusals[0].params) == {"lapsed": seq}
    other_grounds = ObjectionFiling(HOUSE, "ZHAO", "wrong-area")
    assert book.decide(other_grounds, at(2025, 4, 1), applicants={"ZHAO"}).allowed
    other_person = ObjectionFiling(HOUSE, "QIAN", "forged-contract")
    assert book.decide(other_person, at(2025, 4, 1), applicants={"QIAN"}).allowed


def test_the_repeat_bar_is_configurable_rules_83() -> None:
    book, _ = objected((2025, 3, 5), RulesConfig(repeat_objection_barred=False))
    again = ObjectionFiling(HOUSE, "ZHAO", "forged-contract")
    assert book.decide(again, at(2025, 4, 1), applicants={"ZHAO"}).allowed


def test_a_standing_objection_is_not_a_repeat_rules_83() -> None:
    """The bar follows a lapse only; while the first stands a second is not barred."""
    book, _ = objected((2025, 3, 5))
    again = ObjectionFiling(HOUSE, "ZHAO", "forged-contract")
    assert book.decide(again, at(2025, 3, 6), applicants={"ZHAO"}).allowed


def test_an_objection_is_withdrawn_by_its_applicant_or_ended_by_a_court_cc_220() -> None:
    book, seq = objected((2025, 3, 5))
    withdraw = EncumbranceCancellation(seq, CancellationCause.ABANDONMENT)
    owner_alone = book.decide(withdraw, at(2025, 3, 10), applicants={"OWNER"})
    assert owner_alone.codes == (RefusalCode.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED,)
    assert owner_alone.refusals[0].article == "CC art. 220"
    court = EncumbranceCancellation(seq, CancellationCause.COURT_DECISION)
    assert book.decide(court, at(2025, 3, 10), applicants={"OWNER"}).allowed
    book.enter(withdraw, at(2025, 3, 10), applicants={"ZHAO"})
    view = book.view(D(2025, 3, 10)).objection(seq)
    assert view is not None and view.status == Status.CANCELLED
    assert book.decide(SALE, at(2025, 3, 11), applicants=PARTIES).allowed


def test_a_deadline_in_an_unknown_year_is_provisional() -> None:
    # Entered Sun 20 Dec 2026 (a Sunday entry, say by an office working that day):
    # day 15 is Mon 4 Jan 2027, a year whose arrangement is not known yet.
    """CC arts. 200-204 on a provisional calendar (ADR 0003)."""
    book, seq = objected((2026, 12, 20))
    view = book.view(D(2026, 12, 21))
    objection = view.objection(seq)
    assert objection is not None and objection.provisional and view.provisional
    decision = book.decide(SALE, at(2026, 12, 21), applicants=PARTIES, acknowledged=True)
    assert NoteCode.PROVISIONAL_CALENDAR in decision.note_codes
