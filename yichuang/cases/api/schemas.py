"""What the cases endpoints take and give, and the case as they answer it.

Inputs only shape the request; every rule is the services'. Outputs show
staff what the case page shows, with identity document numbers masked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema

from yichuang.cases import selectors, services
from yichuang.cases.fees import ChargeUnit, InvalidCaseError, NoScheduleInForceError
from yichuang.cases.models import Case, CaseDocument
from yichuang.cases.services.checklists import case_checklist
from yichuang.core.masking import mask_id_number, mask_record

#: The URL name of a case document's PDF, in whichever API mounts the router.
PDF_URL_NAME = "cases_document_pdf"

# Opening a case ------------------------------------------------------------------------


class ApplicantIn(Schema):
    side: Literal["obligee", "obligor"] = Field(
        ..., description="obligee (acquires or holds the right) or obligor (gives it up)"
    )
    kind: Literal["person", "organisation"] = "person"
    name: str = Field(..., max_length=200)
    document_type: str = Field(
        "resident_id", max_length=40, description="resident_id, passport, …, or uscc"
    )
    document_number: str = Field(..., max_length=40)
    country: str = Field("", max_length=3, description="ISO alpha-3, for passports")
    share: str = Field("", max_length=16, description="for ownership in shares, e.g. 1/2")


class CaseOpenIn(Schema):
    submission_key: str = Field(
        ...,
        min_length=1,
        max_length=64,
        description="chosen by the client once per form; a repeat returns the first case",
    )
    registration_type: str = Field(..., max_length=40, description="e.g. transfer, mortgage")
    cause: str = Field(..., max_length=40, description="e.g. sale, general, court")
    unit_code: str = Field(..., max_length=40, description="the 28-character unit code")
    applicants: list[ApplicantIn] = Field(default_factory=list, max_length=8)
    ticket: int | None = Field(None, description="id of the ticket the clerk is serving")
    circumstances: dict[str, bool | None] = Field(
        default_factory=dict, description="facts that decide the materials, e.g. guardian"
    )
    details: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "what the registration needs, e.g. form (sole, joint, shared), debt_amount; "
            "separate_certificates: true for a certificate for each co-owner (共有人分别持证)"
        ),
    )
    presented: list[str] = Field(default_factory=list, description="material codes handed in")


# Actions on a case -----------------------------------------------------------------------


class MaterialsIn(Schema):
    presented: list[str] = Field(..., description="every material code handed in so far")


class AcceptIn(Schema):
    presented: list[str] | None = Field(
        None, description="material codes handed in; absent keeps the recorded ones"
    )


class NoticeIn(Schema):
    presented: list[str] | None = Field(
        None, description="material codes handed in; absent keeps the recorded ones"
    )
    defective: dict[str, str] = Field(
        default_factory=dict, description="material code → what is wrong with it"
    )


class OutOfRemitIn(Schema):
    competent_office: str = Field(..., max_length=200, description="where to apply instead")
    reason: str = Field("", max_length=300)


class ReopenIn(Schema):
    ticket: int | None = Field(None, description="id of the ticket the clerk is serving")
    presented: list[str] = Field(default_factory=list, description="material codes now added")


class SuspendIn(Schema):
    reason: str = Field(..., description="site_visit, investigation or public_notice")
    note: str = Field("", max_length=300)


class NoteIn(Schema):
    note: str = Field("", max_length=500)


class ReturnIn(Schema):
    note: str = Field(..., max_length=500, pattern=r"\S", description="why; required")


class RefuseIn(Schema):
    ground: str = Field(..., description="a REG art. 22 ground, e.g. title_dispute")
    basis: str = Field("", max_length=200, description="the provision relied on")
    explanation: str = Field("", max_length=500)


class ChargeIn(Schema):
    item: str = Field(..., max_length=60, description="fee item code of the schedule")
    amount: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    unit: ChargeUnit = ChargeUnit.CASE


class FeeIn(Schema):
    payer: str = Field("", max_length=200, description="blank: as the schedule says")
    charges: list[ChargeIn] | None = Field(
        None, description="the charges proposed; absent collects the assessment as it stands"
    )


# Answers ----------------------------------------------------------------------------------


class ReasonOut(Schema):
    code: str
    article: str
    message: str


class RefusalOut(Schema):
    reasons: list[ReasonOut]
    state: str | None = Field(None, description="the case's state after the refusal")


class ApplicantOut(Schema):
    side: str
    kind: str
    name: str
    document_type: str
    document_number: str = Field(description="masked")
    country: str
    share: str


class ChecklistItemOut(Schema):
    code: str
    name: str
    basis: str
    original_required: bool
    provider: str
    presented: bool
    choice: str = Field(description="the choice it is one option of; blank when required")
    note: str


class OfficeObtainsOut(Schema):
    code: str
    name: str
    basis: str


class ClockOut(Schema):
    accepted_on: dt.date
    limit: int = Field(description="promised working days")
    due_on: dt.date
    provisional: bool = Field(description="the calendar beyond due_on is not yet published")
    working_days_used: int
    working_days_left: int = Field(description="negative once overdue")
    overdue: bool
    due_soon: bool
    paused: bool


class FeeLineOut(Schema):
    item: str
    label: str
    count: int
    unit_amount: Decimal
    amount: Decimal
    basis: str
    payer: str


class FeeOut(Schema):
    schedule_version: str
    total: Decimal
    lines: list[FeeLineOut]


class PaymentOut(Schema):
    total: Decimal
    payer: str
    collected_at: dt.datetime
    receipt: str = Field(description="number of the fee receipt")


class DocumentOut(Schema):
    kind: str
    number: str
    issued_at: dt.datetime
    pdf: str = Field(description="the PDF's address in this API")


class EventOut(Schema):
    seq: int
    action: str
    at: dt.datetime
    actor: str | None = Field(description="username; null for the platform")
    state_from: str
    state_to: str
    article: str
    data: dict[str, Any]


class CaseOut(Schema):
    reference: str
    office: str = Field(description="office code")
    registration_type: str
    cause: str
    title: str
    state: str
    application_mode: str
    unit_code: str
    unit_location: str
    agent_name: str
    ticket: str | None = Field(description="ticket number")
    opened_at: dt.datetime
    opened_by: str = Field(description="username")
    accepted_at: dt.datetime | None
    deemed: bool
    limit_days: int | None
    due_on: dt.date | None
    closed_at: dt.datetime | None
    visits: int
    notice_breaches: int
    catalog_version: str
    presented: list[str]
    entry_seq: int | None = Field(description="the register entry's number on the unit")
    applicants: list[ApplicantOut]
    checklist: list[ChecklistItemOut]
    office_obtains: list[OfficeObtainsOut] = Field(
        description="materials the office obtains itself and must not ask for"
    )
    clock: ClockOut | None = Field(description="null before acceptance")
    fee: FeeOut | None = Field(description="null when no fee can be assessed yet")
    payment: PaymentOut | None
    documents: list[DocumentOut]
    timeline: list[EventOut]


class QueueRowOut(Schema):
    reference: str
    title: str
    unit_code: str
    state: str
    due_on: dt.date | None
    working_days_left: int | None
    flag: str = Field(description="overdue, due_soon, paused or blank")


class QueuePageOut(Schema):
    name: str
    page: int
    pages: int
    count: int
    rows: list[QueueRowOut]


class SameDayOut(Schema):
    office: str
    day: dt.date
    brought: int = Field(description="intake visits that day")
    accepted: int
    notices: int
    out_of_remit: int
    deemed: int = Field(description="left undecided and accepted by law at the day's end")
    undecided: int
    handled: int = Field(description="decided in writing the same day")
    share: float | None = Field(description="handled / brought; null when nothing was brought")
    tickets_served: int
    tickets_without_intake: int


class FeeReportLineOut(Schema):
    item: str
    label: str
    count: int
    amount: Decimal


class FeeReportOut(Schema):
    office: str
    day: dt.date
    payments: int
    total: Decimal
    lines: list[FeeReportLineOut]


class EscalationOut(Schema):
    id: int
    case: str = Field(description="case number")
    kind: str
    raised_on: dt.date
    due_on: dt.date
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None = Field(description="username")


# The case as the API answers it ----------------------------------------------------------


def _checklist(case: Case) -> tuple[list[ChecklistItemOut], list[OfficeObtainsOut]]:
    """What the applicant brings (required items, then each choice's options), and the rest."""
    checklist = case_checklist(case)
    rows = [
        ChecklistItemOut(
            code=m.code,
            name=m.name,
            basis=m.basis,
            original_required=m.original_required,
            provider=m.provider,
            presented=m.code in case.presented,
            choice="",
            note=m.note or "",
        )
        for m in checklist.to_ask
    ]
    for alternatives in checklist.choices:
        rows.extend(
            ChecklistItemOut(
                code=m.code,
                name=m.name,
                basis=m.basis,
                original_required=m.original_required,
                provider=m.provider,
                presented=m.code in case.presented,
                choice=alternatives.name,
                note=m.note or "",
            )
            for option in alternatives.options
            for m in option
        )
    shared = [
        OfficeObtainsOut(code=m.code, name=m.name, basis=m.basis) for m in checklist.not_to_ask
    ]
    return rows, shared


def _clock(case: Case) -> ClockOut | None:
    status = services.case_clock(case)
    if status is None:
        return None
    return ClockOut(
        accepted_on=status.accepted_on,
        limit=status.limit,
        due_on=status.due_on,
        provisional=status.provisional,
        working_days_used=status.working_days_used,
        working_days_left=status.working_days_left,
        overdue=status.overdue,
        due_soon=status.due_soon,
        paused=status.paused,
    )


def _fee(case: Case) -> FeeOut | None:
    try:
        assessment = services.case_fee_assessment(case)
    except (InvalidCaseError, NoScheduleInForceError, ValueError):
        return None
    return FeeOut(
        schedule_version=assessment.schedule.version,
        total=assessment.total,
        lines=[
            FeeLineOut(
                item=line.item.value,
                label=line.label,
                count=line.count,
                unit_amount=line.unit_amount,
                amount=line.amount,
                basis=line.basis,
                payer=line.payer.value,
            )
            for line in assessment.lines
        ],
    )


def _payment(case: Case) -> PaymentOut | None:
    try:
        payment = case.payment
    except ObjectDoesNotExist:
        return None
    return PaymentOut(
        total=payment.total,
        payer=payment.payer_name,
        collected_at=payment.collected_at,
        receipt=payment.receipt.number if payment.receipt else "",
    )


def document_url(request: HttpRequest, case: Case, document: CaseDocument) -> str:
    """The address of a document's PDF in the API that answered ``request``."""
    match = request.resolver_match
    namespace = match.namespace if match is not None and match.namespace else "api"
    return reverse(
        f"{namespace}:{PDF_URL_NAME}",
        kwargs={"reference": case.reference, "number": document.number},
    )


def case_out(request: HttpRequest, case: Case) -> CaseOut:
    """The whole case: facts, applicants (masked), checklist, clock, fee, papers, timeline."""
    checklist, office_obtains = _checklist(case)
    return CaseOut(
        reference=case.reference,
        office=case.office.code,
        registration_type=case.registration_type,
        cause=case.cause,
        title=case.title,
        state=case.state,
        application_mode=case.application_mode,
        unit_code=case.unit_code,
        unit_location=case.unit.location if case.unit else "",
        agent_name=case.agent_name,
        ticket=case.ticket.display if case.ticket else None,
        opened_at=case.opened_at,
        opened_by=case.opened_by.username,
        accepted_at=case.accepted_at,
        deemed=case.deemed,
        limit_days=case.limit_days,
        due_on=case.due_on,
        closed_at=case.closed_at,
        visits=case.visits,
        notice_breaches=case.notice_breaches,
        catalog_version=case.catalog_version,
        presented=list(case.presented),
        entry_seq=case.entry.seq if case.entry else None,
        applicants=[
            ApplicantOut(
                side=row.side,
                kind=row.party.kind,
                name=row.party.name,
                document_type=row.party.document_type,
                document_number=mask_id_number(row.party.document_number),
                country=row.party.country,
                share=row.share,
            )
            for row in selectors.case_applicants(case)
        ],
        checklist=checklist,
        office_obtains=office_obtains,
        clock=_clock(case),
        fee=_fee(case),
        payment=_payment(case),
        documents=[
            DocumentOut(
                kind=d.kind,
                number=d.number,
                issued_at=d.issued_at,
                pdf=document_url(request, case, d),
            )
            for d in selectors.case_documents(case)
        ],
        timeline=[
            EventOut(
                seq=e.seq,
                action=e.action,
                at=e.at,
                actor=e.actor.username if e.actor else None,
                state_from=e.state_from,
                state_to=e.state_to,
                article=e.article,
                data=mask_record(dict(e.data)),
            )
            for e in selectors.case_timeline(case)
        ],
    )
