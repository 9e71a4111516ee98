"""Long histories of real units, with every date worked out by hand.

Each scenario walks a unit through years of registrations and asserts the state
and the decision at each step. The calendar is the package's 2025-2026
arrangement: Dragon Boat 31 May-2 Jun 2025, National Day 1-8 Oct 2025 (with 28
Sep and 11 Oct worked), Spring Festival 15-23 Feb 2026.
"""

from __future__ import annotations

import datetime as dt

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CancellationCause,
    CoOwnership,
    Correction,
    EasementCreation,
    Evidence,
    FirstRegistration,
    Holder,
    MortgageCancellation,
    NoteCode,
    NoticeKind,
    ObjectionFiling,
    Outcome,
    PendingApplication,
    RefusalCode,
    RegistrationType,
    RightCancellation,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
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
    shared,
    sole,
)

BUYERS = frozenset({"W", "L"})
TO_BUYERS = Transfer(HOUSE, joint("W", "L"), CoOwnership.JOINT, TransferCause.SALE)
TO_SUN = Transfer(HOUSE, sole("SUN"), CoOwnership.SOLE, TransferCause.SALE)


def seizure(court: str, served_at: dt.datetime, months: int | None = None) -> SeizureOrder:
    """A preservation seizure by ``court``; no term means the default 36 months."""
    return SeizureOrder(court, f"({court}) 执保 1 号", served_at, term_months=months)


def holders_now(book: Book) -> tuple[Holder, ...]:
    """The holders of the house as registered now."""
    right = book.state.right(HOUSE)
    assert right is not None
    return right.holders


def statuses(book: Book, day: D) -> list[tuple[str, Status, int | None]]:
    return [(s.seizure.court, s.status, s.queue) for s in book.view(day).seizures]


def ranks(book: Book, day: D) -> list[tuple[str, int]]:
    return [(v.mortgage.mortgagee, v.rank) for v in book.view(day).mortgages]


def test_a_pre_sold_flat_from_notice_to_resale_through_seizures_and_an_objection() -> None:
    """CC arts. 220-221, 406, 414; RULES arts. 24, 67, 84, 91-92: one flat, 2025-2026."""
    book = Book()
    pre_sale_and_first_registration(book)
    buyers_transfer_and_three_mortgages(book)
    three_courts_and_a_lift(book)
    an_objection_over_national_day_and_a_lapse(book)
    repayment_and_resale_with_the_mortgages(book)
    assert [line.seq for line in book.state.journal] == list(range(1, 16))
    assert book.replayed() == book.state


def pre_sale_and_first_registration(book: Book) -> None:
    """Scenario step: notices before the flat exists, then its first registration."""
    # Mon 6 Jan 2025: W and L buy the flat off-plan; their bank ICBC files a
    # purchase-mortgage notice on their future right. Neither needs the flat
    # registered (RULES art. 24 exception).
    purchase = AdvanceNoticeFiling(NoticeKind.PURCHASE, HOUSE, BUYERS, frozenset({"DEV"}))
    decision = book.submit(purchase, at(2025, 1, 6), applicants={"DEV", "W", "L"})
    assert decision.note_codes == (NoteCode.PRE_SALE_NOTICE_BEFORE_FIRST_REGISTRATION,)
    bank_notice = AdvanceNoticeFiling(
        NoticeKind.PURCHASE_MORTGAGE, HOUSE, frozenset({"ICBC"}), BUYERS
    )
    assert book.submit(bank_notice, at(2025, 1, 6, 11), applicants={"W", "L", "ICBC"}).allowed

    # Mon 3 Mar 2025: the developer's first registration. The buyers' 90 days
    # start: 3 Mar + 90 = Sun 1 Jun, Mon 2 Jun is Dragon Boat, so Tue 3 Jun.
    book.enter(first("DEV"), at(2025, 3, 3), applicants={"DEV"})
    buyers_notice, bank_view = book.view(D(2025, 3, 3)).notices
    assert (buyers_notice.deadline, bank_view.deadline) == (D(2025, 6, 3), None)

    # Tue 1 Apr 2025: the developer tries to sell the flat again; both notice
    # holders would have to consent in writing (CC art. 221).
    double = book.decide(TO_SUN, at(2025, 4, 1), applicants={"DEV", "SUN"})
    assert double.codes == (RefusalCode.ADVANCE_NOTICE_CONSENT_REQUIRED,) * 2
    assert [dict(r.params)["missing"] for r in double.refusals] == [("L", "W"), ("ICBC",)]


def buyers_transfer_and_three_mortgages(book: Book) -> None:
    """Scenario step: the main registrations, then mortgages in acceptance order."""
    # Applied Fri 30 May (in time), entered Thu 5 Jun (after the deadline): the
    # buyers' transfer is still the notice's main registration. ICBC's notice
    # rides on it and now runs: 5 Jun + 90 = Wed 3 Sep 2025.
    decision = book.submit(
        TO_BUYERS, at(2025, 6, 5), accepted_at=at(2025, 5, 30, 9), applicants={"DEV", "W", "L"}
    )
    assert decision.note_codes == (NoteCode.ADVANCE_NOTICE_FULFILLED,)
    purchase_view, bank_view = book.view(D(2025, 6, 5)).notices
    assert (purchase_view.status, bank_view.deadline) == (Status.FULFILLED, D(2025, 9, 3))

    # ICBC's mortgage fulfils its notice and ranks first.
    decision = book.submit(
        mortgage("ICBC", "1200000"),
        at(2025, 6, 23),
        accepted_at=at(2025, 6, 20),
        applicants={"W", "L", "ICBC"},
    )
    assert decision.note_codes == (NoteCode.ADVANCE_NOTICE_FULFILLED,)

    # BOC's application (accepted Tue 1 Jul 09:00) must wait for CCB's, accepted
    # the day before and not yet entered (RULES art. 67).
    ccb_pending = PendingApplication("CASE-77", RegistrationType.MORTGAGE, at(2025, 6, 30, 15))
    boc = mortgage("BOC", "300000", transfer_banned=True)
    waiting = book.decide(
        boc,
        at(2025, 7, 2),
        accepted_at=at(2025, 7, 1, 9),
        applicants={"W", "L", "BOC"},
        pending=[ccb_pending],
    )
    assert waiting.outcome == Outcome.MUST_WAIT
    book.enter(
        mortgage("CCB", "500000"),
        at(2025, 7, 2),
        accepted_at=at(2025, 6, 30, 15),
        applicants={"W", "L", "CCB"},
    )
    book.enter(boc, at(2025, 7, 3), accepted_at=at(2025, 7, 1, 9), applicants={"W", "L", "BOC"})
    assert ranks(book, D(2025, 7, 3)) == [("ICBC", 1), ("CCB", 2), ("BOC", 3)]


def three_courts_and_a_lift(book: Book) -> None:
    """Scenario step: a seizure, two waiting ones, a lift and a promotion."""
    # Mon 4 Aug 2025: court C1 seizes (no term stated: 36 months, to 4 Aug 2028).
    c1 = book.enter(seizure("C1", at(2025, 8, 4, 9)), at(2025, 8, 4, 9, 30))
    refused = book.decide(TO_SUN, at(2025, 8, 11), applicants={"W", "L", "SUN"})
    assert refused.codes == (RefusalCode.UNIT_SEIZED, RefusalCode.MORTGAGEE_CONSENT_REQUIRED)

    # Two more courts: C2 (6 months) and C3 (12 months) wait in order of service.
    decision = book.submit(seizure("C2", at(2025, 8, 20, 9), 6), at(2025, 8, 20))
    assert dict(decision.notes[0].params) == {"queue": 2}
    book.enter(seizure("C3", at(2025, 8, 25, 9), 12), at(2025, 8, 25))
    assert statuses(book, D(2025, 8, 25)) == [
        ("C1", Status.ACTIVE, 1),
        ("C2", Status.WAITING, 2),
        ("C3", Status.WAITING, 3),
    ]

    # Mon 15 Sep 2025: C1 lifts. C2 takes effect that day; its 6 months run
    # from then (waiting term from effect) and end on Sun 15 Mar 2026.
    book.enter(SeizureLift(c1, "C1", "(C1) 执保 1 号之一"), at(2025, 9, 15))
    c2_view = book.view(D(2025, 9, 15)).seizures[1]
    assert (c2_view.status, c2_view.effective_on, c2_view.term_end) == (
        Status.ACTIVE,
        D(2025, 9, 15),
        D(2026, 3, 15),
    )


def an_objection_over_national_day_and_a_lapse(book: Book) -> None:
    """Scenario step: an objection lapsing after the holiday; a seizure lapsing in 2026."""
    # Thu 18 Sep 2025: ZHAO objects. Day 15 is Fri 3 Oct, inside National Day,
    # so the objection stands through Thu 9 Oct and lapses on Fri 10 Oct.
    book.enter(
        ObjectionFiling(HOUSE, "ZHAO", "forged-contract"), at(2025, 9, 18), applicants={"ZHAO"}
    )
    mortgage_again = mortgage("ABC")
    on_9th = book.decide(mortgage_again, at(2025, 10, 9), applicants={"W", "L", "ABC"})
    assert on_9th.codes == (
        RefusalCode.UNIT_SEIZED,
        RefusalCode.OBJECTION_ACKNOWLEDGEMENT_REQUIRED,
    )
    on_10th = book.decide(mortgage_again, at(2025, 10, 10), applicants={"W", "L", "ABC"})
    assert on_10th.codes == (RefusalCode.UNIT_SEIZED,)
    repeat = book.decide(
        ObjectionFiling(HOUSE, "ZHAO", "forged-contract"), at(2025, 10, 20), applicants={"ZHAO"}
    )
    assert repeat.codes == (RefusalCode.OBJECTION_REPEAT_BARRED,)

    # C2 binds through Sun 15 Mar 2026 and lapses on Mon 16 Mar; C3 takes
    # effect that day with 12 months to Tue 16 Mar 2027.
    assert statuses(book, D(2026, 3, 15))[1:] == [
        ("C2", Status.ACTIVE, 1),
        ("C3", Status.WAITING, 2),
    ]
    c3_view = book.view(D(2026, 3, 16)).seizures[2]
    assert (c3_view.status, c3_view.effective_on, c3_view.term_end) == (
        Status.ACTIVE,
        D(2026, 3, 16),
        D(2027, 3, 16),
    )
    c3 = c3_view.seizure.seq
    book.enter(SeizureLift(c3, "C3", "(C3) 执保 1 号之一"), at(2026, 4, 1))
    assert book.view(D(2026, 4, 1)).seizures_in_force == ()


def repayment_and_resale_with_the_mortgages(book: Book) -> None:
    """Scenario step: a repaid mortgage cancelled, the flat resold with two mortgages."""
    # Fri 10 Apr 2026: ICBC's loan is repaid; W cancels on the bank's settlement letter.
    icbc = book.view(D(2026, 4, 10)).mortgages[0].mortgage.seq
    book.enter(
        MortgageCancellation(icbc),
        at(2026, 4, 10),
        applicants={"W"},
        evidence={Evidence.DEBT_ENDED},
    )
    assert ranks(book, D(2026, 4, 10)) == [("CCB", 1), ("BOC", 2)]

    # Mon 11 May 2026: resale to SUN. BOC registered a transfer ban, so its
    # consent is needed; with it, both mortgages follow the flat (带押过户).
    assert book.decide(TO_SUN, at(2026, 5, 11), applicants={"W", "L", "SUN"}).codes == (
        RefusalCode.MORTGAGEE_CONSENT_REQUIRED,
    )
    decision = book.submit(TO_SUN, at(2026, 5, 11), applicants={"W", "L", "SUN"}, consents={"BOC"})
    assert decision.note_codes == (NoteCode.MORTGAGE_FOLLOWS_UNIT,) * 2
    right = book.state.right(HOUSE)
    assert right is not None and right.parties == {"SUN"}
    assert ranks(book, D(2026, 5, 11)) == [("CCB", 1), ("BOC", 2)]


def test_a_family_house_in_shares_corrected_sold_in_part_encumbered_and_abandoned() -> None:
    """CC arts. 220, 301, 305; RULES arts. 10, 28, 80, 84: a house held in shares."""
    book = Book()
    shares_corrected_then_one_share_sold_and_the_house_encumbered(book)
    an_objection_over_spring_festival_then_abandonment(book)


def shares_corrected_then_one_share_sold_and_the_house_encumbered(book: Book) -> None:
    """Scenario step: a correction before any reliance, a share sale, a mortgage, an easement."""
    # Mon 10 Feb 2025: A, B, C registered with 1/2, 1/4, 1/4; the deed says 1/2, 1/3, 1/6.
    wrong = FirstRegistration(HOUSE, shared(A="1/2", B="1/4", C="1/4"), CoOwnership.SHARED)
    seq = book.enter(wrong, at(2025, 2, 10), applicants={"A", "B", "C"})
    right_shares = shared(A="1/2", B="1/3", C="1/6")
    fix = Correction(seq, HOUSE, right_shares, CoOwnership.SHARED)
    book.enter(fix, at(2025, 2, 20), applicants={"B", "C"}, consents={"A"})
    assert holders_now(book) == right_shares

    # B sells its own third to D: A and C keep their shares and take no part.
    share_sale = Transfer(
        HOUSE, shared(A="1/2", D="1/3", C="1/6"), CoOwnership.SHARED, TransferCause.SALE
    )
    sale_seq = book.enter(share_sale, at(2025, 3, 3), applicants={"B", "D"})
    assert holders_now(book) == share_sale.holders

    # A mortgage: A alone holds 1/2 < 2/3; A and C hold exactly 2/3.
    alone = book.decide(mortgage("BANK"), at(2025, 4, 1), applicants={"A", "BANK"})
    assert alone.codes == (RefusalCode.CO_OWNER_CONSENT_REQUIRED,)
    book.enter(mortgage("BANK"), at(2025, 4, 1), applicants={"A", "C", "BANK"})

    # The share sale cannot be corrected any more: the mortgage relied on it.
    late_fix = Correction(sale_seq, HOUSE, shared(A="1/2", D="1/6", C="1/3"), CoOwnership.SHARED)
    barred = book.decide(late_fix, at(2025, 4, 15), applicants={"A", "C", "D"})
    assert barred.codes == (RefusalCode.CORRECTION_BARRED,)

    passage = EasementCreation(HOUSE, holder="N", dominant_unit="U2")
    book.enter(passage, at(2025, 5, 6), applicants={"A", "C", "N"})


def an_objection_over_spring_festival_then_abandonment(book: Book) -> None:
    """Scenario step: the objection's holiday-extended period, then abandoning the house."""
    # Mon 2 Feb 2026: E objects. Day 15 is Tue 17 Feb, inside the Spring
    # Festival holiday (15-23 Feb), so it stands through Tue 24 Feb.
    book.enter(ObjectionFiling(HOUSE, "E", "deed"), at(2026, 2, 2), applicants={"E"})
    abandon = RightCancellation(HOUSE, CancellationCause.ABANDONMENT)
    owners = {"A", "C", "D"}
    on_24th = book.decide(abandon, at(2026, 2, 24), applicants=owners, consents={"BANK", "N"})
    assert on_24th.codes == (RefusalCode.OBJECTION_ACKNOWLEDGEMENT_REQUIRED,)

    # Wed 25 Feb 2026: the objection has lapsed; the encumbrancers must consent.
    missing = book.decide(abandon, at(2026, 2, 25), applicants=owners)
    assert missing.codes == (RefusalCode.ABANDONMENT_CONSENT_REQUIRED,)
    assert dict(missing.refusals[0].params) == {"missing": ("BANK", "N")}
    done = book.submit(abandon, at(2026, 2, 25), applicants=owners, consents={"BANK", "N"})
    assert done.note_codes == (NoteCode.ENCUMBRANCES_END_WITH_RIGHT,)
    view = book.view(D(2026, 2, 25))
    assert (view.rights, view.mortgages, view.easements) == ((), (), ())
    assert book.replayed() == book.state


def test_a_seizure_renewed_before_its_end_then_lapsing_into_a_provisional_year() -> None:
    """RULES arts. 91-92: renewal in time, refusal after the lapse, promotion."""
    book = Book()
    book.enter(first("OWNER"), at(2025, 1, 2), applicants={"OWNER"})
    # C1 seizes on Mon 6 Jan 2025 until Mon 5 Jan 2026, as its order says.
    explicit = SeizureOrder("C1", "(2025) C1 执 1 号", at(2025, 1, 6, 9), term_end=D(2026, 1, 5))
    c1 = book.enter(explicit, at(2025, 1, 6))
    c2 = book.enter(seizure("C2", at(2025, 2, 3, 9), 12), at(2025, 2, 3))
    # Tue 30 Dec 2025, before the end: renewed to Tue 5 Jan 2027.
    book.enter(SeizureRenewal(c1, "C1", "(2025) C1 执 1 号之二", D(2027, 1, 5)), at(2025, 12, 30))
    assert statuses(book, D(2026, 1, 6)) == [("C1", Status.ACTIVE, 1), ("C2", Status.WAITING, 2)]
    # Not renewed again: lapsed from Wed 6 Jan 2027, when C2 takes effect for 12
    # months (to Thu 6 Jan 2028). A seizure's term does not depend on the
    # calendar, so 2027 being unknown changes nothing here.
    late = SeizureRenewal(c1, "C1", "(2025) C1 执 1 号之三", D(2028, 1, 5))
    assert book.decide(late, at(2027, 1, 6)).codes == (RefusalCode.TARGET_ENDED,)
    promoted = book.view(D(2027, 1, 6)).seizure(c2)
    assert promoted is not None
    assert (promoted.effective_on, promoted.term_end) == (D(2027, 1, 6), D(2028, 1, 6))
    sale = Transfer(HOUSE, sole("B"), CoOwnership.SOLE, TransferCause.SALE)
    assert book.decide(sale, at(2027, 1, 7), applicants={"OWNER", "B"}).codes == (
        RefusalCode.UNIT_SEIZED,
    )
    book.enter(SeizureLift(c2, "C2", "(2025) C2 执 1 号之一"), at(2027, 2, 1))
    assert book.decide(sale, at(2027, 2, 1), applicants={"OWNER", "B"}).allowed
    assert book.replayed() == book.state
