"""The public queue status and today's ticket taken online with a phone code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from yichuang.accounts.models import ServiceType
from yichuang.frontdesk.models import AbuseSignal, OutgoingMessage, PhoneChallenge, Ticket
from yichuang.frontdesk.services import tickets
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

# A working Tuesday in Shanghai, in opening hours.
TUESDAY_TEN = timezone.make_aware(dt.datetime(2026, 11, 24, 10, 0))
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def tuesday() -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_TEN):
        yield


@pytest.fixture
def frozen_rate_window() -> Iterator[None]:
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        yield


def _page(response: Any) -> str:
    return response.content.decode()


def _issue(cast: Any, n: int, code: str = "general") -> Ticket:
    return tickets.ticket_issue(
        actor=cast.clerk_a,
        office=cast.office_a,
        service_type=ServiceType.objects.get(code=code),
        channel=Ticket.Channel.WINDOW,
        applicant=tickets.applicant_parse(
            document_type="resident_id", document_number=resident_id(n), name=f"申请人{n}"
        ),
    )


# Queue status ----------------------------------------------------------------------------------


def test_the_status_page_shows_waiting_people_per_service_without_personal_data(
    client: Client, cast: Any, tuesday: None, django_assert_max_num_queries: Any
) -> None:
    _issue(cast, 1)
    _issue(cast, 2)
    _issue(cast, 3, "mortgage")
    with django_assert_max_num_queries(12):
        response = client.get("/queue/haimen/")
    page = _page(response)
    assert response.status_code == 200
    assert 'data-testid="queue-waiting-general">2<' in page
    assert 'data-testid="queue-waiting-mortgage">1<' in page
    assert 'data-testid="queue-waiting-query">0<' in page
    assert "Everyone waiting can be served today" in page
    assert 'href="/book/haimen/"' in page and 'href="/ticket/haimen/"' in page
    assert "申请人" not in page and resident_id(1) not in page


def test_a_queue_too_long_for_today_says_so(client: Client, cast: Any) -> None:
    late = timezone.make_aware(dt.datetime(2026, 11, 24, 16, 50))
    with mock.patch("django.utils.timezone.now", return_value=late):
        for n in range(1, 6):
            _issue(cast, n)
        page = _page(client.get("/queue/haimen/"))
    row = page.split('data-testid="queue-today-general"')[1].split("</td>")[0]
    assert "Not everyone waiting can be served today" in row


def test_an_unknown_office_has_no_status(client: Client, cast: Any) -> None:
    assert client.get("/queue/nowhere/").status_code == 404
    assert client.get("/ticket/nowhere/").status_code == 404


def test_the_status_page_is_rate_limited(
    client: Client, cast: Any, frozen_rate_window: None
) -> None:
    for _ in range(60):
        client.get("/queue/haimen/")
    assert client.get("/queue/haimen/").status_code == 429


def test_the_portal_index_links_each_office_to_its_queue_and_online_ticket(
    client: Client, cast: Any
) -> None:
    page = _page(client.get("/"))
    for code in ["haimen", "chongchuan"]:
        assert f'href="/queue/{code}/"' in page
        assert f'href="/ticket/{code}/"' in page


# Online tickets ---------------------------------------------------------------------------------


def _form(n: int = 1, **extra: str) -> dict[str, str]:
    return {
        "service_type": "general",
        "document_type": "resident_id",
        "document_number": resident_id(n),
        "name": f"申请人{n}",
        "phone": PHONE,
        **extra,
    }


def _code() -> str:
    text = OutgoingMessage.objects.filter(phone=PHONE).order_by("-pk")[0].text
    found = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    assert found is not None
    return found.group(0)


def test_a_ticket_is_taken_online_with_the_code_sent_to_the_phone(
    client: Client, cast: Any, tuesday: None
) -> None:
    _issue(cast, 9)
    sent = client.post("/ticket/haimen/", {**_form(), "step": "send"})
    page = _page(sent)
    assert sent.status_code == 200
    assert 'data-testid="online-code-form"' in page
    assert "139****5678" in page and "申***" in page
    assert PHONE not in page.replace(f'value="{PHONE}"', "")
    assert PhoneChallenge.objects.filter(phone=PHONE).count() == 1
    taken = client.post("/ticket/haimen/", {**_form(), "code": _code(), "step": "take"})
    page = _page(taken)
    assert 'data-testid="online-ticket-number">A002<' in page
    assert 'data-ahead="1"' in page
    ticket = Ticket.objects.get(display="A002")
    assert (ticket.channel, ticket.phone, ticket.phone_verified, ticket.issued_by) == (
        "online",
        PHONE,
        True,
        None,
    )


def test_a_wrong_code_takes_no_ticket(client: Client, cast: Any, tuesday: None) -> None:
    client.post("/ticket/haimen/", {**_form(), "step": "send"})
    wrong = "000000" if _code() != "000000" else "111111"
    response = client.post("/ticket/haimen/", {**_form(), "code": wrong, "step": "take"})
    assert response.status_code == 200
    assert "The code is wrong." in _page(response)
    assert 'data-testid="online-code-form"' in _page(response)
    assert not Ticket.objects.exists()


def test_taking_without_a_code_asks_for_it(client: Client, cast: Any, tuesday: None) -> None:
    response = client.post("/ticket/haimen/", {**_form(), "code": "", "step": "take"})
    assert "Type the code from the text message." in _page(response)
    assert not Ticket.objects.exists()


def test_bad_identity_is_refused_before_any_code_is_sent(
    client: Client, cast: Any, tuesday: None
) -> None:
    response = client.post("/ticket/haimen/", {**_form(document_number="123"), "step": "send"})
    assert response.status_code == 200
    assert "The number must be 15/18 characters long, not 3." in _page(response)
    bad_phone = client.post("/ticket/haimen/", {**_form(phone="12345"), "step": "send"})
    assert "A mobile number is 11 digits starting with 1." in _page(bad_phone)
    assert not PhoneChallenge.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_a_second_online_ticket_names_the_one_held(
    client: Client, cast: Any, tuesday: None
) -> None:
    _issue(cast, 1)
    client.post("/ticket/haimen/", {**_form(), "step": "send"})
    response = client.post("/ticket/haimen/", {**_form(), "code": _code(), "step": "take"})
    page = _page(response)
    assert "You already hold ticket A001 for this service today." in page
    assert 'data-testid="online-ticket-number">A001<' in page
    assert Ticket.objects.count() == 1


def test_no_online_ticket_after_the_hall_closes(client: Client, cast: Any) -> None:
    evening = timezone.make_aware(dt.datetime(2026, 11, 24, 17, 30))
    with mock.patch("django.utils.timezone.now", return_value=evening):
        client.post("/ticket/haimen/", {**_form(), "step": "send"})
        response = client.post("/ticket/haimen/", {**_form(), "code": _code(), "step": "take"})
    assert "The office is closed for today; book an appointment instead." in _page(response)
    assert not Ticket.objects.exists()


def test_codes_are_limited_per_address_and_the_cap_is_signalled(
    client: Client, cast: Any, tuesday: None, frozen_rate_window: None
) -> None:
    for n in range(10):
        client.post("/ticket/haimen/", {**_form(phone=f"139000000{n:02d}"), "step": "send"})
    response = client.post("/ticket/haimen/", {**_form(), "step": "send"})
    assert response.status_code == 429
    assert PhoneChallenge.objects.count() == 10
    signal = AbuseSignal.objects.get(kind="address_cap")
    assert (signal.office, signal.subject_key) == (cast.office_a, "127.0.0.1")


def test_the_online_form_offers_the_office_services(client: Client, cast: Any) -> None:
    page = _page(client.get("/ticket/chongchuan/"))
    assert 'value="general"' in page and 'value="collection"' in page
    assert 'data-testid="online-send-code"' in page
