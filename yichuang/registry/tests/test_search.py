"""Finding units by code, certificate number, location or holder, within one's scope."""

from yichuang.registry import services
from yichuang.registry.models import Entry, UnitAccess


def _search(client, **params):
    return client.get("/api/registry/units", params)


def test_units_are_found_by_holder_document_location_and_certificate(
    client_for, cast, owned_unit
) -> None:
    certificate = services.certificate_issue(
        actor=cast.registrar_a, entry=Entry.objects.get(unit=owned_unit)
    )
    client = client_for(cast.registrar_a)
    for params in (
        {"holder_document": "11010519491231002x"},
        {"location": "北京东路88号"},
        {"certificate": certificate.number},
        {"code": owned_unit.code},
    ):
        body = _search(client, **params).json()
        assert [unit["code"] for unit in body] == [owned_unit.code], params
        assert body[0]["holders"] == ["王**"]


def test_a_search_needs_a_criterion_and_a_document_must_be_valid(client_for, cast) -> None:
    client = client_for(cast.registrar_a)
    assert _search(client).status_code == 422
    bad = _search(client, holder_document="110105194912310021")
    assert bad.status_code == 422
    assert "校验码" in bad.json()["detail"][0]["msg"]


def test_another_office_finds_nothing(client_for, cast, owned_unit) -> None:
    body = _search(client_for(cast.head_b), location="北京东路").json()
    assert body == []


def test_every_unit_a_search_shows_is_recorded_as_looked_at(client_for, cast, owned_unit) -> None:
    _search(client_for(cast.reviewer_a), location="北京东路")
    assert UnitAccess.objects.filter(actor=cast.reviewer_a, channel="search").count() == 1
