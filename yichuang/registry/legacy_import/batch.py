"""The batch import: units in batches, prepared in memory, written in bulk.

The files are read as one stream of units in unit code order
(:func:`~.rows.unit_stream`) and cut into batches. For each batch, here:
the units already on the register are set aside (skipped), and every party
the batch names is looked up by its document, or given a new uid. Then the
batch is prepared (:mod:`.prepare`: checked and folded through the rules),
in worker processes when there are any, while the previous batch is being
written (:mod:`.store`), one transaction per batch.

A party first named by a batch not yet written keeps the uid it was given
there, so two batches in flight never give one person two uids. Should a live
registration create the same party between a batch's look-up and its write,
the write notices, and the batch is looked up and prepared again.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import reset_queries
from django.utils import timezone, translation

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.core.db import statistics_refresh
from yichuang.ledger.services import ledger_statistics_refresh
from yichuang.registry import import_worker, services
from yichuang.registry.legacy_import.prepare import (
    Batch,
    CalendarData,
    Context,
    PartyKey,
    PreparedBatch,
    prepare_batch,
)
from yichuang.registry.legacy_import.report import ImportReport
from yichuang.registry.legacy_import.requests import party_columns, party_prefixes
from yichuang.registry.legacy_import.rows import UnitRows, unit_stream
from yichuang.registry.legacy_import.store import (
    PartyRaceError,
    Stored,
    parties_on_register,
    store_batch,
    units_on_register,
)
from yichuang.registry.models import Entry, Holding, Party, Unit, UnitProjection

BATCH_UNITS = 10_000
_RETRIES = 3


def _new_uids(count: int) -> list[str]:
    """``count`` random uids (RFC 4122 version 4), from one read of the random source."""
    random = bytearray(os.urandom(16 * count))
    uids = []
    for start in range(0, 16 * count, 16):
        random[start + 6] = (random[start + 6] & 0x0F) | 0x40
        random[start + 8] = (random[start + 8] & 0x3F) | 0x80
        digits = random[start : start + 16].hex()
        uids.append(f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}")
    return uids


@dataclass
class _Given:
    """A uid given to a party by a batch: the last batch naming it, its id once created."""

    uid: str
    batch: int
    id: int | None = None


class PartyBook:
    """The uid each party named by a batch will have: the register's, or a new one."""

    def __init__(self) -> None:
        # Parties given a uid by a batch, kept while a batch naming them is unwritten.
        self._given: dict[PartyKey, _Given] = {}

    def resolve(
        self, number: int, keys: set[PartyKey]
    ) -> tuple[dict[PartyKey, str], dict[PartyKey, str], dict[PartyKey, tuple[int, str]]]:
        """(every key's uid, the new ones' uids, (id, uid) of those on the register)."""
        known = parties_on_register(keys)
        new = iter(_new_uids(len(keys) - len(known)))
        uids, fresh = {}, {}
        for key in keys:
            if key in known:
                uids[key] = known[key][1]
                continue
            given = self._given.get(key)
            if given is None:
                given = self._given[key] = _Given(next(new), number)
            given.batch = number
            uids[key] = fresh[key] = given.uid
        return uids, fresh, known

    def created(self, keys: Iterable[PartyKey]) -> dict[PartyKey, tuple[int, str]]:
        """(id, uid) of those of ``keys`` a batch already written created."""
        found = {}
        for key in keys:
            given = self._given.get(key)
            if given is not None and given.id is not None:
                found[key] = (given.id, given.uid)
        return found

    def written(self, number: int, created: dict[PartyKey, int]) -> None:
        """Batch ``number`` is written, creating ``created``; forget what only it named."""
        for key, pk in created.items():
            if key in self._given:
                self._given[key].id = pk
        self._given = {key: held for key, held in self._given.items() if held.batch > number}


@dataclass
class Pending:
    """A batch on its way: what it names, and what it found on the register."""

    batch: Batch
    keys: set[PartyKey]
    fresh: dict[PartyKey, str]
    known: dict[PartyKey, tuple[int, str]]
    skipped: int


def _party_keys(rows: UnitRows) -> Iterator[PartyKey]:
    """The documents of the parties a unit's rows name (rows in error are left to the checks)."""
    for row, prefix in party_prefixes(rows):
        try:
            yield services.party_identity(**party_columns(row, prefix)).key
        except ValidationError:
            continue


def _batches(units: Iterator[UnitRows], size: int, book: PartyBook) -> Iterator[Pending]:
    number = 0
    while chunk := list(islice(units, size)):
        number += 1
        existing = units_on_register(rows.unit.key for rows in chunk)
        new = [rows for rows in chunk if rows.unit.key not in existing]
        keys = {key for rows in new for key in _party_keys(rows)}
        uids, fresh, known = book.resolve(number, keys)
        batch = Batch(number, new, uids, timezone.now())
        yield Pending(batch, keys, fresh, known, len(chunk) - len(new))


def _may_register(actor: User, office: Office) -> bool:
    try:
        require_role(actor, frozenset({Role.REGISTRAR}), office)
    except PermissionDenied:
        return False
    return True


def import_context(actor: User) -> Context:
    """The offices, the registrar's standing at each, and their calendars, read once."""
    offices = {office.code: office for office in Office.objects.all()}
    calendars: dict[int, CalendarData] = {}
    for office in offices.values():
        calendar = office_calendar(office)
        calendars[office.pk] = (dict(calendar.overrides), calendar.confirmed_years)
    return Context(
        offices=offices,
        registrar_offices=frozenset(o.pk for o in offices.values() if _may_register(actor, o)),
        registrar_name=actor.get_username(),
        calendars=calendars,
    )


class _Prepared(Future[PreparedBatch]):
    """A batch prepared in this process, as a finished future."""

    def __init__(self, prepared: PreparedBatch) -> None:
        super().__init__()
        self.set_result(prepared)


@contextmanager
def _preparer(context: Context, workers: int) -> Iterator[Callable[[Batch], Future[PreparedBatch]]]:
    if workers == 0:
        yield lambda batch: _Prepared(prepare_batch(context, batch))
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=import_worker.start,
        initargs=(pickle.dumps(context), translation.get_language() or "en"),
    ) as pool:
        yield lambda batch: pool.submit(import_worker.prepare, batch.to_wire())


def import_register(
    folder: Path,
    *,
    actor: User,
    progress: Callable[[int, int], None] | None = None,
    batch_units: int = BATCH_UNITS,
    workers: int = 0,
) -> ImportReport:
    """Import every unit in ``folder``'s files that is not on the register yet, in batches.

    ``workers`` processes prepare batches while this one writes (0: all here).
    """
    run = _Run(actor, import_context(actor), source=str(folder))
    with unit_stream(folder) as (total, units):
        # With one batch there is nothing to prepare while another is written.
        workers = min(workers, max(0, math.ceil(total / batch_units) - 1))
        in_flight: deque[tuple[Pending, Future[PreparedBatch]]] = deque()
        with _preparer(run.context, workers) as prepare:
            for pending in _batches(units, batch_units, run.book):
                in_flight.append((pending, prepare(pending.batch)))
                while len(in_flight) > (workers and workers + 1) or (
                    in_flight and in_flight[0][1].done()
                ):
                    run.write(*in_flight.popleft())
                    run.report_progress(progress, total)
            while in_flight:
                run.write(*in_flight.popleft())
                run.report_progress(progress, total)
    if run.report.imported:
        # Planned with the statistics of the empty tables, reading one unit of a
        # freshly imported city takes a parallel scan; fresh statistics, an index.
        statistics_refresh(Party, Unit, UnitProjection, Holding, Entry)
        ledger_statistics_refresh()
    return run.report


class _Run:
    """One import run: what it writes with, and what it has done."""

    def __init__(self, actor: User, context: Context, *, source: str) -> None:
        self.actor, self.context, self.source = actor, context, source
        self.book, self.report = PartyBook(), ImportReport()

    def report_progress(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        if progress is not None:
            report = self.report
            progress(report.imported + report.skipped + report.rejected_units, total)

    def write(self, pending: Pending, future: Future[PreparedBatch]) -> None:
        """Write a prepared batch; prepare it again if a party it creates appeared meanwhile."""
        prepared = future.result()
        for _attempt in range(_RETRIES):
            try:
                stored = store_batch(
                    actor=self.actor,
                    prepared=prepared,
                    fresh=pending.fresh,
                    known=pending.known | self.book.created(pending.fresh),
                    source=self.source,
                )
                break
            except PartyRaceError:
                number = pending.batch.number
                uids, pending.fresh, pending.known = self.book.resolve(number, pending.keys)
                pending.batch = replace(pending.batch, uids=uids, now=timezone.now())
                prepared = prepare_batch(self.context, pending.batch)
        else:
            raise PartyRaceError("parties kept changing while the batch was written")
        self.book.written(pending.batch.number, stored.parties)
        self._count(pending, stored)
        # With DEBUG on, Django keeps the last 9,000 statements, each batch's
        # look-ups of ten thousand codes among them: forget them.
        reset_queries()

    def _count(self, pending: Pending, stored: Stored) -> None:
        self.report.imported += stored.units
        self.report.skipped += pending.skipped + stored.skipped
        self.report.entries += stored.entries
        self.report.rejected.extend(stored.rejected)
