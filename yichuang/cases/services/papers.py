"""The written acts of a case (登记文书): numbered, kept as printed, verifiable by QR.

Each document is issued once, inside the transaction of the step it records,
with a number from the office's series for the year and an unguessable code
for its public verification page. Its ``content`` holds everything printed,
so the PDF can be printed again, identical, years later, whatever the catalog
or the schedule says by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import User
from yichuang.audit.services import audit_record
from yichuang.cases.citations import cite_zh
from yichuang.cases.materials import Missing
from yichuang.cases.models import Case, CaseApplicant, CaseDocument
from yichuang.cases.services.base import new_verification_code, next_number
from yichuang.cases.services.checklists import case_checklist
from yichuang.cases.workflow import articles as workflow_articles
from yichuang.core.masking import mask_id_number
from yichuang.registry.rules.codes import GeneralGround

Kind = CaseDocument.Kind

#: The letters of each series in a document number.
SERIES: Mapping[str, str] = {
    Kind.RECEIPT: "SL",
    Kind.NOTICE: "GZ",
    Kind.OUT_OF_REMIT: "BY",
    Kind.REFUSAL: "BD",
    Kind.FEE_RECEIPT: "SF",
}

#: REG art. 22's grounds as a refusal prints them.
GROUND_TEXT: Mapping[str, str] = {
    GeneralGround.ILLEGAL: "违反法律、行政法规规定",
    GeneralGround.TITLE_DISPUTE: "存在尚未解决的权属争议",
    GeneralGround.BEYOND_TERM: "申请登记的不动产权利超过规定期限",
    GeneralGround.OTHER_LEGAL_GROUND: "法律、行政法规规定不予登记的其他情形",
}

_DOCUMENT_NAMES = {"resident_id": "居民身份证", "uscc": "统一社会信用代码"}


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.username


def applicants_printed(case: Case) -> list[dict[str, str]]:
    """The applicants as a document prints them: full name, masked document number."""
    rows = CaseApplicant.objects.filter(case=case).select_related("party").order_by("position")
    return [
        {
            "name": row.party.name,
            "document": (
                f"{_DOCUMENT_NAMES.get(row.party.document_type, row.party.document_type)} "
                f"{mask_id_number(row.party.document_number)}"
            ),
            "side": row.side,
        }
        for row in rows
    ]


def _commissioning(case: Case) -> list[dict[str, str]]:
    """A commissioned registration has no applicant: the authority that commissioned it."""
    court = str(case.details.get("court", "")).strip()
    document = str(case.details.get("document", "")).strip()
    if not court:
        return []
    return [{"name": court, "document": f"嘱托文书 {document}".strip(), "side": ""}]


def _agent(case: Case) -> dict[str, str] | None:
    if not case.agent_name:
        return None
    number = case.agent_key.rsplit(":", 1)[-1]
    return {"name": case.agent_name, "document": mask_id_number(number)}


def _common(case: Case) -> dict[str, Any]:
    office = case.office
    return {
        "office_name": office.name,
        "office_address": office.address,
        "office_phone": office.public_phone,
        "case_reference": case.reference,
        "registration_title": case.title,
        "unit_code": case.unit_code,
        "unit_location": case.unit.location if case.unit is not None else "",
        "applicants": applicants_printed(case) or _commissioning(case),
        "agent": _agent(case),
    }


def document_issue(
    case: Case,
    *,
    kind: str,
    actor: User | None,
    at: dt.datetime,
    content: Mapping[str, Any],
) -> CaseDocument:
    """Number and keep one document of ``case``; the caller holds the transaction."""
    year = timezone.localtime(at).year
    sequence = next_number(case.office, year, kind)
    number = f"{case.office.code.upper()}{year}{SERIES[kind]}{sequence:06d}"
    document = CaseDocument.objects.create(
        case=case,
        kind=kind,
        number=number,
        issued_at=at,
        issued_by=actor,
        verification_code=new_verification_code(),
        content={**_common(case), **content, "issued_by": _name(actor)},
    )
    audit_record(
        actor=actor,
        event_type="case.document",
        target=document,
        office=case.office,
        after={"reference": case.reference, "kind": kind, "number": number},
    )
    return document


def receipt_issue(
    case: Case, *, actor: User | None, at: dt.datetime, fee_total: Decimal | None = None
) -> CaseDocument:
    """The acceptance receipt (受理凭证) with the promised completion date."""
    checklist = case_checklist(case)
    received = [
        {"name": m.name, "original": m.original_required}
        for m in checklist.to_ask
        if m.code in case.presented
    ]
    for alternatives in checklist.choices:
        for option in alternatives.options:
            received.extend(
                {"name": m.name, "original": m.original_required}
                for m in option
                if m.code in case.presented
            )
    assert case.accepted_at is not None
    assert case.due_on is not None
    article = (
        workflow_articles.REG_DEEMED_ACCEPTANCE if case.deemed else workflow_articles.REG_ACCEPTANCE
    )
    return document_issue(
        case,
        kind=Kind.RECEIPT,
        actor=actor,
        at=at,
        content={
            "received": received,
            "accepted_on": timezone.localdate(case.accepted_at).isoformat(),
            "limit_working_days": case.limit_days,
            "due_on": case.due_on.isoformat(),
            "due_provisional": office_calendar(case.office).is_provisional(case.due_on),
            "deemed": case.deemed,
            "fee_total": str(fee_total) if fee_total is not None else None,
            "clerk_name": _name(actor) or _name(case.opened_by),
            "basis": cite_zh(article),
        },
    )


def _line(missing: Missing, defective: Mapping[str, str]) -> dict[str, Any]:
    note = missing.note or ""
    if missing.code in defective:
        note = f"所交材料不符合要求：{defective[missing.code]}" if defective[missing.code] else note
    return {
        "code": missing.code,
        "name": missing.name,
        "basis": missing.basis,
        "note": note,
        "options": [[m.name for m in option] for option in missing.options],
    }


def notice_issue(
    case: Case,
    *,
    actor: User,
    at: dt.datetime,
    lines: Sequence[Missing],
    defective: Mapping[str, str],
) -> CaseDocument:
    """The non-acceptance with one-time notice (不予受理告知书暨一次性告知书)."""
    checklist = case_checklist(case)
    names = {m.code: m.name for m in (*checklist.to_ask, *checklist.not_to_ask)}
    for alternatives in checklist.choices:
        names.update((m.code, m.name) for option in alternatives.options for m in option)
    missing_lines = [_line(line, defective) for line in lines]
    shown = {line.code for line in lines}
    for code, reason in defective.items():
        if code not in shown:
            missing_lines.append(
                {
                    "code": code,
                    "name": names.get(code, code),
                    "basis": "",
                    "note": f"所交材料不符合要求：{reason}" if reason else "",
                    "options": [],
                }
            )
    return document_issue(
        case,
        kind=Kind.NOTICE,
        actor=actor,
        at=at,
        content={
            "missing": missing_lines,
            "presented": [
                names.get(code, code) for code in case.presented if code not in defective
            ],
            "visit": case.visits,
            "catalog_version": case.catalog_version,
            "clerk_name": _name(actor),
            "basis": cite_zh(workflow_articles.REG_ONE_TIME_NOTICE),
        },
    )


def out_of_remit_issue(
    case: Case, *, actor: User, at: dt.datetime, competent_office: str, reason: str
) -> CaseDocument:
    """The out-of-remit refusal naming the office to apply to."""
    return document_issue(
        case,
        kind=Kind.OUT_OF_REMIT,
        actor=actor,
        at=at,
        content={
            "competent_office": competent_office,
            "reason": reason.strip() or "申请登记的不动产不属于本机构登记范围",
            "clerk_name": _name(actor),
            "basis": cite_zh(workflow_articles.REG_OUT_OF_REMIT),
        },
    )


def refusal_issue(
    case: Case, *, actor: User, at: dt.datetime, ground: str, article: str, explanation: str
) -> CaseDocument:
    """The written refusal to register (不予登记告知书) with its ground and article."""
    text = GROUND_TEXT.get(ground, ground)
    if explanation.strip():
        text = f"{text}：{explanation.strip()}"
    return document_issue(
        case,
        kind=Kind.REFUSAL,
        actor=actor,
        at=at,
        content={
            "ground": text,
            "basis": cite_zh(article),
            "reviewer_name": _name(actor),
        },
    )


def fee_receipt_issue(
    case: Case,
    *,
    actor: User,
    at: dt.datetime,
    payer: str,
    lines: Sequence[Mapping[str, Any]],
    total: Decimal,
    schedule_version: str,
) -> CaseDocument:
    """The fee receipt (收费凭证), each line with its basis."""
    return document_issue(
        case,
        kind=Kind.FEE_RECEIPT,
        actor=actor,
        at=at,
        content={
            "payer": payer,
            "lines": [dict(line) for line in lines],
            "total": str(total),
            "schedule_version": schedule_version,
            "collected_by": _name(actor),
        },
    )
