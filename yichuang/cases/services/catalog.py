"""Loading the reviewed materials catalog and fee schedule into the database.

The data files in ``data/`` are reviewed as pull requests and validated by the
pure loaders (docs/adr/0011, 0012); this copies each version into the
database once, so that a notice or a receipt can name the version it used and
that version stays readable after the files move on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.cases import models
from yichuang.cases.fees import FeeSchedule, default_schedules
from yichuang.cases.materials import Catalog, default_catalog

LOADERS = frozenset({Role.ADMINISTRATOR})


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one :func:`catalog_load` added: the versions new to the database and their rows."""

    catalog_version: str
    material_items: int
    fee_versions: tuple[str, ...]
    fees_loaded: tuple[tuple[str, int], ...]

    @property
    def catalog_loaded(self) -> bool:
        """Whether the catalog version was new; a loaded catalog is never empty."""
        return self.material_items > 0


def catalog_load(*, actor: User | None) -> LoadResult:
    """Load the current catalog version and every fee schedule version not yet loaded.

    ``actor`` None is the platform itself (the management command). A version
    already in the database is left as it is: versions are immutable, and a
    changed file is a new version.
    """
    if actor is not None:
        require_role(actor, LOADERS)
    catalog = default_catalog()
    schedules = default_schedules()
    with transaction.atomic():
        material_items = _catalog_load(actor, catalog)
        counts = [(s.version, _schedule_load(actor, s)) for s in schedules]
    return LoadResult(
        catalog_version=catalog.version,
        material_items=material_items,
        fee_versions=tuple(s.version for s in schedules),
        fees_loaded=tuple((version, count) for version, count in counts if count),
    )


def _catalog_load(actor: User | None, catalog: Catalog) -> int:
    if models.MaterialItem.objects.filter(catalog_version=catalog.version).exists():
        return 0
    rows = [
        models.MaterialItem(
            catalog_version=catalog.version,
            registration_type=entry.registration_type,
            cause=entry.cause,
            code=item.code,
            name=item.name,
            basis=item.basis,
            confirmed=item.confirmed,
            original_required=item.original_required,
            shareable=item.shareable,
            provider=item.provider,
            conditions=list(item.conditions),
        )
        for _key, entry in sorted(catalog.lists.items(), key=lambda pair: pair[0])
        for item in entry.items
    ]
    models.MaterialItem.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        event_type="materials_catalog.load",
        after={"version": catalog.version, "lists": len(catalog.lists), "items": len(rows)},
    )
    return len(rows)


def _schedule_load(actor: User | None, schedule: FeeSchedule) -> int:
    loaded = {
        (code, amount, basis)
        for code, amount, basis in models.FeeItem.objects.filter(
            schedule_version=schedule.version
        ).values_list("code", "amount", "basis")
    }
    if loaded:
        published = {(i.code.value, i.amount, i.basis) for i in schedule.items.values()}
        if loaded != published:
            # A fee once charged must stay explainable by the schedule it cites.
            raise ValidationError(
                {
                    "fee_schedule": _(
                        "Fee schedule %(version)s differs from the one already loaded; "
                        "publish the change as a new version."
                    )
                    % {"version": schedule.version}
                }
            )
        return 0
    rows = [
        models.FeeItem(
            schedule_version=schedule.version,
            effective_from=schedule.effective_from,
            code=item.code.value,
            label=item.label,
            amount=item.amount,
            basis=item.basis,
            confirmed=item.confirmed,
        )
        for item in schedule.items.values()
    ]
    models.FeeItem.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        event_type="fee_schedule.load",
        after={
            "version": schedule.version,
            "effective_from": schedule.effective_from,
            "items": len(rows),
        },
    )
    return len(rows)
