"""The kiosk pages: pairing a device with a token, printing numbers, appointment check-in,
and the 403 for any device without a live kiosk token."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from yichuang.accounts.models import ServiceType
from yichuang.frontdesk.models import Kiosk, OutgoingMessage, Ticket
from yichuang.frontdesk.services import kiosks, phone, tickets
from yichuang.frontdesk.tests.conftest import resident_id
from yichuang.frontdesk.views.kiosk import KIOSK_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def kiosk(cast: Any) -> tuple[Kiosk, str]:
    return kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="大厅一号机")


@pytest.fixture
def paired(client: Client, kiosk: tuple[Kiosk, str]) -> Client:
    response = client.post("/kiosk/pair/", {"token": kiosk[1]})
    assert (response.status_code, response["Location"]) == (302, "/kiosk/")
    return client


def _take(client: Client, n: int, service: str = "general", **extra: str) -> Any:
    data = {
        "document_type": "resident_id",
        "document_number": resident_id(n),
        "name": f"申请人{n}",
        "priority_group": "",
        "service_type": service,
        **extra,
    }
    return client.post("/kiosk/", data)


def _page(response: Any) -> str:
    return response.content.decode()


# Who is a kiosk --------------------------------------------------------------------------


def test_a_device_without_a_token_is_not_a_kiosk(client: Client, cast: Any) -> None:
    response = client.get("/kiosk/")
    assert response.status_code == 403
    assert "This device is not a registered kiosk" in _page(response)
    assert client.post("/kiosk/", {"service_type": "general"}).status_code == 403
    assert client.post("/kiosk/check-in/", {"checkin-reference": "Y1"}).status_code == 403
    assert not Ticket.objects.exists()


def test_a_wrong_token_pairs_nothing(client: Client, kiosk: tuple[Kiosk, str]) -> None:
    response = client.post("/kiosk/pair/", {"token": "not-a-token"})
    assert response.status_code == 200
    assert "This is not the token of a registered kiosk." in _page(response)
    assert KIOSK_COOKIE not in response.cookies
    assert client.get("/kiosk/").status_code == 403


def test_pairing_keeps_the_token_in_a_signed_http_only_cookie(
    client: Client, kiosk: tuple[Kiosk, str]
) -> None:
    response = client.post("/kiosk/pair/", {"token": kiosk[1]})
    cookie = response.cookies[KIOSK_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie.value != kiosk[1] and cookie.value.startswith(kiosk[1])
    page = client.get("/kiosk/")
    assert page.status_code == 200
    assert 'data-testid="kiosk-service-general"' in _page(page)


def test_a_cookie_that_was_not_signed_by_us_is_refused(
    client: Client, kiosk: tuple[Kiosk, str]
) -> None:
    client.cookies[KIOSK_COOKIE] = kiosk[1]
    assert client.get("/kiosk/").status_code == 403


def test_a_revoked_kiosk_is_refused_at_once(
    paired: Client, cast: Any, kiosk: tuple[Kiosk, str]
) -> None:
    kiosks.kiosk_revoke(actor=cast.head_a, kiosk=kiosk[0])
    assert paired.get("/kiosk/").status_code == 403
    response = _take(paired, 1)
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_the_pairing_page_says_which_kiosk_this_device_is(paired: Client) -> None:
    page = _page(paired.get("/kiosk/pair/"))
    assert "大厅一号机" in page and 'data-testid="kiosk-paired"' in page


def test_forgetting_the_token_makes_the_device_a_stranger_again(paired: Client) -> None:
    response = paired.post("/kiosk/unpair/")
    assert response.status_code == 302
    assert paired.get("/kiosk/").status_code == 403


def test_pairing_attempts_are_limited_per_address(client: Client, cast: Any) -> None:
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for _ in range(20):
            client.post("/kiosk/pair/", {"token": "guess"})
        assert client.post("/kiosk/pair/", {"token": "guess"}).status_code == 429


# Printing numbers --------------------------------------------------------------------------


def test_the_kiosk_offers_the_office_services_as_big_buttons(paired: Client) -> None:
    ServiceType.objects.filter(code="query").update(is_active=False)
    page = _page(paired.get("/kiosk/"))
    for code in ["general", "mortgage", "collection"]:
        assert f'data-testid="kiosk-service-{code}"' in page
    assert 'data-testid="kiosk-service-query"' not in page
    assert 'data-testid="kiosk-priority-elderly"' in page


def test_a_number_is_printed_with_how_many_wait_ahead(
    paired: Client, kiosk: tuple[Kiosk, str]
) -> None:
    first = _take(paired, 1)
    second = _take(paired, 2, priority_group="elderly")
    assert 'data-testid="kiosk-ticket-number">A001<' in _page(first)
    assert 'data-ahead="0"' in _page(first)
    assert 'data-testid="kiosk-ticket-number">A002<' in _page(second)
    assert 'data-ahead="1"' in _page(second)
    assert "申请人2" not in _page(second)
    issued = Ticket.objects.get(display="A002")
    assert (issued.channel, issued.kiosk, issued.issued_by, issued.priority_group) == (
        "kiosk",
        kiosk[0],
        None,
        "elderly",
    )


def test_a_second_ticket_is_answered_with_the_number_already_held(paired: Client) -> None:
    _take(paired, 1)
    _take(paired, 2)
    again = _take(paired, 1)
    page = _page(again)
    assert again.status_code == 200
    assert 'data-testid="kiosk-ticket-number">A001<' in page
    assert "You already hold ticket A001 for this service today." in page
    assert 'data-ahead="0"' in page
    assert Ticket.objects.count() == 2


def test_bad_input_shows_the_errors_and_prints_nothing(paired: Client) -> None:
    bad_number = _take(paired, 1, document_number="12345")
    assert bad_number.status_code == 200
    assert "The number must be 15/18 characters long, not 5." in _page(bad_number)
    no_name = _take(paired, 1, name=" ")
    assert "This field is required." in _page(no_name)
    agent_without_name = _take(paired, 1, agent_document_number=resident_id(600))
    assert "Give the agent&#x27;s name." in _page(agent_without_name)
    unknown_service = _take(paired, 1, service="nothing")
    assert "Select a valid choice" in _page(unknown_service)
    assert not Ticket.objects.exists()


def test_an_agent_over_the_cap_is_told_so(paired: Client) -> None:
    for n in range(1, 4):
        _take(paired, n, agent_document_number=resident_id(600), agent_name="代理人")
    response = _take(paired, 4, agent_document_number=resident_id(600), agent_name="代理人")
    assert "the most one agent may hold at once" in _page(response)
    assert 'data-testid="kiosk-errors"' in _page(response)
    assert Ticket.objects.count() == 3


def test_a_kiosk_prints_no_faster_than_its_rate(paired: Client, settings: Any) -> None:
    settings.KIOSK_RATE = "2/m"
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        _take(paired, 1)
        _take(paired, 2)
        assert _take(paired, 3).status_code == 429
    assert Ticket.objects.count() == 2


# Appointment check-in --------------------------------------------------------------------------


def _booked(cast: Any, n: int) -> str:
    from yichuang.frontdesk.models import AppointmentSlot

    appointments = pytest.importorskip("yichuang.frontdesk.services.appointments")
    now = timezone.now()
    starts = now + dt.timedelta(minutes=10)
    slot = AppointmentSlot.objects.create(
        office=cast.office_a,
        service_type=ServiceType.objects.get(code="general"),
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        capacity=4,
    )
    number = f"139{n:08d}"
    held = appointments.appointment_hold(
        office=cast.office_a,
        service_type=slot.service_type,
        slot=slot,
        applicant=tickets.applicant_parse(
            document_type="resident_id",
            document_number=resident_id(n),
            name=f"申请人{n}",
            phone=number,
        ),
        client_address="198.51.100.7",
    )
    phone.phone_challenge_send(phone=number, office=cast.office_a)
    text = OutgoingMessage.objects.filter(phone=number).order_by("-pk")[0].text
    found = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    assert found is not None
    appointments.appointment_confirm(reference=held.reference, code=found.group(0))
    return str(held.reference)


def test_an_appointment_is_checked_in_by_its_reference(paired: Client, cast: Any) -> None:
    reference = _booked(cast, 1)
    response = paired.post("/kiosk/check-in/", {"checkin-reference": reference})
    page = _page(response)
    assert response.status_code == 200
    assert 'data-testid="kiosk-ticket-number">A001<' in page
    assert "Your appointment is checked in." in page
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.kiosk is not None) == ("appointment", True)


def test_an_unknown_reference_is_a_form_error(paired: Client, cast: Any) -> None:
    pytest.importorskip("yichuang.frontdesk.services.appointments")
    response = paired.post("/kiosk/check-in/", {"checkin-reference": "YNOSUCH"})
    assert response.status_code == 200
    assert "No appointment has this reference." in _page(response)
    assert not Ticket.objects.exists()


def test_another_offices_kiosk_cannot_check_in(client: Client, cast: Any) -> None:
    reference = _booked(cast, 1)
    _kiosk, token = kiosks.kiosk_register(actor=cast.head_b, office=cast.office_b, name="B")
    client.post("/kiosk/pair/", {"token": token})
    response = client.post("/kiosk/check-in/", {"checkin-reference": reference})
    assert "This appointment is at another office." in _page(response)
    assert not Ticket.objects.exists()
