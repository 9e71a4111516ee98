"""The staff pages of the legacy cases register (历史遗留问题台账), under /staff/cases/legacy/."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.cases.models import LegacyCase, LegacyCaseNote
from yichuang.cases.services import legacy_case_open, legacy_case_update

LIST = "cases:legacy_list"
NEW = "cases:legacy_new"


def detail_url(legacy: LegacyCase) -> str:
    return reverse("cases:legacy_detail", args=[legacy.pk])


def update_url(legacy: LegacyCase) -> str:
    return reverse("cases:legacy_update", args=[legacy.pk])


def text(response: Any) -> str:
    return str(response.content.decode())


def field_errors(body: str, field: str) -> str:
    """The error list drawn beside the named field (each field is one paragraph), or ''."""
    start = body.index(f'name="{field}"')
    paragraph = body[start : body.index("</p>", start)]
    match = re.search(r'<ul class="errorlist".*?</ul>', paragraph, re.S)
    return match.group(0) if match else ""


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def open_legacy(cast: Any) -> Callable[..., LegacyCase]:
    def make(**fields: Any) -> LegacyCase:
        values: dict[str, Any] = {
            "actor": cast.head_a,
            "office": cast.office_a,
            "title": "海门新村12幢未办理竣工验收",
            "location": "海门区海门新村12幢",
            "description": "1998年建成，未办理规划竣工验收，住户无法办理首次登记。",
            "policy": "海政办发〔2021〕15号 第三条",
            "blocker": "缺少规划核实意见",
            "owner": cast.reviewer_a,
            "households": 48,
            **fields,
        }
        return legacy_case_open(**values)

    return make


@pytest.fixture
def legacy(open_legacy: Callable[..., LegacyCase]) -> LegacyCase:
    return open_legacy()


def new_case_form(owner: Any, **fields: str) -> dict[str, Any]:
    return {
        "title": "城南地块历史分割转让",
        "location": "海门区城南路5号",
        "households": "3",
        "description": "统一登记前分割出让，宗地未分宗。",
        "policy": "南通市不动产登记历史遗留问题处理意见 第五条",
        "blocker": "需自然资源局出具分宗意见",
        "owner": str(owner.pk),
        "target_date": "2031-06-30",
        **fields,
    }


# Opening --------------------------------------------------------------------------------------


def test_a_head_opens_a_legacy_case_and_is_sent_to_it(client_for: Any, cast: Any) -> None:
    client = client_for(cast.head_a)
    assert client.get(reverse(NEW)).status_code == 200
    response = client.post(reverse(NEW), new_case_form(cast.registrar_a))
    legacy = LegacyCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(legacy)
    assert (legacy.office, legacy.owner, legacy.status) == (cast.office_a, cast.registrar_a, "open")
    assert (legacy.households, legacy.target_date) == (3, dt.date(2031, 6, 30))
    assert legacy.policy == "南通市不动产登记历史遗留问题处理意见 第五条"
    assert AuditEvent.objects.filter(event_type="legacy_case.open", actor=cast.head_a).count() == 1
    body = text(client.get(detail_url(legacy)))
    assert legacy.reference in body
    assert "需自然资源局出具分宗意见" in body


@pytest.mark.parametrize("who", ["reviewer_a", "registrar_a"])
def test_reviewers_and_registrars_may_open_cases_too(client_for: Any, cast: Any, who: str) -> None:
    response = client_for(getattr(cast, who)).post(reverse(NEW), new_case_form(cast.head_a))
    assert response.status_code == 302
    assert LegacyCase.objects.get().office == cast.office_a


def test_the_owner_is_chosen_among_active_staff_of_the_office(client_for: Any, cast: Any) -> None:
    client = client_for(cast.head_a)
    body = text(client.get(reverse(NEW)))
    for colleague in ("clerk_a", "reviewer_a", "registrar_a", "query_clerk_a", "head_a"):
        assert f"({colleague})" in body
    for outsider in ("clerk_b", "head_b", "supervisor_city", "citizen", "admin"):
        assert f"({outsider})" not in body
    response = client.post(reverse(NEW), new_case_form(cast.clerk_b))
    assert response.status_code == 200
    assert field_errors(text(response), "owner")
    assert not LegacyCase.objects.exists()


def test_a_case_without_its_policy_is_refused_by_the_policy_field(
    client_for: Any, cast: Any
) -> None:
    response = client_for(cast.head_a).post(
        reverse(NEW), new_case_form(cast.reviewer_a, policy="  ")
    )
    body = text(response)
    assert response.status_code == 200
    assert "This field is required." in field_errors(body, "policy")
    assert field_errors(body, "title") == ""
    assert not LegacyCase.objects.exists()
    assert not AuditEvent.objects.filter(event_type="legacy_case.open").exists()


def test_households_must_be_a_positive_number(client_for: Any, cast: Any) -> None:
    client = client_for(cast.head_a)
    for value in ("many", "0"):
        response = client.post(reverse(NEW), new_case_form(cast.reviewer_a, households=value))
        assert response.status_code == 200
        assert field_errors(text(response), "households")
    assert not LegacyCase.objects.exists()


# Moving on, ending, the history ------------------------------------------------------------


def test_open_move_on_and_resolve_shows_every_note_in_order(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    client = client_for(cast.registrar_a)
    steps = [
        {"note": "已与规划部门对接", "status": "in_progress"},
        {"note": "等待消防验收意见", "status": "blocked", "blocker": "缺少消防验收意见"},
        {"note": "消防意见已出具", "status": "in_progress", "owner": str(cast.head_a.pk)},
        {"note": "已全部办理首次登记", "status": "resolved", "outcome": "48户全部登记发证"},
    ]
    for step in steps:
        response = client.post(update_url(legacy), step)
        assert response.status_code == 302, text(response)
        assert response["Location"] == detail_url(legacy)

    legacy.refresh_from_db()
    assert (legacy.status, legacy.owner, legacy.outcome) == (
        "resolved",
        cast.head_a,
        "48户全部登记发证",
    )
    assert legacy.blocker == "缺少消防验收意见"
    assert legacy.ended_at is not None
    assert list(
        LegacyCaseNote.objects.filter(legacy_case=legacy).values_list("status_from", "status_to")
    ) == [
        ("", "open"),
        ("open", "in_progress"),
        ("in_progress", "blocked"),
        ("blocked", "in_progress"),
        ("in_progress", "resolved"),
    ]
    body = text(client.get(detail_url(legacy)))
    positions = [body.index(note) for note in ("Opened.", *(step["note"] for step in steps))]
    assert positions == sorted(positions)
    assert body.count("data-note=") == 5
    assert "open → in progress" in body and "in progress → resolved" in body
    assert "48户全部登记发证" in body
    assert "张丽" in body and "刘洋" in body
    assert update_url(legacy) not in body


def test_resolving_without_an_outcome_is_refused_by_the_outcome_field(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    response = client_for(cast.head_a).post(
        update_url(legacy), {"note": "问题已解决", "status": "resolved", "outcome": " "}
    )
    body = text(response)
    assert response.status_code == 200
    assert "Write down how the case ended." in field_errors(body, "outcome")
    legacy.refresh_from_db()
    assert (legacy.status, legacy.ended_at, legacy.outcome) == ("open", None, "")
    assert LegacyCaseNote.objects.filter(legacy_case=legacy).count() == 1
    assert not AuditEvent.objects.filter(event_type="legacy_case.update").exists()


def test_a_note_is_required(client_for: Any, cast: Any, legacy: LegacyCase) -> None:
    response = client_for(cast.head_a).post(
        update_url(legacy), {"note": "", "status": "in_progress"}
    )
    assert response.status_code == 200
    assert "This field is required." in field_errors(text(response), "note")
    legacy.refresh_from_db()
    assert legacy.status == "open"
    assert LegacyCaseNote.objects.filter(legacy_case=legacy).count() == 1


def test_an_owner_from_another_office_is_refused(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    response = client_for(cast.head_a).post(
        update_url(legacy), {"note": "移交", "owner": str(cast.head_b.pk)}
    )
    assert response.status_code == 200
    assert field_errors(text(response), "owner")
    legacy.refresh_from_db()
    assert legacy.owner == cast.reviewer_a


def test_an_ended_case_cannot_be_moved_on(client_for: Any, cast: Any, legacy: LegacyCase) -> None:
    legacy_case_update(
        actor=cast.head_a,
        legacy_case=legacy,
        note="无法解决",
        status="closed",
        outcome="政策不支持",
    )
    client = client_for(cast.head_a)
    response = client.post(update_url(legacy), {"note": "再看看", "status": "open"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(legacy)
    legacy.refresh_from_db()
    assert legacy.status == "closed"
    assert LegacyCaseNote.objects.filter(legacy_case=legacy).count() == 2
    assert "This legacy case has ended." in text(client.get(detail_url(legacy)))


# Who may see and who may write ------------------------------------------------------------


def test_a_clerk_reads_the_register_but_gets_403_on_writes(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    client = client_for(cast.clerk_a)
    assert legacy.reference in text(client.get(reverse(LIST)))
    body = text(client.get(detail_url(legacy)))
    assert legacy.reference in body and update_url(legacy) not in body
    assert client.get(reverse(NEW)).status_code == 403
    assert client.post(reverse(NEW), new_case_form(cast.clerk_a)).status_code == 403
    assert client.get(update_url(legacy)).status_code == 403
    response = client.post(update_url(legacy), {"note": "我来处理", "status": "in_progress"})
    assert response.status_code == 403
    legacy.refresh_from_db()
    assert legacy.status == "open"
    assert LegacyCase.objects.count() == 1
    assert LegacyCaseNote.objects.count() == 1


@pytest.mark.parametrize("who", ["clerk_b", "head_b"])
def test_staff_of_another_office_get_404(
    client_for: Any, cast: Any, legacy: LegacyCase, who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(detail_url(legacy)).status_code == 404
    assert client.get(update_url(legacy)).status_code == 404
    assert client.post(update_url(legacy), {"note": "越权", "status": "closed"}).status_code == 404
    assert legacy.reference not in text(client.get(reverse(LIST)))
    legacy.refresh_from_db()
    assert legacy.status == "open"


def test_the_supervisor_sees_both_offices_read_only(
    client_for: Any, cast: Any, open_legacy: Callable[..., LegacyCase]
) -> None:
    at_a = open_legacy()
    at_b = open_legacy(actor=cast.head_b, office=cast.office_b, owner=cast.clerk_b, title="崇川案")
    client = client_for(cast.supervisor)
    body = text(client.get(reverse(LIST)))
    assert at_a.reference in body and at_b.reference in body
    assert reverse(NEW) not in body
    detail = text(client.get(detail_url(at_b)))
    assert at_b.reference in detail and update_url(at_b) not in detail
    assert client.get(reverse(NEW)).status_code == 403
    assert client.get(update_url(at_a)).status_code == 403
    assert client.post(update_url(at_a), {"note": "督办", "status": "closed"}).status_code == 403
    assert LegacyCaseNote.objects.count() == 2


@pytest.mark.parametrize("who", ["citizen", "admin"])
def test_people_without_a_staff_role_get_403(client_for: Any, cast: Any, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse(NEW)).status_code == 403


def test_the_pages_ask_for_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse(LIST))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


# The list ------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_sums_up_with_the_overdue(
    client_for: Any, cast: Any, open_legacy: Callable[..., LegacyCase]
) -> None:
    past = timezone.localdate() - dt.timedelta(days=1)
    late = open_legacy(title="逾期案", target_date=past)
    blocked = open_legacy(title="受阻案")
    legacy_case_update(actor=cast.head_a, legacy_case=blocked, note="受阻", status="blocked")
    ended_late = open_legacy(title="已结案", target_date=past)
    legacy_case_update(
        actor=cast.head_a, legacy_case=ended_late, note="结案", status="resolved", outcome="已登记"
    )
    client = client_for(cast.head_a)

    body = text(client.get(reverse(LIST)))
    assert all(c.reference in body for c in (late, blocked, ended_late))
    assert re.search(r'data-status="open">1<', body)
    assert re.search(r'data-status="blocked">1<', body)
    assert re.search(r'data-status="resolved">1<', body)
    assert re.search(r'data-status="overdue"><span class="tag">1<', body)
    assert body.count('<tr class="warning">') == 1

    filtered = text(client.get(reverse(LIST), {"status": "blocked"}))
    assert blocked.reference in filtered
    assert late.reference not in filtered and ended_late.reference not in filtered


def test_the_list_takes_a_bounded_number_of_queries(
    client_for: Any,
    cast: Any,
    open_legacy: Callable[..., LegacyCase],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(6):
        open_legacy(title=f"案{n}")
        open_legacy(actor=cast.head_b, office=cast.office_b, owner=cast.head_b, title=f"崇{n}")
    client = client_for(cast.supervisor)
    with django_assert_max_num_queries(7):
        response = client.get(reverse(LIST))
    assert text(response).count("/staff/cases/legacy/") >= 12
