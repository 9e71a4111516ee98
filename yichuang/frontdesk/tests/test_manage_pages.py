"""The office head's hall pages (kiosks, settings, figures) and the front desk's admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import Kiosk, QueueSettings, Ticket
from yichuang.frontdesk.services import kiosks
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.services.settings import queue_settings_update
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

Issue = Callable[..., Ticket]


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(response: Any) -> str:
    return response.content.decode()


# Kiosks -------------------------------------------------------------------------------------


def test_the_head_registers_a_kiosk_and_sees_its_token_once(
    client_for: Any, cast: Any, client: Client
) -> None:
    head = client_for(cast.head_a)
    response = head.post("/staff/hall/kiosks/register/", {"name": "大厅东侧"})
    page = _page(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "cannot be shown again" in page
    kiosk = Kiosk.objects.get()
    assert (kiosk.office, kiosk.name, kiosk.registered_by) == (
        cast.office_a,
        "大厅东侧",
        cast.head_a,
    )
    token = page.split('data-testid="kiosk-token-value"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert token.endswith(kiosk.token_hint) and len(token) > 20
    assert AuditEvent.objects.filter(event_type="kiosk.register").count() == 1
    listing = _page(head.get("/staff/hall/kiosks/"))
    assert "大厅东侧" in listing and token not in listing and kiosk.token_hint in listing
    # The token shown pairs a device.
    head.logout()
    assert client.post("/kiosk/pair/", {"token": token}).status_code == 302
    assert client.get("/kiosk/").status_code == 200


def test_a_kiosk_needs_a_name(client_for: Any, cast: Any) -> None:
    response = client_for(cast.head_a).post("/staff/hall/kiosks/register/", {"name": " "})
    assert response.status_code == 200
    assert "This field is required." in _page(response)
    assert not Kiosk.objects.exists()


def test_the_head_revokes_a_kiosk(client_for: Any, cast: Any) -> None:
    kiosk, _token = kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="东侧")
    client = client_for(cast.head_a)
    response = client.post(f"/staff/hall/kiosks/{kiosk.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, "/staff/hall/kiosks/")
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is not None
    page = _page(client.get("/staff/hall/kiosks/"))
    assert "Kiosk 东侧 is revoked" in page
    assert f'data-testid="kiosk-revoke-{kiosk.pk}"' not in page


def test_a_head_cannot_revoke_another_offices_kiosk(client_for: Any, cast: Any) -> None:
    kiosk, _token = kiosks.kiosk_register(actor=cast.head_b, office=cast.office_b, name="B")
    response = client_for(cast.head_a).post(f"/staff/hall/kiosks/{kiosk.pk}/revoke/")
    assert response.status_code == 404
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is None


@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "supervisor", "citizen"])
def test_only_heads_and_administrators_manage_kiosks_and_settings(
    client_for: Any, cast: Any, who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get("/staff/hall/kiosks/").status_code == 403
    assert client.post("/staff/hall/kiosks/register/", {"name": "x"}).status_code == 403
    assert client.get("/staff/hall/settings/").status_code == 403
    assert client.post("/staff/hall/settings/", {"sessions": "09:00-12:00"}).status_code == 403
    assert not Kiosk.objects.exists()


def test_an_administrator_chooses_the_office(client_for: Any, cast: Any) -> None:
    client = client_for(cast.admin)
    chooser = _page(client.get("/staff/hall/kiosks/"))
    assert 'href="/staff/hall/kiosks/?office=chongchuan"' in chooser
    response = client.post("/staff/hall/kiosks/register/?office=chongchuan", {"name": "B1"})
    assert response.status_code == 200
    assert Kiosk.objects.get().office == cast.office_b


def test_the_kiosk_list_keeps_to_a_fixed_number_of_queries(
    client_for: Any, cast: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name=f"机{n}")
    client = client_for(cast.head_a)
    with django_assert_max_num_queries(5):
        page = _page(client.get("/staff/hall/kiosks/"))
    assert page.count('data-testid="kiosk-row-') == 6


# Settings ---------------------------------------------------------------------------------------


def _settings_form(**changes: Any) -> dict[str, Any]:
    current = QueueSettings()
    data: dict[str, Any] = {
        "sessions": "09:00-12:00, 13:30-17:00",
        "priority_groups": ["elderly", "disabled", "military"],
        "out_of_order_reasons": ["returned_after_recall", "urgent_medical"],
    }
    for name in [
        "agent_principal_cap",
        "slot_minutes",
        "appointment_share",
        "booking_horizon_days",
        "booking_hold_minutes",
        "bookings_per_identity",
        "booking_period_days",
        "checkin_early_minutes",
        "checkin_late_minutes",
        "inquiry_escalation_hours",
        "default_service_minutes",
    ]:
        data[name] = getattr(current, name)
    data.update(changes)
    return data


def test_the_settings_page_shows_the_current_values(client_for: Any, cast: Any) -> None:
    page = _page(client_for(cast.head_a).get("/staff/hall/settings/"))
    assert 'value="09:00-12:00, 13:30-17:00"' in page
    assert "Urgent medical need" in page
    assert 'data-testid="settings-save"' in page


def test_the_head_saves_the_settings(client_for: Any, cast: Any) -> None:
    client = client_for(cast.head_a)
    response = client.post(
        "/staff/hall/settings/",
        _settings_form(sessions="8:30-12:00；13:00-17:30", agent_principal_cap=2),
    )
    assert (response.status_code, response["Location"]) == (302, "/staff/hall/settings/")
    settings_a = queue_settings_for(cast.office_a)
    assert settings_a.sessions == [["08:30", "12:00"], ["13:00", "17:30"]]
    assert settings_a.agent_principal_cap == 2
    assert settings_a.out_of_order_reasons == ["returned_after_recall", "urgent_medical"]
    assert queue_settings_for(cast.office_b).agent_principal_cap == 3
    assert "The hall settings are saved." in _page(client.get("/staff/hall/settings/"))
    assert AuditEvent.objects.filter(event_type="queue_settings.update").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sessions": "12:00-09:00"}, "The opening hours are not valid"),
        ({"sessions": "morning"}, "Write each period as start-end"),
        ({"out_of_order_reasons": []}, "Choose at least one of the listed reasons"),
        ({"out_of_order_reasons": ["bribe"]}, "Select a valid choice"),
        ({"slot_minutes": 2}, "Enter a number from 5 to 32767."),
        ({"appointment_share": 101}, "Enter a number from 0 to 100."),
        ({"slot_minutes": "ten"}, "Enter a whole number."),
    ],
)
def test_bad_settings_show_form_errors_and_save_nothing(
    client_for: Any, cast: Any, changes: dict[str, Any], message: str
) -> None:
    before = queue_settings_for(cast.office_a)
    response = client_for(cast.head_a).post("/staff/hall/settings/", _settings_form(**changes))
    assert response.status_code == 200
    assert message in _page(response)
    after = queue_settings_for(cast.office_a)
    assert (after.sessions, after.slot_minutes, after.out_of_order_reasons) == (
        before.sessions,
        before.slot_minutes,
        before.out_of_order_reasons,
    )
    assert not AuditEvent.objects.filter(event_type="queue_settings.update").exists()


# Figures -------------------------------------------------------------------------------------


def test_the_head_reads_the_days_figures(
    client_for: Any, cast: Any, issue: Issue, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 5):
        issue(n)
    client = client_for(cast.head_a)
    with django_assert_max_num_queries(9):
        response = client.get("/staff/hall/figures/")
    page = _page(response)
    assert response.status_code == 200
    issued = page.split('data-testid="figure-tickets_issued"')[1].split("</tr>")[0]
    assert "<td>4</td>" in issued
    assert 'data-testid="figure-wait_median"' in page


def test_figures_for_another_day(client_for: Any, cast: Any, issue: Issue) -> None:
    issue(1)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = _page(client_for(cast.head_a).get(f"/staff/hall/figures/?day={yesterday:%Y-%m-%d}"))
    issued = page.split('data-testid="figure-tickets_issued"')[1].split("</tr>")[0]
    assert "<td>0</td>" in issued


def test_a_bad_day_is_a_form_error(client_for: Any, cast: Any) -> None:
    response = client_for(cast.head_a).get("/staff/hall/figures/?day=2026-13-40")
    assert response.status_code == 200
    assert "Enter a valid date." in _page(response)
    assert 'data-testid="figures-table"' not in _page(response)


@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "citizen"])
def test_clerks_and_the_public_may_not_read_the_figures(
    client_for: Any, cast: Any, who: str
) -> None:
    assert client_for(getattr(cast, who)).get("/staff/hall/figures/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, cast: Any) -> None:
    for url in ["/staff/hall/figures/", "/staff/hall/kiosks/", "/staff/hall/settings/"]:
        assert client.get(url)["Location"].startswith("/staff/login/")


def test_a_supervisor_chooses_an_office_in_scope(client_for: Any, cast: Any, issue: Issue) -> None:
    issue(1)
    client = client_for(cast.supervisor)
    page_b = _page(client.get("/staff/hall/figures/?office=chongchuan"))
    assert "南通市崇川区不动产登记中心" in page_b
    assert "<td>0</td>" in page_b.split('data-testid="figure-tickets_issued"')[1].split("</tr>")[0]
    page_a = _page(client.get("/staff/hall/figures/?office=haimen"))
    assert "<td>1</td>" in page_a.split('data-testid="figure-tickets_issued"')[1].split("</tr>")[0]


def test_a_head_cannot_read_another_offices_figures(client_for: Any, cast: Any) -> None:
    response = client_for(cast.head_a).get("/staff/hall/figures/?office=chongchuan")
    assert response.status_code == 200
    assert "Select a valid choice" in _page(response)
    assert 'data-testid="figures-table"' not in _page(response)


# Admin -------------------------------------------------------------------------------------------


def test_the_admin_lists_tickets_masked_and_read_only(
    client_for: Any, cast: Any, issue: Issue
) -> None:
    ticket = issue(1)
    client = client_for(cast.admin)
    listing = client.get("/admin/frontdesk/ticket/")
    assert listing.status_code == 200
    page = _page(listing)
    assert "A001" in page and "申***" in page and "申请人1" not in page
    detail = _page(client.get(f"/admin/frontdesk/ticket/{ticket.pk}/change/"))
    assert resident_id(1) not in detail and "申请人1" not in detail
    assert client.get("/admin/frontdesk/ticket/add/").status_code == 403
    assert client.post(f"/admin/frontdesk/ticket/{ticket.pk}/delete/").status_code == 403
    assert client.get("/admin/frontdesk/kiosk/add/").status_code == 403
    for model in ["callevent", "identitycheck", "abusesignal", "kiosk", "queuesettings"]:
        assert client.get(f"/admin/frontdesk/{model}/").status_code == 200, model


def test_settings_saved_in_the_admin_go_through_the_service(client_for: Any, cast: Any) -> None:
    current = queue_settings_update(actor=cast.head_a, office=cast.office_a)
    data = {
        "sessions": '[["09:00", "12:00"], ["14:00", "17:00"]]',
        "priority_groups": '["elderly"]',
        "out_of_order_reasons": '["urgent_medical"]',
        **{k: v for k, v in _settings_form().items() if isinstance(v, int)},
    }
    client = client_for(cast.admin)
    response = client.post(f"/admin/frontdesk/queuesettings/{current.pk}/change/", data)
    assert response.status_code == 302, _page(response)[:3000]
    current.refresh_from_db()
    assert current.sessions == [["09:00", "12:00"], ["14:00", "17:00"]]
    assert current.priority_groups == ["elderly"]
    event = AuditEvent.objects.get(event_type="queue_settings.update")
    assert event.actor == cast.admin
    bad = client.post(
        f"/admin/frontdesk/queuesettings/{current.pk}/change/",
        {**data, "out_of_order_reasons": '["bribe"]'},
    )
    assert bad.status_code == 200
    assert "Choose at least one of the listed reasons" in _page(bad)
    current.refresh_from_db()
    assert current.out_of_order_reasons == ["urgent_medical"]


def test_staff_who_are_not_administrators_do_not_see_the_front_desk_admin(
    client_for: Any, cast: Any
) -> None:
    assert client_for(cast.head_a).get("/admin/frontdesk/ticket/").status_code == 302
