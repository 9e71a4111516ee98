"""The front desk's pure rules: identities, the calling order, slots, waits and daily figures.

Nothing here touches the database, so each rule is tested on its own. The
services feed these functions what they read under the right locks.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from yichuang.core.identifiers import (
    DocumentType,
    parse_identity_document,
    parse_uscc,
)

# Lawful priority groups (优先窗口/优先叫号): the elderly, persons with disabilities and
# service members and their families (Law on the Protection of the Rights and
# Interests of the Elderly art. 63; Law on the Protection of Persons with
# Disabilities art. 54; Law on the Protection of the Status, Rights and Interests
# of Military Personnel art. 46). An office chooses which it applies.
PRIORITY_GROUPS = ("elderly", "disabled", "military")

USCC = "uscc"
PRINCIPAL = "principal"
AGENT = "agent"


@dataclass(frozen=True, slots=True)
class ClaimedIdentity:
    """A validated identity: a person's document or an organisation's USCC."""

    kind: str  # "person" or "organisation"
    document_type: str
    number: str
    country: str

    @property
    def key(self) -> str:
        """One string per identity, e.g. ``resident_id::11010519491231002X``."""
        return identity_key(self.document_type, self.country, self.number)


def identity_key(document_type: str, country: str, number: str) -> str:
    return f"{document_type}:{country}:{number}"


def identity_parse(
    document_type: str, number: str, *, country: str = "", today: dt.date | None = None
) -> ClaimedIdentity:
    """Validate a document; raises :class:`IdentifierError` (or ValueError for an unknown type)."""
    if document_type == USCC:
        return ClaimedIdentity("organisation", USCC, parse_uscc(number).canonical, "")
    document = parse_identity_document(
        DocumentType(document_type), number, country=country or None, today=today
    )
    return ClaimedIdentity(
        "person", document.document_type.value, document.number, document.country or ""
    )


@dataclass(frozen=True, slots=True)
class QueueItem:
    """What the calling order needs to know of a waiting ticket."""

    ticket_id: int
    issued_at: dt.datetime
    due_at: dt.datetime | None = None
    priority_group: str = ""
    transferred_to: int | None = None


def queue_order(
    items: Iterable[QueueItem],
    *,
    now: dt.datetime,
    window_id: int,
    priority_groups: Sequence[str],
) -> list[QueueItem]:
    """The order a window calls its waiting tickets in.

    First tickets transferred to this window (they already waited once), then
    appointments whose time has come (by appointment time), then the office's
    priority groups, then everyone else, each by time of issue. Tickets
    transferred to another window are not this window's to call.
    """

    def rank(item: QueueItem) -> tuple[int, dt.datetime, int]:
        if item.transferred_to == window_id:
            return (0, item.issued_at, item.ticket_id)
        if item.due_at is not None and item.due_at <= now:
            return (1, item.due_at, item.ticket_id)
        if item.priority_group and item.priority_group in priority_groups:
            return (2, item.issued_at, item.ticket_id)
        return (3, item.issued_at, item.ticket_id)

    eligible = [i for i in items if i.transferred_to in (None, window_id)]
    # An appointment not yet due waits for its time unless nothing else is waiting.
    due_or_walk_in = [i for i in eligible if i.due_at is None or i.due_at <= now]
    early = sorted((i for i in eligible if i.due_at is not None and i.due_at > now), key=rank)
    return sorted(due_or_walk_in, key=rank) + early


# Opening hours ---------------------------------------------------------------


def parse_sessions(sessions: object) -> list[tuple[dt.time, dt.time]]:
    """Validate opening periods ``[["09:00","12:00"], ...]``: ordered, not overlapping."""
    if not isinstance(sessions, list) or not sessions:
        raise ValueError("opening hours must be a non-empty list of [start, end] pairs")
    periods: list[tuple[dt.time, dt.time]] = []
    for pair in sessions:
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise ValueError(f"not a [start, end] pair: {pair!r}")
        start, end = (dt.time.fromisoformat(str(part)) for part in pair)
        if end <= start:
            raise ValueError(f"a period ends before it starts: {pair!r}")
        if periods and start < periods[-1][1]:
            raise ValueError(f"periods overlap or are out of order: {pair!r}")
        periods.append((start, end))
    return periods


def minutes_open_after(periods: Sequence[tuple[dt.time, dt.time]], moment: dt.time) -> int:
    """How many opening minutes of the day are left after ``moment``."""
    total = 0
    for start, end in periods:
        begin = max(start, moment)
        if begin < end:
            total += _minutes(end) - _minutes(begin)
    return total


def slot_times(
    periods: Sequence[tuple[dt.time, dt.time]], slot_minutes: int
) -> list[tuple[dt.time, dt.time]]:
    """The appointment slots of a working day: whole slots inside each opening period."""
    slots: list[tuple[dt.time, dt.time]] = []
    for start, end in periods:
        cursor = _minutes(start)
        while cursor + slot_minutes <= _minutes(end):
            slots.append((_time(cursor), _time(cursor + slot_minutes)))
            cursor += slot_minutes
    return slots


def slot_capacity(
    *, windows: int, share_percent: int, slot_minutes: int, service_minutes: int
) -> int:
    """How many bookings a slot takes: the share of the windows' time offered, in services."""
    if windows <= 0 or share_percent <= 0:
        return 0
    return max(1, (windows * slot_minutes * share_percent) // (100 * max(service_minutes, 1)))


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


# Waiting estimates -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueOutlook:
    """What the public status page says about one service type's queue."""

    waiting: int
    windows: int
    service_minutes: float
    estimated_wait_minutes: int
    minutes_left_today: int
    serves_everyone_today: bool


def queue_outlook(
    *, waiting: int, windows: int, service_minutes: float, minutes_left_today: int
) -> QueueOutlook:
    """Estimated wait (waiting × service time ÷ open windows) and whether today's hours suffice."""
    if windows <= 0:
        wait = 0 if waiting == 0 else minutes_left_today
        serves = waiting == 0
    else:
        wait = math.ceil(waiting * service_minutes / windows)
        serves = waiting * service_minutes <= windows * minutes_left_today
    return QueueOutlook(waiting, windows, service_minutes, wait, minutes_left_today, serves)


# Daily figures ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """The times of one ticket, for the day's figures."""

    status: str
    issued_at: dt.datetime
    due_at: dt.datetime | None
    called_at: dt.datetime | None
    serving_at: dt.datetime | None
    ended_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class DayFigures:
    """An office's day at the front desk (每日服务数据); times in minutes."""

    tickets_issued: int
    tickets_served: int
    no_shows: int
    wait_median: float | None
    wait_p90: float | None
    service_median: float | None
    service_p90: float | None
    first_ticket_at: dt.datetime | None
    out_of_order_calls: int
    identity_mismatches: int


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least ``fraction`` of values reach."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def day_figures(
    tickets: Sequence[TicketFacts], *, out_of_order_calls: int, identity_mismatches: int
) -> DayFigures:
    """The day's figures. A wait runs from issue (or the appointment time, if later) to the
    first call; a service from the identity re-check to the end, for finished tickets."""
    waits = [
        _minutes_between(max(t.issued_at, t.due_at or t.issued_at), t.called_at)
        for t in tickets
        if t.called_at is not None
    ]
    services = [
        _minutes_between(t.serving_at, t.ended_at)
        for t in tickets
        if t.status == "finished" and t.serving_at is not None and t.ended_at is not None
    ]
    return DayFigures(
        tickets_issued=len(tickets),
        tickets_served=sum(1 for t in tickets if t.status == "finished"),
        no_shows=sum(1 for t in tickets if t.status == "no_show"),
        wait_median=statistics.median(waits) if waits else None,
        wait_p90=percentile(waits, 0.9),
        service_median=statistics.median(services) if services else None,
        service_p90=percentile(services, 0.9),
        first_ticket_at=min((t.issued_at for t in tickets), default=None),
        out_of_order_calls=out_of_order_calls,
        identity_mismatches=identity_mismatches,
    )


def _minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 60)
