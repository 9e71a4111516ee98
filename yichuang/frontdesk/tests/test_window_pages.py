"""The hall index and the window screen: who may open them, every button with and without
htmx, refusals shown as messages, and masked personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yichuang.accounts.models import ServiceType, Window
from yichuang.frontdesk.models import CallEvent, IdentityCheck, Ticket
from yichuang.frontdesk.services import calling
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Issue = Callable[..., Ticket]
HTMX = {"HX-Request": "true"}
SCREEN = "/staff/hall/window/1/"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    # Assertions read the English source, whatever the catalog says later.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(response: Any) -> str:
    return response.content.decode()


def _called(cast: Any, window: Window) -> Ticket:
    ticket = calling.ticket_call_next(actor=cast.clerk_a, window=window)
    assert ticket is not None
    return ticket


# Who may open the pages -----------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, cast: Any) -> None:
    for url in ["/staff/hall/", SCREEN]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/")


def test_a_citizen_is_refused_the_hall_and_the_windows(client_for: Any, cast: Any) -> None:
    client = client_for(cast.citizen)
    assert client.get("/staff/hall/").status_code == 403
    assert client.get(SCREEN).status_code == 403
    assert client.post(SCREEN + "call-next/").status_code == 403


def test_a_reviewer_sees_the_hall_but_may_not_work_a_window(client_for: Any, cast: Any) -> None:
    client = client_for(cast.reviewer_a)
    assert client.get("/staff/hall/").status_code == 200
    assert client.get(SCREEN).status_code == 403
    assert client.post(SCREEN + "call-next/").status_code == 403


def test_a_clerk_of_office_b_gets_404_on_office_as_windows(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_b)
    # Office B has windows 1 and 2 only; window 3 is office A's.
    assert client.get("/staff/hall/window/3/").status_code == 404
    assert client.post("/staff/hall/window/3/call-next/").status_code == 404
    # Office A's ticket posted through office B's own window is not found either.
    response = client.post("/staff/hall/window/1/finish/", {"ticket": ticket.pk})
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == "called"


def test_the_hall_index_shows_each_window_and_its_ticket_in_hand(
    client_for: Any, cast: Any, issue: Issue, window_1: Window, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 8):
        issue(n)
    _called(cast, window_1)
    client = client_for(cast.clerk_a)
    with django_assert_max_num_queries(8):
        response = client.get("/staff/hall/")
    page = _page(response)
    assert response.status_code == 200
    assert 'data-testid="hall-window-1"' in page and 'data-testid="hall-window-5"' in page
    row = page.split('data-testid="hall-window-1"')[1].split("</tr>")[0]
    assert "A001" in row
    assert 'href="/staff/hall/window/1/"' in page
    assert "申请人" not in page


def test_a_supervisor_without_an_office_is_offered_the_offices_in_scope(
    client_for: Any, cast: Any
) -> None:
    page = _page(client_for(cast.supervisor).get("/staff/hall/"))
    assert "/display/haimen/" in page and "/display/chongchuan/" in page


# The screen -----------------------------------------------------------------------------


def test_the_screen_shows_the_ticket_in_hand_masked(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1, agent=1, priority_group="elderly")
    _called(cast, window_1)
    page = _page(client_for(cast.clerk_a).get(SCREEN))
    assert 'data-testid="in-hand-number">A001<' in page
    assert "申***" in page
    assert "申请人1" not in page
    assert resident_id(1) not in page and resident_id(501) not in page
    assert resident_id(1)[:6] + "********" + resident_id(1)[-4:] in page
    assert "代**" in page
    assert "Elderly person" in page
    assert "Window" in page


def test_the_queue_is_listed_in_calling_order_with_human_reason_labels(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    issue(2, priority_group="elderly")
    page = _page(client_for(cast.clerk_a).get(SCREEN))
    assert page.index('data-testid="queue-row-A002"') < page.index('data-testid="queue-row-A001"')
    assert "Urgent medical need" in page
    assert 'value="urgent_medical"' in page
    assert 'data-testid="call-out-of-order-A001"' in page


def test_the_window_screen_keeps_to_a_fixed_number_of_queries(
    client_for: Any, cast: Any, issue: Issue, window_1: Window, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 13):
        issue(n)
    _called(cast, window_1)
    client = client_for(cast.clerk_a)
    with django_assert_max_num_queries(16):
        response = client.get(SCREEN)
    assert response.status_code == 200
    assert _page(response).count('data-testid="queue-row-') == 11


def test_the_call_next_button_is_disabled_while_its_request_runs(
    client_for: Any, cast: Any
) -> None:
    page = _page(client_for(cast.clerk_a).get(SCREEN))
    form = page.split('data-testid="call-next"')[0].rsplit("<form", 1)[1]
    assert 'hx-disabled-elt="find button"' in form
    assert 'hx-post="/staff/hall/window/1/call-next/"' in form
    assert 'action="/staff/hall/window/1/call-next/"' in form


def test_the_panel_and_queue_partials_are_fragments(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    client = client_for(cast.clerk_a)
    panel = client.get(SCREEN + "panel/", headers=HTMX)
    queue = client.get(SCREEN + "queue/", headers=HTMX)
    assert panel.status_code == queue.status_code == 200
    assert _page(panel).startswith('<section id="window-panel"')
    assert _page(queue).startswith('<section id="window-queue"')
    assert "A001" in _page(queue)


# Calling -----------------------------------------------------------------------------------


def test_call_next_with_htmx_answers_the_panel(client_for: Any, cast: Any, issue: Issue) -> None:
    issue(1)
    response = client_for(cast.clerk_a).post(SCREEN + "call-next/", headers=HTMX)
    page = _page(response)
    assert response.status_code == 200
    assert page.startswith('<section id="window-panel"') and "<html" not in page
    assert 'data-testid="in-hand-number">A001<' in page
    assert "Ticket A001 is called." in page
    assert Ticket.objects.get().status == "called"


def test_call_next_without_javascript_redirects_back_to_the_screen(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    client = client_for(cast.clerk_a)
    response = client.post(SCREEN + "call-next/")
    assert (response.status_code, response["Location"]) == (302, SCREEN)
    page = _page(client.get(SCREEN))
    assert "Ticket A001 is called." in page
    assert 'data-testid="in-hand-number">A001<' in page


def test_a_double_click_on_call_next_calls_one_ticket(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    issue(2)
    client = client_for(cast.clerk_a)
    first = client.post(SCREEN + "call-next/", headers=HTMX)
    second = client.post(SCREEN + "call-next/", headers=HTMX)
    assert 'data-testid="in-hand-number">A001<' in _page(first)
    assert 'data-testid="in-hand-number">A001<' in _page(second)
    assert CallEvent.objects.count() == 1
    assert list(Ticket.objects.order_by("display").values_list("status", flat=True)) == [
        "called",
        "waiting",
    ]


def test_call_next_with_nobody_waiting_says_so(client_for: Any, cast: Any) -> None:
    page = _page(client_for(cast.clerk_a).post(SCREEN + "call-next/", headers=HTMX))
    assert "Nobody is waiting for this window." in page
    assert CallEvent.objects.count() == 0


def test_calling_out_of_order_without_a_reason_is_refused_and_calls_nothing(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    second = issue(2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "call/", {"ticket": second.pk, "reason": ""}, headers=HTMX
    )
    assert response.status_code == 200
    assert "Calling out of order needs one of the office&#x27;s reasons." in _page(response)
    assert CallEvent.objects.count() == 0
    assert set(Ticket.objects.values_list("status", flat=True)) == {"waiting"}


def test_calling_out_of_order_with_a_reason_records_it(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    second = issue(2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "call/", {"ticket": second.pk, "reason": "urgent_medical"}
    )
    assert response.status_code == 302
    call = CallEvent.objects.get()
    assert (call.ticket_id, call.out_of_order_reason, call.skipped) == (
        second.pk,
        "urgent_medical",
        1,
    )


def test_an_unknown_reason_is_refused(client_for: Any, cast: Any, issue: Issue) -> None:
    issue(1)
    second = issue(2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "call/", {"ticket": second.pk, "reason": "friend_of_the_clerk"}, headers=HTMX
    )
    assert "Choose one of the listed reasons." in _page(response)
    assert CallEvent.objects.count() == 0


def test_recall_and_no_show(client_for: Any, cast: Any, issue: Issue, window_1: Window) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_a)
    recall = client.post(SCREEN + "recall/", {"ticket": ticket.pk}, headers=HTMX)
    assert "Ticket A001 is called again." in _page(recall)
    assert CallEvent.objects.filter(action="recall").count() == 1
    no_show = client.post(SCREEN + "no-show/", {"ticket": ticket.pk}, headers=HTMX)
    assert "Ticket A001 did not come." in _page(no_show)
    ticket.refresh_from_db()
    assert ticket.status == "no_show"
    assert 'data-testid="in-hand-none"' in _page(no_show)


def test_finishing_a_ticket_not_yet_checked_shows_the_refusal(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    response = client_for(cast.clerk_a).post(SCREEN + "finish/", {"ticket": ticket.pk})
    assert response.status_code == 200
    assert "Ticket A001 is called." in _page(response)
    assert 'data-testid="feedback-error"' in _page(response)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.ended_at) == ("called", None)


def test_a_stale_page_cannot_act_on_a_ticket_at_another_window(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    issue(1)
    window_2 = Window.objects.get(office=cast.office_a, number=2)
    ticket = _called(cast, window_2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "no-show/", {"ticket": ticket.pk}, headers=HTMX
    )
    assert "Ticket A001 is no longer at this window." in _page(response)
    ticket.refresh_from_db()
    assert ticket.status == "called"


def test_a_bad_form_never_gives_a_500(client_for: Any, cast: Any) -> None:
    client = client_for(cast.clerk_a)
    for action in ["recall/", "no-show/", "finish/", "call/", "transfer/", "identity-check/"]:
        response = client.post(SCREEN + action, {"ticket": "x"}, headers=HTMX)
        assert response.status_code == 200, action


# Identity re-check ---------------------------------------------------------------------------


def _check(client: Client, ticket: Ticket, number: str, **extra: str) -> Any:
    data = {
        "check-ticket": ticket.pk,
        "check-document_type": "resident_id",
        "check-document_number": number,
        **extra,
    }
    return client.post(SCREEN + "identity-check/", data, headers=HTMX)


def test_a_matching_document_starts_the_service(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    page = _page(_check(client_for(cast.clerk_a), ticket, resident_id(1)))
    assert 'data-testid="identity-match"' in page
    assert 'data-testid="identity-mismatch"' not in page
    ticket.refresh_from_db()
    assert (ticket.status, ticket.identity_checked_as) == ("serving", "principal")
    assert 'data-testid="finish"' in page


def test_a_mismatch_shows_the_red_warning_and_keeps_the_ticket_unserved(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_a)
    page = _page(_check(client, ticket, resident_id(7)))
    assert 'data-testid="identity-mismatch"' in page
    assert "The document does not match this ticket; do not serve." in page
    ticket.refresh_from_db()
    assert ticket.status == "called"
    assert IdentityCheck.objects.get().matched == ""
    # The warning stays on the screen after a reload.
    assert 'data-testid="identity-mismatch"' in _page(client.get(SCREEN))


def test_an_agent_without_a_power_of_attorney_is_told_so(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1, agent=1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_a)
    page = _page(_check(client, ticket, resident_id(501)))
    assert "An agent is served only with the power of attorney." in page
    assert IdentityCheck.objects.count() == 0
    page = _page(_check(client, ticket, resident_id(501), **{"check-power_of_attorney": "on"}))
    assert "the agent, with a power of attorney" in page
    ticket.refresh_from_db()
    assert ticket.status == "serving"


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def test_a_mistyped_document_number_is_a_form_error(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_a)
    response = client.post(
        SCREEN + "identity-check/",
        {
            "check-ticket": ticket.pk,
            "check-document_type": "resident_id",
            "check-document_number": _wrong_check_digit(resident_id(1)),
        },
    )
    assert response.status_code == 200
    assert "The check digit is wrong" in _page(response)
    assert IdentityCheck.objects.count() == 0


# Transfer and finish ---------------------------------------------------------------------------


def test_transfer_sends_the_ticket_to_the_chosen_window(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    window_2 = Window.objects.get(office=cast.office_a, number=2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "transfer/",
        {"transfer-ticket": ticket.pk, "transfer-to_window": window_2.pk},
        headers=HTMX,
    )
    assert "Ticket A001 is sent to Window 2." in _page(response)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.window, ticket.transferred_to) == ("waiting", None, window_2)


def test_transfer_offers_only_other_open_windows_of_the_office(
    client_for: Any, cast: Any, issue: Issue, window_1: Window
) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    window_b = Window.objects.get(office=cast.office_b, number=2)
    response = client_for(cast.clerk_a).post(
        SCREEN + "transfer/",
        {"transfer-ticket": ticket.pk, "transfer-to_window": window_b.pk},
        headers=HTMX,
    )
    assert "Select a valid choice" in _page(response)
    ticket.refresh_from_db()
    assert ticket.status == "called"


def test_finish_after_the_check(client_for: Any, cast: Any, issue: Issue, window_1: Window) -> None:
    issue(1)
    ticket = _called(cast, window_1)
    client = client_for(cast.clerk_a)
    _check(client, ticket, resident_id(1))
    response = client.post(SCREEN + "finish/", {"ticket": ticket.pk})
    assert (response.status_code, response["Location"]) == (302, SCREEN)
    ticket.refresh_from_db()
    assert ticket.status == "finished"


# Walk-in tickets ---------------------------------------------------------------------------------


def _walk_in(n: int, **extra: str) -> dict[str, str]:
    return {
        "issue-service_type": "general",
        "issue-priority_group": "",
        "issue-document_type": "resident_id",
        "issue-document_number": resident_id(n),
        "issue-name": f"申请人{n}",
        **extra,
    }


def test_a_walk_in_ticket_is_issued_with_htmx(client_for: Any, cast: Any) -> None:
    response = client_for(cast.clerk_a).post(SCREEN + "issue/", _walk_in(1), headers=HTMX)
    page = _page(response)
    assert response.status_code == 200
    assert page.startswith('<section id="walk-in"')
    assert response["HX-Trigger"] == "queue-changed"
    assert 'data-testid="issued-ticket"' in page and "A001" in page
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.issued_by, ticket.principal_name) == (
        "window",
        cast.clerk_a,
        "申请人1",
    )


def test_a_walk_in_ticket_without_javascript_redirects_with_a_message(
    client_for: Any, cast: Any
) -> None:
    client = client_for(cast.clerk_a)
    response = client.post(SCREEN + "issue/", _walk_in(1, **{"issue-priority_group": "elderly"}))
    assert (response.status_code, response["Location"]) == (302, SCREEN)
    assert "Ticket A001 is issued to 申***." in _page(client.get(SCREEN))
    assert Ticket.objects.get().priority_group == "elderly"


def test_a_second_walk_in_ticket_names_the_one_held(client_for: Any, cast: Any) -> None:
    client = client_for(cast.clerk_a)
    client.post(SCREEN + "issue/", _walk_in(1), headers=HTMX)
    response = client.post(SCREEN + "issue/", _walk_in(1), headers=HTMX)
    assert "You already hold ticket A001 for this service today." in _page(response)
    assert "HX-Trigger" not in response
    assert Ticket.objects.count() == 1


def test_bad_walk_in_input_shows_form_errors_and_issues_nothing(client_for: Any, cast: Any) -> None:
    client = client_for(cast.clerk_a)
    bad_number = client.post(
        SCREEN + "issue/", _walk_in(1, **{"issue-document_number": "123"}), headers=HTMX
    )
    assert "The number must be 15/18 characters long, not 3." in _page(bad_number)
    no_service = client.post(SCREEN + "issue/", _walk_in(1, **{"issue-service_type": "x"}))
    assert no_service.status_code == 200
    assert "Select a valid choice" in _page(no_service)
    bad_group = client.post(
        SCREEN + "issue/", _walk_in(1, **{"issue-priority_group": "vip"}), headers=HTMX
    )
    assert "Select a valid choice" in _page(bad_group)
    assert Ticket.objects.count() == 0


def test_the_walk_in_form_offers_only_the_services_of_the_office(
    client_for: Any, cast: Any
) -> None:
    ServiceType.objects.filter(code="query").update(is_active=False)
    page = _page(client_for(cast.clerk_a).get(SCREEN))
    form = page.split('<section id="walk-in"')[1]
    assert 'value="general"' in form and 'value="mortgage"' in form
    assert 'value="query"' not in form
