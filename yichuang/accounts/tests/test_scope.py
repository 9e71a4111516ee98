import pytest
from django.http import Http404

from yichuang.accounts import selectors


def _codes(user) -> set[str]:
    return set(selectors.office_scope(user=user).values_list("code", flat=True))


def test_each_role_sees_exactly_its_offices(cast) -> None:
    assert _codes(cast.admin) == {"haimen", "chongchuan"}
    assert _codes(cast.supervisor) == {"haimen", "chongchuan"}
    assert _codes(cast.clerk_a) == {"haimen"}
    assert _codes(cast.head_b) == {"chongchuan"}
    assert _codes(cast.citizen) == set()


def test_a_province_supervisor_sees_the_province_and_not_another(cast) -> None:
    from yichuang.accounts import services

    province = services.staff_update(
        actor=cast.admin, user=cast.supervisor, data={"jurisdiction_code": "320000"}
    )
    assert _codes(province) == {"haimen", "chongchuan"}
    elsewhere = services.staff_update(
        actor=cast.admin, user=cast.supervisor, data={"jurisdiction_code": "330100"}
    )
    assert _codes(elsewhere) == set()


def test_a_clerk_of_another_office_gets_not_found(cast) -> None:
    with pytest.raises(Http404):
        selectors.office_get_for(user=cast.clerk_b, code="haimen")
    assert selectors.office_get_for(user=cast.clerk_a, code="haimen") == cast.office_a


def test_staff_lists_are_for_heads_and_above_and_scoped(cast) -> None:
    assert set(selectors.staff_list_for(user=cast.head_a).values_list("username", flat=True)) == {
        "clerk_a",
        "reviewer_a",
        "registrar_a",
        "query_clerk_a",
        "head_a",
    }
    assert not selectors.staff_list_for(user=cast.clerk_a).exists()


def test_an_inactive_user_sees_nothing(cast) -> None:
    cast.clerk_a.is_active = False
    assert _codes(cast.clerk_a) == set()


def test_listing_offices_is_one_query(cast, django_assert_num_queries) -> None:
    user = cast.supervisor
    _ = user.roles
    with django_assert_num_queries(1):
        offices = list(selectors.office_list_for(user=user))
    assert {o.window_count for o in offices} == {5, 2}


def test_role_permissions_answer_as_the_permission_system_does(cast) -> None:
    from yichuang.accounts.roles import ROLE_PERMISSIONS

    every = sorted({perm for perms in ROLE_PERMISSIONS.values() for perm in perms})
    for person in cast.people.values():
        for permission in every:
            assert selectors.role_allows(user=person, permission=permission) == (
                person.has_perm(permission)
            ), (person.username, permission)
