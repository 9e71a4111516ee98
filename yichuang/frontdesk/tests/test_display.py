"""The call screen: public, numbers and windows only, the latest call first, polled cheaply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from yichuang.accounts import services as account_services
from yichuang.accounts.models import ServiceType, Window
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.services import calling
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Issue = Callable[..., Ticket]


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(response: Any) -> str:
    return response.content.decode()


def _call(cast: Any, number: int) -> Ticket:
    window = Window.objects.get(office=cast.office_a, number=number)
    ticket = calling.ticket_call_next(actor=cast.clerk_a, window=window)
    assert ticket is not None
    return ticket


def test_the_screen_shows_the_latest_call_highlighted_and_the_earlier_ones(
    client: Client, cast: Any, issue: Issue
) -> None:
    issue(1)
    issue(2)
    _call(cast, 1)
    _call(cast, 2)
    response = client.get("/display/haimen/")
    page = _page(response)
    assert response.status_code == 200
    latest = page.split('data-testid="display-latest"')[1].split("</div>")[0]
    assert "A002" in latest and "Window 2" in latest
    earlier = page.split('data-testid="display-earlier"')[1]
    assert "A001" in earlier
    assert 'hx-trigger="every 2s"' in page
    assert 'hx-get="/display/haimen/calls/"' in page


def test_the_screen_shows_no_names_id_numbers_or_phones(
    client: Client, cast: Any, issue: Issue
) -> None:
    ticket = issue(1, agent=1)
    Ticket.objects.filter(pk=ticket.pk).update(phone="13912345678")
    _call(cast, 1)
    pages = [
        _page(client.get(url))
        for url in ["/display/haimen/", "/display/haimen/calls/", "/display/haimen/waiting/"]
    ]
    for page in pages:
        for personal in ["申请人", "代理人", resident_id(1), resident_id(501), "13912345678"]:
            assert personal not in page
        assert resident_id(1)[:6] not in page
    assert "A001" in pages[0] and "A001" in pages[1]


def test_a_recall_is_marked_on_the_screen(client: Client, cast: Any, issue: Issue) -> None:
    issue(1)
    ticket = _call(cast, 1)
    calling.ticket_recall(actor=cast.clerk_a, ticket=ticket)
    page = _page(client.get("/display/haimen/calls/"))
    assert "called again" in page.split('data-testid="display-latest"')[1].split("</div>")[0]


def test_the_calls_partial_is_a_fragment_costing_one_query(
    client: Client, cast: Any, issue: Issue, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 4):
        issue(n)
    _call(cast, 1)
    _call(cast, 2)
    client.get("/display/haimen/calls/")
    with django_assert_max_num_queries(1):
        response = client.get("/display/haimen/calls/", headers={"HX-Request": "true"})
    page = _page(response)
    assert page.startswith('<section id="display-calls"') and "<html" not in page
    assert "A002" in page


def test_the_whole_screen_keeps_to_a_fixed_number_of_queries(
    client: Client, cast: Any, issue: Issue, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 10):
        issue(n)
    for number in (1, 2):
        _call(cast, number)
    with django_assert_max_num_queries(3):
        assert client.get("/display/haimen/").status_code == 200


def test_the_waiting_counts_are_shown_per_service(client: Client, cast: Any, issue: Issue) -> None:
    mortgage = ServiceType.objects.get(code="mortgage")
    issue(1)
    issue(2)
    issue(3, service_type=mortgage)
    page = _page(client.get("/display/haimen/waiting/"))
    general_row = page.split('data-testid="display-waiting-A"')[1].split("</li>")[0]
    mortgage_row = page.split('data-testid="display-waiting-B"')[1].split("</li>")[0]
    assert "<strong>2</strong>" in general_row
    assert "<strong>1</strong>" in mortgage_row


def test_an_unknown_or_closed_office_has_no_screen(client: Client, cast: Any) -> None:
    assert client.get("/display/nowhere/").status_code == 404
    account_services.office_update(
        actor=cast.admin, office=cast.office_b, data={"is_active": False}
    )
    assert client.get("/display/chongchuan/").status_code == 404
    assert client.get("/display/chongchuan/calls/").status_code == 404


def test_an_office_with_no_call_yet_says_so(client: Client, cast: Any) -> None:
    page = _page(client.get("/display/haimen/"))
    assert 'data-testid="display-idle"' in page


def test_the_screen_is_rate_limited_per_address(client: Client, cast: Any) -> None:
    with (
        mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0),
        mock.patch("yichuang.frontdesk.views.display.DISPLAY_RATE", "3/m"),
    ):
        for _ in range(3):
            assert client.get("/display/haimen/calls/").status_code == 200
        assert client.get("/display/haimen/calls/").status_code == 429
