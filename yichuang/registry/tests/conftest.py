"""Register fixtures: a unit at office A with a registered owner.

Imports stay inside the fixtures: the pure rules' tests in this folder also
run without Django (``pytest -p no:django``).
"""

import datetime as dt
from decimal import Decimal

import pytest

UNIT_CODE = "320684001001GB00001F00030120"


def accepted(minutes_ago: int = 60) -> dt.datetime:
    """An acceptance time ``minutes_ago`` before now (aware)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)


def _person(cast, name: str, number: str):
    from yichuang.registry import services

    return services.party_register(
        actor=cast.registrar_a,
        kind="person",
        name=name,
        document_type="resident_id",
        document_number=number,
    )


@pytest.fixture
def owner(cast):
    return _person(cast, "王小明", "11010519491231002X")


@pytest.fixture
def buyer(cast):
    return _person(cast, "李华", "360426199101010071")


@pytest.fixture
def unit(cast):
    from yichuang.registry import services

    return services.unit_create(
        actor=cast.registrar_a,
        office=cast.office_a,
        code=UNIT_CODE,
        location="海门区北京东路88号3幢1201室",
        planned_use="住宅",
        is_residential=True,
        land_area=Decimal("12345.60"),
        building_area=Decimal("120.50"),
    )


@pytest.fixture
def owned_unit(cast, unit, owner):
    from yichuang.registry import services
    from yichuang.registry.rules import (
        CoOwnership,
        FirstRegistration,
        RegistrationRequest,
        RightKind,
    )
    from yichuang.registry.rules.state import Holder

    request = RegistrationRequest(
        payload=FirstRegistration(
            right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
            holders=(Holder(str(owner.uid)),),
            form=CoOwnership.SOLE,
        ),
        accepted_at=accepted(),
        applicants=frozenset({str(owner.uid)}),
    )
    services.register_entry_record(
        actor=cast.registrar_a, unit=unit, request=request, legal_basis="REG art. 14"
    )
    return unit
