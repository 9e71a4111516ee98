"""The pure rules of the hall: identities, calling order, opening hours, waits, figures."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import IdentifierError
from yichuang.frontdesk.rules import (
    DayFigures,
    QueueItem,
    TicketFacts,
    day_figures,
    identity_parse,
    minutes_open_after,
    parse_sessions,
    percentile,
    queue_order,
    queue_outlook,
    slot_capacity,
    slot_times,
)

TZ = dt.timezone(dt.timedelta(hours=8))
NINE = dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ)


def at(minutes: float) -> dt.datetime:
    return NINE + dt.timedelta(minutes=minutes)


class TestIdentity:
    def test_a_resident_id_is_keyed_by_its_canonical_number(self) -> None:
        identity = identity_parse("resident_id", "11010519491231002x")
        assert identity.kind == "person"
        assert identity.key == "resident_id::11010519491231002X"

    def test_an_organisation_is_keyed_by_its_uscc(self) -> None:
        identity = identity_parse("uscc", "91350100M000100Y43")
        assert identity.kind == "organisation"
        assert identity.key == "uscc::91350100M000100Y43"

    def test_a_passport_key_carries_its_country(self) -> None:
        identity = identity_parse("passport", "E12345678", country="CHN")
        assert identity.key == "passport:CHN:E12345678"

    def test_a_wrong_check_digit_is_refused(self) -> None:
        with pytest.raises(IdentifierError):
            identity_parse("resident_id", "110105194912310021")

    def test_an_unknown_document_type_is_refused(self) -> None:
        with pytest.raises(ValueError, match="driving"):
            identity_parse("driving_licence", "123")


class TestQueueOrder:
    def order(
        self, items: list[QueueItem], now: dt.datetime, groups: tuple[str, ...] = ()
    ) -> list[int]:
        return [
            i.ticket_id for i in queue_order(items, now=now, window_id=7, priority_groups=groups)
        ]

    def test_walk_ins_are_called_by_time_of_issue(self) -> None:
        items = [QueueItem(2, at(5)), QueueItem(1, at(1)), QueueItem(3, at(9))]
        assert self.order(items, at(10)) == [1, 2, 3]

    def test_an_appointment_whose_time_has_come_goes_first(self) -> None:
        items = [QueueItem(1, at(1)), QueueItem(2, at(8), due_at=at(10))]
        assert self.order(items, at(9)) == [1, 2]
        assert self.order(items, at(10)) == [2, 1]

    def test_the_offices_priority_groups_go_before_other_walk_ins(self) -> None:
        items = [QueueItem(1, at(1)), QueueItem(2, at(2), priority_group="elderly")]
        assert self.order(items, at(5), ("elderly",)) == [2, 1]
        assert self.order(items, at(5), ()) == [1, 2]

    def test_a_ticket_transferred_here_comes_first_and_others_transfers_are_not_ours(self) -> None:
        items = [
            QueueItem(1, at(1)),
            QueueItem(2, at(3), transferred_to=7),
            QueueItem(3, at(0), transferred_to=8),
        ]
        assert self.order(items, at(5)) == [2, 1]

    @given(
        st.lists(st.tuples(st.integers(0, 300), st.booleans(), st.integers(0, 300)), max_size=30)
    )
    def test_every_eligible_ticket_appears_once(self, rows: list[tuple[int, bool, int]]) -> None:
        items = [
            QueueItem(n, at(issued), due_at=at(due) if booked else None)
            for n, (issued, booked, due) in enumerate(rows)
        ]
        assert sorted(self.order(items, at(150))) == list(range(len(rows)))


class TestOpeningHours:
    def test_sessions_are_validated(self) -> None:
        assert parse_sessions([["09:00", "12:00"]]) == [(dt.time(9), dt.time(12))]
        for bad in (
            [],
            [["12:00", "09:00"]],
            [["09:00", "12:00"], ["11:00", "13:00"]],
            [["9"]],
            "x",
        ):
            with pytest.raises(ValueError):  # noqa: PT011
                parse_sessions(bad)

    def test_minutes_left_count_only_open_periods(self) -> None:
        periods = parse_sessions([["09:00", "12:00"], ["13:30", "17:00"]])
        assert minutes_open_after(periods, dt.time(8)) == 180 + 210
        assert minutes_open_after(periods, dt.time(11, 30)) == 30 + 210
        assert minutes_open_after(periods, dt.time(12, 45)) == 210
        assert minutes_open_after(periods, dt.time(17, 1)) == 0

    def test_slots_fill_whole_periods_only(self) -> None:
        periods = parse_sessions([["09:00", "10:10"]])
        assert slot_times(periods, 30) == [
            (dt.time(9), dt.time(9, 30)),
            (dt.time(9, 30), dt.time(10)),
        ]

    def test_slot_capacity_is_the_offered_share_of_window_time(self) -> None:
        # Two windows, 30-minute slots, half the time offered, 12-minute services: 2.5 → 2.
        assert slot_capacity(windows=2, share_percent=50, slot_minutes=30, service_minutes=12) == 2
        assert slot_capacity(windows=1, share_percent=10, slot_minutes=30, service_minutes=12) == 1
        assert slot_capacity(windows=0, share_percent=50, slot_minutes=30, service_minutes=12) == 0


class TestOutlook:
    def test_the_wait_is_the_queue_spread_over_the_windows(self) -> None:
        outlook = queue_outlook(waiting=10, windows=2, service_minutes=12, minutes_left_today=100)
        assert outlook.estimated_wait_minutes == 60
        assert outlook.serves_everyone_today

    def test_the_office_sees_when_today_cannot_serve_everyone(self) -> None:
        outlook = queue_outlook(waiting=30, windows=2, service_minutes=12, minutes_left_today=100)
        assert not outlook.serves_everyone_today


class TestFigures:
    def test_nearest_rank_percentile(self) -> None:
        assert percentile([], 0.9) is None
        assert percentile([5.0], 0.9) == 5.0
        assert percentile([float(v) for v in range(1, 11)], 0.9) == 9.0
        assert percentile([float(v) for v in range(1, 12)], 0.9) == 10.0

    def test_a_day_is_summed_up(self) -> None:
        tickets = [
            TicketFacts("finished", at(0), None, at(10), at(11), at(21)),
            TicketFacts("finished", at(5), at(30), at(32), at(33), at(38)),  # waits from 9:30
            TicketFacts("no_show", at(6), None, at(40), None, at(45)),
            TicketFacts("waiting", at(50), None, None, None, None),
        ]
        figures = day_figures(tickets, out_of_order_calls=1, identity_mismatches=2)
        assert figures == DayFigures(
            tickets_issued=4,
            tickets_served=2,
            no_shows=1,
            wait_median=statistics.median([10, 2, 34]),
            wait_p90=34,
            service_median=statistics.median([10, 5]),
            service_p90=10,
            first_ticket_at=at(0),
            out_of_order_calls=1,
            identity_mismatches=2,
        )
