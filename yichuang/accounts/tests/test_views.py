import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import CAST_PASSWORD


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


def test_the_staff_area_asks_for_sign_in(client, db) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_the_sign_in_page_is_chinese_by_default(client, db) -> None:
    response = client.get("/staff/login/")
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()


def test_english_can_be_chosen(client, db) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    response = client.get("/staff/login/")
    assert "Staff sign-in" in response.content.decode()


def test_a_clerk_signs_in_and_sees_their_office_and_windows(client, cast) -> None:
    response = client.post(
        "/staff/login/", {"username": "clerk_a", "password": CAST_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "南通市海门区不动产登记中心" in page
    assert "受理人员" in page
    assert "抵押专窗" in page
    assert "南通市崇川区不动产登记中心" not in page


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, cast) -> None:
    response = client.post("/staff/login/", {"username": "clerk_a", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_sign_in_attempts_are_slowed_down(client, cast, settings) -> None:
    from unittest import mock

    settings.LOGIN_ATTEMPTS_PER_MINUTE = 3
    # One fixed instant: a rate window must not roll over halfway through the test.
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for _ in range(3):
            client.post("/staff/login/", {"username": "clerk_a", "password": "nope"})
        response = client.post("/staff/login/", {"username": "clerk_a", "password": CAST_PASSWORD})
    assert response.status_code == 429
    assert "登录尝试过多" in response.content.decode()


def test_an_office_head_sees_staff_and_recent_changes_of_their_office_only(
    client_for, cast
) -> None:
    page = client_for(cast.head_a).get("/staff/").content.decode()
    assert "王敏" in page and "李强" in page
    assert "赵磊" not in page
    assert "window.create" in page


def test_a_supervisor_sees_every_office_in_the_jurisdiction(client_for, cast) -> None:
    page = client_for(cast.supervisor).get("/staff/").content.decode()
    assert "南通市海门区不动产登记中心" in page
    assert "南通市崇川区不动产登记中心" in page


def test_an_administrator_is_warned_about_next_years_calendar(client_for, cast, settings) -> None:
    import datetime as dt
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 24)):
        page = client_for(cast.admin).get("/staff/").content.decode()
    assert "2027" in page and "放假安排" in page


def test_a_member_of_the_public_is_told_this_is_the_staff_area(client_for, cast) -> None:
    response = client_for(cast.citizen).get("/staff/")
    assert response.status_code == 403
    assert "公众服务" in response.content.decode()


def test_home_page_queries_are_bounded(client_for, cast, django_assert_max_num_queries) -> None:
    client = client_for(cast.head_a)
    with django_assert_max_num_queries(14):
        client.get("/staff/")


def test_the_public_portal_lists_open_offices(client, cast) -> None:
    page = client.get(reverse("portal:index")).content.decode()
    assert "南通市崇川区不动产登记中心" in page
    assert "0513-00000002" in page
