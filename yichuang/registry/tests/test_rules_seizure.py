"""Seizures, waiting seizures, lifts, renewals and lapses (RULES arts. 90-92; SPC rules).

Terms are counted by CC art. 202 (the corresponding day of the last month) and
not moved off rest days: a seizure binds on Sundays too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    Change,
    ChangeCause,
    CoOwnership,
    EasementCreation,
    MortgageCancellation,
    NoteCode,
    NoticeKind,
    ObjectionFiling,
    RefusalCode,
    RegistrationRequest,
    RulesConfig,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
    Status,
    Transfer,
    TransferCause,
    entry_for,
)
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    D,
    at,
    first,
    mortgage,
    sole,
)

SALE = Transfer(HOUSE, sole("BUYER"), CoOwnership.SOLE, TransferCause.SALE)


def order(
    court: str,
    served_at: dt.datetime,
    *,
    term_months: int | None = None,
    term_end: dt.date | None = None,
) -> SeizureOrder:
    """A seizure by ``court`` served at ``served_at``."""
    document = f"({court}) 执 1 号"
    return SeizureOrder(court, document, served_at, term_end=term_end, term_months=term_months)


def lift(seq: int, court: str) -> SeizureLift:
    return SeizureLift(target_seq=seq, court=court, document=f"({court}) 执 1 号之一")


def owned_book(config: RulesConfig | None = None) -> Book:
    book = Book(config=config) if config else Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants={"OWNER"})
    return book


def test_disposals_are_refused_while_a_seizure_is_in_force_rules_90() -> None:
    """RULES art. 90 (unconfirmed): transfer, mortgage, easement, notice all refused."""
    book = owned_book()
    seq = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    everyone = {"OWNER", "BUYER", "BANK", "N"}
    acts = [
        SALE,
        mortgage("BANK"),
        EasementCreation(HOUSE, holder="N", dominant_unit="U2"),
        AdvanceNoticeFiling(NoticeKind.TRANSFER, HOUSE, frozenset({"BUYER"}), frozenset({"OWNER"})),
    ]
    for act in acts:
        decision = book.decide(act, at(2025, 8, 10), applicants=everyone)
        assert decision.codes == (RefusalCode.UNIT_SEIZED,), act
        refusal = decision.refusals[0]
        assert refusal.article == "RULES art. 90 (unconfirmed); SPC seizure rules"
        assert dict(refusal.params) == {"seizure": seq, "court": "C1"}


def test_non_disposals_stay_possible_while_seized_rules_90() -> None:
    """Cancelling a mortgage, objecting or changing a name disposes of nothing."""
    book = owned_book()
    bank = book.enter(mortgage("BANK"), at(2025, 4, 1), applicants={"OWNER", "BANK"})
    book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    when = at(2025, 8, 11)
    assert book.decide(MortgageCancellation(bank), when, applicants={"BANK"}).allowed
    assert book.decide(ObjectionFiling(HOUSE, "Z", "fraud"), when, applicants={"Z"}).allowed
    name = Change(HOUSE, ChangeCause.HOLDER_NAME)
    assert book.decide(name, when, applicants={"OWNER"}).allowed


def test_the_seizure_blocking_notices_is_configurable() -> None:
    """RULES art. 90 (unconfirmed): whether a notice counts as a disposal is a parameter."""
    book = owned_book(RulesConfig(seizure_blocks_advance_notice=False))
    book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    notice = AdvanceNoticeFiling(
        NoticeKind.TRANSFER, HOUSE, frozenset({"BUYER"}), frozenset({"OWNER"})
    )
    assert book.decide(notice, at(2025, 8, 10), applicants={"OWNER", "BUYER"}).allowed


def test_a_later_seizure_waits_behind_the_one_in_force_rules_91() -> None:
    book = owned_book()
    first_seq = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    decision = book.submit(order("C2", at(2025, 8, 20, 9)), at(2025, 8, 20))
    assert decision.allowed
    assert decision.note_codes == (NoteCode.SEIZURE_WILL_WAIT,)
    assert decision.notes[0].article == "RULES art. 91 (unconfirmed)"
    assert dict(decision.notes[0].params) == {"queue": 2}
    view = book.view(D(2025, 8, 21))
    assert [(s.seizure.seq, s.status, s.queue) for s in view.seizures] == [
        (first_seq, Status.ACTIVE, 1),
        (first_seq + 1, Status.WAITING, 2),
    ]
    # Served 4 Aug 2025, no term stated: the default 36 months end on 4 Aug 2028.
    assert view.seizures[0].term_end == D(2028, 8, 4)


def test_waiting_seizures_rank_by_service_time_not_entry_order_rules_91() -> None:
    book = owned_book()
    book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    c3 = book.enter(order("C3", at(2025, 8, 22, 9)), at(2025, 8, 26))
    # Served a day before C3's notice but entered later: it still ranks ahead.
    c4 = book.enter(order("C4", at(2025, 8, 21, 15)), at(2025, 8, 27))
    waiting = book.view(D(2025, 8, 28)).seizures_waiting
    assert [(s.seizure.seq, s.queue) for s in waiting] == [(c4, 2), (c3, 3)]


def test_a_lift_promotes_the_first_waiting_seizure_with_its_term_from_effect_rules_92() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    c2 = book.enter(order("C2", at(2025, 8, 20, 9)), at(2025, 8, 20))
    book.enter(lift(c1, "C1"), at(2025, 9, 15))
    view = book.view(D(2025, 9, 15))
    lifted, promoted = view.seizure(c1), view.seizure(c2)
    assert lifted is not None and promoted is not None
    assert (lifted.status, lifted.ended_on) == (Status.LIFTED, D(2025, 9, 15))
    assert (promoted.status, promoted.queue, promoted.effective_on) == (
        Status.ACTIVE,
        1,
        D(2025, 9, 15),
    )
    # The waiting seizure's 36 months run from the day it took effect.
    assert promoted.term_end == D(2028, 9, 15)
    assert RefusalCode.UNIT_SEIZED in book.decide(SALE, at(2025, 9, 16)).codes


def test_a_waiting_seizures_term_can_run_from_service_instead() -> None:
    """RULES art. 91 (unconfirmed): the other reading of when a waiting term starts."""
    book = owned_book(RulesConfig(waiting_seizure_term_from_effect=False))
    c1 = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    c2 = book.enter(order("C2", at(2025, 8, 20, 9)), at(2025, 8, 20))
    book.enter(lift(c1, "C1"), at(2025, 9, 15))
    promoted = book.view(D(2025, 9, 15)).seizure(c2)
    assert promoted is not None and promoted.term_end == D(2028, 8, 20)


def test_a_seizure_lapses_after_its_term_and_the_next_takes_effect_rules_92() -> None:
    book = owned_book()
    # Six months from 1 Sep 2025 end on Sun 1 Mar 2026; a term is not moved off Sundays.
    c1 = book.enter(order("C1", at(2025, 9, 1, 9), term_months=6), at(2025, 9, 1))
    c2 = book.enter(order("C2", at(2025, 10, 10, 9), term_months=12), at(2025, 10, 10))
    on_last_day = book.view(D(2026, 3, 1))
    assert on_last_day.seizure(c1) == on_last_day.seizures_in_force[0]
    after = book.view(D(2026, 3, 2))
    ended, promoted = after.seizure(c1), after.seizure(c2)
    assert ended is not None and promoted is not None
    assert (ended.status, ended.ended_on) == (Status.LAPSED, D(2026, 3, 2))
    assert (promoted.status, promoted.effective_on, promoted.term_end) == (
        Status.ACTIVE,
        D(2026, 3, 2),
        D(2027, 3, 2),
    )


def test_a_renewal_before_the_end_extends_the_term_rules_92() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 9, 1, 9), term_months=6), at(2025, 9, 1))
    renewal = SeizureRenewal(c1, "C1", "(C1) 执 1 号之二", term_end=D(2027, 3, 1))
    book.enter(renewal, at(2026, 2, 27))
    view = book.view(D(2026, 3, 2)).seizure(c1)
    assert view is not None and (view.status, view.term_end) == (Status.ACTIVE, D(2027, 3, 1))
    assert book.replayed() == book.state


def test_a_lapsed_seizure_cannot_be_renewed_rules_92() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 9, 1, 9), term_months=6), at(2025, 9, 1))
    renewal = SeizureRenewal(c1, "C1", "(C1) 执 1 号之二", term_end=D(2027, 3, 1))
    decision = book.decide(renewal, at(2026, 3, 2))
    assert decision.codes == (RefusalCode.TARGET_ENDED,)
    assert dict(decision.refusals[0].params) == {"target": c1, "status": "lapsed"}


def test_renewals_need_the_seizing_court_a_later_end_and_a_seizure_in_force_rules_92() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 9, 1, 9), term_months=6), at(2025, 9, 1))
    c2 = book.enter(order("C2", at(2025, 10, 10, 9)), at(2025, 10, 10))
    when = at(2026, 1, 5)
    other_court = SeizureRenewal(c1, "C2", "x", term_end=D(2027, 3, 1))
    assert book.decide(other_court, when).codes == (RefusalCode.SEIZURE_COURT_MISMATCH,)
    not_later = SeizureRenewal(c1, "C1", "x", term_end=D(2026, 3, 1))
    assert book.decide(not_later, when).codes == (RefusalCode.SEIZURE_TERM_INVALID,)
    waiting = SeizureRenewal(c2, "C2", "x", term_end=D(2030, 1, 1))
    assert book.decide(waiting, when).codes == (RefusalCode.SEIZURE_NOT_IN_FORCE,)


def test_lifts_need_a_known_binding_seizure_and_its_own_court_rules_92() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    when = at(2025, 9, 1)
    assert book.decide(lift(c1, "C9"), when).codes == (RefusalCode.SEIZURE_COURT_MISMATCH,)
    assert book.decide(lift(99, "C1"), when).codes == (RefusalCode.TARGET_NOT_FOUND,)
    book.enter(lift(c1, "C1"), when)
    assert book.decide(lift(c1, "C1"), at(2025, 9, 2)).codes == (RefusalCode.TARGET_ENDED,)
    assert book.decide(SALE, at(2025, 9, 2), applicants={"OWNER", "BUYER"}).allowed


def test_a_seizure_lifted_while_waiting_never_takes_effect_rules_91() -> None:
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4))
    c2 = book.enter(order("C2", at(2025, 8, 20, 9)), at(2025, 8, 20))
    c3 = book.enter(order("C3", at(2025, 8, 25, 9)), at(2025, 8, 25))
    book.enter(lift(c2, "C2"), at(2025, 9, 1))
    book.enter(lift(c1, "C1"), at(2025, 10, 13))
    view = book.view(D(2025, 10, 13))
    withdrawn, promoted = view.seizure(c2), view.seizure(c3)
    assert withdrawn is not None and promoted is not None
    assert (withdrawn.status, withdrawn.effective_on) == (Status.LIFTED, None)
    assert (promoted.status, promoted.effective_on) == (Status.ACTIVE, D(2025, 10, 13))


def test_a_seizure_needs_a_sensible_term() -> None:
    """RULES art. 92 (unconfirmed): a term must end after the service."""
    book = owned_book()
    zero = order("C1", at(2025, 8, 4, 9), term_months=0)
    assert book.decide(zero, at(2025, 8, 4)).codes == (RefusalCode.SEIZURE_TERM_INVALID,)
    before = order("C1", at(2025, 8, 4, 9), term_end=D(2025, 8, 1))
    assert book.decide(before, at(2025, 8, 4)).codes == (RefusalCode.SEIZURE_TERM_INVALID,)


def test_an_explicit_term_end_is_kept_as_the_court_wrote_it() -> None:
    """RULES art. 92 (unconfirmed): the register records the court's order as written."""
    book = owned_book()
    c1 = book.enter(order("C1", at(2025, 8, 4, 9), term_end=D(2028, 8, 3)), at(2025, 8, 4))
    seizure = book.view(D(2025, 8, 5)).seizure(c1)
    assert seizure is not None and seizure.term_end == D(2028, 8, 3)


def test_the_entry_records_the_default_term_so_a_new_default_moves_nothing() -> None:
    """SPC seizure rules; RULES art. 92 (unconfirmed): the default is fixed at entry."""
    request = RegistrationRequest(order("C1", at(2025, 8, 4, 9)), accepted_at=at(2025, 8, 4))
    entry = entry_for(request, seq=2, entered_at=at(2025, 8, 4))
    assert isinstance(entry.payload, SeizureOrder)
    assert entry.payload.term_months == 36
    book = owned_book(RulesConfig(seizure_term_months=12))
    book.enter(entry.payload, at(2025, 8, 4))
    assert book.view(D(2025, 8, 5)).seizures[0].term_end == D(2028, 8, 4)


def test_a_pre_sold_flat_may_be_seized_before_its_first_registration() -> None:
    """RULES art. 90 (unconfirmed): 预查封 needs no registered right."""
    assert Book().decide(order("C1", at(2025, 8, 4, 9)), at(2025, 8, 4)).allowed


def test_a_naive_service_time_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="served_at"):
        order("C1", dt.datetime(2025, 8, 4, 9))
