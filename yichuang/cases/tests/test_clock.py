"""The time-limit clock: promises, the acceptance day, holidays, suspensions, flags.

Expected dates are worked out by hand from the calendar the platform uses
(chinesecalendar 1.11 for 2004-2026, fixed-date holidays only for 2027); the
comment beside each says how, and the first test pins the calendar facts they
rest on, so a data change fails there first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yichuang.cases.clock import (
    DEFAULT_CLOCK_CONFIG,
    STATUTORY_LIMIT_WORKING_DAYS,
    STATUTORY_SUSPENSIONS,
    ClockConfig,
    ClockError,
    NonStatutoryPauseError,
    Suspension,
    SuspensionReason,
    clock_start,
    clock_status,
    due_date,
    promised_limit,
)
from yichuang.core.working_days import CalendarResult, DayOverride, WorkCalendar
from yichuang.registry.rules.codes import RegistrationType

D = dt.date
T = RegistrationType
PLAIN = WorkCalendar()
FROM_ACCEPTANCE_DAY = ClockConfig(count_acceptance_day=True)
SITE_VISIT = SuspensionReason.SITE_VISIT
PUBLIC_NOTICE = SuspensionReason.PUBLIC_NOTICE


def due(accepted_on: dt.date, limit: int = 5, **kwargs: object) -> CalendarResult:
    return due_date(accepted_on=accepted_on, limit=limit, calendar=PLAIN, **kwargs)


# --- promises ----------------------------------------------------------------------


def test_default_promises_are_five_working_days_and_one_for_the_quick_types() -> None:
    quick = {T.SEIZURE, T.SEIZURE_LIFT, T.OBJECTION, T.CANCELLATION, T.MORTGAGE_CANCELLATION}
    for registration_type in RegistrationType:
        expected = 1 if registration_type in quick else 5
        assert promised_limit(registration_type) == expected, registration_type


def test_an_office_can_change_a_promise() -> None:
    config = ClockConfig(general_working_days=3, promised_by_type={T.MORTGAGE: 1})
    assert promised_limit(T.MORTGAGE, config) == 1
    assert promised_limit(T.TRANSFER, config) == 3
    # Setting one type replaces the defaults, so the quick types fall back to general.
    assert promised_limit(T.SEIZURE, config) == 3


@pytest.mark.parametrize("limit", [0, -1, STATUTORY_LIMIT_WORKING_DAYS + 1])
def test_a_promise_outside_one_to_thirty_working_days_is_refused(limit: int) -> None:
    with pytest.raises(ClockError, match=r"REG art\. 20"):
        ClockConfig(general_working_days=limit)
    with pytest.raises(ClockError, match=r"REG art\. 20"):
        ClockConfig(promised_by_type={T.TRANSFER: limit})
    with pytest.raises(ClockError, match=r"REG art\. 20"):
        due(D(2026, 3, 2), limit)


def test_the_statutory_ceiling_itself_is_allowed() -> None:
    assert ClockConfig(general_working_days=30).general_working_days == 30


def test_config_refuses_a_non_statutory_pausing_reason_and_a_negative_threshold() -> None:
    with pytest.raises(NonStatutoryPauseError, match="awaiting_materials"):
        ClockConfig(pausing_reasons=frozenset({SuspensionReason.AWAITING_MATERIALS}))
    with pytest.raises(ClockError, match="due_soon"):
        ClockConfig(due_soon_working_days=-1)


def test_config_keeps_its_own_copy_of_the_promises() -> None:
    promises = {T.MORTGAGE: 2}
    config = ClockConfig(promised_by_type=promises)
    promises[T.MORTGAGE] = 30
    assert promised_limit(T.MORTGAGE, config) == 2
    with pytest.raises(TypeError):
        config.promised_by_type[T.MORTGAGE] = 3


def test_statutory_suspensions_cite_reg_art_19_and_rules_art_17() -> None:
    assert dict(STATUTORY_SUSPENSIONS) == {
        SuspensionReason.SITE_VISIT: "REG art. 19 para. 1",
        SuspensionReason.INVESTIGATION: "REG art. 19 para. 2",
        SuspensionReason.PUBLIC_NOTICE: "RULES art. 17",
    }
    assert DEFAULT_CLOCK_CONFIG.pausing_reasons == set(STATUTORY_SUSPENSIONS)


# --- National Day 2026 -------------------------------------------------------------


def test_the_calendar_says_this_about_autumn_2026() -> None:
    # The facts the dates below are computed from, as the package has them.
    rest = {D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27)}  # 中秋节, Fri-Sun
    rest |= {D(2026, 10, day) for day in range(1, 8)}  # 国庆节, Thu 1 - Wed 7
    for day in rest:
        assert not PLAIN.is_working_day(day), day
    assert PLAIN.day_name(D(2026, 9, 25)) == "中秋节"
    assert PLAIN.day_name(D(2026, 10, 7)) == "国庆节"
    # Make-up working days: Sun 20 Sep and Sat 10 Oct.
    assert PLAIN.is_working_day(D(2026, 9, 20))
    assert PLAIN.is_working_day(D(2026, 10, 10))
    assert PLAIN.day_name(D(2026, 10, 10)) == "国庆节调休上班"
    assert not PLAIN.is_working_day(D(2026, 10, 11))


def test_five_working_days_from_30_september_2026_skip_national_day() -> None:
    # Not counting Wed 30 Sep: 1-7 Oct off; Thu 8 (1), Fri 9 (2), Sat 10 make-up (3),
    # Sun 11 off, Mon 12 (4), Tue 13 (5).
    assert due(D(2026, 9, 30)) == CalendarResult(D(2026, 10, 13), False)


def test_five_working_days_from_24_september_2026_skip_mid_autumn_and_national_day() -> None:
    # 25-27 Sep off; Mon 28 (1), Tue 29 (2), Wed 30 (3); 1-7 Oct off; Thu 8 (4), Fri 9 (5).
    assert due(D(2026, 9, 24)).date == D(2026, 10, 9)


def test_the_make_up_sunday_before_national_day_counts() -> None:
    # Fri 18 Sep: Sat 19 off, Sun 20 make-up (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5).
    assert due(D(2026, 9, 18)).date == D(2026, 9, 24)


def test_an_office_counting_the_acceptance_day_is_one_day_earlier() -> None:
    # Wed 30 Sep (1), Thu 8 (2), Fri 9 (3), Sat 10 (4), Mon 12 (5).
    assert due(D(2026, 9, 30), config=FROM_ACCEPTANCE_DAY).date == D(2026, 10, 12)


def test_the_statutory_thirty_working_days_across_national_day_2026() -> None:
    # From Wed 30 Sep: Thu 8, Fri 9, Sat 10 (3); 12-16 Oct (8); 19-23 (13); 26-30 (18);
    # 2-6 Nov (23); 9-13 Nov (28); Mon 16 (29), Tue 17 Nov (30).
    assert due(D(2026, 9, 30), 30) == CalendarResult(D(2026, 11, 17), False)


def test_the_clock_does_not_run_during_the_holiday() -> None:
    for day in range(1, 8):
        status = clock_status(
            accepted_on=D(2026, 9, 30), limit=5, calendar=PLAIN, as_of=D(2026, 10, day)
        )
        assert (status.working_days_used, status.working_days_left) == (0, 5)
        assert not status.due_soon
        assert not status.overdue


def test_day_one_is_the_next_working_day_unless_the_office_counts_the_acceptance_day() -> None:
    assert clock_start(D(2026, 9, 30), PLAIN).date == D(2026, 10, 8)
    assert clock_start(D(2026, 9, 30), PLAIN, FROM_ACCEPTANCE_DAY).date == D(2026, 9, 30)
    # Accepted on a rest day (an online application on the holiday): day 1 is the
    # first working day either way.
    assert clock_start(D(2026, 10, 3), PLAIN, FROM_ACCEPTANCE_DAY).date == D(2026, 10, 8)


# --- provisional years: Spring Festival 2027 -------------------------------------------

# A hypothetical 2027 arrangement an administrator might enter: 6-14 Feb off
# (Sat-Sun, so Mon 8 - Fri 12 are the weekdays taken), Sat 20 Feb worked.
_SPRING_2027 = {
    **{D(2027, 2, day): DayOverride(False, "春节") for day in range(8, 13)},
    D(2027, 2, 20): DayOverride(True, "春节调休上班"),
}


def test_without_the_2027_arrangement_spring_festival_is_not_guessed() -> None:
    # Only fixed-date holidays in 2027: from Thu 4 Feb, Fri 5 (1), Mon 8 (2), Tue 9 (3),
    # Wed 10 (4), Thu 11 (5), and the date is provisional.
    assert due(D(2027, 2, 4)) == CalendarResult(D(2027, 2, 11), True)


def test_an_entered_spring_festival_2027_moves_the_date_and_stays_provisional() -> None:
    entered = WorkCalendar(overrides=_SPRING_2027)
    # Fri 5 (1); 6-14 off; Mon 15 (2), Tue 16 (3), Wed 17 (4), Thu 18 (5).
    five = due_date(accepted_on=D(2027, 2, 4), limit=5, calendar=entered)
    assert five == CalendarResult(D(2027, 2, 18), True)
    # Fri 19 (6) and the make-up Sat 20 (7).
    seven = due_date(accepted_on=D(2027, 2, 4), limit=7, calendar=entered)
    assert seven.date == D(2027, 2, 20)
    confirmed = WorkCalendar(overrides=_SPRING_2027, confirmed_years={2027})
    assert due_date(accepted_on=D(2027, 2, 4), limit=5, calendar=confirmed).provisional is False


def test_a_clock_running_into_2027_is_provisional() -> None:
    # Tue 29 Dec 2026: Wed 30 (1), Thu 31 (2), Fri 1 Jan 元旦 off, Mon 4 (3), Tue 5 (4), Wed 6 (5).
    assert due(D(2026, 12, 29)) == CalendarResult(D(2027, 1, 6), True)
    status = clock_status(
        accepted_on=D(2026, 12, 29), limit=5, calendar=PLAIN, as_of=D(2026, 12, 30)
    )
    assert status.provisional


# --- suspensions -----------------------------------------------------------------------

MON_14_SEP = D(2026, 9, 14)
VISIT_16_TO_18 = Suspension(SITE_VISIT, D(2026, 9, 16), D(2026, 9, 18))


def test_a_site_visit_pauses_the_clock() -> None:
    # Without it: Tue 15 (1), Wed 16 (2), Thu 17 (3), Fri 18 (4), Sun 20 make-up (5).
    assert due(MON_14_SEP).date == D(2026, 9, 20)
    # With 16-18 Sep off the clock: Tue 15 (1), Sun 20 (2), Mon 21 (3), Tue 22 (4), Wed 23 (5).
    assert due(MON_14_SEP, suspensions=[VISIT_16_TO_18]).date == D(2026, 9, 23)


def test_while_paused_the_due_date_is_the_earliest_it_can_be() -> None:
    open_visit = Suspension(SITE_VISIT, D(2026, 9, 16))
    status = clock_status(
        accepted_on=MON_14_SEP,
        limit=5,
        calendar=PLAIN,
        as_of=D(2026, 9, 17),
        suspensions=[open_visit],
    )
    # Used: Tue 15 only; Wed 16 and Thu 17 paused. Resuming on Fri 18 at the earliest:
    # Fri 18 (2), Sun 20 (3), Mon 21 (4), Tue 22 (5).
    assert status.paused
    assert (status.working_days_used, status.working_days_left) == (1, 4)
    assert status.paused_working_days == 2
    assert status.due_on == D(2026, 9, 22)
    assert not status.due_soon
    # Once it ended on Fri 18, the due date is Wed 23.
    ended = clock_status(
        accepted_on=MON_14_SEP,
        limit=5,
        calendar=PLAIN,
        as_of=D(2026, 9, 21),
        suspensions=[VISIT_16_TO_18],
    )
    assert not ended.paused
    assert (ended.working_days_used, ended.paused_working_days, ended.due_on) == (
        3,
        3,
        D(2026, 9, 23),
    )


def test_a_past_date_reads_the_clock_as_it_stood_then() -> None:
    before_visit = clock_status(
        accepted_on=MON_14_SEP,
        limit=5,
        calendar=PLAIN,
        as_of=D(2026, 9, 15),
        suspensions=[VISIT_16_TO_18],
    )
    assert before_visit.due_on == D(2026, 9, 20)
    assert not before_visit.paused


def test_an_open_suspension_has_no_final_due_date() -> None:
    with pytest.raises(ClockError, match="open suspension"):
        due(MON_14_SEP, suspensions=[Suspension(SITE_VISIT, D(2026, 9, 16))])


@pytest.mark.parametrize("reason", [SuspensionReason.AWAITING_MATERIALS, SuspensionReason.OTHER])
def test_a_non_statutory_pause_is_refused(reason: SuspensionReason) -> None:
    pause = Suspension(reason, D(2026, 9, 16), D(2026, 9, 18))
    assert not pause.statutory
    assert pause.article is None
    with pytest.raises(NonStatutoryPauseError, match=r"REG art\. 20"):
        due(MON_14_SEP, suspensions=[pause])
    with pytest.raises(NonStatutoryPauseError):
        clock_status(
            accepted_on=MON_14_SEP,
            limit=5,
            calendar=PLAIN,
            as_of=D(2026, 9, 17),
            suspensions=[pause],
        )


def test_overlapping_suspensions_pause_each_day_once() -> None:
    overlapping = [
        Suspension(SITE_VISIT, D(2026, 9, 16), D(2026, 9, 17)),
        Suspension(PUBLIC_NOTICE, D(2026, 9, 17), D(2026, 9, 18)),
    ]
    assert due(MON_14_SEP, suspensions=overlapping) == due(MON_14_SEP, suspensions=[VISIT_16_TO_18])


def test_a_public_notice_of_fifteen_working_days_stops_the_clock_for_its_length() -> None:
    # Accepted Mon 2 Mar 2026, notice Wed 4 - Tue 24 Mar (15 working days).
    notice_end = PLAIN.add_working_days(D(2026, 3, 3), 15).date
    assert notice_end == D(2026, 3, 24)
    notice = Suspension(PUBLIC_NOTICE, D(2026, 3, 4), notice_end)
    # Tue 3 (1), then Wed 25 (2), Thu 26 (3), Fri 27 (4), Mon 30 (5).
    assert due(D(2026, 3, 2), suspensions=[notice]).date == D(2026, 3, 30)


def test_an_office_that_does_not_pause_for_site_visits_keeps_the_clock_running() -> None:
    config = ClockConfig(pausing_reasons=frozenset({PUBLIC_NOTICE}))
    assert due(MON_14_SEP, suspensions=[VISIT_16_TO_18], config=config).date == D(2026, 9, 20)


def test_a_suspension_after_the_due_date_does_not_rescue_an_overdue_case() -> None:
    late = Suspension(SITE_VISIT, D(2026, 9, 22), D(2026, 9, 30))
    assert due(MON_14_SEP, suspensions=[late]).date == D(2026, 9, 20)
    status = clock_status(
        accepted_on=MON_14_SEP, limit=5, calendar=PLAIN, as_of=D(2026, 9, 23), suspensions=[late]
    )
    assert status.overdue


def test_suspensions_must_be_whole_days_in_order_and_after_acceptance() -> None:
    with pytest.raises(ClockError, match="before it starts"):
        Suspension(SITE_VISIT, D(2026, 9, 18), D(2026, 9, 16))
    with pytest.raises(TypeError):
        Suspension(SITE_VISIT, dt.datetime(2026, 9, 16, 9, 0))
    with pytest.raises(ClockError, match="before acceptance"):
        due(MON_14_SEP, suspensions=[Suspension(SITE_VISIT, D(2026, 9, 11), D(2026, 9, 15))])


def test_a_suspension_on_the_acceptance_day_itself_changes_nothing_by_default() -> None:
    same_day = Suspension(SITE_VISIT, MON_14_SEP, MON_14_SEP)
    assert due(MON_14_SEP, suspensions=[same_day]).date == D(2026, 9, 20)
    # Counting the acceptance day, that day is lost to the visit: Tue 15 is day 1.
    assert due(MON_14_SEP, suspensions=[same_day], config=FROM_ACCEPTANCE_DAY).date == D(
        2026, 9, 20
    )
    assert due(MON_14_SEP, config=FROM_ACCEPTANCE_DAY).date == D(2026, 9, 18)


# --- due soon and overdue ------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "used", "left", "due_soon", "overdue"),
    [
        # Accepted Mon 2 Mar 2026, due Mon 9 Mar (Tue 3 .. Fri 6 are 1-4, Mon 9 is 5).
        (D(2026, 3, 2), 0, 5, False, False),
        (D(2026, 3, 5), 3, 2, False, False),
        (D(2026, 3, 6), 4, 1, True, False),
        (D(2026, 3, 8), 4, 1, True, False),  # Sunday: nothing used
        (D(2026, 3, 9), 5, 0, True, False),  # the due day itself
        (D(2026, 3, 10), 6, -1, False, True),
        (D(2026, 3, 16), 10, -5, False, True),
    ],
)
def test_due_soon_and_overdue_as_the_days_pass(
    as_of: dt.date, used: int, left: int, due_soon: bool, overdue: bool
) -> None:
    status = clock_status(accepted_on=D(2026, 3, 2), limit=5, calendar=PLAIN, as_of=as_of)
    assert status.due_on == D(2026, 3, 9)
    assert (status.working_days_used, status.working_days_left) == (used, left)
    assert (status.due_soon, status.overdue) == (due_soon, overdue)
    assert status.overdue_working_days == max(0, -left)


def test_the_due_soon_threshold_is_configurable() -> None:
    config = ClockConfig(due_soon_working_days=2)
    status = clock_status(
        accepted_on=D(2026, 3, 2), limit=5, calendar=PLAIN, as_of=D(2026, 3, 5), config=config
    )
    assert status.due_soon


def test_a_case_is_overdue_once_its_due_day_has_ended_even_over_a_weekend() -> None:
    # Accepted Fri 6 Mar 2026 with 5 days: Mon 9 .. Fri 13 Mar. Saturday 14 is past it.
    status = clock_status(accepted_on=D(2026, 3, 6), limit=5, calendar=PLAIN, as_of=D(2026, 3, 14))
    assert status.due_on == D(2026, 3, 13)
    assert status.overdue
    assert status.working_days_left == 0


def test_a_make_up_saturday_counts_towards_the_limit() -> None:
    # Fri 27 Feb 2026: Sat 28 Feb is a Spring Festival make-up day (1), Mon 2 .. Thu 5 Mar.
    assert PLAIN.day_name(D(2026, 2, 28)) == "春节调休上班"
    assert due(D(2026, 2, 27)).date == D(2026, 3, 5)


def test_bad_dates_are_refused() -> None:
    with pytest.raises(ClockError, match="before acceptance"):
        clock_status(accepted_on=D(2026, 3, 2), limit=5, calendar=PLAIN, as_of=D(2026, 3, 1))
    with pytest.raises(TypeError):
        due(dt.datetime(2026, 3, 2, 9, 0))


# --- properties --------------------------------------------------------------------------

_accepted = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 3, 31))
_configs = st.sampled_from([DEFAULT_CLOCK_CONFIG, FROM_ACCEPTANCE_DAY])
_calendars = st.sampled_from([PLAIN, WorkCalendar(overrides=_SPRING_2027)])


@st.composite
def _suspensions(draw: st.DrawFn, accepted_on: dt.date) -> list[Suspension]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        start = accepted_on + dt.timedelta(days=draw(st.integers(0, 40)))
        end = start + dt.timedelta(days=draw(st.integers(0, 20)))
        found.append(Suspension(draw(st.sampled_from(list(STATUTORY_SUSPENSIONS))), start, end))
    return found


@st.composite
def _clocks(
    draw: st.DrawFn,
) -> tuple[dt.date, int, WorkCalendar, ClockConfig, list[Suspension]]:
    accepted_on = draw(_accepted)
    return (
        accepted_on,
        draw(st.integers(1, STATUTORY_LIMIT_WORKING_DAYS)),
        draw(_calendars),
        draw(_configs),
        draw(_suspensions(accepted_on)),
    )


_Clock = tuple[dt.date, int, WorkCalendar, ClockConfig, list[Suspension]]


def _paused(day: dt.date, suspensions: list[Suspension]) -> bool:
    return any(s.start <= day <= (s.end or day) for s in suspensions)


@given(_clocks())
def test_the_due_date_is_a_counted_working_day_never_before_acceptance(clock: _Clock) -> None:
    accepted_on, limit, calendar, config, suspensions = clock
    found = due_date(
        accepted_on=accepted_on,
        limit=limit,
        calendar=calendar,
        suspensions=suspensions,
        config=config,
    ).date
    assert found >= accepted_on
    if not config.count_acceptance_day:
        assert found > accepted_on
    assert calendar.is_working_day(found)
    assert not _paused(found, suspensions)
    on_due = clock_status(
        accepted_on=accepted_on,
        limit=limit,
        calendar=calendar,
        as_of=found,
        suspensions=suspensions,
        config=config,
    )
    assert on_due.working_days_used == limit
    assert not on_due.overdue
    after = clock_status(
        accepted_on=accepted_on,
        limit=limit,
        calendar=calendar,
        as_of=found + dt.timedelta(days=1),
        suspensions=suspensions,
        config=config,
    )
    assert after.overdue


@given(_clocks(), st.data())
def test_a_suspension_never_shortens_the_time_left(clock: _Clock, data: st.DataObject) -> None:
    accepted_on, limit, calendar, config, suspensions = clock
    extra = data.draw(_suspensions(accepted_on).filter(bool))[0]
    as_of = accepted_on + dt.timedelta(days=data.draw(st.integers(0, 80)))
    kwargs = {"accepted_on": accepted_on, "limit": limit, "calendar": calendar, "config": config}
    without = clock_status(as_of=as_of, suspensions=suspensions, **kwargs)
    with_extra = clock_status(as_of=as_of, suspensions=[*suspensions, extra], **kwargs)
    assert with_extra.working_days_left >= without.working_days_left
    assert with_extra.due_on >= without.due_on


@given(_clocks(), st.integers(0, 80))
def test_used_plus_left_is_the_limit_while_not_suspended(clock: _Clock, offset: int) -> None:
    accepted_on, limit, calendar, config, suspensions = clock
    as_of = accepted_on + dt.timedelta(days=offset)
    assume(not _paused(as_of, suspensions))
    status = clock_status(
        accepted_on=accepted_on,
        limit=limit,
        calendar=calendar,
        as_of=as_of,
        suspensions=suspensions,
        config=config,
    )
    assert not status.paused
    assert status.working_days_used + status.working_days_left == limit
    assert status.working_days_used >= 0
    assert status.overdue == (as_of > status.due_on)


@given(_clocks(), st.integers(0, 60))
def test_the_days_used_never_go_down(clock: _Clock, offset: int) -> None:
    accepted_on, limit, calendar, config, suspensions = clock
    kwargs = {"accepted_on": accepted_on, "limit": limit, "calendar": calendar, "config": config}
    today = accepted_on + dt.timedelta(days=offset)
    tomorrow = today + dt.timedelta(days=1)
    used_today = clock_status(as_of=today, suspensions=suspensions, **kwargs).working_days_used
    used_tomorrow = clock_status(as_of=tomorrow, suspensions=suspensions, **kwargs)
    assert used_today <= used_tomorrow.working_days_used <= used_today + 1
