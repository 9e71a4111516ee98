import pytest


@pytest.fixture
def api(client_for, cast):
    return client_for(cast.clerk_a)


def _check(api, **body):
    return api.post("/api/identifiers/check", body, content_type="application/json")


def test_a_valid_resident_id_comes_back_canonical(api) -> None:
    response = _check(api, kind="resident_id", value="11010519491231002x")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "resident_id",
        "canonical": "11010519491231002X",
        "details": {"country": None},
    }


def test_a_wrong_check_digit_is_a_422_naming_the_field_in_chinese(api) -> None:
    response = _check(api, kind="resident_id", value="110105194912310021")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "payload", "value"]
    assert detail["code"] == "check_digit"
    assert detail["msg"] == "校验码错误，应为X。"


def test_a_unit_code_error_names_the_position(api) -> None:
    response = _check(api, kind="unit_code", value="320684413219XB00029F00010002")
    assert response.status_code == 422
    assert "第13位" in response.json()["detail"][0]["msg"]


def test_english_messages_follow_the_request_language(api) -> None:
    response = api.post(
        "/api/identifiers/check",
        {"kind": "uscc", "value": "91110000600037341A"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("The check digit is wrong")


def test_a_passport_without_its_country_names_the_country_field(api) -> None:
    response = _check(api, kind="passport", value="E12345678")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "country"]


def test_an_unknown_kind_is_a_422_not_a_500(api) -> None:
    response = _check(api, kind="library_card", value="1")
    assert response.status_code == 422


def test_checking_identifiers_needs_a_signed_in_user(client, db) -> None:
    response = client.post(
        "/api/identifiers/check",
        {"kind": "uscc", "value": "91110000600037341L"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_a_session_post_without_the_csrf_token_is_refused(cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.clerk_a)
    response = client.post(
        "/api/identifiers/check",
        {"kind": "uscc", "value": "91110000600037341L"},
        content_type="application/json",
    )
    assert response.status_code == 403
