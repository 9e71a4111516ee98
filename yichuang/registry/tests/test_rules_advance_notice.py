"""Advance notices: consent to disposals, the main registration, lapse (CC art. 221).

The 90 days run from the day after the main registration became possible
(CC arts. 200-204); a last day on a rest day moves to the next working day.
"""

from __future__ import annotations

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CancellationCause,
    Change,
    ChangeCause,
    CoOwnership,
    EncumbranceCancellation,
    Evidence,
    NoteCode,
    NoticeKind,
    Outcome,
    RefusalCode,
    Status,
    Transfer,
    TransferCause,
)
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    D,
    at,
    first,
    joint,
    mortgage,
    sole,
)

BUYERS = frozenset({"W", "L"})
TO_BUYERS = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, TransferCause.SALE)
TO_SUN = Transfer(HOUSE, sole("SUN"), CoOwnership.SOLE, TransferCause.SALE)


def notice(
    kind: NoticeKind, holders: frozenset[str], obligors: frozenset[str]
) -> AdvanceNoticeFiling:
    return AdvanceNoticeFiling(kind, HOUSE, holders, obligors)


def pre_sold(*, with_bank: bool = False) -> tuple[Book, int]:
    """A flat pre-sold to W and L on Mon 6 Jan 2025, first registered on Mon 3 Mar 2025."""
    book = Book()
    seq = book.enter(
        notice(NoticeKind.PURCHASE, BUYERS, frozenset({"DEV"})),
        at(2025, 1, 6),
        applicants={"W", "L", "DEV"},
    )
    if with_bank:
        bank = notice(NoticeKind.PURCHASE_MORTGAGE, frozenset({"BANK"}), BUYERS)
        book.enter(bank, at(2025, 1, 6, 11), applicants={"W", "L", "BANK"})
    book.enter(first("DEV"), at(2025, 3, 3), applicants={"DEV"})
    return book, seq


def test_a_pre_sale_notice_does_not_run_until_the_flat_is_first_registered_cc_221() -> None:
    book = Book()
    seq = book.enter(
        notice(NoticeKind.PURCHASE, BUYERS, frozenset({"DEV"})),
        at(2025, 1, 6),
        applicants={"W", "L", "DEV"},
    )
    waiting = book.view(D(2025, 12, 31)).notice(seq)
    assert waiting is not None and (waiting.status, waiting.deadline) == (Status.ACTIVE, None)


def test_the_90_days_run_from_first_registration_and_skip_dragon_boat_cc_221() -> None:
    book, seq = pre_sold()
    # 3 Mar 2025 + 90 days = Sun 1 Jun; 2 Jun is the Dragon Boat holiday: Tue 3 Jun.
    view = book.view(D(2025, 6, 3)).notice(seq)
    assert view is not None and (view.status, view.deadline) == (Status.ACTIVE, D(2025, 6, 3))
    lapsed = book.view(D(2025, 6, 4)).notice(seq)
    assert lapsed is not None and (lapsed.status, lapsed.ended_on) == (Status.LAPSED, D(2025, 6, 4))


def test_a_disposal_needs_the_notice_holders_written_consent_cc_221() -> None:
    book, seq = pre_sold()
    decision = book.decide(TO_SUN, at(2025, 4, 1), applicants={"DEV", "SUN"})
    assert decision.codes == (RefusalCode.ADVANCE_NOTICE_CONSENT_REQUIRED,)
    assert decision.outcome == Outcome.NEEDS_MATERIALS
    assert decision.refusals[0].article == "CC art. 221"
    assert dict(decision.refusals[0].params) == {"notice": seq, "missing": ("L", "W")}
    consented = book.decide(TO_SUN, at(2025, 4, 1), applicants={"DEV", "SUN"}, consents=BUYERS)
    assert consented.allowed


def test_the_notice_holders_own_transfer_is_its_main_registration_cc_221() -> None:
    book, seq = pre_sold()
    decision = book.submit(TO_BUYERS, at(2025, 4, 1), applicants={"DEV", "W", "L"})
    assert decision.allowed
    assert decision.note_codes == (NoteCode.ADVANCE_NOTICE_FULFILLED,)
    fulfilled = book.view(D(2025, 4, 2)).notice(seq)
    assert fulfilled is not None and fulfilled.status == Status.FULFILLED
    assert book.replayed() == book.state


def test_applying_on_the_last_day_is_in_time_even_if_entered_later_cc_221() -> None:
    """CC art. 221 asks that the main registration be *applied for* within 90 days."""
    book, _ = pre_sold()
    decision = book.decide(
        TO_BUYERS, at(2025, 6, 9), accepted_at=at(2025, 6, 3, 16), applicants={"DEV", "W", "L"}
    )
    assert decision.note_codes == (NoteCode.ADVANCE_NOTICE_FULFILLED,)


def test_after_the_lapse_the_owner_may_sell_without_consent_cc_221() -> None:
    book, _ = pre_sold()
    decision = book.decide(TO_SUN, at(2025, 6, 4), applicants={"DEV", "SUN"})
    assert decision.allowed
    late = book.decide(TO_BUYERS, at(2025, 6, 4), applicants={"DEV", "W", "L"})
    assert late.allowed and NoteCode.ADVANCE_NOTICE_FULFILLED not in late.note_codes


def test_a_notice_lapses_from_the_day_its_claim_ended_cc_221() -> None:
    book, seq = pre_sold()
    ended = EncumbranceCancellation(seq, CancellationCause.CLAIM_ENDED, cause_on=D(2025, 4, 15))
    book.enter(ended, at(2025, 4, 21), applicants={"DEV"}, evidence={Evidence.CLAIM_ENDED})
    view = book.view(D(2025, 4, 21)).notice(seq)
    assert view is not None and (view.status, view.ended_on) == (Status.LAPSED, D(2025, 4, 15))


def test_the_banks_purchase_mortgage_notice_rides_on_the_buyers_transfer_cc_221() -> None:
    book, _ = pre_sold(with_bank=True)
    bank_seq = 2
    before = book.view(D(2025, 4, 1)).notice(bank_seq)
    assert before is not None and before.deadline is None  # the buyers hold nothing yet
    decision = book.submit(
        TO_BUYERS, at(2025, 6, 5), accepted_at=at(2025, 5, 30), applicants={"DEV", "W", "L"}
    )
    assert decision.allowed, decision.refusals
    # The buyers hold the flat from Thu 5 Jun 2025: + 90 days = Wed 3 Sep 2025, a working day.
    running = book.view(D(2025, 6, 5)).notice(bank_seq)
    assert running is not None and running.deadline == D(2025, 9, 3)
    main = book.submit(mortgage("BANK"), at(2025, 6, 23), applicants={"W", "L", "BANK"})
    assert main.note_codes == (NoteCode.ADVANCE_NOTICE_FULFILLED,)
    done = book.view(D(2025, 6, 23)).notice(bank_seq)
    assert done is not None and done.status == Status.FULFILLED


def test_a_second_buyers_notice_needs_the_first_buyers_consent_cc_221() -> None:
    book = Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants={"OWNER"})
    first_buyer = notice(NoticeKind.TRANSFER, frozenset({"B1"}), frozenset({"OWNER"}))
    seq = book.enter(first_buyer, at(2025, 3, 10), applicants={"OWNER", "B1"})
    # A resale notice can be followed at once: its 90 days run from the entry.
    view = book.view(D(2025, 3, 10)).notice(seq)
    assert view is not None and view.deadline == D(2025, 6, 9)  # 10 Mar + 90 = Sun 8 Jun -> Mon 9
    second = notice(NoticeKind.TRANSFER, frozenset({"B2"}), frozenset({"OWNER"}))
    decision = book.decide(second, at(2025, 3, 20), applicants={"OWNER", "B2"})
    assert decision.codes == (RefusalCode.ADVANCE_NOTICE_CONSENT_REQUIRED,)


def test_a_change_of_the_holders_name_needs_no_notice_holders_consent_cc_221() -> None:
    book, _ = pre_sold()
    name = Change(HOUSE, ChangeCause.HOLDER_NAME)
    assert book.decide(name, at(2025, 4, 1), applicants={"DEV"}).allowed


def test_a_notice_without_holders_is_refused() -> None:
    """CC art. 221: a notice protects someone; with no holder it protects no one."""
    book = Book()
    empty = notice(NoticeKind.PURCHASE, frozenset(), frozenset({"DEV"}))
    assert (
        RefusalCode.HOLDERS_MISSING in book.decide(empty, at(2025, 1, 6), applicants={"DEV"}).codes
    )


def test_a_purchase_mortgage_notice_needs_no_consent_of_the_developers_co_owners() -> None:
    """RULES art. 10 binds the holders who dispose; the buyers grant the bank's notice."""
    book = Book()
    book.enter(
        first("DEV1", "DEV2", form=CoOwnership.JOINT), at(2025, 3, 3), applicants={"DEV1", "DEV2"}
    )
    sale = notice(NoticeKind.PURCHASE, frozenset({"W"}), frozenset({"DEV1", "DEV2"}))
    book.enter(sale, at(2025, 3, 10), applicants={"DEV1", "DEV2", "W"})
    bank = notice(NoticeKind.PURCHASE_MORTGAGE, frozenset({"BANK"}), frozenset({"W"}))
    assert book.decide(bank, at(2025, 3, 10), applicants={"W", "BANK"}).allowed
