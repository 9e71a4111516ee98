"""Loading the reviewed catalog and fee schedule into the database (catalog_load)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from yichuang.audit.models import AuditEvent
from yichuang.cases.fees import default_schedules
from yichuang.cases.materials import default_catalog
from yichuang.cases.models import FeeItem, MaterialItem
from yichuang.cases.services import catalog_load

pytestmark = pytest.mark.django_db

LOAD_EVENTS = ("materials_catalog.load", "fee_schedule.load")


def _load_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type__in=LOAD_EVENTS).order_by("pk"))


def test_it_loads_every_item_of_the_catalog_and_of_each_schedule(cast: Any) -> None:
    catalog = default_catalog()
    schedules = default_schedules()

    result = catalog_load(actor=cast.admin)

    catalog_items = sum(len(entry.items) for entry in catalog.lists.values())
    assert result.catalog_version == catalog.version
    assert result.material_items == catalog_items
    assert MaterialItem.objects.filter(catalog_version=catalog.version).count() == catalog_items
    assert result.fees_loaded == tuple((s.version, len(s.items)) for s in schedules)
    for schedule in schedules:
        assert FeeItem.objects.filter(schedule_version=schedule.version).count() == len(
            schedule.items
        )
    assert FeeItem.objects.count() == sum(len(s.items) for s in schedules)


def test_it_copies_each_field_of_an_item(cast: Any) -> None:
    catalog = default_catalog()
    entry = next(e for e in catalog.lists.values() if any(m.conditions for m in e.items))
    material = next(m for m in entry.items if m.conditions)
    schedule = default_schedules()[0]
    fee = next(iter(schedule.items.values()))

    catalog_load(actor=cast.admin)

    row = MaterialItem.objects.get(
        catalog_version=catalog.version,
        registration_type=entry.registration_type,
        cause=entry.cause,
        code=material.code,
    )
    assert (row.name, row.basis, row.confirmed, row.provider) == (
        material.name,
        material.basis,
        material.confirmed,
        material.provider,
    )
    assert (row.original_required, row.shareable) == (
        material.original_required,
        material.shareable,
    )
    assert row.conditions == list(material.conditions)
    fee_row = FeeItem.objects.get(schedule_version=schedule.version, code=fee.code.value)
    assert (fee_row.label, fee_row.amount, fee_row.basis, fee_row.confirmed) == (
        fee.label,
        fee.amount,
        fee.basis,
        fee.confirmed,
    )
    assert fee_row.effective_from == schedule.effective_from


def test_it_writes_one_audit_event_per_version_loaded(cast: Any) -> None:
    catalog_load(actor=cast.admin)

    events = _load_events()
    assert [(e.event_type, e.after["version"]) for e in events] == [
        ("materials_catalog.load", default_catalog().version),
        *(("fee_schedule.load", s.version) for s in default_schedules()),
    ]
    assert {e.actor_id for e in events} == {cast.admin.pk}


def test_a_second_load_adds_nothing_and_audits_nothing(cast: Any) -> None:
    catalog_load(actor=cast.admin)
    counts = (MaterialItem.objects.count(), FeeItem.objects.count(), len(_load_events()))

    result = catalog_load(actor=cast.admin)

    assert (result.material_items, result.fees_loaded, result.catalog_loaded) == (0, (), False)
    assert (MaterialItem.objects.count(), FeeItem.objects.count(), len(_load_events())) == counts


def test_a_loaded_version_is_left_as_it_is(cast: Any) -> None:
    catalog_load(actor=cast.admin)
    row = FeeItem.objects.order_by("pk").first()
    assert row is not None
    FeeItem.objects.filter(pk=row.pk).update(label="改过的名称")

    catalog_load(actor=cast.admin)

    assert FeeItem.objects.get(pk=row.pk).label == "改过的名称"


@pytest.mark.parametrize("role_holder", ["clerk_a", "head_a", "supervisor", "citizen"])
def test_it_refuses_anyone_but_an_administrator_and_writes_nothing(
    cast: Any, role_holder: str
) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        catalog_load(actor=cast.people[role_holder])

    assert (MaterialItem.objects.count(), FeeItem.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events_before


def test_the_platform_itself_may_load_and_is_audited_as_the_system(db: None) -> None:
    catalog_load(actor=None)

    events = _load_events()
    assert events
    assert {(e.actor_id, e.actor_label) for e in events} == {(None, "system")}


@pytest.mark.parametrize("basis", ["", "   "])
def test_a_material_item_without_a_legal_basis_cannot_be_saved(db: None, basis: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialItem.objects.create(
            catalog_version="test",
            registration_type="transfer",
            cause="sale",
            code="anything",
            name="任意材料",
            basis=basis,
            confirmed=False,
            original_required=True,
            shareable=False,
            provider="applicants",
        )
    assert not MaterialItem.objects.exists()


@pytest.mark.parametrize("basis", ["", "   "])
def test_a_fee_item_without_a_legal_basis_cannot_be_saved(db: None, basis: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeItem.objects.create(
            schedule_version="test",
            effective_from=dt.date(2026, 1, 1),
            code="anything",
            label="任意收费",
            amount=Decimal("10"),
            basis=basis,
            confirmed=False,
        )
    assert not FeeItem.objects.exists()


def test_the_command_loads_and_says_what_it_loaded(db: None) -> None:
    catalog = default_catalog()
    schedules = default_schedules()
    catalog_items = sum(len(entry.items) for entry in catalog.lists.values())

    first, second = StringIO(), StringIO()
    call_command("cases_catalog_load", stdout=first)
    call_command("cases_catalog_load", stdout=second)

    assert first.getvalue().splitlines() == [
        f"Materials catalog {catalog.version} loaded: {catalog_items} items.",
        *(f"Fee schedule {s.version} loaded: {len(s.items)} items." for s in schedules),
    ]
    assert second.getvalue().splitlines() == [
        f"Materials catalog {catalog.version} already loaded.",
        *(f"Fee schedule {s.version} already loaded." for s in schedules),
    ]
    assert MaterialItem.objects.count() == catalog_items


def test_the_administrator_reads_the_lists_and_cannot_change_them(
    cast: Any, client_for: Any
) -> None:
    catalog_load(actor=cast.admin)
    client = client_for(cast.admin)
    material = MaterialItem.objects.order_by("pk").first()
    assert material is not None

    assert client.get("/admin/cases/materialitem/").status_code == 200
    assert client.get("/admin/cases/feeitem/?schedule_version=2017-1").status_code == 200
    assert client.get(f"/admin/cases/materialitem/{material.pk}/change/").status_code == 200
    assert client.get("/admin/cases/materialitem/add/").status_code == 403
    assert client.post(f"/admin/cases/materialitem/{material.pk}/delete/").status_code == 403
    assert MaterialItem.objects.filter(pk=material.pk).exists()


def test_other_roles_do_not_see_the_lists(cast: Any, client_for: Any) -> None:
    response = client_for(cast.clerk_a).get("/admin/cases/materialitem/")

    assert response.status_code != 200


def test_sql_that_bypasses_the_models_cannot_write_a_blank_basis_either(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FeeItem._meta.db_table}"
            " (schedule_version, effective_from, code, label, amount, basis, confirmed)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            ["test", dt.date(2026, 1, 1), "anything", "任意收费", Decimal("10"), "", False],
        )
    assert not FeeItem.objects.exists()


def test_a_published_fee_version_edited_in_place_is_refused(db: None) -> None:
    from django.core.exceptions import ValidationError

    from yichuang.cases import models, services

    services.catalog_load(actor=None)
    changed = models.FeeItem.objects.order_by("pk").first()
    assert changed is not None
    models.FeeItem.objects.filter(pk=changed.pk).update(amount=changed.amount + 1)
    with pytest.raises(ValidationError) as refused:
        services.catalog_load(actor=None)
    assert changed.schedule_version in str(refused.value)
