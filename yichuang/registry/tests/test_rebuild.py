"""The rebuild command folds entries again and names exactly the units that differ."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yichuang.registry import services
from yichuang.registry.models import UnitProjection


def test_a_healthy_register_rebuilds_without_difference(owned_unit) -> None:
    out = io.StringIO()
    call_command("registry_rebuild", stdout=out)
    assert out.getvalue().strip() == "checked 1 units, 0 differ"


def test_a_projection_corrupted_in_sql_is_reported_by_unit(cast, owned_unit) -> None:
    other = services.unit_create(
        actor=cast.registrar_a,
        office=cast.office_a,
        code="320684001001GB00001F00030121",
        location="海门区北京东路88号3幢1202室",
        planned_use="住宅",
        is_residential=True,
    )
    state = UnitProjection.objects.get(unit=owned_unit).state
    state["rights"] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_unitprojection SET state = %s WHERE unit_id = %s",
            [json.dumps(state), owned_unit.pk],
        )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 unit"):
        call_command("registry_rebuild", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines == [
        f"DIFFERS {owned_unit.code}: state differs from its entries",
        "checked 2 units, 1 differ",
    ]
    assert other.code not in out.getvalue()


def test_holders_removed_in_sql_are_reported(owned_unit) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_holding WHERE unit_id = %s", [owned_unit.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("registry_rebuild", stdout=out)
    assert f"DIFFERS {owned_unit.code}: holders differ from its entries" in out.getvalue()
