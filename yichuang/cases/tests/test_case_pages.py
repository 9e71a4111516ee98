"""The case pages through the test client: intake beside the ticket, the case page, PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yichuang.cases.models import Case, CaseDocument
from yichuang.cases.tests.conftest import FLAT, MORTGAGE_MATERIALS, bank, person
from yichuang.frontdesk.models import Ticket
from yichuang.frontdesk.tests.conftest import resident_id
from yichuang.registry.models import Certificate, Unit

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(data: bytes, tmp_path: Any) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


def intake_post(ticket: Ticket | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_key": "form-1",
        "ticket": ticket.pk if ticket else "",
        "registration": "transfer.sale",
        "unit_code": FLAT,
        "contract_filed": "on",
        "form": "sole",
        "applicant-TOTAL_FORMS": "4",
        "applicant-INITIAL_FORMS": "0",
        "applicant-MIN_NUM_FORMS": "0",
        "applicant-MAX_NUM_FORMS": "8",
        "applicant-0-side": "obligee",
        "applicant-0-kind": "person",
        "applicant-0-name": "申请人2",
        "applicant-0-document_type": "resident_id",
        "applicant-0-document_number": resident_id(2),
        "applicant-1-side": "obligor",
        "applicant-1-kind": "person",
        "applicant-1-name": "申请人1",
        "applicant-1-document_type": "resident_id",
        "applicant-1-document_number": resident_id(1),
    }
    data.update(overrides)
    return data


def signed_in(user: Any) -> Client:
    """A client of its own for ``user``, so several people can work on one case in a test."""
    client = Client()
    client.force_login(user)
    return client


def act(client: Any, case: Case, action: str, **data: Any) -> Any:
    return client.post(reverse("cases:act", args=[case.reference, action]), data, follow=True)


def state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def test_the_window_links_the_served_ticket_to_its_intake(
    cast: Any, serve: Any, flat: Unit
) -> None:
    ticket = serve(2)
    client = signed_in(cast.clerk_a)
    panel = client.get(reverse("frontdesk:window", args=[1]))
    assert f"/staff/cases/intake/?ticket={ticket.pk}" in panel.content.decode()
    page = client.get(reverse("cases:intake"), {"ticket": ticket.pk})
    body = page.content.decode()
    assert ticket.display in body and "申请人2" in body
    # The ticket's applicant fills the first line; the number is shown masked beside it.
    assert resident_id(2) in body  # the form field's value, for the clerk to confirm
    assert f'value="{ticket.pk}"' in body


def test_a_sale_walks_the_whole_path_in_the_ui(
    cast: Any, serve: Any, flat: Unit, tmp_path: Any
) -> None:
    ticket = serve(2)
    clerk = signed_in(cast.clerk_a)
    response = clerk.post(reverse("cases:intake"), intake_post(ticket))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "cases:case", args=[case.reference]
    )
    # A second submission of the same form lands on the same case.
    again = clerk.post(reverse("cases:intake"), intake_post(ticket))
    assert again.url == response.url and Case.objects.count() == 1

    page = clerk.get(response.url).content.decode()
    assert "不动产登记申请书" in page and "不动产登记暂行条例第16条" in page
    act(clerk, case, "accept", presented=["application_form"])
    assert state(case) == "intake"
    page = act(clerk, case, "accept", presented=["application_form", "title_certificate"])
    assert state(case) == "accepted"
    receipt = CaseDocument.objects.get(case=case, kind="receipt")
    pdf = clerk.get(reverse("cases:document", args=[case.reference, receipt.number]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "不动产登记受理凭证" in text and case.reference in text
    assert case.due_on is None or receipt.content["due_on"][:4] in text

    act(clerk, case, "fee")
    assert CaseDocument.objects.filter(case=case, kind="fee_receipt").exists()

    reviewer = signed_in(cast.reviewer_a)
    act(reviewer, case, "start_review")
    act(reviewer, case, "approve")
    assert state(case) == "approved"
    registrar = signed_in(cast.registrar_a)
    page = act(registrar, case, "enter").content.decode()
    assert state(case) == "entered"
    assert 'data-testid="each-co-owner"' not in page  # a sole owner: one certificate
    act(registrar, case, "certificate")
    assert state(case) == "certificate_issued"
    assert Certificate.objects.filter(entry__unit=flat).count() == 1
    act(clerk, case, "hand_over")
    assert state(case) == "collected"
    certificate = Certificate.objects.get(entry__unit=flat)
    # The registrar, who makes certificates out, prints it from the case page.
    page = registrar.get(reverse("cases:case", args=[case.reference])).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="document-certificate"', page)
    assert link is not None
    issued = registrar.get(link.group(1).replace("&amp;", "&"))
    assert issued["Content-Type"] == "application/pdf"
    assert certificate.number in re.sub(r"\s+", "", pdf_text(issued.content, tmp_path))
    timeline = signed_in(cast.head_a).get(reverse("cases:case", args=[case.reference]))
    assert timeline.content.decode().count('data-action="') == 9


def test_joint_buyers_who_ask_at_intake_each_get_a_certificate_from_the_registrar(
    cast: Any, flat: Unit
) -> None:
    clerk = signed_in(cast.clerk_a)
    joint = intake_post(
        None,
        form="joint",
        separate_certificates="on",
        **{
            "applicant-2-side": "obligee",
            "applicant-2-kind": "person",
            "applicant-2-name": "申请人3",
            "applicant-2-document_type": "resident_id",
            "applicant-2-document_number": resident_id(3),
        },
    )
    clerk.post(reverse("cases:intake"), joint)
    case = Case.objects.get()
    act(clerk, case, "accept", presented=["application_form", "title_certificate"])
    reviewer = signed_in(cast.reviewer_a)
    act(reviewer, case, "start_review")
    act(reviewer, case, "approve")
    registrar = signed_in(cast.registrar_a)
    page = act(registrar, case, "enter").content.decode()
    # The choice names the co-owners, masked.
    assert 'data-testid="each-co-owner"' in page and "申***、申***" in page
    page = act(registrar, case, "certificate").content.decode()
    assert state(case) == "certificate_issued"
    copies = Certificate.objects.filter(entry__unit=flat, holder__isnull=False)
    assert copies.count() == 2
    assert page.count('data-testid="document-certificate"') == 2
    assert all(c.number in page for c in copies)


def test_a_refusal_shows_every_reason_with_its_article_and_writes_nothing(
    cast: Any, flat: Unit
) -> None:
    clerk = signed_in(cast.clerk_a)
    clerk.post(reverse("cases:intake"), intake_post(None))
    case = Case.objects.get()
    page = act(clerk, case, "accept", presented=["application_form"]).content.decode()
    assert "不动产权属证书" in page and "第十七条" in page
    assert state(case) == "intake"
    # The clerk who accepted cannot review: the page says so, nothing moves.
    act(clerk, case, "accept", presented=["application_form", "title_certificate"])
    page = act(clerk, case, "start_review").content.decode()
    assert state(case) == "accepted" and "role_required" not in page


def test_a_bad_intake_shows_the_error_beside_the_applicant_line(cast: Any, flat: Unit) -> None:
    clerk = signed_in(cast.clerk_a)
    bad = resident_id(2)[:-1] + ("0" if resident_id(2)[-1] != "0" else "1")
    response = clerk.post(
        reverse("cases:intake"), intake_post(None, **{"applicant-0-document_number": bad})
    )
    assert response.status_code == 200
    assert 'data-testid="applicant-0"' in response.content.decode()
    assert "errorlist" in response.content.decode()
    assert not Case.objects.exists()


def test_the_one_time_notice_pdf_lists_the_missing_items(
    cast: Any, flat: Unit, tmp_path: Any
) -> None:
    clerk = signed_in(cast.clerk_a)
    clerk.post(reverse("cases:intake"), intake_post(None))
    case = Case.objects.get()
    act(clerk, case, "notice", presented=["application_form"])
    assert state(case) == "not_accepted_notice"
    notice = CaseDocument.objects.get(case=case, kind="notice")
    text = pdf_text(
        clerk.get(reverse("cases:document", args=[case.reference, notice.number])).content,
        tmp_path,
    )
    flat_text = re.sub(r"\s+", "", text)
    assert "一次性告知" in flat_text and "不动产权属证书" in flat_text
    # The public page the QR code leads to shows the case's state but no names.
    public = signed_in(cast.citizen).get(
        reverse("portal:verify_case_document", args=[notice.verification_code])
    )
    body = public.content.decode()
    assert case.reference in body and "申请人2" not in body


def test_a_case_of_another_office_is_not_found(cast: Any, flat: Unit) -> None:
    signed_in(cast.clerk_a).post(reverse("cases:intake"), intake_post(None))
    case = Case.objects.get()
    assert (
        signed_in(cast.clerk_b).get(reverse("cases:case", args=[case.reference])).status_code == 404
    )
    assert (
        signed_in(cast.citizen).get(reverse("cases:case", args=[case.reference])).status_code == 404
    )


def test_the_review_queue_is_sorted_by_due_date_with_bounded_queries(
    cast: Any, open_case: Callable[..., Case]
) -> None:
    from yichuang.cases import services

    cases = [open_case() for _ in range(6)]
    for case in cases:
        services.case_accept(actor=cast.clerk_a, case=case)
    client = signed_in(cast.reviewer_a)
    client.get(reverse("cases:queue", args=["review"]))  # warm the calendar cache
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:queue", args=["review"]))
    for _ in range(20):
        services.case_accept(actor=cast.clerk_a, case=open_case())
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("cases:queue", args=["review"]))
    assert response.content.decode().count('data-testid="queue-row"') == 26
    assert len(many) == len(few) <= 12


def test_the_intake_page_answers_with_bounded_queries(cast: Any, serve: Any, flat: Unit) -> None:
    ticket = serve(2)
    client = signed_in(cast.clerk_a)
    client.get(reverse("cases:intake"), {"ticket": ticket.pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:intake"), {"ticket": ticket.pk}).status_code == 200
    assert len(queries) <= 7


def test_the_case_page_answers_with_bounded_queries(
    cast: Any, open_case: Callable[..., Case]
) -> None:
    from yichuang.cases import services

    case = open_case(
        registration_type="mortgage",
        cause="general",
        applicants=(bank(), person(1, "obligor")),
        presented=MORTGAGE_MATERIALS,
        details={"debt_amount": "500000"},
    )
    services.case_accept(actor=cast.clerk_a, case=case)
    client = signed_in(cast.reviewer_a)
    client.get(reverse("cases:case", args=[case.reference]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:case", args=[case.reference])).status_code == 200
    assert len(queries) <= 25


def test_the_figures_count_same_day_acceptance(cast: Any, open_case: Callable[..., Case]) -> None:
    from yichuang.cases import services

    services.case_accept(actor=cast.clerk_a, case=open_case())
    services.case_issue_notice(actor=cast.clerk_a, case=open_case(presented=()))
    open_case()
    page = signed_in(cast.head_a).get(reverse("cases:figures")).content.decode()
    assert re.search(r'data-testid="brought">3<', page)
    assert re.search(r'data-testid="accepted">1<', page)
    assert re.search(r'data-testid="notices">1<', page)
    assert re.search(r'data-testid="share">67%<', page)
    assert signed_in(cast.clerk_a).get(reverse("cases:figures")).status_code == 403


def test_a_returning_applicant_is_led_to_the_case_their_notice_is_for(
    cast: Any, serve: Any, flat: Unit
) -> None:
    first = serve(2)
    clerk = signed_in(cast.clerk_a)
    clerk.post(reverse("cases:intake"), intake_post(first))
    case = Case.objects.get()
    act(clerk, case, "notice", presented=["application_form"])
    calling_done = Ticket.objects.get(pk=first.pk)
    calling_done.status = Ticket.Status.FINISHED
    calling_done.save()

    back = serve(2)
    page = clerk.get(reverse("cases:intake"), {"ticket": back.pk}).content.decode()
    assert f'data-testid="returning-{case.reference}"' in page
    case_page = clerk.get(reverse("cases:case", args=[case.reference]), {"ticket": back.pk})
    assert f'name="ticket" value="{back.pk}"' in case_page.content.decode()
    act(clerk, case, "reopen", ticket=back.pk)
    case.refresh_from_db()
    assert (case.state, case.visits, case.ticket_id) == ("intake", 2, back.pk)
