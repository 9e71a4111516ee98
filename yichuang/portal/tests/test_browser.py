"""In a real browser: a clerk signs in, sees the Chinese staff home, switches to English;
anyone checks a certificate through its QR address."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
]
SCREENSHOTS = Path(os.environ.get("YICHUANG_SCREENSHOTS", "/tmp/yichuang-screenshots"))


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    return context.new_page()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_clerk_signs_in_and_switches_to_english(page, live_server, cast) -> None:
    from conftest import CAST_PASSWORD

    page.goto(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text() == "工作人员登录"
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert "南通市海门区不动产登记中心" in page.inner_text("main")
    assert "受理人员" in page.inner_text("main")
    _shot(page, "staff-home-zh")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Windows of your office" in page.inner_text("main")
    _shot(page, "staff-home-en")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_answered_on_the_page(page, live_server, cast) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "wrong-password")
    page.click("button.primary")
    assert "请输入一个正确的" in page.inner_text("[role=alert]")


@pytest.mark.django_db(transaction=True)
def test_anyone_checks_a_certificate_from_its_qr_address(page, live_server, cast) -> None:
    from yichuang.demo.register import register_demo
    from yichuang.registry.models import Certificate

    register_demo(cast)
    certificate = Certificate.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/verify/c/{certificate.verification_code}")
    text = page.inner_text("main")
    assert certificate.number in text
    assert "周**" in text
    _shot(page, "verify-certificate")


@pytest.mark.django_db(transaction=True)
def test_a_registrar_finds_a_unit_and_reads_its_history(page, live_server, cast) -> None:
    from yichuang.demo.register import FLATS, register_demo

    register_demo(cast)
    page.context.add_cookies([_session_cookie(live_server, cast.people["registrar_a"])])
    page.goto(f"{live_server.url}/staff/register/")
    page.fill("#id_location", "3幢201室")
    page.click("button.primary")
    page.click(f"text={FLATS[1][0]}")
    text = page.inner_text("main")
    assert "陈**" in text
    assert "REG art. 14" in text and "CC art. 402" in text
    _shot(page, "unit-history")


def _session_cookie(live_server, user) -> dict[str, str]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
