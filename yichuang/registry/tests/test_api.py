"""Looking up a unit: scoped to office and role, masked, and recorded."""

from yichuang.registry.models import UnitAccess


def test_a_registrar_sees_the_unit_with_masked_holders(client_for, cast, owned_unit) -> None:
    body = client_for(cast.registrar_a).get(f"/api/registry/units/{owned_unit.code}").json()
    assert body["code"] == owned_unit.code
    assert body["rights"][0]["holders"] == [
        {"name": "王**", "document": "110105********002X", "share": None}
    ]
    assert body["encumbrances"] == []
    assert UnitAccess.objects.filter(unit=owned_unit, actor=cast.registrar_a).count() == 1


def test_the_history_lists_every_entry_with_its_ledger_place(client_for, cast, owned_unit) -> None:
    history = client_for(cast.reviewer_a).get(f"/api/registry/units/{owned_unit.code}/history")
    assert history.status_code == 200
    (entry,) = history.json()
    assert (entry["seq"], entry["registration_type"], entry["ledger_index"]) == (1, "first", 0)
    assert entry["registrar"] == "张丽"


def test_other_offices_and_roles_without_browsing_get_not_found(
    client_for, cast, owned_unit
) -> None:
    for person in (cast.clerk_b, cast.head_b, cast.clerk_a, cast.admin, cast.citizen):
        response = client_for(person).get(f"/api/registry/units/{owned_unit.code}")
        assert response.status_code == 404, person
    assert not UnitAccess.objects.exists()


def test_a_city_supervisor_may_look_and_is_recorded(client_for, cast, owned_unit) -> None:
    assert (
        client_for(cast.supervisor).get(f"/api/registry/units/{owned_unit.code}").status_code == 200
    )
    assert UnitAccess.objects.get().actor == cast.supervisor
