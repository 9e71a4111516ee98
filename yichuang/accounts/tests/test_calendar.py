import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from yichuang.accounts import calendar
from yichuang.accounts.models import Deadline
from yichuang.audit.models import AuditEvent


def test_a_deadline_running_into_an_unknown_year_is_provisional(cast) -> None:
    deadline = calendar.deadline_open(
        actor=cast.clerk_a,
        office=cast.office_a,
        purpose="case 1",
        starts_on=dt.date(2026, 12, 29),
        working_days=5,
    )
    # 30, 31 Dec; 1 Jan is a fixed holiday; Sat 2, Sun 3; then 4, 5, 6 Jan.
    assert deadline.due_on == dt.date(2027, 1, 6)
    assert deadline.provisional is True


def test_entering_next_years_arrangement_recomputes_provisional_deadlines(cast) -> None:
    deadline = calendar.deadline_open(
        actor=cast.clerk_a,
        office=cast.office_a,
        purpose="case 1",
        starts_on=dt.date(2026, 12, 29),
        working_days=5,
    )
    # A make-up working Saturday on 2 January 2027, then the year is confirmed.
    calendar.calendar_day_set(
        actor=cast.admin,
        office=None,
        date=dt.date(2027, 1, 2),
        is_working_day=True,
        name="元旦调休上班",
    )
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (dt.date(2027, 1, 5), True)
    calendar.calendar_year_confirm(actor=cast.admin, year=2027, source="国办发明电〔2026〕X号")
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (dt.date(2027, 1, 5), False)
    assert AuditEvent.objects.filter(event_type="deadline.recompute").count() == 2


def test_an_office_closure_moves_only_that_offices_deadlines(cast) -> None:
    start = dt.date(2026, 3, 9)  # a Monday; 5 working days end Monday 16 March
    a = calendar.deadline_open(
        actor=None, office=cast.office_a, purpose="a", starts_on=start, working_days=5
    )
    b = calendar.deadline_open(
        actor=None, office=cast.office_b, purpose="b", starts_on=start, working_days=5
    )
    assert a.due_on == b.due_on == dt.date(2026, 3, 16)
    calendar.calendar_day_set(
        actor=cast.admin,
        office=cast.office_a,
        date=dt.date(2026, 3, 11),
        is_working_day=False,
        name="台风停办",
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.due_on == dt.date(2026, 3, 17)
    assert b.due_on == dt.date(2026, 3, 16)


def test_removing_an_entered_day_restores_the_deadline(cast) -> None:
    start = dt.date(2026, 3, 9)
    deadline = calendar.deadline_open(
        actor=None, office=cast.office_a, purpose="a", starts_on=start, working_days=5
    )
    day = calendar.calendar_day_set(
        actor=cast.admin,
        office=cast.office_a,
        date=dt.date(2026, 3, 11),
        is_working_day=False,
        name="停办",
    )
    calendar.calendar_day_remove(actor=cast.admin, day=day)
    deadline.refresh_from_db()
    assert deadline.due_on == dt.date(2026, 3, 16)


def test_only_administrators_enter_the_calendar(cast) -> None:
    with pytest.raises(PermissionDenied):
        calendar.calendar_day_set(
            actor=cast.head_a,
            office=cast.office_a,
            date=dt.date(2026, 3, 11),
            is_working_day=False,
        )
    with pytest.raises(PermissionDenied):
        calendar.calendar_year_confirm(actor=cast.supervisor, year=2027, source="x")


def test_administrators_are_warned_from_november_while_next_year_is_unknown(cast) -> None:
    assert calendar.next_year_warning(dt.date(2026, 10, 31)) is None
    warning = calendar.next_year_warning(dt.date(2026, 11, 1))
    assert warning is not None and "2027" in warning
    calendar.calendar_year_confirm(actor=cast.admin, year=2027, source="国办发明电")
    assert calendar.next_year_warning(dt.date(2026, 11, 1)) is None


def test_a_deadline_can_never_end_before_it_starts(cast) -> None:
    deadline = calendar.deadline_open(
        actor=None, office=cast.office_a, purpose="a", starts_on=dt.date(2026, 5, 1), working_days=0
    )
    assert deadline.due_on == dt.date(2026, 5, 6)  # 1–5 May 2026 are the Labour Day holiday
    assert Deadline.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_committed_calendar_change_is_seen_by_the_next_reader(cast) -> None:
    from yichuang.accounts.calendar import office_calendar

    day = dt.date(2026, 3, 11)
    assert office_calendar(cast.office_a).is_working_day(day)
    calendar.calendar_day_set(
        actor=cast.admin, office=cast.office_a, date=day, is_working_day=False, name="停办"
    )
    assert not office_calendar(cast.office_a).is_working_day(day)
    assert office_calendar(cast.office_b).is_working_day(day)
