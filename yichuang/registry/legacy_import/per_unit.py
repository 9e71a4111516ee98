"""Importing unit by unit through the services of live registrations.

Each unit is one transaction: the unit opened with ``unit_create``, its parties
with ``party_register`` and each registration entered with
``register_entry_record``, each with its own ledger leaf and audit event. Slow
on a city's register, but nothing in it is particular to the import; the batch
import (:mod:`.batch`) must leave exactly the register this leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yichuang.accounts.models import Office, User
from yichuang.registry import services
from yichuang.registry.legacy_import.report import ImportReport, Rejection
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
from yichuang.registry.legacy_import.rows import Row, RowError, UnitRows, unit_stream
from yichuang.registry.models import Unit

PROGRESS_EVERY = 500


def _party(actor: User, row: Row, prefix: str) -> str:
    try:
        party = services.party_register(actor=actor, **party_columns(row, prefix))
    except ValidationError as error:
        raise RowError(row, "; ".join(error.messages)) from None
    return str(party.uid)


def _unit(actor: User, offices: Mapping[str, Office], row: Row) -> Unit:
    fields = unit_fields(row, offices)
    try:
        return services.unit_create(
            actor=actor,
            office=fields.office,
            code=fields.code,
            location=fields.location,
            planned_use=fields.planned_use,
            is_residential=fields.is_residential,
            land_area=fields.land_area,
            building_area=fields.building_area,
        )
    except PermissionDenied:
        raise RowError(row, not_registrar_reason(actor.get_username(), fields.office)) from None
    except ValidationError as error:
        raise RowError(row, "; ".join(error.messages)) from None


def _enter(actor: User, unit: Unit, planned: Planned) -> None:
    try:
        services.register_entry_record(
            actor=actor,
            unit=unit,
            request=planned.request,
            legal_basis=LEGAL_BASIS,
            case_reference=planned.case_reference,
            entered_at=planned.entered_at,
        )
    except services.RegistrationRefusedError as error:
        raise RowError(planned.row, refusal_reason(error.decision)) from None
    except ValidationError as error:
        raise RowError(planned.row, "; ".join(error.messages)) from None


def import_unit(actor: User, offices: Mapping[str, Office], rows: UnitRows) -> None:
    """Import one unit with its rights and restrictions, all or nothing."""
    check_rows_present(rows)
    now = timezone.now()
    with transaction.atomic():
        unit = _unit(actor, offices, rows.unit)
        planned_all = planned_registrations(
            rows, lambda row, prefix: _party(actor, row, prefix), now=now
        )
        for planned in planned_all:
            _enter(actor, unit, planned)


def import_units(
    units: Iterable[UnitRows],
    *,
    actor: User,
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Import each unit not on the register yet, adding the outcome to ``report``."""
    offices = {office.code: office for office in Office.objects.all()}
    for done, rows in enumerate(units, 1):
        code = rows.unit.key
        if Unit.objects.filter(code=code).exists():
            report.skipped += 1
        else:
            try:
                import_unit(actor, offices, rows)
                report.imported += 1
            except RowError as error:
                report.rejected.append(
                    Rejection(error.row.file, error.row.line, code, error.reason)
                )
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)


def import_register_per_unit(
    folder: Path, *, actor: User, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import every unit in ``folder``'s files that is not on the register yet, one by one."""
    report = ImportReport()
    with unit_stream(folder) as (total, units):
        import_units(
            units,
            actor=actor,
            report=report,
            progress=(lambda done: progress(done, total)) if progress else None,
        )
    return report
