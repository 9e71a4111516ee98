import pytest


def test_anonymous_callers_get_401(client, db) -> None:
    assert client.get("/api/me").status_code == 401


def test_me_describes_the_signed_in_user(client_for, cast) -> None:
    body = client_for(cast.clerk_a).get("/api/me").json()
    assert body == {
        "username": "clerk_a",
        "full_name": "王敏",
        "office": "haimen",
        "roles": ["clerk"],
        "jurisdiction_code": "",
    }


def test_offices_are_scoped_to_the_caller(client_for, cast) -> None:
    body = client_for(cast.clerk_b).get("/api/offices").json()
    assert [o["code"] for o in body["items"]] == ["chongchuan"]
    assert body["count"] == 1


def test_another_offices_detail_is_not_found(client_for, cast) -> None:
    client = client_for(cast.clerk_b)
    assert client.get("/api/offices/haimen").status_code == 404
    assert client.get("/api/offices/haimen/windows").status_code == 404
    assert client.get("/api/offices/chongchuan/windows").status_code == 200


def test_windows_list_their_service_types(client_for, cast) -> None:
    body = client_for(cast.head_a).get("/api/offices/haimen/windows").json()
    assert body[1] == {
        "number": 2,
        "name": "综合受理",
        "is_active": True,
        "service_types": ["general", "mortgage"],
    }


@pytest.mark.django_db
def test_the_openapi_documentation_is_served(client) -> None:
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/offices" in schema["paths"]
