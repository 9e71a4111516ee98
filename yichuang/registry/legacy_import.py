"""Importing an existing register from CSV files (历史登记资料导入, R19).

Three files, UTF-8 with a header row (the format is in docs/legacy-import.md):
``units.csv``, ``rights.csv`` (one row per holder of a right) and, optionally,
``restrictions.csv`` (mortgages, seizures, advance notices and objections).
Every row is validated; a unit with any bad row is rejected whole, with every
reason, so nothing is half-imported. A unit already on the register is skipped,
so a rerun adds only what is new. Each unit is imported through the same services as a live
registration: the rules, the ledger leaf and the audit event apply to it too.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from yichuang.accounts.models import Office, User
from yichuang.registry import services
from yichuang.registry.models import Party, Unit
from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CoOwnership,
    FirstRegistration,
    MortgageCreation,
    NoticeKind,
    ObjectionFiling,
    RegistrationRequest,
    RightKind,
    SeizureOrder,
)
from yichuang.registry.rules.state import Holder

LEGAL_BASIS = "REG art. 33; legacy register import"
UNIT_COLUMNS = ("unit_code", "office", "location", "planned_use", "residential")
RIGHT_COLUMNS = (
    "unit_code",
    "right_kind",
    "co_ownership",
    "holder_kind",
    "holder_name",
    "document_type",
    "document_number",
    "registered_on",
)
RESTRICTION_COLUMNS = ("unit_code", "kind", "registered_on")


class ImportFileError(Exception):
    """A file cannot be read at all (missing, not UTF-8, a required column absent)."""


@dataclass
class Row:
    """One CSV row with where it came from."""

    file: str
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


@dataclass(frozen=True)
class Registered:
    """A right as the import entered it: who holds it and since when."""

    holders: frozenset[str]
    since: dt.date


@dataclass
class UnitRows:
    unit: Row
    rights: list[Row] = field(default_factory=list)
    restrictions: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int
    unit_code: str
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def rejected_units(self) -> int:
        return len({rejection.unit_code for rejection in self.rejected})


class RowError(Exception):
    def __init__(self, row: Row, reason: str) -> None:
        super().__init__(reason)
        self.row, self.reason = row, reason


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """The rows of one CSV file, refusing a file without the required columns."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(f"{path.name}: missing columns {', '.join(missing)}")
            for values in reader:
                yield Row(path.name, reader.line_num, values)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path.name} is not UTF-8 text") from None


def group_by_unit(folder: Path) -> dict[str, UnitRows]:
    """Every unit's rows from the three files, in file order."""
    units: dict[str, UnitRows] = {}
    for row in read_rows(folder / "units.csv", UNIT_COLUMNS):
        units.setdefault(row.get("unit_code").upper(), UnitRows(row))
    orphans: dict[str, list[Row]] = defaultdict(list)
    restrictions = folder / "restrictions.csv"
    sources: list[tuple[str, Path, tuple[str, ...]]] = [
        ("rights", folder / "rights.csv", RIGHT_COLUMNS)
    ]
    if restrictions.exists():
        sources.append(("restrictions", restrictions, RESTRICTION_COLUMNS))
    for kind, path, columns in sources:
        for row in read_rows(path, columns):
            code = row.get("unit_code").upper()
            target = units.get(code)
            if target is None:
                orphans[code].append(row)
            else:
                getattr(target, kind).append(row)
    for code, rows in orphans.items():
        for row in rows:
            units.setdefault(code, UnitRows(row))
    return units


def _moment(row: Row, name: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(row.get(name))
    except ValueError:
        raise RowError(row, f"{name} is not a date (YYYY-MM-DD): {row.get(name)!r}") from None
    return dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _decimal(row: Row, name: str, *, required: bool = False) -> Decimal | None:
    text = row.get(name)
    if not text:
        if required:
            raise RowError(row, f"{name} is required")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(row, f"{name} is not a number: {text!r}") from None
    if value <= 0:
        raise RowError(row, f"{name} must be positive: {text}")
    return value


def _choice(row: Row, name: str, enum: Any) -> Any:
    try:
        return enum(row.get(name))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise RowError(row, f"{name} must be one of {allowed}: {row.get(name)!r}") from None


def _party(actor: User, row: Row, prefix: str = "") -> Party:
    kind = row.get(f"{prefix}kind") or "person"
    try:
        return services.party_register(
            actor=actor,
            kind=kind,
            name=row.get(f"{prefix}name"),
            document_type=row.get("document_type"),
            document_number=row.get("document_number"),
            country=row.get("country"),
        )
    except ValidationError as error:
        raise RowError(row, "; ".join(error.messages)) from None


def _share(row: Row) -> Fraction | None:
    text = row.get("share")
    if not text:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise RowError(row, f"share is not a fraction such as 1/2: {text!r}") from None


def _rights_requests(actor: User, rows: list[Row]) -> list[tuple[Row, RegistrationRequest, str]]:
    """One first registration per right kind, holding every holder row of that right."""
    by_kind: dict[RightKind, list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[_choice(row, "right_kind", RightKind)].append(row)
    requests = []
    for kind, holder_rows in by_kind.items():
        first = holder_rows[0]
        holders = tuple(
            Holder(str(_party(actor, r, "holder_").uid), _share(r)) for r in holder_rows
        )
        request = RegistrationRequest(
            payload=FirstRegistration(
                right_kind=kind,
                holders=holders,
                form=_choice(first, "co_ownership", CoOwnership),
            ),
            accepted_at=_moment(first, "registered_on"),
            applicants=frozenset(holder.party for holder in holders),
        )
        reference = first.get("legacy_certificate") or f"legacy:{first.file}:{first.line}"
        requests.append((first, request, reference))
    return requests


def _restriction_request(
    actor: User, unit: Unit, row: Row, rights: dict[RightKind, Registered]
) -> RegistrationRequest:
    kind, accepted_at = row.get("kind"), _moment(row, "registered_on")
    if kind == "mortgage":
        owners = frozenset(uid for right in rights.values() for uid in right.holders)
        mortgagee = _party(actor, row, "party_")
        return RegistrationRequest(
            payload=MortgageCreation(
                right_kind=_choice(row, "right_kind", RightKind),
                mortgagee=str(mortgagee.uid),
                debt_amount=_decimal(row, "amount", required=True),
            ),
            accepted_at=accepted_at,
            applicants=owners | {str(mortgagee.uid)},
        )
    if kind == "seizure":
        if not (row.get("court") and row.get("document")):
            raise RowError(row, "a seizure needs court and document")
        term_end = dt.date.fromisoformat(row.get("term_end")) if row.get("term_end") else None
        return RegistrationRequest(
            payload=SeizureOrder(
                court=row.get("court"),
                document=row.get("document"),
                served_at=accepted_at,
                term_end=term_end,
            ),
            accepted_at=accepted_at,
        )
    if kind == "advance_notice":
        return _advance_notice_request(actor, row, rights)
    if kind == "objection":
        return _objection_request(actor, unit, row)
    raise RowError(row, f"kind must be mortgage, seizure, advance_notice or objection: {kind!r}")


def _advance_notice_request(
    actor: User, row: Row, rights: dict[RightKind, Registered]
) -> RegistrationRequest:
    """A notice granted by the right's holders to the buyer or bank named on the row."""
    right_kind = _choice(row, "right_kind", RightKind)
    accepted_at = _moment(row, "registered_on")
    # A row naming no holder goes to the rules as such, so their refusal is the reason.
    named = row.get("party_name") or row.get("document_number")
    holders = frozenset({str(_party(actor, row, "party_").uid)}) if named else frozenset()
    right = rights.get(right_kind)
    obligors = right.holders if right else frozenset()
    # CC art. 221's 90 days run from when the main registration became possible,
    # which for an old notice is a past day the register cannot infer at entry.
    possible_from = max(accepted_at.date(), right.since) if right else None
    return RegistrationRequest(
        payload=AdvanceNoticeFiling(
            kind=_choice(row, "notice_kind", NoticeKind),
            right_kind=right_kind,
            holders=holders,
            obligors=obligors,
            possible_from=possible_from,
        ),
        accepted_at=accepted_at,
        applicants=obligors | holders,
    )


def _objection_request(actor: User, unit: Unit, row: Row) -> RegistrationRequest:
    """An objection by the applicant on the row; entered at its original time (see _enter)."""
    accepted_at = _moment(row, "registered_on")
    if not row.get("grounds"):
        raise RowError(row, "an objection needs its grounds")
    applicant = str(_party(actor, row, "party_").uid)
    return RegistrationRequest(
        payload=ObjectionFiling(
            right_kind=_choice(row, "right_kind", RightKind),
            applicant=applicant,
            grounds=row.get("grounds"),
        ),
        accepted_at=accepted_at,
        applicants=frozenset({applicant}),
    )


def _unit(actor: User, offices: dict[str, Office], row: Row) -> Unit:
    office = offices.get(row.get("office"))
    if office is None:
        raise RowError(row, f"no office with code {row.get('office')!r}")
    residential = row.get("residential").lower()
    if residential not in ("true", "false"):
        raise RowError(row, "residential must be true or false")
    try:
        return services.unit_create(
            actor=actor,
            office=office,
            code=row.get("unit_code"),
            location=row.get("location"),
            planned_use=row.get("planned_use"),
            is_residential=residential == "true",
            land_area=_decimal(row, "land_area"),
            building_area=_decimal(row, "building_area"),
        )
    except ValidationError as error:
        raise RowError(row, "; ".join(error.messages)) from None


def _enter(actor: User, unit: Unit, row: Row, request: RegistrationRequest, ref: str) -> None:
    # An objection's 15 days (CC art. 220) run from its entry: entered at its original
    # time, an old objection comes out lapsed as of today, as the law has it.
    original = request.accepted_at if isinstance(request.payload, ObjectionFiling) else None
    try:
        services.register_entry_record(
            actor=actor,
            unit=unit,
            request=request,
            legal_basis=LEGAL_BASIS,
            case_reference=ref[:64],
            entered_at=original,
        )
    except services.RegistrationRefusedError as error:
        reasons = ", ".join(f"{r.code} ({r.article})" for r in error.decision.refusals)
        raise RowError(row, f"refused by the rules: {reasons}") from None


def import_unit(actor: User, offices: dict[str, Office], rows: UnitRows) -> None:
    """Import one unit with its rights and restrictions, all or nothing."""
    if rows.unit.file != "units.csv":
        raise RowError(rows.unit, "no row for this unit in units.csv")
    if not rows.rights:
        raise RowError(rows.unit, "no rights for this unit in rights.csv")
    with transaction.atomic():
        unit = _unit(actor, offices, rows.unit)
        rights: dict[RightKind, Registered] = {}
        for row, request, reference in _rights_requests(actor, rows.rights):
            _enter(actor, unit, row, request, reference)
            kind = _choice(row, "right_kind", RightKind)
            rights[kind] = Registered(request.applicants, request.accepted_at.date())
        ordered = sorted(rows.restrictions, key=lambda r: (r.get("registered_on"), r.line))
        for row in ordered:
            request = _restriction_request(actor, unit, row, rights)
            _enter(actor, unit, row, request, f"legacy:{row.file}:{row.line}")


def import_register(
    folder: Path, *, actor: User, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import every unit in ``folder``'s files that is not on the register yet."""
    units = group_by_unit(folder)
    existing = set(Unit.objects.filter(code__in=list(units)).values_list("code", flat=True))
    offices = {office.code: office for office in Office.objects.all()}
    report = ImportReport()
    for done, (code, rows) in enumerate(units.items(), 1):
        if code in existing:
            report.skipped += 1
        else:
            try:
                import_unit(actor, offices, rows)
                report.imported += 1
            except RowError as error:
                report.rejected.append(
                    Rejection(error.row.file, error.row.line, code, error.reason)
                )
        if progress is not None:
            progress(done, len(units))
    return report


def write_rejections(report: ImportReport, path: Path) -> None:
    """The rejected rows as a CSV a clerk can correct and import again."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "unit_code", "reason"])
        for rejection in report.rejected:
            writer.writerow([rejection.file, rejection.line, rejection.unit_code, rejection.reason])
