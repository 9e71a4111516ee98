"""Registration cases through the JSON API: every step of the case pages, one endpoint each.

Reads go through the selectors, so staff of another office get 404 for a case.
Each action calls the same service as the case page. A step the workflow
refuses answers 409 with every reason, its code and its article, and writes
nothing; an entry the register's rules refuse answers 409 with the register's
grounds and the case back in review. Bad input answers 422 naming the field.

Opening a case is idempotent on ``submission_key``: the first request opens
the case and answers 201; a repeat with the same key (a retry after a lost
answer) answers 201 with that same case and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from yichuang.accounts.models import Office, User
from yichuang.accounts.selectors import office_get_for, office_scope, require_role, signed_in_user
from yichuang.cases import selectors, services
from yichuang.cases.api.schemas import (
    PDF_URL_NAME,
    AcceptIn,
    CaseOpenIn,
    CaseOut,
    EscalationOut,
    FeeIn,
    FeeReportLineOut,
    FeeReportOut,
    MaterialsIn,
    NoteIn,
    NoticeIn,
    OutOfRemitIn,
    QueuePageOut,
    QueueRowOut,
    ReasonOut,
    RefusalOut,
    RefuseIn,
    ReopenIn,
    ReturnIn,
    SameDayOut,
    SuspendIn,
    case_out,
)
from yichuang.cases.documents import pdf_response
from yichuang.cases.fees import ProposedCharge
from yichuang.cases.models import Case, CaseEscalation
from yichuang.cases.services import ApplicantIn as Applicant
from yichuang.cases.services import CaseActionRefusedError, Reason
from yichuang.frontdesk import selectors as frontdesk_selectors
from yichuang.frontdesk.models import Ticket

router = Router(tags=["cases"])

CASE_ANSWERS = {200: CaseOut, 409: RefusalOut}
#: Sums of money are answered in yuan with their cents, whatever the database sums to.
CENTS = Decimal("0.01")


def _refusal(reasons: Iterable[Reason], state: str | None) -> Status[object]:
    return Status(
        409,
        RefusalOut(
            reasons=[ReasonOut(code=r.code, article=r.article, message=r.message) for r in reasons],
            state=state,
        ),
    )


def _answer(request: HttpRequest, user: User, reference: str) -> Status[object]:
    return Status(200, case_out(request, selectors.case_get_for(user=user, reference=reference)))


def _act(
    request: HttpRequest, reference: str, step: Callable[[User, Case], object]
) -> Status[object]:
    """Take one step on a visible case; the case as it now stands, or 409 with the reasons."""
    user = signed_in_user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    try:
        step(user, case)
    except CaseActionRefusedError as error:
        return _refusal(error.reasons, case.state)
    return _answer(request, user, reference)


def _ticket(user: User, ticket_id: int | None) -> Ticket | None:
    if ticket_id is None:
        return None
    return frontdesk_selectors.ticket_get_for(user=user, ticket_id=ticket_id)


# Opening and reading ----------------------------------------------------------------------


@router.post(
    "",
    response={201: CaseOut, 409: RefusalOut},
    summary="Open a case at the window (clerk); a repeated submission_key returns its case",
)
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Status[object]:
    user = signed_in_user(request)
    if user.office is None:
        raise PermissionDenied("office")
    try:
        case = services.case_open(
            actor=user,
            office=user.office,
            submission_key=payload.submission_key,
            registration_type=payload.registration_type,
            cause=payload.cause,
            unit_code=payload.unit_code,
            applicants=[Applicant(**a.model_dump()) for a in payload.applicants],
            ticket=_ticket(user, payload.ticket),
            circumstances=payload.circumstances,
            details=payload.details,
            presented=payload.presented,
        )
    except CaseActionRefusedError as error:
        return _refusal(error.reasons, None)
    found = selectors.case_get_for(user=user, reference=case.reference)
    return Status(201, case_out(request, found))


@router.get("/{reference}", response=CaseOut, summary="One case with its whole timeline")
def get_case(request: HttpRequest, reference: str) -> CaseOut:
    user = signed_in_user(request)
    return case_out(request, selectors.case_get_for(user=user, reference=reference))


@router.get(
    "/{reference}/documents/{number}.pdf",
    url_name=PDF_URL_NAME,
    response={200: None},
    openapi_extra={"responses": {"200": {"content": {"application/pdf": {}}}}},
    summary="A document of the case as the PDF handed to the applicant",
)
def case_document_pdf(request: HttpRequest, reference: str, number: str) -> HttpResponse:
    user = signed_in_user(request)
    return pdf_response(selectors.case_document_for(user=user, reference=reference, number=number))


# At the window -------------------------------------------------------------------------------


@router.post(
    "/{reference}/materials",
    response=CASE_ANSWERS,
    summary="Record the materials handed in so far (at intake)",
)
def set_materials(request: HttpRequest, reference: str, payload: MaterialsIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_materials_set(
            actor=user, case=case, presented=payload.presented
        ),
    )


@router.post(
    "/{reference}/accept",
    response=CASE_ANSWERS,
    summary="Accept a complete application and issue the receipt (受理)",
)
def accept(request: HttpRequest, reference: str, payload: AcceptIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_accept(actor=user, case=case, presented=payload.presented),
    )


@router.post(
    "/{reference}/notice",
    response=CASE_ANSWERS,
    summary="Do not accept: the one-time notice of everything missing (一次性告知)",
)
def issue_notice(request: HttpRequest, reference: str, payload: NoticeIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_issue_notice(
            actor=user, case=case, presented=payload.presented, defective=payload.defective
        ),
    )


@router.post(
    "/{reference}/out-of-remit",
    response=CASE_ANSWERS,
    summary="Do not accept: another office has remit, named in writing",
)
def refuse_out_of_remit(
    request: HttpRequest, reference: str, payload: OutOfRemitIn
) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_refuse_out_of_remit(
            actor=user, case=case, competent_office=payload.competent_office, reason=payload.reason
        ),
    )


@router.post(
    "/{reference}/reopen",
    response=CASE_ANSWERS,
    summary="The applicant is back after a one-time notice: reopen the same case",
)
def reopen(request: HttpRequest, reference: str, payload: ReopenIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_reopen(
            actor=user,
            case=case,
            ticket=_ticket(user, payload.ticket),
            presented=payload.presented,
        ),
    )


@router.post(
    "/{reference}/withdraw",
    response=CASE_ANSWERS,
    summary="Record the applicant's written withdrawal (before entry)",
)
def withdraw(request: HttpRequest, reference: str, payload: NoteIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_withdraw(actor=user, case=case, note=payload.note),
    )


@router.post(
    "/{reference}/fee",
    response=CASE_ANSWERS,
    summary="Collect the fee exactly as assessed and issue the fee receipt",
)
def collect_fee(request: HttpRequest, reference: str, payload: FeeIn) -> Status[object]:
    charges = (
        [ProposedCharge(c.item, c.amount, c.unit) for c in payload.charges]
        if payload.charges is not None
        else None
    )
    return _act(
        request,
        reference,
        lambda user, case: services.case_fee_collect(
            actor=user, case=case, charges=charges, payer_name=payload.payer
        ),
    )


@router.post(
    "/{reference}/hand-over",
    response=CASE_ANSWERS,
    summary="Hand the certificate or proof to the applicant (发证)",
)
def hand_over(request: HttpRequest, reference: str) -> Status[object]:
    return _act(
        request, reference, lambda user, case: services.case_hand_over(actor=user, case=case)
    )


# Review ---------------------------------------------------------------------------------


@router.post(
    "/{reference}/start-review",
    response=CASE_ANSWERS,
    summary="Take the case from the review queue",
)
def start_review(request: HttpRequest, reference: str) -> Status[object]:
    return _act(
        request, reference, lambda user, case: services.case_start_review(actor=user, case=case)
    )


@router.post(
    "/{reference}/suspend",
    response=CASE_ANSWERS,
    summary="Suspend for a statutory reason; the clock stops (中止)",
)
def suspend(request: HttpRequest, reference: str, payload: SuspendIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_suspend(
            actor=user, case=case, reason=payload.reason, note=payload.note
        ),
    )


@router.post(
    "/{reference}/resume",
    response=CASE_ANSWERS,
    summary="End the suspension and resume the review",
)
def resume(request: HttpRequest, reference: str) -> Status[object]:
    return _act(request, reference, lambda user, case: services.case_resume(actor=user, case=case))


@router.post(
    "/{reference}/approve",
    response=CASE_ANSWERS,
    summary="Approve the case for entry",
)
def approve(request: HttpRequest, reference: str, payload: NoteIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_approve(actor=user, case=case, note=payload.note),
    )


@router.post(
    "/{reference}/refuse",
    response=CASE_ANSWERS,
    summary="Refuse to register on a REG art. 22 ground, in writing",
)
def refuse(request: HttpRequest, reference: str, payload: RefuseIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_refuse(
            actor=user,
            case=case,
            ground=payload.ground,
            basis=payload.basis,
            explanation=payload.explanation,
        ),
    )


# Entry and certificate --------------------------------------------------------------------


@router.post(
    "/{reference}/return",
    response=CASE_ANSWERS,
    summary="Send an approved case back to review, saying why",
)
def return_for_review(request: HttpRequest, reference: str, payload: ReturnIn) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_return_for_review(
            actor=user, case=case, note=payload.note
        ),
    )


@router.post(
    "/{reference}/enter",
    response=CASE_ANSWERS,
    summary="Enter the case in the register; if the register's rules refuse, back to review",
)
def enter(request: HttpRequest, reference: str) -> Status[object]:
    user = signed_in_user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    try:
        outcome = services.case_enter(actor=user, case=case)
    except CaseActionRefusedError as error:
        return _refusal(error.reasons, case.state)
    if not outcome.entered:
        return _refusal(outcome.reasons, outcome.case.state)
    return _answer(request, user, reference)


@router.post(
    "/{reference}/certificate",
    response=CASE_ANSWERS,
    summary="Make out the certificate or proof of an entered case (缮证)",
)
def issue_certificate(request: HttpRequest, reference: str) -> Status[object]:
    return _act(
        request,
        reference,
        lambda user, case: services.case_issue_certificate(actor=user, case=case),
    )


# Queues, figures, escalations ---------------------------------------------------------------


@router.get(
    "/queues/{name}",
    response=QueuePageOut,
    summary="One work queue of the caller's office (review, entry, collection, intake)",
)
def queue(request: HttpRequest, name: str, page: int = 1) -> QueuePageOut:
    user = signed_in_user(request)
    if name not in selectors.QUEUES:
        raise Http404(name)
    _states, roles = selectors.QUEUES[name]
    if not user.roles & roles or user.office is None:
        raise PermissionDenied(name)
    current, rows = selectors.queue_page(office=user.office, queue=name, page=page)
    return QueuePageOut(
        name=name,
        page=current.number,
        pages=current.paginator.num_pages,
        count=current.paginator.count,
        rows=[
            QueueRowOut(
                reference=row.case.reference,
                title=row.case.title,
                unit_code=row.case.unit_code,
                state=row.case.state,
                due_on=row.case.due_on,
                working_days_left=row.clock.working_days_left if row.clock else None,
                flag=row.flag,
            )
            for row in rows
        ],
    )


def _figures_office(request: HttpRequest, code: str | None) -> Office:
    """The office whose figures are asked for: office heads and supervisors only, else 403."""
    user = signed_in_user(request)
    require_role(user, selectors.FIGURE_READERS)
    if code:
        return office_get_for(user=user, code=code)
    if user.office is not None:
        return user.office
    first = office_scope(user=user).order_by("code").first()
    if first is None:
        raise Http404("office")
    return first


@router.get(
    "/figures/same-day",
    response=SameDayOut,
    summary="How the day's applications were decided: same-day acceptance (当日受理率)",
)
def same_day_figures(
    request: HttpRequest, office: str | None = None, day: dt.date | None = None
) -> SameDayOut:
    place = _figures_office(request, office)
    figures = selectors.same_day_acceptance(office=place, day=day or timezone.localdate())
    return SameDayOut(
        office=place.code,
        day=figures.day,
        brought=figures.brought,
        accepted=figures.accepted,
        notices=figures.notices,
        out_of_remit=figures.out_of_remit,
        deemed=figures.deemed,
        undecided=figures.undecided,
        handled=figures.handled,
        share=figures.share,
        tickets_served=figures.tickets_served,
        tickets_without_intake=figures.tickets_without_intake,
    )


@router.get(
    "/figures/fees",
    response=FeeReportOut,
    summary="The fees collected on one day, by item (收费日报)",
)
def fee_figures(
    request: HttpRequest, office: str | None = None, day: dt.date | None = None
) -> FeeReportOut:
    place = _figures_office(request, office)
    report = services.fee_report(office=place, day=day or timezone.localdate())
    return FeeReportOut(
        office=place.code,
        day=report.day,
        payments=report.payments,
        total=report.total.quantize(CENTS),
        lines=[
            FeeReportLineOut(
                item=line.item,
                label=line.label,
                count=line.count,
                amount=line.amount.quantize(CENTS),
            )
            for line in report.lines
        ],
    )


@router.post(
    "/escalations/{escalation_id}/acknowledge",
    response=EscalationOut,
    summary="The office head takes up an escalated case (督办)",
)
def acknowledge_escalation(request: HttpRequest, escalation_id: int) -> EscalationOut:
    user = signed_in_user(request)
    found = get_object_or_404(
        CaseEscalation.objects.select_related("case"),
        pk=escalation_id,
        case__office_id=user.office_id,
    )
    escalation = services.escalation_acknowledge(actor=user, escalation=found)
    return EscalationOut(
        id=escalation.pk,
        case=escalation.case.reference,
        kind=escalation.kind,
        raised_on=escalation.raised_on,
        due_on=escalation.due_on,
        acknowledged_at=escalation.acknowledged_at,
        acknowledged_by=escalation.acknowledged_by.username if escalation.acknowledged_by else None,
    )
