"""Writing a prepared batch in one transaction (the batch import's service).

The batch's new parties, its units, their states and holdings are written in
bulk (COPY on PostgreSQL, one executemany per table on SQLite); then the
entries' leaves are appended with one call per office log, the entries are
written with their places in the logs, and one audit event per office names
the batch. An imported entry's own record is its ledger leaf; the audit event
records the import batch. The office's logs are locked only from the first
leaf to the commit, as for a live registration.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from yichuang.accounts.models import Office, User
from yichuang.audit.services import audit_record
from yichuang.ledger.services import leaves_append
from yichuang.registry.legacy_import.prepare import PartyKey, PreparedBatch, PreparedUnit
from yichuang.registry.legacy_import.report import Rejection
from yichuang.registry.legacy_import.requests import LEGAL_BASIS
from yichuang.registry.legacy_import.rows import UNITS_FILE
from yichuang.registry.models import Entry, Holding, Party, Unit, UnitProjection

EVENT_TYPE = "registry.import_batch"
# Values per query in look-ups by key (SQLite's old limit on parameters is 999).
_LOOKUP_BATCH = 900
# Batch imports write one at a time, so two imports of one folder never race.
_LOCK_KEY = 1_912_190_019
_UNIT_IDS = "SELECT code, id FROM registry_unit WHERE 1 = 1"
_UNITS_BETWEEN = "SELECT code, id FROM registry_unit WHERE code BETWEEN %s AND %s LIMIT %s"
_NEW_IDS = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
_UNIT_CODE_LENGTH = 28
_PARTIES = (
    "SELECT id, CAST(uid AS text), document_number, country FROM registry_party "
    "WHERE document_type = %s"
)


class PartyRaceError(Exception):
    """A party the batch was to create was created meanwhile under another uid; retry it."""


@dataclass(frozen=True)
class Stored:
    """What a batch wrote."""

    units: int
    entries: int
    # The parties the batch created: their ids by document.
    parties: dict[PartyKey, int]
    skipped: int
    rejected: list[Rejection]


def in_batches(values: Iterable[Any], size: int = _LOOKUP_BATCH) -> Iterator[list[Any]]:
    """``values`` in lists of at most ``size``."""
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def select_matching(
    select: str, column: str, values: Sequence[Any], params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """Rows of ``select`` (a query ending in a WHERE clause) whose ``column`` is in ``values``.

    One ``= ANY`` on PostgreSQL; batches of ``IN`` on SQLite.
    """
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} AND {column} = ANY(%s)", [*params, list(values)])
            return list(cursor.fetchall())
        for batch in in_batches(values):
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"{select} AND {column} IN ({marks})", [*params, *batch])
            found.extend(cursor.fetchall())
    return found


def units_on_register(codes: Iterable[str]) -> dict[str, int]:
    """The id of each of ``codes`` that is a unit on the register.

    A batch's codes lie close together in code order, so one scan of the code
    index between the first and the last finds them; when that range holds
    many more units than the batch, each code is looked up instead.
    """
    wanted = {code for code in codes if len(code) == _UNIT_CODE_LENGTH}
    if not wanted:
        return {}
    limit = 4 * len(wanted) + 1_000
    with connection.cursor() as cursor:
        cursor.execute(_UNITS_BETWEEN, [min(wanted), max(wanted), limit])
        rows = cursor.fetchall()
    if len(rows) == limit:
        rows = select_matching(_UNIT_IDS, "code", sorted(wanted))
    return {code: pk for code, pk in rows if code in wanted}


def new_ids(model: type[models.Model], count: int) -> list[int] | None:
    """``count`` ids for new rows, from the table's sequence (PostgreSQL; None elsewhere)."""
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_NEW_IDS, [model._meta.db_table, count])
        return [pk for (pk,) in cursor.fetchall()]


def parties_on_register(keys: Iterable[PartyKey]) -> dict[PartyKey, tuple[int, str]]:
    """(id, uid) of each party already on the register, by its document."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for document_type, number, _country in keys:
        by_type[document_type].add(number)
    found: dict[PartyKey, tuple[int, str]] = {}
    for document_type, numbers in by_type.items():
        for pk, uid, number, country in select_matching(
            _PARTIES, "document_number", sorted(numbers), [document_type]
        ):
            found[(document_type, number, country)] = (pk, _uid_text(uid))
    return found


def _uid_text(stored: str) -> str:
    """A uid as text with hyphens, from PostgreSQL's uuid or SQLite's 32 hex digits."""
    if len(stored) == 32:
        return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}"
    return stored


def _table(model: type[models.Model], columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = False,
) -> bool:
    """Insert ``rows`` into ``model``'s table: COPY on PostgreSQL, executemany on SQLite.

    ``ignore_conflicts`` skips rows a unique constraint refuses. On PostgreSQL
    a plain COPY is tried first, in a savepoint, since such conflicts are rare.
    True when every row is known to be inserted.
    """
    if not rows:
        return True
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(savepoint=ignore_conflicts):
                _copy(model, columns, rows)
            return True
        except IntegrityError:
            if not ignore_conflicts:
                raise
    marks = ", ".join(["%s"] * len(columns))
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    # Table and column names come from the models, never from the files.
    statement = f"INSERT INTO {_table(model, columns)} VALUES ({marks}){conflict}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)
    return not ignore_conflicts


def _copy(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    statement = f"COPY {_table(model, columns)} FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(name)
    return field


def _db_time(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def store_batch(
    *,
    actor: User,
    prepared: PreparedBatch,
    fresh: dict[PartyKey, str],
    known: dict[PartyKey, tuple[int, str]],
    source: str,
) -> Stored:
    """Write a prepared batch, all or nothing.

    ``fresh`` are the uids given to parties not on the register when the batch
    was prepared, ``known`` the parties that were. A unit whose code reached
    the register meanwhile is skipped.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        units, skipped, rejected = _still_new(prepared.units)
        ids = dict(known)
        created = _store_parties(units, fresh, ids)
        unit_ids = _store_units(units)
        _store_states(units, unit_ids, ids)
        entries = _store_entries(actor, units, unit_ids)
        _audit(actor, units, source=source, entries=entries, parties=len(created))
    return Stored(len(units), entries, created, skipped, prepared.rejected + rejected)


def _still_new(units: list[PreparedUnit]) -> tuple[list[PreparedUnit], int, list[Rejection]]:
    """The units still off the register; two with one code: the second is rejected."""
    existing = units_on_register(unit.code for unit in units)
    kept, seen, rejected = [], set(), []
    for unit in units:
        if unit.code in existing:
            continue
        if unit.code in seen:
            message = Unit(code=unit.code).unique_error_message(Unit, ("code",)).messages[0]
            rejected.append(Rejection(UNITS_FILE, unit.line, unit.key, message))
            continue
        seen.add(unit.code)
        kept.append(unit)
    return kept, len(units) - len(kept) - len(rejected), rejected


def _store_parties(
    units: list[PreparedUnit], fresh: dict[PartyKey, str], ids: dict[PartyKey, tuple[int, str]]
) -> dict[PartyKey, int]:
    """Create the new parties the units name (first sight's name); their ids go into ``ids``.

    ``ids`` holds every party on the register the batch knows of, those an
    earlier batch of this import created included. One created meanwhile by
    anyone else under another uid is a race: the batch is prepared again.
    """
    named: dict[PartyKey, tuple[str, str]] = {}
    for unit in units:
        for key, kind, name in unit.parties:
            if key in fresh and key not in ids:
                named.setdefault(key, (kind, name))
    now = _db_time(timezone.now())
    keys, hyphens = list(named), connection.vendor == "postgresql"
    rows: list[tuple[Any, ...]] = [
        (fresh[key] if hyphens else fresh[key].replace("-", ""), *named[key], *key, now)
        for key in keys
    ]
    columns: tuple[str, ...] = (
        "uid",
        "kind",
        "name",
        "document_type",
        "document_number",
        "country",
        "created_at",
    )
    given = new_ids(Party, len(rows))
    if given is not None:
        rows = [(pk, *row) for pk, row in zip(given, rows, strict=True)]
        columns = ("id", *columns)
    if insert_rows(Party, columns, rows, ignore_conflicts=True) and given is not None:
        created = dict(zip(keys, given, strict=True))
    else:
        registered = parties_on_register(keys)
        _take_registered(registered, fresh, ids)
        created = {key: pk for key, (pk, _uid) in registered.items()}
    ids.update({key: (pk, fresh[key]) for key, pk in created.items()})
    return created


def _take_registered(
    registered: dict[PartyKey, tuple[int, str]],
    fresh: dict[PartyKey, str],
    ids: dict[PartyKey, tuple[int, str]],
) -> None:
    for key, (pk, uid) in registered.items():
        if uid != fresh[key]:
            raise PartyRaceError(key[0])
        ids[key] = (pk, uid)


def _store_units(units: list[PreparedUnit]) -> dict[str, int]:
    now = _db_time(timezone.now())
    rows: list[tuple[Any, ...]] = [
        (
            unit.code,
            unit.office_id,
            unit.location,
            unit.planned_use,
            unit.is_residential,
            unit.land_area,
            unit.building_area,
            now,
        )
        for unit in units
    ]
    columns: tuple[str, ...] = (
        "code",
        "office_id",
        "location",
        "planned_use",
        "is_residential",
        "land_area",
        "building_area",
        "created_at",
    )
    given = new_ids(Unit, len(rows))
    if given is None:
        insert_rows(Unit, columns, rows)
        return units_on_register(unit.code for unit in units)
    rows = [(pk, *row) for pk, row in zip(given, rows, strict=True)]
    insert_rows(Unit, ("id", *columns), rows)
    return {unit.code: pk for unit, pk in zip(units, given, strict=True)}


def _store_states(
    units: list[PreparedUnit], unit_ids: dict[str, int], ids: dict[PartyKey, tuple[int, str]]
) -> None:
    """Each unit's state and the holdings that make it searchable (as ``_store_state``)."""
    insert_rows(
        UnitProjection,
        ("unit_id", "last_seq", "state"),
        [(unit_ids[unit.code], unit.last_seq, unit.state) for unit in units],
    )
    party_ids = {uid: pk for pk, uid in ids.values()}
    insert_rows(
        Holding,
        ("unit_id", "party_id", "right_kind", "share"),
        [
            (unit_ids[unit.code], party_ids[party], kind, share)
            for unit in units
            for party, kind, share in unit.holdings
            if party in party_ids
        ],
    )


def _store_entries(actor: User, units: list[PreparedUnit], unit_ids: dict[str, int]) -> int:
    """Append every entry's leaf (one call per log), then write the entries with their places."""
    by_log: dict[tuple[str, str], list[tuple[PreparedUnit, int]]] = defaultdict(list)
    for unit in units:
        for position, entry in enumerate(unit.entries):
            by_log[(entry.origin, entry.owner)].append((unit, position))
    rows, adapt = [], connection.ops.adapt_datetimefield_value
    for (origin, owner), placed in by_log.items():
        receipts = leaves_append(
            origin=origin,
            owner=owner,
            leaves=[unit.entries[position].leaf for unit, position in placed],
        )
        for (unit, position), receipt in zip(placed, receipts, strict=True):
            entry = unit.entries[position]
            rows.append(
                (
                    unit_ids[unit.code],
                    entry.seq,
                    entry.registration_type,
                    entry.content,
                    LEGAL_BASIS,
                    entry.case_reference,
                    actor.pk,
                    adapt(entry.accepted_at),
                    adapt(entry.entered_at),
                    entry.salt,
                    receipt.origin,
                    receipt.index,
                )
            )
    columns = (
        "unit_id",
        "seq",
        "registration_type",
        "content",
        "legal_basis",
        "case_reference",
        "registrar_id",
        "accepted_at",
        "entered_at",
        "salt",
        "ledger_origin",
        "ledger_index",
    )
    insert_rows(Entry, columns, rows)
    return len(rows)


def _audit(
    actor: User, units: list[PreparedUnit], *, source: str, entries: int, parties: int
) -> None:
    """One event per office whose units the batch wrote (normally one)."""
    by_office: dict[int, list[PreparedUnit]] = defaultdict(list)
    for unit in units:
        by_office[unit.office_id].append(unit)
    offices = Office.objects.in_bulk(list(by_office))
    for office_id, written in by_office.items():
        audit_record(
            actor=actor,
            event_type=EVENT_TYPE,
            office=offices[office_id],
            after={
                "source": source,
                "first_unit": written[0].code,
                "last_unit": written[-1].code,
                "units": len(written),
                "entries": sum(len(unit.entries) for unit in written),
                "batch_parties_created": parties,
            },
        )
