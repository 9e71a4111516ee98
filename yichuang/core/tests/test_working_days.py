"""Tests for working-day and calendar-day period arithmetic.

Expected dates are worked out by hand from the published arrangements; the
comment next to each says how, so a reviewer can check it against a calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yichuang.core.working_days import (
    PACKAGE_YEARS,
    CalendarResult,
    DayOverride,
    WorkCalendar,
    fixed_date_holidays,
    needs_next_year_warning,
)

D = dt.date
PLAIN = WorkCalendar()


# --- package data and names -------------------------------------------------


def test_package_years_are_read_from_the_package_data() -> None:
    # chinesecalendar 1.11 has data for 2004-2026. If an upgrade changes this,
    # the hand-computed "provisional 2027" tests below need revisiting.
    assert range(2004, 2027) == PACKAGE_YEARS


def test_day_name_is_chinese_for_holidays_and_marks_make_up_days() -> None:
    assert PLAIN.day_name(D(2026, 2, 17)) == "春节"
    assert PLAIN.day_name(D(2025, 4, 4)) == "清明节"
    assert PLAIN.day_name(D(2025, 10, 6)) == "中秋节"  # the package labels 6 Oct 2025 Mid-autumn
    assert PLAIN.day_name(D(2025, 10, 11)) == "国庆节调休上班"
    assert PLAIN.day_name(D(2025, 3, 12)) is None  # an ordinary Wednesday


def test_datetime_is_rejected_because_it_never_equals_a_date() -> None:
    with pytest.raises(TypeError):
        PLAIN.is_working_day(dt.datetime(2025, 10, 1, 9, 0))


# --- known years ------------------------------------------------------------


def test_national_day_2025_five_working_days_from_30_september() -> None:
    # 2025 arrangement: 1-8 Oct off, Sun 28 Sep and Sat 11 Oct worked.
    # After Tue 30 Sep: 1-8 Oct skipped; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3),
    # Sun 12 skipped, Mon 13 (4), Tue 14 (5).
    assert PLAIN.add_working_days(D(2025, 9, 30), 5) == CalendarResult(D(2025, 10, 14), False)


def test_spring_festival_2026_five_working_days_from_12_february() -> None:
    # 2026 arrangement in the package: 15-23 Feb off, Sat 14 and Sat 28 Feb worked.
    # After Thu 12 Feb: Fri 13 (1), Sat 14 make-up (2), 15-23 skipped, Tue 24 (3),
    # Wed 25 (4), Thu 26 (5).
    assert PLAIN.add_working_days(D(2026, 2, 12), 5) == CalendarResult(D(2026, 2, 26), False)


def test_make_up_saturday_counts_as_a_working_day() -> None:
    assert PLAIN.is_working_day(D(2026, 2, 28))
    # The working day after Fri 27 Feb 2026 is the make-up Sat 28 Feb, not Mon 2 Mar.
    assert PLAIN.add_working_days(D(2026, 2, 27), 1).date == D(2026, 2, 28)


def test_zero_working_days_is_start_if_working_else_next_working_day() -> None:
    assert PLAIN.add_working_days(D(2025, 9, 30), 0).date == D(2025, 9, 30)
    # 1 Oct 2025 is a holiday; the next working day is Thu 9 Oct.
    assert PLAIN.add_working_days(D(2025, 10, 1), 0).date == D(2025, 10, 9)


def test_negative_working_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="n must be"):
        PLAIN.add_working_days(D(2025, 9, 30), -1)


def test_working_days_between_excludes_start_and_includes_end() -> None:
    # (Mon 10 Mar, Fri 14 Mar 2025] holds Tue-Fri: 4 working days.
    assert PLAIN.working_days_between(D(2025, 3, 10), D(2025, 3, 14)) == 4
    assert PLAIN.working_days_between(D(2025, 3, 10), D(2025, 3, 10)) == 0
    with pytest.raises(ValueError, match="before start"):
        PLAIN.working_days_between(D(2025, 3, 14), D(2025, 3, 10))


def test_next_working_day_with_and_without_today() -> None:
    assert PLAIN.next_working_day(D(2025, 3, 12), include_today=True).date == D(2025, 3, 12)
    assert PLAIN.next_working_day(D(2025, 3, 12), include_today=False).date == D(2025, 3, 13)
    # Fri 14 Mar 2025 -> the weekend is skipped -> Mon 17 Mar.
    assert PLAIN.next_working_day(D(2025, 3, 14), include_today=False).date == D(2025, 3, 17)


# --- provisional years ------------------------------------------------------


def test_dates_in_2027_are_provisional_and_new_year_is_a_rest_day() -> None:
    assert PLAIN.is_provisional(D(2027, 6, 1))
    assert not PLAIN.is_provisional(D(2026, 6, 1))
    assert not PLAIN.is_working_day(D(2027, 1, 1))  # a Friday, but 元旦
    assert PLAIN.day_name(D(2027, 1, 1)) == "元旦"


def test_provisional_year_rests_on_fixed_holidays_only() -> None:
    # 2028: Mon 1 and Tue 2 May are 劳动节 (two days since 2025); Wed 3 May is
    # worked because the lunar-based extension is never guessed.
    assert not PLAIN.is_working_day(D(2028, 5, 2))
    assert PLAIN.is_working_day(D(2028, 5, 3))
    assert fixed_date_holidays(2028) == {
        D(2028, 1, 1): "元旦",
        D(2028, 5, 1): "劳动节",
        D(2028, 5, 2): "劳动节",
        D(2028, 10, 1): "国庆节",
        D(2028, 10, 2): "国庆节",
        D(2028, 10, 3): "国庆节",
    }


def test_five_working_days_from_29_december_2026_are_provisional() -> None:
    # After Tue 29 Dec 2026: Wed 30 (1), Thu 31 (2), Fri 1 Jan 2027 元旦 skipped,
    # Sat 2 and Sun 3 skipped, Mon 4 (3), Tue 5 (4), Wed 6 (5).
    assert PLAIN.add_working_days(D(2026, 12, 29), 5) == CalendarResult(D(2027, 1, 6), True)


# Hypothetical 2027 arrangement: 元旦 on Fri 1 Jan only, Sat 2 Jan worked.
_ARRANGEMENT_2027 = {D(2027, 1, 2): DayOverride(is_working_day=True, name="元旦调休上班")}


def test_entered_and_confirmed_2027_arrangement_changes_result_and_clears_flag() -> None:
    confirmed = WorkCalendar(overrides=_ARRANGEMENT_2027, confirmed_years={2027})
    # Wed 30 (1), Thu 31 (2), Sat 2 Jan make-up (3), Mon 4 (4), Tue 5 (5).
    assert confirmed.add_working_days(D(2026, 12, 29), 5) == CalendarResult(D(2027, 1, 5), False)
    assert not confirmed.is_provisional(D(2027, 1, 2))
    assert confirmed.day_name(D(2027, 1, 2)) == "元旦调休上班"


def test_overrides_in_unconfirmed_year_apply_but_stay_provisional() -> None:
    entered = WorkCalendar(overrides=_ARRANGEMENT_2027)
    assert entered.add_working_days(D(2026, 12, 29), 5) == CalendarResult(D(2027, 1, 5), True)


def test_counting_only_inside_known_years_is_not_provisional_even_from_unknown_start() -> None:
    # 31 Dec 2003 is in an unknown year, but it is not counted: the days counted
    # are all in 2004. Fri 2 Jan 2004 (1), Mon 5 (2).
    assert PLAIN.add_working_days(D(2003, 12, 31), 2) == CalendarResult(D(2004, 1, 5), False)


# --- overrides --------------------------------------------------------------


def test_office_closure_on_a_wednesday_is_skipped() -> None:
    closed = WorkCalendar(overrides={D(2025, 3, 12): DayOverride(False, "系统升级停办")})
    # After Mon 10 Mar 2025: Tue 11 (1), Wed 12 closed, Thu 13 (2), Fri 14 (3).
    assert closed.add_working_days(D(2025, 3, 10), 3).date == D(2025, 3, 14)
    assert PLAIN.add_working_days(D(2025, 3, 10), 3).date == D(2025, 3, 13)
    assert closed.day_name(D(2025, 3, 12)) == "系统升级停办"


def test_override_making_a_saturday_a_working_day_counts() -> None:
    open_saturday = WorkCalendar(overrides={D(2025, 3, 15): DayOverride(True, "周六加班受理")})
    # The working day after Fri 14 Mar 2025 becomes Sat 15 instead of Mon 17.
    assert open_saturday.add_working_days(D(2025, 3, 14), 1).date == D(2025, 3, 15)


def test_unnamed_override_flipping_a_holiday_drops_its_name() -> None:
    worked = WorkCalendar(overrides={D(2025, 10, 8): DayOverride(True)})
    assert worked.is_working_day(D(2025, 10, 8))
    assert worked.day_name(D(2025, 10, 8)) is None


def test_calendar_copies_overrides_so_later_changes_do_not_leak_in() -> None:
    source = {D(2025, 3, 12): DayOverride(False, "停办")}
    calendar = WorkCalendar(overrides=source)
    source[D(2025, 3, 13)] = DayOverride(False, "停办")
    assert calendar.is_working_day(D(2025, 3, 13))


# --- calendar-day periods ---------------------------------------------------


def test_fifteen_days_ending_on_saturday_end_on_monday() -> None:
    # Fri 7 Mar 2025 + 15 = Sat 22 Mar, a rest day -> Mon 24 Mar.
    assert PLAIN.period_end(D(2025, 3, 7), 15) == CalendarResult(D(2025, 3, 24), False)


def test_fifteen_days_ending_in_national_day_end_after_the_holiday() -> None:
    # 16 Sep 2025 + 15 = Wed 1 Oct, inside the 1-8 Oct holiday -> Thu 9 Oct.
    assert PLAIN.period_end(D(2025, 9, 16), 15).date == D(2025, 10, 9)


def test_ninety_day_notice_period() -> None:
    # 2 Jan 2025 + 90 = Wed 2 Apr 2025, a working day: no extension.
    assert PLAIN.period_end(D(2025, 1, 2), 90).date == D(2025, 4, 2)
    # 3 Mar 2025 + 90 = Sun 1 Jun, inside 端午 (31 May-2 Jun) -> Tue 3 Jun.
    assert PLAIN.period_end(D(2025, 3, 3), 90).date == D(2025, 6, 3)


def test_period_ending_in_unknown_year_is_provisional() -> None:
    # 17 Dec 2026 + 15 = Fri 1 Jan 2027 (元旦), then the weekend -> Mon 4 Jan, provisional.
    assert PLAIN.period_end(D(2026, 12, 17), 15) == CalendarResult(D(2027, 1, 4), True)


def test_period_of_zero_days_is_rejected() -> None:
    with pytest.raises(ValueError, match="days must be"):
        PLAIN.period_end(D(2025, 3, 7), 0)


# --- warning to enter next year ---------------------------------------------


def test_next_year_warning_starts_on_1_november() -> None:
    known = PACKAGE_YEARS  # 2026 known, 2027 not
    assert not needs_next_year_warning(D(2026, 10, 31), known)
    assert needs_next_year_warning(D(2026, 11, 1), known)
    assert needs_next_year_warning(D(2026, 12, 31), known)
    confirmed = WorkCalendar(confirmed_years={2027})
    assert not needs_next_year_warning(D(2026, 11, 1), confirmed.known_years)


# --- properties -------------------------------------------------------------

_dates = st.dates(min_value=D(2003, 6, 1), max_value=D(2029, 12, 31))
_overrides = st.dictionaries(
    _dates, st.builds(DayOverride, st.booleans(), st.sampled_from(["", "停办"])), max_size=15
)
_calendars = st.builds(
    lambda overrides, years: WorkCalendar(overrides=overrides, confirmed_years=years),
    _overrides,
    st.sets(st.integers(2026, 2030), max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(_calendars, _dates, st.integers(0, 80))
def test_add_working_days_lands_on_a_working_day_and_round_trips(
    calendar: WorkCalendar, start: dt.date, n: int
) -> None:
    result = calendar.add_working_days(start, n).date
    assert calendar.is_working_day(result)
    if n >= 1:
        assert result > start
        assert calendar.working_days_between(start, result) == n
        previous = calendar.add_working_days(start, n - 1).date
        # Strictly monotone from n = 1 on; n = 0 may already land on the first
        # working day after a rest-day start, which n = 1 also returns.
        assert previous < result if n >= 2 else previous <= result
    else:
        assert result >= start


@settings(max_examples=200, deadline=None)
@given(_calendars, _dates, st.integers(0, 80))
def test_provisional_flag_matches_the_days_counted(
    calendar: WorkCalendar, start: dt.date, n: int
) -> None:
    result = calendar.add_working_days(start, n)
    first = start + dt.timedelta(days=1) if n >= 1 else start
    days = [first + dt.timedelta(days=i) for i in range((result.date - first).days + 1)]
    assert result.provisional == any(calendar.is_provisional(day) for day in days)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 9, 30)), st.integers(0, 40))
def test_counting_inside_package_years_is_never_provisional(start: dt.date, n: int) -> None:
    # 40 working days from 30 Sep 2026 end in late November 2026, still a package year.
    assert not PLAIN.add_working_days(start, n).provisional


@settings(max_examples=200, deadline=None)
@given(_calendars, _dates, st.integers(1, 120))
def test_period_end_is_a_working_day_not_before_the_nominal_last_day(
    calendar: WorkCalendar, event: dt.date, days: int
) -> None:
    nominal = event + dt.timedelta(days=days)
    end = calendar.period_end(event, days).date
    assert end >= nominal
    assert calendar.is_working_day(end)
    # No working day is skipped between the nominal last day and the result.
    assert calendar.working_days_between(nominal, end) == (1 if end > nominal else 0)
