"""The public booking pages: choose a time, get a code, confirm, see and cancel."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.accounts.models import ServiceType
from yichuang.core.identifiers.check_digits import mod11_2_check_char
from yichuang.frontdesk.models import AbuseSignal, Appointment, AppointmentSlot, OutgoingMessage
from yichuang.frontdesk.services import appointments

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def resident_id(n: int) -> str:
    body = f"11010119800101{n:03d}"
    return body + mod11_2_check_char(body)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _slot(cast: Any, starts_at: dt.datetime, capacity: int = 2, **extra: Any) -> AppointmentSlot:
    return AppointmentSlot.objects.create(
        office=cast.office_a,
        service_type=ServiceType.objects.get(code="general"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        capacity=capacity,
        **extra,
    )


@pytest.fixture
def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


@pytest.fixture
def nine(cast: Any, tomorrow: dt.date) -> AppointmentSlot:
    return _slot(cast, timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0))))


def _form(chosen: AppointmentSlot, n: int = 1, **changes: str) -> dict[str, str]:
    data = {
        "service_type": "general",
        "day": timezone.localdate(chosen.starts_at).isoformat(),
        "slot": timezone.localtime(chosen.starts_at).isoformat(),
        "document_type": "resident_id",
        "document_number": resident_id(n),
        "name": "张三",
        "phone": PHONE,
    }
    data.update(changes)
    return data


def _code(phone: str = PHONE) -> str:
    text = OutgoingMessage.objects.filter(phone=phone).order_by("-pk")[0].text
    found = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    assert found is not None
    return found.group(0)


def _held(client: Client, slot: AppointmentSlot, n: int = 1) -> Appointment:
    response = client.post("/book/haimen/", _form(slot, n))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Appointment.objects.get(principal_key__endswith=resident_id(n))


def test_the_booking_page_shows_the_days_times_and_places_free(
    client: Client, cast: Any, nine: AppointmentSlot, django_assert_max_num_queries: Any
) -> None:
    _slot(cast, nine.starts_at + dt.timedelta(minutes=30), capacity=1, closed_reason="停电")
    full = _slot(cast, nine.starts_at + dt.timedelta(minutes=60), capacity=1)
    _held(Client(), full, 9)
    with django_assert_max_num_queries(12):
        response = client.get("/book/haimen/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'value="{timezone.localdate(nine.starts_at).isoformat()}" selected' in page
    times = re.findall(r'<input type="radio" name="slot"[^>]*>', page)
    assert len(times) == 3
    assert [("disabled" in t) for t in times] == [False, True, True]
    assert "Closed: 停电" in page and "Full" in page


def test_another_service_or_day_is_chosen_by_the_query(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    later = nine.starts_at + dt.timedelta(days=1)
    _slot(cast, later)
    response = client.get(
        "/book/haimen/",
        {"service_type": "general", "day": timezone.localdate(later).isoformat()},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert timezone.localtime(later).isoformat() in page
    assert timezone.localtime(nine.starts_at).isoformat() not in page


def test_sending_the_code_holds_the_time_and_leads_to_the_appointment(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    response = client.post("/book/haimen/", _form(nine))
    held = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/appointment/{held.reference}/"
    assert (held.status, held.slot, held.client_address) == (
        Appointment.Status.HELD,
        nine,
        "127.0.0.1",
    )
    assert re.search(r"(?<!\d)\d{6}(?!\d)", OutgoingMessage.objects.get(phone=PHONE).text)
    page = client.get(response["Location"]).content.decode()
    assert "A code was sent to 139****5678." in page
    assert "Not booked yet" in page and 'value="confirm"' in page
    assert "张*" in page and PHONE not in page and resident_id(1) not in page


def test_a_bad_id_number_is_shown_beside_its_field_and_nothing_is_held(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    bad = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    response = client.post("/book/haimen/", _form(nine, document_number=bad))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["document_number"]
    assert "check digit" in errors["document_number"][0]
    assert not Appointment.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_a_time_must_be_chosen_and_a_full_one_is_refused(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    response = client.post("/book/haimen/", _form(nine, slot=""))
    assert response.context["form"].errors == {"slot": ["Choose a time with places free."]}
    Appointment.objects.all().delete()
    AppointmentSlot.objects.filter(pk=nine.pk).update(capacity=1)
    _held(Client(), nine, 2)
    response = client.post("/book/haimen/", _form(nine, 3))
    assert response.context["form"].errors == {
        "slot": ["This time is fully booked; choose another."]
    }
    assert Appointment.objects.count() == 1


def test_the_code_confirms_and_the_page_says_when_to_check_in(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    held = _held(client, nine)
    url = f"/appointment/{held.reference}/"
    wrong = client.post(url, {"action": "confirm", "code": "12345x"})
    assert wrong.status_code == 200
    assert list(wrong.context["code_form"].errors) == ["code"]
    response = client.post(url, {"action": "confirm", "code": _code()})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Appointment.Status.BOOKED
    page = client.get(url).content.decode()
    assert "Your appointment is booked." in page
    assert "between 08:30 and 09:15" in page


def test_cancelling_needs_the_booking_phone_and_frees_the_time(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    AppointmentSlot.objects.filter(pk=nine.pk).update(capacity=1)
    held = _held(client, nine)
    url = f"/appointment/{held.reference}/"
    client.post(url, {"action": "confirm", "code": _code()})
    wrong = client.post(url, {"action": "cancel", "phone": "13800000000"})
    assert wrong.context["cancel_form"].errors == {
        "phone": ["This is not the phone number the appointment was booked with."]
    }
    assert client.post(url, {"action": "cancel", "phone": PHONE}).status_code == 302
    held.refresh_from_db()
    assert held.status == Appointment.Status.CANCELLED
    assert "Your appointment is cancelled." in client.get(url).content.decode()
    assert _held(Client(), nine, 2).status == Appointment.Status.HELD


def test_an_expired_hold_says_so_and_offers_no_code_form(
    client: Client, cast: Any, nine: AppointmentSlot
) -> None:
    held = _held(client, nine)
    Appointment.objects.filter(pk=held.pk).update(held_until=timezone.now())
    page = client.get(f"/appointment/{held.reference}/").content.decode()
    assert "The hold has expired; choose a time again." in page
    assert 'value="confirm"' not in page


def test_an_unknown_reference_is_a_404_page(client: Client, db: None) -> None:
    response = client.get("/appointment/YAAAAAAAAA/")
    assert response.status_code == 404
    assert "Appointment not found" in response.content.decode()


def test_a_form_without_the_csrf_token_is_refused(cast: Any, nine: AppointmentSlot) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/book/haimen/", _form(nine)).status_code == 403
    assert not Appointment.objects.exists()


def test_booking_writes_are_limited_per_address(
    client: Client, cast: Any, nine: AppointmentSlot, monkeypatch: Any
) -> None:
    monkeypatch.setattr(appointments, "BOOKING_WRITES_PER_ADDRESS", "1/h")
    _held(client, nine, 1)
    response = client.post("/book/haimen/", _form(nine, 2))
    assert response.status_code == 429
    assert Appointment.objects.count() == 1
    assert AbuseSignal.objects.get().kind == AbuseSignal.Kind.ADDRESS_CAP
