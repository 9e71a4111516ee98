"""The staff pages of the register."""

from yichuang.registry.models import UnitAccess


def test_a_reviewer_finds_a_unit_by_holder_and_opens_it(client_for, cast, owned_unit) -> None:
    client = client_for(cast.reviewer_a)
    page = client.get("/staff/register/", {"holder_document": "11010519491231002x"})
    assert owned_unit.code in page.content.decode()
    detail = client.get(f"/staff/register/units/{owned_unit.code}/").content.decode()
    assert "王**" in detail and "王小明" not in detail
    assert "110105********002X" in detail
    assert "REG art. 14" in detail
    assert "首次登记" in detail and "国有建设用地使用权/房屋所有权" in detail
    assert UnitAccess.objects.filter(actor=cast.reviewer_a).count() == 2


def test_a_bad_id_number_is_a_form_error_in_chinese(client_for, cast) -> None:
    page = (
        client_for(cast.reviewer_a)
        .get("/staff/register/", {"holder_document": "110105194912310021"})
        .content.decode()
    )
    assert "校验码错误" in page


def test_an_empty_search_asks_for_a_field(client_for, cast) -> None:
    page = client_for(cast.reviewer_a).get("/staff/register/", {"code": ""}).content.decode()
    assert "至少填写一项" in page


def test_a_clerk_of_another_office_cannot_open_the_unit(client_for, cast, owned_unit) -> None:
    response = client_for(cast.clerk_b).get(f"/staff/register/units/{owned_unit.code}/")
    assert response.status_code == 404


def test_the_unit_page_has_a_bounded_number_of_queries(
    client_for, cast, owned_unit, django_assert_max_num_queries
) -> None:
    client = client_for(cast.registrar_a)
    with django_assert_max_num_queries(16):
        client.get(f"/staff/register/units/{owned_unit.code}/")
