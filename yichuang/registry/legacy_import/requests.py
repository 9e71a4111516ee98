"""From a unit's rows to its registrations: every value checked, each fault a :class:`RowError`.

Both ways of importing (unit by unit through the services, or in batches)
read a unit's rows here, in the same order, so they find the same first fault
and ask the rules the same questions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from yichuang.accounts.models import Office
from yichuang.registry.legacy_import.rows import UNITS_FILE, Row, RowError, UnitRows
from yichuang.registry.rules import (
    AdvanceNoticeFiling,
    CoOwnership,
    Decision,
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

# The uid of the party a row names (``prefix`` picks its columns), registered on
# first sight; a RowError when the row's party is wrong.
PartyResolver = Callable[[Row, str], str]


@dataclass(frozen=True)
class Registered:
    """A right as the import entered it: who holds it and since when."""

    holders: frozenset[str]
    since: dt.date


@dataclass(frozen=True)
class Planned:
    """One registration to enter for a unit, and the row it comes from.

    ``entered_at`` is the original time for an objection, whose 15 days (CC
    art. 220) run from its entry: so an old objection comes out lapsed as of
    today, as the law has it. Other registrations are entered now.
    """

    row: Row
    request: RegistrationRequest
    case_reference: str
    entered_at: dt.datetime | None


@dataclass(frozen=True)
class UnitFields:
    """A unit's own row, checked as far as it can be before the unit is built."""

    office: Office
    code: str
    location: str
    planned_use: str
    is_residential: bool
    land_area: Decimal | None
    building_area: Decimal | None


def unit_fields(row: Row, offices: Mapping[str, Office]) -> UnitFields:
    """The unit's office, use and areas from its row in units.csv."""
    office = offices.get(row.get("office"))
    if office is None:
        raise RowError(row, f"no office with code {row.get('office')!r}")
    residential = row.get("residential").lower()
    if residential not in ("true", "false"):
        raise RowError(row, "residential must be true or false")
    return UnitFields(
        office=office,
        code=row.get("unit_code"),
        location=row.get("location"),
        planned_use=row.get("planned_use"),
        is_residential=residential == "true",
        land_area=_decimal(row, "land_area"),
        building_area=_decimal(row, "building_area"),
    )


def not_registrar_reason(registrar: str, office: Office) -> str:
    """Why a unit of an office the registrar does not work for is not imported."""
    return f"{registrar} is not a registrar of office {office.code!r}"


def check_rows_present(rows: UnitRows) -> None:
    """A unit needs its row in units.csv and at least one right."""
    if rows.unit.file != UNITS_FILE:
        raise RowError(rows.unit, "no row for this unit in units.csv")
    if not rows.rights:
        raise RowError(rows.unit, "no rights for this unit in rights.csv")


def planned_registrations(
    rows: UnitRows, party: PartyResolver, *, now: dt.datetime
) -> Iterator[Planned]:
    """The unit's registrations in the order they are entered: rights, then restrictions.

    The old registers kept the day only: each registration is placed at nine
    that morning, or at ``now`` for a record of today imported before nine.

    Lazy: each restriction is read only once the registrations before it were
    entered, so the first fault found is the first one in that order.
    """
    rights: dict[RightKind, Registered] = {}
    for row, request, reference in _rights_requests(party, rows.rights, now):
        yield Planned(row, request, reference[:64], None)
        kind = _choice(row, "right_kind", RightKind)
        rights[kind] = Registered(request.applicants, request.accepted_at.date())
    for row in sorted(rows.restrictions, key=lambda r: (r.get("registered_on"), r.line)):
        request = _restriction_request(party, row, rights, _moment(row, "registered_on", now))
        original = request.accepted_at if isinstance(request.payload, ObjectionFiling) else None
        yield Planned(row, request, f"legacy:{row.file}:{row.line}"[:64], original)


def refusal_reason(decision: Decision) -> str:
    """The reason a unit is rejected when the rules refuse one of its registrations."""
    reasons = ", ".join(f"{r.code} ({r.article})" for r in decision.refusals)
    return f"refused by the rules: {reasons}"


def party_columns(row: Row, prefix: str) -> dict[str, str]:
    """The party a row names, as :func:`~yichuang.registry.services.party_identity` takes it."""
    return {
        "kind": row.get(f"{prefix}kind") or "person",
        "name": row.get(f"{prefix}name"),
        "document_type": row.get("document_type"),
        "document_number": row.get("document_number"),
        "country": row.get("country"),
    }


def party_prefixes(rows: UnitRows) -> Iterator[tuple[Row, str]]:
    """Every row of the unit that may name a party, with the prefix of its columns."""
    for row in rows.rights:
        yield row, "holder_"
    for row in rows.restrictions:
        if row.get("document_number") or row.get("party_name"):
            yield row, "party_"


def _moment(row: Row, name: str, now: dt.datetime) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(row.get(name))
    except ValueError:
        raise RowError(row, f"{name} is not a date (YYYY-MM-DD): {row.get(name)!r}") from None
    return min(dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)), now)


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


def _share(row: Row) -> Fraction | None:
    text = row.get("share")
    if not text:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise RowError(row, f"share is not a fraction such as 1/2: {text!r}") from None


def _rights_requests(
    party: PartyResolver, rows: list[Row], now: dt.datetime
) -> list[tuple[Row, RegistrationRequest, str]]:
    """One first registration per right kind, holding every holder row of that right."""
    by_kind: dict[RightKind, list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[_choice(row, "right_kind", RightKind)].append(row)
    requests = []
    for kind, holder_rows in by_kind.items():
        first = holder_rows[0]
        holders = tuple(Holder(party(r, "holder_"), _share(r)) for r in holder_rows)
        request = RegistrationRequest(
            payload=FirstRegistration(
                right_kind=kind,
                holders=holders,
                form=_choice(first, "co_ownership", CoOwnership),
            ),
            accepted_at=_moment(first, "registered_on", now),
            applicants=frozenset(holder.party for holder in holders),
        )
        reference = first.get("legacy_certificate") or f"legacy:{first.file}:{first.line}"
        requests.append((first, request, reference))
    return requests


def _restriction_request(
    party: PartyResolver, row: Row, rights: dict[RightKind, Registered], accepted_at: dt.datetime
) -> RegistrationRequest:
    kind = row.get("kind")
    if kind == "mortgage":
        owners = frozenset(uid for right in rights.values() for uid in right.holders)
        mortgagee = party(row, "party_")
        return RegistrationRequest(
            payload=MortgageCreation(
                right_kind=_choice(row, "right_kind", RightKind),
                mortgagee=mortgagee,
                debt_amount=_decimal(row, "amount", required=True),
            ),
            accepted_at=accepted_at,
            applicants=owners | {mortgagee},
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
        return _advance_notice_request(party, row, rights, accepted_at)
    if kind == "objection":
        return _objection_request(party, row, accepted_at)
    raise RowError(row, f"kind must be mortgage, seizure, advance_notice or objection: {kind!r}")


def _advance_notice_request(
    party: PartyResolver, row: Row, rights: dict[RightKind, Registered], accepted_at: dt.datetime
) -> RegistrationRequest:
    """A notice granted by the right's holders to the buyer or bank named on the row."""
    right_kind = _choice(row, "right_kind", RightKind)
    # A row naming no holder goes to the rules as such, so their refusal is the reason.
    named = row.get("party_name") or row.get("document_number")
    holders = frozenset({party(row, "party_")}) if named else frozenset()
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


def _objection_request(
    party: PartyResolver, row: Row, accepted_at: dt.datetime
) -> RegistrationRequest:
    """An objection by the applicant on the row."""
    if not row.get("grounds"):
        raise RowError(row, "an objection needs its grounds")
    applicant = party(row, "party_")
    return RegistrationRequest(
        payload=ObjectionFiling(
            right_kind=_choice(row, "right_kind", RightKind),
            applicant=applicant,
            grounds=row.get("grounds"),
        ),
        accepted_at=accepted_at,
        applicants=frozenset({applicant}),
    )
