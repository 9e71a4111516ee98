"""Preparing a batch of units in memory: checked, folded through the rules, sealed.

No database here, so a batch can be prepared in another process while the
previous one is written. Each unit is checked as the unit-by-unit import
checks it, and its registrations are folded with the same
:func:`~yichuang.registry.rules.enter` as a live registration, from an empty
register page: the result is each entry as stored, its ledger leaf (the same
record and salt :func:`~yichuang.registry.services.entry_leaf` commits to),
the unit's state and its holdings.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError

from yichuang.accounts.models import Office
from yichuang.core.working_days import DayOverride, WorkCalendar
from yichuang.ledger.commitment import new_salt
from yichuang.registry import codec, services
from yichuang.registry.legacy_import.report import Rejection
from yichuang.registry.legacy_import.requests import (
    LEGAL_BASIS,
    Planned,
    check_rows_present,
    not_registrar_reason,
    party_columns,
    planned_registrations,
    refusal_reason,
    unit_fields,
)
from yichuang.registry.legacy_import.rows import Row, RowError, UnitRows
from yichuang.registry.models import Unit
from yichuang.registry.rules import Entry as RulesEntry
from yichuang.registry.rules import UnitState, enter

PartyKey = tuple[str, str, str]
CalendarData = tuple[dict[dt.date, DayOverride], frozenset[int]]


@dataclass(frozen=True)
class Context:
    """What preparing any batch of one import needs besides its rows."""

    offices: Mapping[str, Office]
    # Offices whose units the registrar may open (the others' units are rejected).
    registrar_offices: frozenset[int]
    registrar_name: str
    calendars: Mapping[int, CalendarData]


@dataclass
class Batch:
    """Units to import together: their rows and the uid of every party they name."""

    number: int
    units: list[UnitRows]
    uids: dict[PartyKey, str]
    now: dt.datetime

    def to_wire(self) -> bytes:
        """The batch pickled for a worker, its rows as plain tuples (much the quickest)."""
        units = [
            (
                tuple(rows.unit),
                [tuple(r) for r in rows.rights],
                [tuple(r) for r in rows.restrictions],
            )
            for rows in self.units
        ]
        return pickle.dumps((self.number, units, self.uids, self.now), pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_wire(cls, data: bytes) -> Batch:
        """The batch :meth:`to_wire` pickled (in a worker, from its parent)."""
        number, units, uids, now = pickle.loads(data)  # noqa: S301 (from the parent process)
        return cls(
            number,
            [
                UnitRows(Row(*unit), [Row(*r) for r in rights], [Row(*r) for r in restrictions])
                for unit, rights, restrictions in units
            ],
            uids,
            now,
        )


class PreparedEntry(NamedTuple):
    """An entry as it will be stored, with the leaf that seals it."""

    seq: int
    registration_type: str
    content: str
    case_reference: str
    accepted_at: dt.datetime
    entered_at: dt.datetime
    salt: bytes
    origin: str
    owner: str
    leaf: bytes


class PreparedUnit(NamedTuple):
    """A unit ready to be written: its page, entries, state and holdings."""

    key: str
    line: int
    code: str
    office_id: int
    location: str
    planned_use: str
    is_residential: bool
    land_area: Decimal | None
    building_area: Decimal | None
    state: str
    last_seq: int
    entries: list[PreparedEntry]
    holdings: list[tuple[str, str, str]]
    # The parties its rows name (document, kind, name), in the order the
    # unit-by-unit import meets them.
    parties: list[tuple[PartyKey, str, str]]


@dataclass
class PreparedBatch:
    """A batch after preparation: the units to write and the units rejected."""

    number: int
    units: list[PreparedUnit]
    rejected: list[Rejection]


def calendars(context: Context) -> dict[int, WorkCalendar]:
    """Each office's working-day calendar as the import read it when it began."""
    return {
        office: WorkCalendar(overrides=overrides, confirmed_years=confirmed)
        for office, (overrides, confirmed) in context.calendars.items()
    }


def prepare_batch(context: Context, batch: Batch) -> PreparedBatch:
    """Every unit of the batch prepared, or rejected with the row at fault and why."""
    prepared, rejected = [], []
    office_calendars = calendars(context)
    for rows in batch.units:
        try:
            prepared.append(prepare_unit(context, office_calendars, rows, batch.uids, batch.now))
        except RowError as error:
            rejected.append(Rejection(error.row.file, error.row.line, rows.unit.key, error.reason))
    return PreparedBatch(batch.number, prepared, rejected)


def prepare_unit(
    context: Context,
    office_calendars: Mapping[int, WorkCalendar],
    rows: UnitRows,
    uids: Mapping[PartyKey, str],
    now: dt.datetime,
) -> PreparedUnit:
    """One unit folded through the rules from an empty page; RowError at its first fault."""
    check_rows_present(rows)
    unit = _unit(context, rows.unit)
    calendar = office_calendars[unit.office.pk]
    parties: dict[PartyKey, services.PartyIdentity] = {}

    def party(row: Row, prefix: str) -> str:
        try:
            identity = services.party_identity(**party_columns(row, prefix))
        except ValidationError as error:
            raise RowError(row, "; ".join(error.messages)) from None
        parties.setdefault(identity.key, identity)
        return uids[identity.key]

    state, entries = UnitState(unit=unit.code), []
    for planned in planned_registrations(rows, party, now=now):
        entered_at = planned.entered_at or now
        try:
            services.entry_time_check(entered_at, now=now)
        except ValidationError as error:
            raise RowError(planned.row, "; ".join(error.messages)) from None
        result = enter(
            state, planned.request, seq=state.last_seq + 1, entered_at=entered_at, calendar=calendar
        )
        if result.entry is None:
            raise RowError(planned.row, refusal_reason(result.decision))
        entries.append(_entry(unit, result.entry, planned))
        state = result.state
    return PreparedUnit(
        key=rows.unit.key,
        line=rows.unit.line,
        code=unit.code,
        office_id=unit.office.pk,
        location=unit.location,
        planned_use=unit.planned_use,
        is_residential=unit.is_residential,
        land_area=unit.land_area,
        building_area=unit.building_area,
        state=json.dumps(codec.encode(state)),
        last_seq=state.last_seq,
        entries=entries,
        holdings=services.state_holdings(state),
        parties=[(key, party.kind, party.name) for key, party in parties.items()],
    )


def _unit(context: Context, row: Row) -> Unit:
    """The unit's page from its row, every field checked (its code is checked unique later)."""
    fields = unit_fields(row, context.offices)
    if fields.office.pk not in context.registrar_offices:
        raise RowError(row, not_registrar_reason(context.registrar_name, fields.office))
    try:
        unit = services.unit_prepare(
            office=fields.office,
            code=fields.code,
            location=fields.location,
            planned_use=fields.planned_use,
            is_residential=fields.is_residential,
            land_area=fields.land_area,
            building_area=fields.building_area,
        )
        # The office is one of the register's own: checking it would ask the database.
        unit.clean_fields(exclude=["office"])
    except ValidationError as error:
        raise RowError(row, "; ".join(error.messages)) from None
    return unit


def _entry(unit: Unit, entry: RulesEntry, planned: Planned) -> PreparedEntry:
    content, salt = codec.encode(entry), new_salt()
    registration_type = str(entry.registration_type)
    record = services.entry_record(
        unit=unit.code,
        seq=entry.seq,
        registration_type=registration_type,
        content=content,
        legal_basis=LEGAL_BASIS,
        case_reference=planned.case_reference,
        accepted_at=planned.request.accepted_at,
        entered_at=entry.entered_at,
    )
    origin, owner, leaf = services.register_leaf(
        unit.office, record, salt=salt, entered_at=entry.entered_at
    )
    return PreparedEntry(
        seq=entry.seq,
        registration_type=registration_type,
        content=json.dumps(content),
        case_reference=planned.case_reference,
        accepted_at=planned.request.accepted_at,
        entered_at=entry.entered_at,
        salt=salt,
        origin=origin,
        owner=owner,
        leaf=leaf,
    )
