"""The public page where an applicant follows an inquiry by its reference."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.frontdesk.models import Inquiry
from yichuang.frontdesk.services import inquiries


@pytest.fixture
def inquiry(cast: Any) -> Inquiry:
    return inquiries.inquiry_record(
        actor=cast.clerk_a,
        channel="phone",
        subject="继承登记需要的材料",
        question="父亲去世，房子怎么过户？我的电话 13812345678",
        applicant_name="孙小美",
        phone="13812345678",
        now=timezone.now() - dt.timedelta(hours=2),
    )


def url(reference: str) -> str:
    return f"/inquiry/{reference}/"


def test_an_open_inquiry_shows_its_subject_date_and_state_without_personal_data(
    client: Client, inquiry: Inquiry
) -> None:
    response = client.get(url(inquiry.reference))
    assert response.status_code == 200
    page = response.content.decode()
    assert inquiry.reference in page
    assert "继承登记需要的材料" in page
    assert timezone.localdate(inquiry.created_at).strftime("%Y-%m-%d") in page
    assert "南通市海门区不动产登记中心" in page
    for personal in ("孙", "13812345678", "138****5678", "王敏", "clerk_a", "父亲去世"):
        assert personal not in page, personal


def test_an_answered_inquiry_shows_the_answer_and_its_date(
    client: Client, cast: Any, inquiry: Inquiry
) -> None:
    inquiries.inquiry_answer(
        actor=cast.clerk_a, inquiry=inquiry, answer="请带死亡证明和亲属关系证明来窗口办理。"
    )
    page = client.get(url(inquiry.reference)).content.decode()
    assert "请带死亡证明和亲属关系证明来窗口办理。" in page
    assert timezone.localdate().strftime("%Y-%m-%d") in page
    assert "孙" not in page and "138****5678" not in page


def test_the_page_says_whether_the_inquiry_was_escalated(client: Client, inquiry: Inquiry) -> None:
    before = client.get(url(inquiry.reference)).content.decode()
    inquiries.inquiries_escalate(now=timezone.now() + dt.timedelta(hours=23))
    after = client.get(url(inquiry.reference)).content.decode()
    assert before != after
    assert 'class="warning"' in after


def test_a_reference_is_found_in_lower_case_too(client: Client, inquiry: Inquiry) -> None:
    assert client.get(url(inquiry.reference.lower())).status_code == 200


@pytest.mark.parametrize("reference", ["Q000000AAAA", "nonsense", "Q2603021234"])
def test_an_unknown_reference_is_a_404_page(client: Client, db: None, reference: str) -> None:
    response = client.get(url(reference))
    assert response.status_code == 404
    assert "<main>" in response.content.decode()


def test_the_page_is_rate_limited_per_address(client: Client, inquiry: Inquiry) -> None:
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        statuses = [client.get(url(inquiry.reference)).status_code for _ in range(31)]
        elsewhere = client.get(url(inquiry.reference), REMOTE_ADDR="10.0.0.7").status_code
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert elsewhere == 200


def test_the_page_lists_no_owner_even_after_a_hand_over(
    client: Client, cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a, note="李强接手"
    )
    inquiries.inquiry_handover_accept(actor=cast.reviewer_a, handover=handover)
    page = client.get(url(inquiry.reference)).content.decode()
    assert "李强" not in page and "reviewer_a" not in page
