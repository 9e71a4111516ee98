"""A sale from the window to the collected certificate, in a real browser.

The clerk serves a ticket, opens the intake from the window screen, fills the
form, ticks what the applicant handed in (a notice first, because the title
certificate is missing), reopens the case when the applicant returns, accepts
it and collects the fee; the reviewer approves it, the registrar enters it and
makes out the certificate, the clerk hands it over. A citizen scans the
receipt's QR code and sees the case's progress.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import signed_in_page
from yichuang.cases.models import Case, CaseDocument
from yichuang.cases.tests.conftest import FLAT
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(os.environ.get("YICHUANG_SCREENSHOTS", "/tmp/yichuang-screenshots"))


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREENSHOTS / f"case-{name}.png"), full_page=True)


def _signed_in(chromium: Any, live_server: Any, username: str) -> Any:
    return signed_in_page(chromium, live_server, username)


def _state(page: Any) -> str:
    return str(page.get_by_test_id("case-state").get_attribute("data-state"))


def test_a_sale_from_the_window_to_the_certificate(
    chromium: Any, live_server: Any, cast: Any, flat: Any, serve: Any
) -> None:
    url = live_server.url
    ticket = serve(2)

    clerk = _signed_in(chromium, live_server, "clerk_a")
    clerk.goto(f"{url}/staff/hall/window/1/")
    clerk.get_by_test_id("start-intake").click()
    clerk.wait_for_url("**/staff/cases/intake/**")
    assert ticket.display in clerk.get_by_test_id("intake-ticket").inner_text()
    clerk.select_option("#id_registration", "transfer.sale")
    clerk.fill("#id_unit_code", FLAT)
    # The ticket's applicant fills the first line; the seller goes on the second.
    assert clerk.input_value("#id_applicant-0-document_number") == resident_id(2)
    clerk.select_option("#id_applicant-1-side", "obligor")
    clerk.fill("#id_applicant-1-name", "申请人1")
    clerk.fill("#id_applicant-1-document_number", resident_id(1))
    _shot(clerk, "intake")
    clerk.get_by_test_id("intake-open").click()
    clerk.wait_for_url("**/staff/cases/HAIMEN*/")
    assert _state(clerk) == "intake"
    case = Case.objects.get()

    # The title certificate is not there: one written notice of everything missing.
    clerk.check("#m-application_form")
    clerk.get_by_test_id("notice").click()
    assert _state(clerk) == "not_accepted_notice"
    notice = CaseDocument.objects.get(case=case, kind="notice")
    assert notice.content["missing"][0]["name"] == "不动产权属证书"
    _shot(clerk, "notice")

    # The applicant returns with it.
    clerk.get_by_test_id("reopen").click()
    clerk.check("#m-title_certificate")
    _shot(clerk, "checklist")
    clerk.get_by_test_id("accept").click()
    assert _state(clerk) == "accepted"
    assert clerk.get_by_test_id("fee-total").inner_text().strip() == "80.00"
    clerk.get_by_test_id("collect-fee").click()
    assert clerk.get_by_test_id("fee-paid").is_visible()
    with clerk.expect_download() as download_info:
        clerk.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; "
            "a.download = 'receipt.pdf'; document.body.appendChild(a); a.click(); }",
            clerk.get_by_test_id("document-receipt").get_attribute("href"),
        )
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")

    reviewer = _signed_in(chromium, live_server, "reviewer_a")
    reviewer.goto(f"{url}/staff/cases/queues/review/")
    reviewer.get_by_role("link", name=case.reference).click()
    reviewer.get_by_test_id("start-review").click()
    reviewer.get_by_test_id("approve").click()
    assert _state(reviewer) == "approved"

    registrar = _signed_in(chromium, live_server, "registrar_a")
    registrar.goto(f"{url}/staff/cases/queues/entry/")
    registrar.get_by_role("link", name=case.reference).click()
    registrar.get_by_test_id("enter").click()
    assert _state(registrar) == "entered"
    registrar.get_by_test_id("certificate").click()
    assert _state(registrar) == "certificate_issued"

    clerk.goto(f"{url}/staff/cases/{case.reference}/")
    clerk.get_by_test_id("hand-over").click()
    assert _state(clerk) == "collected"
    _shot(clerk, "collected")

    receipt = CaseDocument.objects.get(case=case, kind="receipt")
    citizen = chromium.new_context(locale="zh-CN").new_page()
    citizen.goto(f"{url}/verify/d/{receipt.verification_code}")
    assert citizen.get_by_test_id("case-state").get_attribute("data-state") == "collected"
    assert "申请人2" not in citizen.content()
