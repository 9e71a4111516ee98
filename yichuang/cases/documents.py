"""A kept case document as the PDF handed to the applicant, and its verification link.

The document's ``content`` was fixed when it was issued; this turns it into
the renderer's dataclasses (``documents_pdf``) and adds the header and the QR
link, so a reprint years later is the same paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from yichuang.cases import documents_pdf as pdf
from yichuang.cases.models import CaseDocument

Kind = CaseDocument.Kind


def verification_url(document: CaseDocument) -> str:
    """The public page the QR code leads to: the document's validity and the case's progress."""
    path = reverse("portal:verify_case_document", args=[document.verification_code])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _header(document: CaseDocument, content: Mapping[str, Any]) -> pdf.DocumentHeader:
    return pdf.DocumentHeader(
        office_name=content["office_name"],
        office_address=content.get("office_address", ""),
        office_phone=content.get("office_phone", ""),
        number=document.number,
        issued_at=document.issued_at,
        verification_url=verification_url(document),
    )


def _person(raw: Mapping[str, str] | None) -> pdf.Applicant | None:
    return pdf.Applicant(raw["name"], raw["document"]) if raw else None


def _people(content: Mapping[str, Any]) -> tuple[pdf.Applicant, ...]:
    return tuple(pdf.Applicant(a["name"], a["document"]) for a in content.get("applicants", []))


def _receipt(document: CaseDocument, c: Mapping[str, Any]) -> pdf.AcceptanceReceipt:
    return pdf.AcceptanceReceipt(
        header=_header(document, c),
        case_reference=c["case_reference"],
        registration_title=c["registration_title"],
        unit_code=c["unit_code"],
        unit_location=c["unit_location"],
        applicants=_people(c),
        agent=_person(c.get("agent")),
        received=tuple(pdf.ReceivedItem(i["name"], bool(i["original"])) for i in c["received"]),
        accepted_on=dt.date.fromisoformat(c["accepted_on"]),
        limit_working_days=int(c["limit_working_days"]),
        due_on=dt.date.fromisoformat(c["due_on"]),
        due_provisional=bool(c.get("due_provisional")),
        deemed=bool(c["deemed"]),
        clerk_name=c["clerk_name"],
        fee_total=Decimal(c["fee_total"]) if c.get("fee_total") is not None else None,
        progress_url=verification_url(document),
        basis=c["basis"],
    )


def _notice(document: CaseDocument, c: Mapping[str, Any]) -> pdf.OneTimeNotice:
    return pdf.OneTimeNotice(
        header=_header(document, c),
        case_reference=c["case_reference"],
        registration_title=c["registration_title"],
        unit_code=c["unit_code"],
        unit_location=c["unit_location"],
        applicants=_people(c),
        agent=_person(c.get("agent")),
        missing=tuple(
            pdf.NoticeLine(
                name=line["name"],
                basis=line["basis"],
                note=line.get("note", ""),
                options=tuple(tuple(option) for option in line.get("options", [])),
            )
            for line in c["missing"]
        ),
        presented=tuple(c.get("presented", [])),
        visit=int(c["visit"]),
        catalog_version=c["catalog_version"],
        clerk_name=c["clerk_name"],
        basis=c["basis"],
    )


def _out_of_remit(document: CaseDocument, c: Mapping[str, Any]) -> pdf.OutOfRemitNotice:
    return pdf.OutOfRemitNotice(
        header=_header(document, c),
        case_reference=c["case_reference"],
        registration_title=c["registration_title"],
        unit_code=c["unit_code"],
        applicants=_people(c),
        agent=_person(c.get("agent")),
        competent_office=c["competent_office"],
        reason=c["reason"],
        clerk_name=c["clerk_name"],
        basis=c["basis"],
    )


def _refusal(document: CaseDocument, c: Mapping[str, Any]) -> pdf.RefusalDecision:
    return pdf.RefusalDecision(
        header=_header(document, c),
        case_reference=c["case_reference"],
        registration_title=c["registration_title"],
        unit_code=c["unit_code"],
        unit_location=c["unit_location"],
        applicants=_people(c),
        ground=c["ground"],
        basis=c["basis"],
        reviewer_name=c["reviewer_name"],
    )


def _fee_receipt(document: CaseDocument, c: Mapping[str, Any]) -> pdf.FeeReceipt:
    return pdf.FeeReceipt(
        header=_header(document, c),
        case_reference=c["case_reference"],
        payer=c["payer"],
        lines=tuple(
            pdf.FeeReceiptLine(
                label=line["label"],
                count=int(line["count"]),
                unit_amount=Decimal(line["unit_amount"]),
                amount=Decimal(line["amount"]),
                basis=line["basis"],
            )
            for line in c["lines"]
        ),
        total=Decimal(c["total"]),
        schedule_version=c["schedule_version"],
        collected_by=c["collected_by"],
    )


def document_data(document: CaseDocument) -> pdf.CaseDocument:
    """The renderer's dataclass for a kept document."""
    content = document.content
    builders = {
        Kind.RECEIPT: _receipt,
        Kind.NOTICE: _notice,
        Kind.OUT_OF_REMIT: _out_of_remit,
        Kind.REFUSAL: _refusal,
        Kind.FEE_RECEIPT: _fee_receipt,
    }
    build: Any = builders[Kind(document.kind)]
    data: pdf.CaseDocument = build(document, content)
    return data


def document_pdf(document: CaseDocument) -> bytes:
    """The PDF of a kept document."""
    data = document_data(document)
    renderers: dict[type, Any] = {
        pdf.AcceptanceReceipt: pdf.render_acceptance_receipt,
        pdf.OneTimeNotice: pdf.render_one_time_notice,
        pdf.OutOfRemitNotice: pdf.render_out_of_remit_notice,
        pdf.RefusalDecision: pdf.render_refusal_decision,
        pdf.FeeReceipt: pdf.render_fee_receipt,
    }
    return bytes(renderers[type(data)](data))


def document_filename(document: CaseDocument) -> str:
    """A file name for download: the document number, ASCII only."""
    return f"{document.number}.pdf"


def pdf_response(document: CaseDocument) -> HttpResponse:
    """The document's PDF as an answer shown in the browser, named by its number."""
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document_filename(document)}"'
    return response
