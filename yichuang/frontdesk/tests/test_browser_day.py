"""A day of the demo office's hall, played in a real browser by everyone in it.

The head registers a kiosk; the kiosk prints real-name tickets and refuses a
second one; a citizen books an appointment online and checks in at the kiosk;
the clerk calls (the appointment first), re-checks identities, finishes, marks a
no-show after a mismatch and calls one ticket out of order with a reason; the
call screen shows the calls; an inquiry is handed to a colleague who accepts and
answers it, and the applicant reads the answer; the head reads the day's figures.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from conftest import signed_in_page
from yichuang.accounts.models import ServiceType
from yichuang.frontdesk.models import Appointment, AppointmentSlot, Inquiry, OutgoingMessage
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(os.environ.get("YICHUANG_SCREENSHOTS", "/tmp/yichuang-screenshots"))
PHONE = "13912345678"


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREENSHOTS / f"hall-{name}.png"), full_page=True)


def _tid(page: Any, testid: str) -> Any:
    return page.get_by_test_id(testid)


def _signed_in(chromium: Any, live_server: Any, username: str) -> Any:
    return signed_in_page(chromium, live_server, username)


def _anonymous(chromium: Any) -> Any:
    return chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000}).new_page()


def _kiosk_ticket(kiosk: Any, n: int) -> str:
    kiosk.fill("[data-testid=document-number]", resident_id(n))
    kiosk.fill("[data-testid=applicant-name]", f"申请人{n}")
    _tid(kiosk, "kiosk-service-general").click()
    number = str(_tid(kiosk, "kiosk-ticket-number").inner_text()).strip()
    _tid(kiosk, "kiosk-done").click()
    return number


def _check(window: Any, number: str) -> None:
    window.fill("#id_check-document_number", number)
    _tid(window, "identity-check").click()


def test_a_day_in_the_hall(chromium: Any, live_server: Any, cast: Any) -> None:
    url = live_server.url

    # Morning: the head registers the kiosk by the entrance.
    head = _signed_in(chromium, live_server, "head_a")
    head.goto(f"{url}/staff/hall/kiosks/")
    _tid(head, "kiosk-name").fill("入口取号机")
    _tid(head, "kiosk-register").click()
    token = _tid(head, "kiosk-token-value").input_value()
    assert len(token) > 30

    # The kiosk is paired with the token and prints three real-name tickets.
    kiosk = _anonymous(chromium)
    kiosk.goto(f"{url}/kiosk/")
    assert _tid(kiosk, "kiosk-forbidden").is_visible()
    kiosk.goto(f"{url}/kiosk/pair/")
    _tid(kiosk, "kiosk-token").fill(token)
    _tid(kiosk, "kiosk-pair").click()
    assert [_kiosk_ticket(kiosk, n) for n in (1, 2, 3)] == ["A001", "A002", "A003"]
    # The same person again: the kiosk answers with the number already held.
    kiosk.fill("[data-testid=document-number]", resident_id(1))
    kiosk.fill("[data-testid=applicant-name]", "申请人1")
    _tid(kiosk, "kiosk-service-general").click()
    assert _tid(kiosk, "kiosk-ticket-number").inner_text().strip() == "A001"
    assert "A001" in _tid(kiosk, "kiosk-note").inner_text()
    _shot(kiosk, "kiosk-refuses-second-ticket")
    _tid(kiosk, "kiosk-done").click()

    # A citizen books a time online and confirms it with the code sent to the phone.
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=20)
    slot = AppointmentSlot.objects.create(
        office=cast.office_a,
        service_type=ServiceType.objects.get(code="general"),
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        capacity=2,
    )
    citizen = _anonymous(chromium)
    day = timezone.localdate(starts).isoformat()
    citizen.goto(f"{url}/book/haimen/?service_type=general&day={day}")
    citizen.check("#slot-1")
    citizen.fill("#id_document_number", resident_id(8))
    citizen.fill("#id_name", "吴梅")
    citizen.fill("#id_phone", PHONE)
    _tid(citizen, "book-send-code").click()
    reference = _tid(citizen, "appointment-reference").inner_text().strip()
    message = OutgoingMessage.objects.filter(phone=PHONE).order_by("-pk").first()
    assert message is not None
    code = re.search(r"\d{6}", message.text)
    assert code is not None
    citizen.fill("#id_code", code.group(0))
    _tid(citizen, "appointment-confirm-button").click()
    _tid(citizen, "appointment-state").wait_for()
    assert Appointment.objects.get(reference=reference).status == "booked"
    _shot(citizen, "appointment-booked")

    # The time comes; the citizen checks in at the kiosk and joins the queue.
    AppointmentSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=2),
        ends_at=timezone.now() + dt.timedelta(minutes=28),
    )
    _tid(kiosk, "checkin-reference").fill(reference)
    _tid(kiosk, "kiosk-checkin").click()
    assert _tid(kiosk, "kiosk-ticket-number").inner_text().strip() == "A004"

    # Window 1: the appointment due now is called first; the citizen's own ID starts the service.
    window = _signed_in(chromium, live_server, "clerk_a")
    window.goto(f"{url}/staff/hall/window/1/")
    _tid(window, "call-next").click()
    assert _tid(window, "in-hand-number").inner_text() == "A004"
    _check(window, resident_id(8))
    _tid(window, "identity-match").wait_for()
    _tid(window, "finish").click()
    _tid(window, "in-hand-none").wait_for()

    # A001 shows someone else's ID (a resold ticket?): not served, and then a no-show.
    _tid(window, "call-next").click()
    assert _tid(window, "in-hand-number").inner_text() == "A001"
    _check(window, resident_id(77))
    _tid(window, "identity-mismatch").wait_for()
    _shot(window, "window-identity-mismatch")
    _tid(window, "no-show").click()
    _tid(window, "in-hand-none").wait_for()

    # A003 feels unwell: called before A002, with the reason recorded.
    _tid(window, "reason-A003").select_option("urgent_medical")
    _tid(window, "call-out-of-order-A003").click()
    _tid(window, "in-hand-number").wait_for()
    assert _tid(window, "in-hand-number").inner_text() == "A003"
    _check(window, resident_id(3))
    _tid(window, "identity-match").wait_for()
    _shot(window, "window-serving")
    _tid(window, "finish").click()
    _tid(window, "in-hand-none").wait_for()

    # The call screen shows the last call, and nobody's name.
    screen = _anonymous(chromium)
    screen.goto(f"{url}/display/haimen/")
    assert _tid(screen, "display-latest-number").inner_text() == "A003"
    assert "申请人" not in screen.inner_text("body")
    _shot(screen, "call-screen")

    # An inquiry at the window, handed to the reviewer, who accepts and answers it.
    window.goto(f"{url}/staff/hall/inquiries/new/")
    window.fill("#id_subject", "继承登记需要哪些材料")
    window.fill("#id_question", "父亲去世，房屋如何办理继承登记？")
    window.click("main button.primary")
    inquiry = Inquiry.objects.get()
    window.select_option("#id_to_user", str(cast.reviewer_a.pk))
    window.fill("#id_note", "请审核岗答复")
    window.click("form[action$='/hand-over/'] button")
    reviewer = _signed_in(chromium, live_server, "reviewer_a")
    reviewer.goto(f"{url}/staff/hall/inquiries/{inquiry.reference}/")
    reviewer.click("#respond form:first-of-type button")
    reviewer.fill("#id_answer", "请携带死亡证明、亲属关系证明及全部继承人的协议。")
    reviewer.click("form[action$='/answer/'] button")
    inquiry.refresh_from_db()
    assert (inquiry.owner, inquiry.status) == (cast.reviewer_a, "answered")
    public = _anonymous(chromium)
    public.goto(f"{url}/inquiry/{inquiry.reference}/")
    assert "死亡证明" in public.inner_text("main")
    _shot(public, "inquiry-answered")

    # Evening: the head reads the day's figures.
    head.goto(f"{url}/staff/hall/figures/?day={timezone.localdate().isoformat()}")
    figures = {
        key: _tid(head, f"figure-{key}").locator("td").inner_text()
        for key in (
            "tickets_issued",
            "tickets_served",
            "no_shows",
            "out_of_order_calls",
            "identity_mismatches",
        )
    }
    assert figures == {
        "tickets_issued": "4",
        "tickets_served": "2",
        "no_shows": "1",
        "out_of_order_calls": "1",
        "identity_mismatches": "1",
    }
    _shot(head, "figures")
