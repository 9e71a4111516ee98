"""Inquiries under first-inquiry responsibility (首问负责)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Field, Router, Schema, Status

from yichuang.accounts.selectors import signed_in_user
from yichuang.core.masking import mask_name, mask_phone, mask_text
from yichuang.frontdesk import inquiry_selectors
from yichuang.frontdesk.models import (
    Inquiry,
    InquiryHandover,
)
from yichuang.frontdesk.services import inquiries

router = Router(tags=["front desk"])


class InquiryIn(Schema):
    channel: str = Field(..., description="window, phone or online")
    subject: str = Field(..., max_length=200)
    question: str = Field(..., max_length=4000)
    applicant_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=20, description="mobile, or landline with area code")


class InquiryOut(Schema):
    reference: str
    office: str
    channel: str
    subject: str
    question: str = Field(description="ID and phone numbers in it masked")
    applicant: str = Field(description="masked")
    phone: str = Field(description="masked")
    status: str = Field(description="open or answered")
    owner: str = Field(description="username of the member of staff who owns it")
    recorded_at: dt.datetime
    escalated_at: dt.datetime | None
    answered_at: dt.datetime | None
    answer: str


class InquiryHandoverOut(Schema):
    id: int
    reference: str
    subject: str
    from_user: str
    to_user: str
    note: str
    offered_at: dt.datetime
    state: str = Field(description="pending, accepted, declined or withdrawn")
    decline_note: str


class InquiriesOut(Schema):
    mine: list[InquiryOut] = Field(description="open inquiries the caller owns")
    offered: list[InquiryHandoverOut] = Field(description="pending offers made to the caller")


class InquiryAnswerIn(Schema):
    answer: str = Field(..., max_length=4000)


class InquiryHandOverIn(Schema):
    to_username: str = Field(..., max_length=150)
    note: str = Field("", max_length=200)


class InquiryDeclineIn(Schema):
    note: str = Field("", max_length=200, description="why; required")


class InquiryPublicOut(Schema):
    reference: str
    office: str
    subject: str
    channel: str
    recorded_on: dt.date
    status: str
    escalated: bool
    answered_on: dt.date | None
    answer: str


class InquiryTooManyOut(Schema):
    detail: str


def inquiry_out(inquiry: Inquiry) -> InquiryOut:
    return InquiryOut(
        reference=inquiry.reference,
        office=inquiry.office.code,
        channel=inquiry.channel,
        subject=inquiry.subject,
        question=mask_text(inquiry.question),
        applicant=mask_name(inquiry.applicant_name),
        phone=mask_phone(inquiry.phone),
        status=inquiry.status,
        owner=inquiry.owner.username,
        recorded_at=inquiry.created_at,
        escalated_at=inquiry.escalated_at,
        answered_at=inquiry.answered_at,
        answer=mask_text(inquiry.answer),
    )


def inquiry_handover_out(handover: InquiryHandover) -> InquiryHandoverOut:
    if handover.accepted_at is not None:
        state = "accepted"
    elif handover.declined_at is not None:
        state = "declined"
    elif handover.withdrawn_at is not None:
        state = "withdrawn"
    else:
        state = "pending"
    return InquiryHandoverOut(
        id=handover.pk,
        reference=handover.inquiry.reference,
        subject=handover.inquiry.subject,
        from_user=handover.from_user.username,
        to_user=handover.to_user.username,
        note=handover.note,
        offered_at=handover.offered_at,
        state=state,
        decline_note=handover.decline_note,
    )


@router.post(
    "/inquiries",
    response={201: InquiryOut},
    summary="Record an inquiry; the caller owns it (first-inquiry responsibility)",
)
def record_inquiry(request: HttpRequest, payload: InquiryIn) -> Status[InquiryOut]:
    user = signed_in_user(request)
    inquiry = inquiries.inquiry_record(
        actor=user,
        channel=payload.channel,
        subject=payload.subject,
        question=payload.question,
        applicant_name=payload.applicant_name,
        phone=payload.phone,
    )
    return Status(201, inquiry_out(inquiry))


@router.get(
    "/inquiries",
    response=InquiriesOut,
    summary="The caller's open inquiries and the hand-overs offered to them",
)
def my_inquiries(request: HttpRequest) -> InquiriesOut:
    user = signed_in_user(request)
    office = inquiry_selectors.inquiry_staff_office(user=user)
    return InquiriesOut(
        mine=[inquiry_out(i) for i in inquiry_selectors.inquiries_mine(user=user, office=office)],
        offered=[
            inquiry_handover_out(h)
            for h in inquiry_selectors.inquiry_handovers_offered(user=user, office=office)
        ],
    )


@router.post(
    "/inquiries/{reference}/answer",
    response=InquiryOut,
    summary="Answer an inquiry (its owner, or the office head once escalated)",
)
def answer_inquiry(request: HttpRequest, reference: str, payload: InquiryAnswerIn) -> InquiryOut:
    user = signed_in_user(request)
    inquiry = inquiry_selectors.inquiry_get_for(user=user, reference=reference)
    return inquiry_out(inquiries.inquiry_answer(actor=user, inquiry=inquiry, answer=payload.answer))


@router.post(
    "/inquiries/{reference}/hand-over",
    response={201: InquiryHandoverOut},
    summary="Offer an inquiry to a named colleague; it stays the owner's until accepted",
)
def hand_over_inquiry(
    request: HttpRequest, reference: str, payload: InquiryHandOverIn
) -> Status[InquiryHandoverOut]:
    user = signed_in_user(request)
    inquiry = inquiry_selectors.inquiry_get_for(user=user, reference=reference)
    inquiries.inquiry_require_owner(actor=user, inquiry=inquiry)
    colleague = inquiry_selectors.inquiry_colleague_by_username(
        inquiry=inquiry, username=payload.to_username
    )
    handover = inquiries.inquiry_hand_over(
        actor=user, inquiry=inquiry, to_user=colleague, note=payload.note
    )
    return Status(201, inquiry_handover_out(handover))


@router.post(
    "/inquiry-handovers/{handover_id}/accept",
    response=InquiryHandoverOut,
    summary="Accept an inquiry offered to you; you become its owner",
)
def accept_inquiry_handover(request: HttpRequest, handover_id: int) -> InquiryHandoverOut:
    user = signed_in_user(request)
    handover = inquiry_selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    return inquiry_handover_out(inquiries.inquiry_handover_accept(actor=user, handover=handover))


@router.post(
    "/inquiry-handovers/{handover_id}/decline",
    response=InquiryHandoverOut,
    summary="Decline an inquiry offered to you, saying why; the giver keeps it",
)
def decline_inquiry_handover(
    request: HttpRequest, handover_id: int, payload: InquiryDeclineIn
) -> InquiryHandoverOut:
    user = signed_in_user(request)
    handover = inquiry_selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    return inquiry_handover_out(
        inquiries.inquiry_handover_decline(actor=user, handover=handover, note=payload.note)
    )


@router.get(
    "/public/inquiries/{reference}",
    auth=None,
    response={200: InquiryPublicOut, 429: InquiryTooManyOut},
    summary="An inquiry's status by its reference, for the applicant (no personal data)",
)
def public_inquiry_status(request: HttpRequest, reference: str) -> Status[object]:
    if is_ratelimited(
        request, group="frontdesk.inquiry_status", key="ip", rate="30/m", increment=True
    ):
        return Status(429, InquiryTooManyOut(detail="too many requests; wait a minute"))
    status = inquiry_selectors.inquiry_public_status(reference=reference)
    return Status(
        200,
        InquiryPublicOut(
            reference=status.reference,
            office=status.office,
            subject=status.subject,
            channel=status.channel,
            recorded_on=status.recorded_on,
            status=status.status,
            escalated=status.escalated,
            answered_on=status.answered_on,
            answer=status.answer,
        ),
    )
