"""The legacy cases register through the API: list, read, open, move on, end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.cases.models import LegacyCase, LegacyCaseNote
from yichuang.cases.services import legacy_case_open, legacy_case_update

API_BASE = "/api/cases"

LIST = f"{API_BASE}/legacy"


def one(legacy: LegacyCase) -> str:
    return f"{API_BASE}/legacy/{legacy.pk}"


def update(legacy: LegacyCase) -> str:
    return f"{API_BASE}/legacy/{legacy.pk}/update"


def post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, payload, content_type="application/json")


def fields_of(response: Any) -> list[str]:
    return [item["loc"][-1] for item in response.json()["detail"]]


NEW_CASE = {
    "title": "东灶港安置房未分户",
    "location": "海门区东灶港安置小区",
    "description": "安置房整体登记在村委会名下，未分户。",
    "policy": "海门区安置房登记办法 第八条",
    "blocker": "村委会尚未出具分户清单",
    "owner": "registrar_a",
    "households": 120,
    "target_date": "2031-12-31",
}


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
            "description": "未办理规划竣工验收。",
            "policy": "海政办发〔2021〕15号 第三条",
            "blocker": "缺少规划核实意见",
            "owner": cast.reviewer_a,
            **fields,
        }
        return legacy_case_open(**values)

    return make


@pytest.fixture
def legacy(open_legacy: Callable[..., LegacyCase]) -> LegacyCase:
    return open_legacy()


# Opening --------------------------------------------------------------------------------------


def test_a_head_opens_a_case_and_gets_it_back_with_its_first_note(
    client_for: Any, cast: Any
) -> None:
    response = post(client_for(cast.head_a), LIST, NEW_CASE)
    assert response.status_code == 201
    body = response.json()
    legacy = LegacyCase.objects.get()
    assert (body["id"], body["reference"]) == (legacy.pk, legacy.reference)
    assert (body["office"], body["owner"], body["owner_name"]) == ("haimen", "registrar_a", "张丽")
    assert (body["status"], body["households"], body["target_date"]) == ("open", 120, "2031-12-31")
    assert body["policy"] == "海门区安置房登记办法 第八条"
    assert [(n["author"], n["status_from"], n["status_to"]) for n in body["notes"]] == [
        ("head_a", "", "open")
    ]
    assert AuditEvent.objects.filter(event_type="legacy_case.open").count() == 1


def test_a_case_without_its_policy_answers_422_naming_the_field(client_for: Any, cast: Any) -> None:
    response = post(client_for(cast.head_a), LIST, {**NEW_CASE, "policy": " "})
    assert response.status_code == 422
    assert fields_of(response) == ["policy"]
    assert not LegacyCase.objects.exists()
    assert not AuditEvent.objects.filter(event_type="legacy_case.open").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner": "clerk_b"}, "owner"),
        ({"owner": "nobody"}, "owner"),
        ({"households": 0}, "households"),
        ({"blocker": ""}, "blocker"),
    ],
)
def test_bad_input_answers_422_naming_the_field(
    client_for: Any, cast: Any, change: dict[str, Any], field: str
) -> None:
    response = post(client_for(cast.reviewer_a), LIST, {**NEW_CASE, **change})
    assert response.status_code == 422
    assert fields_of(response) == [field]
    assert not LegacyCase.objects.exists()


# Moving on and ending -----------------------------------------------------------------------


def test_a_case_is_moved_on_and_resolved_with_every_note_kept_in_order(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    client = client_for(cast.reviewer_a)
    steps = [
        {"note": "已联系规划部门", "status": "in_progress"},
        {"note": "规划核实受阻", "status": "blocked", "blocker": "原设计图纸缺失"},
        {"note": "图纸已补测", "status": "in_progress", "owner": "head_a"},
    ]
    for step in steps:
        response = post(client, update(legacy), step)
        assert response.status_code == 200, response.json()

    refused = post(client, update(legacy), {"note": "已办结", "status": "resolved"})
    assert refused.status_code == 422
    assert fields_of(refused) == ["outcome"]
    assert LegacyCase.objects.get(pk=legacy.pk).status == "in_progress"

    response = post(
        client,
        update(legacy),
        {"note": "已办结", "status": "resolved", "outcome": "补测后全部完成首次登记"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["owner"], body["blocker"]) == (
        "resolved",
        "head_a",
        "原设计图纸缺失",
    )
    assert body["outcome"] == "补测后全部完成首次登记"
    assert body["ended_at"] is not None
    assert [(n["status_from"], n["status_to"], n["text"]) for n in body["notes"]] == [
        ("", "open", "Opened."),
        ("open", "in_progress", "已联系规划部门"),
        ("in_progress", "blocked", "规划核实受阻"),
        ("blocked", "in_progress", "图纸已补测"),
        ("in_progress", "resolved", "已办结"),
    ]
    assert [n["author"] for n in body["notes"]] == ["head_a"] + ["reviewer_a"] * 4
    assert client.get(one(legacy)).json()["notes"] == body["notes"]
    assert AuditEvent.objects.filter(event_type="legacy_case.update").count() == 4

    again = post(client, update(legacy), {"note": "重新打开", "status": "open"})
    assert again.status_code == 422
    assert fields_of(again) == ["status"]


def test_a_note_without_a_status_keeps_the_status(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    response = post(client_for(cast.head_a), update(legacy), {"note": "电话督促村委会"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["owner"], body["blocker"]) == (
        "open",
        "reviewer_a",
        "缺少规划核实意见",
    )
    last = body["notes"][-1]
    assert (last["status_from"], last["status_to"], last["text"]) == ("", "", "电话督促村委会")


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"note": " ", "status": "blocked"}, "note"), ({"note": "x", "status": "done"}, "status")],
)
def test_a_bad_update_answers_422_and_changes_nothing(
    client_for: Any, cast: Any, legacy: LegacyCase, payload: dict[str, str], field: str
) -> None:
    response = post(client_for(cast.head_a), update(legacy), payload)
    assert response.status_code == 422
    assert fields_of(response) == [field]
    assert LegacyCase.objects.get(pk=legacy.pk).status == "open"
    assert LegacyCaseNote.objects.filter(legacy_case=legacy).count() == 1


# Who may see and who may write ------------------------------------------------------------


def test_a_clerk_reads_but_gets_403_on_writes(
    client_for: Any, cast: Any, legacy: LegacyCase
) -> None:
    client = client_for(cast.clerk_a)
    assert client.get(one(legacy)).status_code == 200
    assert [c["reference"] for c in client.get(LIST).json()["cases"]] == [legacy.reference]
    assert post(client, LIST, NEW_CASE).status_code == 403
    assert post(client, update(legacy), {"note": "我来", "status": "closed"}).status_code == 403
    # The role is checked before the input: a refused caller learns nothing about it.
    assert post(client, update(legacy), {"note": ""}).status_code == 403
    assert LegacyCase.objects.count() == 1
    assert LegacyCaseNote.objects.count() == 1


@pytest.mark.parametrize("who", ["clerk_b", "head_b"])
def test_staff_of_another_office_get_404(
    client_for: Any, cast: Any, legacy: LegacyCase, who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(one(legacy)).status_code == 404
    assert post(client, update(legacy), {"note": "越权", "status": "closed"}).status_code == 404
    assert client.get(LIST).json()["cases"] == []
    assert client.get(LIST, {"office": "haimen"}).status_code == 404
    assert LegacyCaseNote.objects.count() == 1


def test_the_supervisor_sees_both_offices_read_only(
    client_for: Any, cast: Any, open_legacy: Callable[..., LegacyCase]
) -> None:
    at_a = open_legacy()
    at_b = open_legacy(actor=cast.head_b, office=cast.office_b, owner=cast.clerk_b)
    client = client_for(cast.supervisor)
    listed = client.get(LIST).json()
    assert {c["reference"] for c in listed["cases"]} == {at_a.reference, at_b.reference}
    assert listed["summary"]["counts"]["open"] == 2
    only_b = client.get(LIST, {"office": "chongchuan"}).json()
    assert [c["reference"] for c in only_b["cases"]] == [at_b.reference]
    assert only_b["summary"]["counts"]["open"] == 1
    assert client.get(one(at_b)).json()["notes"][0]["author"] == "head_b"
    assert post(client, update(at_a), {"note": "督办", "status": "closed"}).status_code == 403
    assert post(client, LIST, {**NEW_CASE, "owner": "supervisor_city"}).status_code == 403
    assert LegacyCaseNote.objects.count() == 2


@pytest.mark.parametrize("who", ["citizen", "admin"])
def test_people_without_a_staff_role_get_403(client_for: Any, cast: Any, who: str) -> None:
    assert client_for(getattr(cast, who)).get(LIST).status_code == 403


def test_the_api_asks_for_sign_in(client: Client, db: None) -> None:
    assert client.get(LIST).status_code == 401


# The list ------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_counts_the_overdue(
    client_for: Any, cast: Any, open_legacy: Callable[..., LegacyCase]
) -> None:
    past = timezone.localdate() - dt.timedelta(days=1)
    late = open_legacy(target_date=past)
    blocked = open_legacy(target_date=past)
    legacy_case_update(actor=cast.head_a, legacy_case=blocked, note="受阻", status="blocked")
    ended = open_legacy(target_date=past)
    legacy_case_update(
        actor=cast.head_a, legacy_case=ended, note="结案", status="closed", outcome="政策不支持"
    )
    on_time = open_legacy(target_date=timezone.localdate())
    client = client_for(cast.registrar_a)

    body = client.get(LIST).json()
    assert body["summary"] == {
        "counts": {"open": 2, "in_progress": 0, "blocked": 1, "resolved": 0, "closed": 1},
        "overdue": 2,
    }
    overdue = {c["reference"]: c["overdue"] for c in body["cases"]}
    assert overdue == {
        late.reference: True,
        blocked.reference: True,
        ended.reference: False,
        on_time.reference: False,
    }
    filtered = client.get(LIST, {"status": "blocked"}).json()["cases"]
    assert [c["reference"] for c in filtered] == [blocked.reference]
    bad = client.get(LIST, {"status": "stuck"})
    assert bad.status_code == 422
    assert fields_of(bad) == ["status"]
