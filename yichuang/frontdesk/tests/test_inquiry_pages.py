"""The staff pages of first-inquiry responsibility, under /staff/hall/inquiries/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services import inquiries

LIST = "/staff/hall/inquiries/"
NEW = "/staff/hall/inquiries/new/"


def page(reference: str, action: str = "") -> str:
    return f"/staff/hall/inquiries/{reference}/" + (f"{action}/" if action else "")


def handover_url(handover: InquiryHandover, action: str) -> str:
    return f"/staff/hall/inquiries/hand-overs/{handover.pk}/{action}/"


@pytest.fixture
def record(cast: Any) -> Callable[..., Inquiry]:
    def make(actor: Any = None, *, hours_ago: float = 0, **fields: str) -> Inquiry:
        values = {
            "channel": "window",
            "subject": "抵押登记材料",
            "question": "需要带什么？回电 13900001111",
            "applicant_name": "张三丰",
            "phone": "13812345678",
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


def text(response: Any) -> str:
    return str(response.content.decode())


# Recording ---------------------------------------------------------------------------------


def test_a_clerk_records_an_inquiry_and_is_sent_to_it(client_for: Any, cast: Any) -> None:
    client = client_for(cast.clerk_a)
    assert client.get(NEW).status_code == 200
    response = client.post(
        NEW,
        {
            "channel": "phone",
            "subject": "查询进度",
            "question": "我的申请到哪一步了？",
            "applicant_name": "李四",
            "phone": "13712345678",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page(inquiry.reference)
    assert (inquiry.owner, inquiry.channel) == (cast.clerk_a, "phone")
    detail = text(client.get(page(inquiry.reference)))
    assert inquiry.reference in detail
    assert "李*" in detail and "李四" not in detail
    assert "137****5678" in detail and "13712345678" not in detail


def test_a_form_error_is_shown_by_its_field_and_nothing_is_written(
    client_for: Any, cast: Any
) -> None:
    response = client_for(cast.clerk_a).post(
        NEW, {"channel": "window", "subject": "", "question": "问题", "phone": "123"}
    )
    body = text(response)
    assert response.status_code == 200
    assert body.count('class="errorlist"') == 2
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("who", ["supervisor", "citizen", "admin"])
def test_people_without_an_office_role_get_403(client_for: Any, cast: Any, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"channel": "window", "subject": "s", "question": "q"}).status_code == (
        403
    )
    assert not Inquiry.objects.exists()


def test_the_pages_ask_for_sign_in(client: Client, db: None) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


# Lists ---------------------------------------------------------------------------------------


def test_my_list_shows_masked_applicants_and_highlights_overdue_ones(
    client_for: Any, cast: Any, record: Callable[..., Inquiry]
) -> None:
    fresh = record(subject="新的咨询")
    old = record(subject="旧的咨询", hours_ago=30)
    other = record(cast.reviewer_a, subject="同事的咨询")
    body = text(client_for(cast.clerk_a).get(LIST))
    assert fresh.reference in body and old.reference in body
    assert other.reference not in body
    assert "张**" in body and "张三丰" not in body
    row_old = body[body.index(old.reference) - 200 : body.index(old.reference)]
    row_fresh = body[body.index(fresh.reference) - 200 : body.index(fresh.reference)]
    assert 'class="warning"' in row_old
    assert 'class="warning"' not in row_fresh


def test_offers_made_to_me_are_listed_with_an_accept_button(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a, note="请帮忙"
    )
    body = text(client_for(cast.reviewer_a).get(LIST))
    assert inquiry.reference in body
    assert handover_url(handover, "accept") in body
    assert "请帮忙" in body


def test_the_head_sees_escalated_inquiries_and_clerks_do_not_see_that_list(
    client_for: Any, cast: Any, record: Callable[..., Inquiry]
) -> None:
    late = record(hours_ago=30)
    record(cast.reviewer_a)
    inquiries.inquiries_escalate()
    head_page = text(client_for(cast.head_a).get(LIST))
    assert late.reference in head_page
    assert 'id="escalated"' in head_page
    assert 'id="escalated"' not in text(client_for(cast.reviewer_a).get(LIST))
    assert late.reference not in text(client_for(cast.head_b).get(LIST))


def test_the_list_has_a_bounded_number_of_queries(
    client_for: Any,
    cast: Any,
    record: Callable[..., Inquiry],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(6):
        mine = record(cast.head_a, hours_ago=30 + n)
        inquiries.inquiry_hand_over(actor=cast.head_a, inquiry=mine, to_user=cast.clerk_a)
        record(cast.reviewer_a, hours_ago=40 + n)
    inquiries.inquiries_escalate()
    client = client_for(cast.head_a)
    client.get(LIST)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert text(response).count("Q") >= 18


def test_the_detail_page_has_a_bounded_number_of_queries(
    client_for: Any, cast: Any, inquiry: Inquiry, django_assert_max_num_queries: Any
) -> None:
    for colleague in (cast.reviewer_a, cast.registrar_a, cast.query_clerk_a):
        handover = inquiries.inquiry_hand_over(
            actor=cast.clerk_a, inquiry=inquiry, to_user=colleague
        )
        inquiries.inquiry_handover_decline(actor=colleague, handover=handover, note="不是我")
    client = client_for(cast.clerk_a)
    client.get(page(inquiry.reference))
    with django_assert_max_num_queries(12):
        assert client.get(page(inquiry.reference)).status_code == 200


# One inquiry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["clerk_b", "head_b"])
def test_another_offices_inquiry_is_not_found(
    client_for: Any, cast: Any, inquiry: Inquiry, who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(page(inquiry.reference)).status_code == 404
    assert client.post(page(inquiry.reference, "answer"), {"answer": "答"}).status_code == 404
    assert client.post(page(inquiry.reference, "take-over")).status_code == 404
    assert reload(inquiry).status == "open"


def test_the_owner_answers_on_the_page(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    client = client_for(cast.clerk_a)
    assert 'action="' + page(inquiry.reference, "answer") in text(
        client.get(page(inquiry.reference))
    )
    response = client.post(page(inquiry.reference, "answer"), {"answer": "带身份证。"})
    assert response.status_code == 302
    saved = reload(inquiry)
    assert (saved.status, saved.answer) == ("answered", "带身份证。")
    after = text(client.get(page(inquiry.reference)))
    assert "带身份证。" in after
    assert page(inquiry.reference, "answer") not in after


def test_an_empty_answer_shows_the_error_on_the_page(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    response = client_for(cast.clerk_a).post(page(inquiry.reference, "answer"), {"answer": ""})
    assert response.status_code == 200
    assert 'class="errorlist"' in text(response)
    assert reload(inquiry).status == "open"


def test_a_colleague_who_does_not_own_it_gets_403(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    client = client_for(cast.reviewer_a)
    body = text(client.get(page(inquiry.reference)))
    assert page(inquiry.reference, "answer") not in body
    assert page(inquiry.reference, "hand-over") not in body
    assert client.post(page(inquiry.reference, "answer"), {"answer": "答"}).status_code == 403
    response = client.post(page(inquiry.reference, "hand-over"), {"to_user": cast.registrar_a.pk})
    assert response.status_code == 403
    assert client.post(page(inquiry.reference, "take-over")).status_code == 403
    assert reload(inquiry).status == "open"
    assert not InquiryHandover.objects.exists()


def test_hand_over_accept_on_the_pages(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    client = client_for(cast.clerk_a)
    detail = text(client.get(page(inquiry.reference)))
    assert f'<option value="{cast.reviewer_a.pk}">李强 (reviewer_a)</option>' in detail
    assert "王敏 (clerk_a)" not in detail
    response = client.post(
        page(inquiry.reference, "hand-over"), {"to_user": cast.reviewer_a.pk, "note": "审核问题"}
    )
    assert response.status_code == 302
    handover = InquiryHandover.objects.get()
    assert reload(inquiry).owner == cast.clerk_a

    colleague = client_for(cast.reviewer_a)
    assert handover_url(handover, "accept") in text(colleague.get(page(inquiry.reference)))
    assert colleague.post(handover_url(handover, "accept")).status_code == 302
    assert reload(inquiry).owner == cast.reviewer_a


def test_choosing_nobody_is_a_form_error(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    response = client_for(cast.clerk_a).post(page(inquiry.reference, "hand-over"), {"to_user": ""})
    assert response.status_code == 200
    assert 'class="errorlist"' in text(response)
    assert not InquiryHandover.objects.exists()


def test_a_colleague_of_another_office_cannot_be_chosen(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    response = client_for(cast.clerk_a).post(
        page(inquiry.reference, "hand-over"), {"to_user": cast.clerk_b.pk}
    )
    assert response.status_code == 200
    assert not InquiryHandover.objects.exists()


def test_decline_on_the_page_needs_a_reason_and_leaves_the_owner(
    client_for: Any, cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    colleague = client_for(cast.reviewer_a)
    refused = colleague.post(handover_url(handover, "decline"), {"note": ""})
    assert refused.status_code == 200
    assert 'class="errorlist"' in text(refused)
    assert (
        colleague.post(handover_url(handover, "decline"), {"note": "不归我管"}).status_code == 302
    )
    saved = reload(handover)
    assert saved.declined_at is not None and saved.decline_note == "不归我管"
    assert reload(inquiry).owner == cast.clerk_a


def test_someone_else_cannot_accept_an_offer(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    assert client_for(cast.registrar_a).post(handover_url(handover, "accept")).status_code == 403
    assert client_for(cast.clerk_b).post(handover_url(handover, "accept")).status_code == 404
    assert inquiries.handover_is_pending(reload(handover))


def test_the_head_takes_over_an_escalated_inquiry_on_the_page(
    client_for: Any, cast: Any, record: Callable[..., Inquiry]
) -> None:
    late = record(hours_ago=30)
    inquiries.inquiries_escalate()
    client = client_for(cast.head_a)
    assert page(late.reference, "take-over") in text(client.get(page(late.reference)))
    assert client.post(page(late.reference, "take-over")).status_code == 302
    assert reload(late).owner == cast.head_a
    assert AuditEvent.objects.filter(event_type="inquiry.take_over").count() == 1


def test_every_form_posts_with_a_csrf_token(cast: Any, inquiry: Inquiry) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.clerk_a)
    body = text(client.get(page(inquiry.reference)))
    assert body.count('method="post"') == body.count('name="csrfmiddlewaretoken"')
    assert client.post(page(inquiry.reference, "answer"), {"answer": "答"}).status_code == 403
    assert reload(inquiry).status == "open"


def test_actions_answer_only_posts(client_for: Any, cast: Any, inquiry: Inquiry) -> None:
    assert client_for(cast.clerk_a).get(page(inquiry.reference, "answer")).status_code == 405


def reload(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)
