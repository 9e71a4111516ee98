"""Inquiries through the API: record, list, answer, hand over, accept, decline, public status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services import inquiries

BASE = "/api/frontdesk"


def post(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(BASE + url, payload or {}, content_type="application/json")


def field_of(response: Any) -> list[str]:
    return [item["loc"][-1] for item in response.json()["detail"]]


@pytest.fixture
def record(cast: Any) -> Callable[..., Inquiry]:
    def make(actor: Any = None, *, hours_ago: float = 0, **fields: str) -> Inquiry:
        values = {
            "channel": "phone",
            "subject": "过户税费",
            "question": "二手房过户要交哪些税？",
            "applicant_name": "赵六",
            "phone": "13612345678",
            **fields,
        }
        return inquiries.inquiry_record(
            actor=actor or cast.clerk_a,
            now=timezone.now() - dt.timedelta(hours=hours_ago),
            **values,
        )

    return make


@pytest.fixture
def inquiry(record: Callable[..., Inquiry]) -> Inquiry:
    return record()


def reload(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)


# Recording and listing ---------------------------------------------------------------------


def test_a_clerk_records_an_inquiry_and_gets_it_back_masked(client_for: Any, cast: Any) -> None:
    response = post(
        client_for(cast.clerk_a),
        "/inquiries",
        {
            "channel": "window",
            "subject": "预告登记",
            "question": "期房怎么办预告登记？",
            "applicant_name": "钱七",
            "phone": "13512345678",
        },
    )
    assert response.status_code == 201
    body = response.json()
    inquiry = Inquiry.objects.get()
    assert body["reference"] == inquiry.reference
    assert (body["office"], body["owner"], body["status"]) == ("haimen", "clerk_a", "open")
    assert (body["applicant"], body["phone"]) == ("钱*", "135****5678")


def test_bad_input_answers_422_naming_the_field(client_for: Any, cast: Any) -> None:
    client = client_for(cast.clerk_a)
    response = post(client, "/inquiries", {"channel": "fax", "subject": "s", "question": "q"})
    assert response.status_code == 422
    assert field_of(response) == ["channel"]
    response = post(
        client, "/inquiries", {"channel": "window", "subject": "", "question": "q", "phone": "1"}
    )
    assert response.status_code == 422
    assert sorted(field_of(response)) == ["phone", "subject"]
    assert not Inquiry.objects.exists()


def test_callers_without_an_office_role_get_403_and_anonymous_ones_401(
    client_for: Any, cast: Any
) -> None:
    payload = {"channel": "window", "subject": "s", "question": "q"}
    assert post(Client(), "/inquiries", payload).status_code == 401
    for who in (cast.supervisor, cast.admin, cast.citizen):
        client = client_for(who)
        assert post(client, "/inquiries", payload).status_code == 403
        assert client.get(BASE + "/inquiries").status_code == 403
    assert not Inquiry.objects.exists()


def test_the_list_holds_mine_and_the_offers_made_to_me(
    client_for: Any, cast: Any, record: Callable[..., Inquiry]
) -> None:
    mine = record(cast.reviewer_a)
    offered = record(cast.clerk_a)
    inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=offered, to_user=cast.reviewer_a, note="请回电"
    )
    record(cast.registrar_a)
    body = client_for(cast.reviewer_a).get(BASE + "/inquiries").json()
    assert [i["reference"] for i in body["mine"]] == [mine.reference]
    assert body["mine"][0]["applicant"] == "赵*"
    (offer,) = body["offered"]
    assert (offer["reference"], offer["from_user"], offer["state"], offer["note"]) == (
        offered.reference,
        "clerk_a",
        "pending",
        "请回电",
    )


def test_the_list_has_a_bounded_number_of_queries(
    client_for: Any,
    cast: Any,
    record: Callable[..., Inquiry],
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(5):
        record(cast.reviewer_a)
        other = record(cast.clerk_a)
        inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=other, to_user=cast.reviewer_a)
    client = client_for(cast.reviewer_a)
    client.get(BASE + "/inquiries")
    with django_assert_max_num_queries(9):
        body = client.get(BASE + "/inquiries").json()
    assert (len(body["mine"]), len(body["offered"])) == (5, 5)


# Answering --------------------------------------------------------------------------------


def test_the_owner_answers(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    response = post(
        client_for(cast.clerk_a),
        f"/inquiries/{inquiry.reference}/answer",
        {"answer": "契税和个税，视情况而定。"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    assert reload(inquiry).answered_by == cast.clerk_a


def test_answering_someone_elses_inquiry_is_403_and_another_offices_404(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    url = f"/inquiries/{inquiry.reference}/answer"
    assert post(client_for(cast.reviewer_a), url, {"answer": "答"}).status_code == 403
    assert post(client_for(cast.clerk_b), url, {"answer": "答"}).status_code == 404
    assert (
        post(
            client_for(cast.clerk_a), "/inquiries/Q000000AAAA/answer", {"answer": "答"}
        ).status_code
        == 404
    )
    assert reload(inquiry).status == "open"


def test_an_empty_or_second_answer_is_422(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    client = client_for(cast.clerk_a)
    url = f"/inquiries/{inquiry.reference}/answer"
    empty = post(client, url, {"answer": " "})
    assert (empty.status_code, field_of(empty)) == (422, ["answer"])
    assert post(client, url, {"answer": "答复"}).status_code == 200
    again = post(client, url, {"answer": "再答"})
    assert (again.status_code, field_of(again)) == (422, ["inquiry"])
    assert reload(inquiry).answer == "答复"


# Handing over -------------------------------------------------------------------------------


def test_hand_over_then_accept_moves_the_owner(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    response = post(
        client_for(cast.clerk_a),
        f"/inquiries/{inquiry.reference}/hand-over",
        {"to_username": "reviewer_a", "note": "涉及审核"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["to_user"], body["state"]) == ("reviewer_a", "pending")
    assert reload(inquiry).owner == cast.clerk_a
    accepted = post(client_for(cast.reviewer_a), f"/inquiry-handovers/{body['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert reload(inquiry).owner == cast.reviewer_a


def test_a_declined_hand_over_leaves_the_owner(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    client = client_for(cast.reviewer_a)
    url = f"/inquiry-handovers/{handover.pk}/decline"
    no_reason = post(client, url, {"note": ""})
    assert (no_reason.status_code, field_of(no_reason)) == (422, ["note"])
    declined = post(client, url, {"note": "不是我的业务"})
    assert declined.status_code == 200
    assert (declined.json()["state"], declined.json()["decline_note"]) == (
        "declined",
        "不是我的业务",
    )
    assert reload(inquiry).owner == cast.clerk_a


def test_hand_over_errors(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    url = f"/inquiries/{inquiry.reference}/hand-over"
    owner = client_for(cast.clerk_a)
    for username in ("nobody", "clerk_b", "clerk_a", "supervisor_city"):
        response = post(owner, url, {"to_username": username})
        assert (response.status_code, field_of(response)) == (422, ["to_username"]), username
    assert post(client_for(cast.reviewer_a), url, {"to_username": "registrar_a"}).status_code == 403
    assert post(client_for(cast.clerk_b), url, {"to_username": "head_b"}).status_code == 404
    assert not InquiryHandover.objects.exists()
    owner = client_for(cast.clerk_a)
    assert post(owner, url, {"to_username": "reviewer_a"}).status_code == 201
    second = post(owner, url, {"to_username": "registrar_a"})
    assert (second.status_code, field_of(second)) == (422, ["inquiry"])
    assert InquiryHandover.objects.count() == 1


def test_only_the_named_colleague_responds(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    accept = f"/inquiry-handovers/{handover.pk}/accept"
    decline = f"/inquiry-handovers/{handover.pk}/decline"
    for who in (cast.clerk_a, cast.registrar_a, cast.head_a):
        assert post(client_for(who), accept).status_code == 403
        assert post(client_for(who), decline, {"note": "否"}).status_code == 403
    assert post(client_for(cast.clerk_b), accept).status_code == 404
    assert post(client_for(cast.reviewer_a), "/inquiry-handovers/999999/accept").status_code == 404
    assert inquiries.handover_is_pending(reload(handover))


# The public status ---------------------------------------------------------------------------


def test_the_public_status_has_no_personal_data(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="契税按面积计。")
    response = Client().get(f"{BASE}/public/inquiries/{inquiry.reference}")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "reference": inquiry.reference,
        "office": "南通市海门区不动产登记中心",
        "subject": "过户税费",
        "channel": "phone",
        "recorded_on": timezone.localdate(inquiry.created_at).isoformat(),
        "status": "answered",
        "escalated": False,
        "answered_on": timezone.localdate().isoformat(),
        "answer": "契税按面积计。",
    }
    raw = response.content.decode()
    for personal in ("赵", "13612345678", "6****5678", "clerk_a", "王敏"):
        assert personal not in raw


def test_an_open_inquiry_shows_no_answer_and_whether_it_was_escalated(
    record: Callable[..., Inquiry],
) -> None:
    late = record(hours_ago=30)
    inquiries.inquiries_escalate()
    body = Client().get(f"{BASE}/public/inquiries/{late.reference.lower()}").json()
    assert (body["status"], body["escalated"], body["answered_on"], body["answer"]) == (
        "open",
        True,
        None,
        "",
    )


def test_an_unknown_reference_is_404(db: None) -> None:
    assert Client().get(f"{BASE}/public/inquiries/Q000000AAAA").status_code == 404
    assert Client().get(f"{BASE}/public/inquiries/nonsense").status_code == 404


def test_the_public_status_is_rate_limited_per_address(inquiry: Inquiry) -> None:
    client = Client()
    url = f"{BASE}/public/inquiries/{inquiry.reference}"
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        statuses = [client.get(url).status_code for _ in range(31)]
        other_address = client.get(url, REMOTE_ADDR="10.0.0.9").status_code
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert other_address == 200
