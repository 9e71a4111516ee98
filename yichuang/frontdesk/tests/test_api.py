"""The front desk's API: kiosk tickets, window tickets, calling, public status and calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yichuang.accounts.models import Window
from yichuang.frontdesk.models import AbuseSignal, Ticket
from yichuang.frontdesk.services import kiosks
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

KIOSK_URL = "/api/frontdesk/offices/haimen/kiosk/tickets"


def body(n: int, **extra: str) -> dict[str, str]:
    return {
        "service_type": "general",
        "document_number": resident_id(n),
        "name": f"申请人{n}",
        **extra,
    }


@pytest.fixture
def kiosk_token(cast: Any) -> str:
    return kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="入口")[1]


def post_kiosk(token: str, payload: dict[str, str]) -> Any:
    return Client().post(
        KIOSK_URL, payload, content_type="application/json", HTTP_X_KIOSK_TOKEN=token
    )


def test_a_registered_kiosk_prints_a_ticket(kiosk_token: str) -> None:
    response = post_kiosk(kiosk_token, body(1))
    assert response.status_code == 201
    data = response.json()
    assert (data["number"], data["status"], data["office"]) == ("A001", "waiting", "haimen")
    assert data["applicant"] == "申***"


def test_an_unregistered_or_revoked_kiosk_gets_403(cast: Any, kiosk_token: str) -> None:
    assert post_kiosk("forged-token", body(1)).status_code == 403
    assert Client().post(KIOSK_URL, body(1), content_type="application/json").status_code == 403
    kiosks.kiosk_revoke(actor=cast.head_a, kiosk=cast.office_a.kiosks.get())
    assert post_kiosk(kiosk_token, body(1)).status_code == 403
    assert not Ticket.objects.exists()
    assert AbuseSignal.objects.filter(kind="unregistered_kiosk").count() == 3


def test_a_kiosk_of_another_office_gets_403(cast: Any) -> None:
    _kiosk, token = kiosks.kiosk_register(actor=cast.head_b, office=cast.office_b, name="入口")
    assert post_kiosk(token, body(1)).status_code == 403


def test_a_second_ticket_answers_409_with_the_number_held(kiosk_token: str) -> None:
    post_kiosk(kiosk_token, body(1))
    response = post_kiosk(kiosk_token, body(1))
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert response.json()["existing"] == "A001"


def test_a_bad_id_number_answers_422_naming_the_field(kiosk_token: str) -> None:
    response = post_kiosk(
        kiosk_token,
        body(1, document_number=resident_id(1)[:-1] + ("1" if resident_id(1)[-1] != "1" else "2")),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["document_number"]
    assert not Ticket.objects.exists()


def test_a_clerk_issues_at_the_window_and_calls_through_the_api(
    cast: Any, client_for: Callable[[Any], Client]
) -> None:
    clerk = client_for(cast.clerk_a)
    issued = clerk.post(
        "/api/frontdesk/offices/haimen/tickets", body(1), content_type="application/json"
    )
    assert issued.status_code == 201
    window = Window.objects.get(office=cast.office_a, number=1)
    called = clerk.post(f"/api/frontdesk/windows/{window.pk}/call-next")
    assert called.status_code == 200 and called.json()["number"] == "A001"
    assert called.json()["window"] == 1
    ticket_id = called.json()["id"]
    check = clerk.post(
        f"/api/frontdesk/tickets/{ticket_id}/identity-check",
        {"document_number": resident_id(1)},
        content_type="application/json",
    )
    assert check.json()["matched"] == "principal"
    assert check.json()["ticket"]["status"] == "serving"
    done = clerk.post(f"/api/frontdesk/tickets/{ticket_id}/finish")
    assert done.json()["status"] == "finished"
    assert clerk.post(f"/api/frontdesk/windows/{window.pk}/call-next").status_code == 204


def test_another_offices_clerk_gets_404_on_windows_and_tickets(
    cast: Any, client_for: Callable[[Any], Client], issue: Callable[..., Ticket]
) -> None:
    ticket = issue(1)
    window = Window.objects.get(office=cast.office_a, number=1)
    other = client_for(cast.clerk_b)
    assert other.post(f"/api/frontdesk/windows/{window.pk}/call-next").status_code == 404
    assert other.post(f"/api/frontdesk/tickets/{ticket.pk}/recall").status_code == 404
    assert (
        other.post(
            "/api/frontdesk/offices/haimen/tickets", body(2), content_type="application/json"
        ).status_code
        == 404
    )


def test_a_citizen_cannot_call(
    cast: Any, client_for: Callable[[Any], Client], issue: Callable[..., Ticket]
) -> None:
    issue(1)
    window = Window.objects.get(office=cast.office_a, number=1)
    assert (
        client_for(cast.citizen).post(f"/api/frontdesk/windows/{window.pk}/call-next").status_code
        == 404
    )
    assert Client().post(f"/api/frontdesk/windows/{window.pk}/call-next").status_code == 401


def test_out_of_order_without_a_reason_answers_422(
    cast: Any, client_for: Callable[[Any], Client], issue: Callable[..., Ticket]
) -> None:
    issue(1)
    second = issue(2)
    window = Window.objects.get(office=cast.office_a, number=1)
    response = client_for(cast.clerk_a).post(
        f"/api/frontdesk/windows/{window.pk}/call",
        {"ticket_id": second.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["reason"]


def test_the_public_status_and_calls_carry_no_personal_data(
    cast: Any,
    client_for: Callable[[Any], Client],
    issue: Callable[..., Ticket],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(3):
        issue(n)
    window = Window.objects.get(office=cast.office_a, number=1)
    client_for(cast.clerk_a).post(f"/api/frontdesk/windows/{window.pk}/call-next")
    anonymous = Client()
    with django_assert_max_num_queries(12):
        status = anonymous.get("/api/frontdesk/offices/haimen/status")
    general = next(s for s in status.json() if s["service_type"] == "general")
    assert (general["waiting"], general["windows"]) == (2, 2)
    calls = anonymous.get("/api/frontdesk/offices/haimen/calls").json()
    assert calls[0]["number"] == "A001" and calls[0]["window"] == 1
    text = status.content.decode() + str(calls)
    assert "申请人" not in text and resident_id(0) not in text
