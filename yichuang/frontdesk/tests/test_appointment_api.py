"""Appointments through the API: slots, hold, confirm, status, cancel and check-in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from yichuang.accounts.models import ServiceType
from yichuang.frontdesk.models import AbuseSignal, Appointment, AppointmentSlot, OutgoingMessage
from yichuang.frontdesk.services import appointments, kiosks, tickets
from yichuang.frontdesk.tests.conftest import resident_id

pytestmark = pytest.mark.django_db

API = "/api/frontdesk"
PHONE = "13912345678"


def _slot(cast: Any, starts_at: dt.datetime, capacity: int = 2) -> AppointmentSlot:
    return AppointmentSlot.objects.create(
        office=cast.office_a,
        service_type=ServiceType.objects.get(code="general"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        capacity=capacity,
    )


@pytest.fixture
def tomorrow_nine(cast: Any) -> AppointmentSlot:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return _slot(cast, timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0))))


def _hold_body(chosen: AppointmentSlot, n: int = 1, **changes: str) -> dict[str, str]:
    body = {
        "document_type": "resident_id",
        "document_number": resident_id(n),
        "name": "张三",
        "service_type": "general",
        "slot": chosen.starts_at.isoformat(),
        "phone": PHONE,
    }
    body.update(changes)
    return body


def _hold(client: Any, chosen: AppointmentSlot, n: int = 1, **changes: str) -> Any:
    return client.post(
        f"{API}/offices/haimen/appointments",
        _hold_body(chosen, n, **changes),
        content_type="application/json",
    )


def _code(client: Any, phone: str = PHONE) -> str:
    sent = client.post(
        f"{API}/phone-codes", {"office": "haimen", "phone": phone}, content_type="application/json"
    )
    assert sent.status_code == 202
    text = OutgoingMessage.objects.filter(phone=phone).order_by("-pk")[0].text
    found = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    assert found is not None
    return found.group(0)


def _booked(cast: Any, slot: AppointmentSlot, n: int = 1) -> Appointment:
    applicant = tickets.applicant_parse(
        document_type="resident_id", document_number=resident_id(n), name="张三", phone=PHONE
    )
    held = appointments.appointment_hold(
        office=cast.office_a,
        service_type=slot.service_type,
        slot=slot,
        applicant=applicant,
        client_address=None,
    )
    Appointment.objects.filter(pk=held.pk).update(status=Appointment.Status.BOOKED)
    held.refresh_from_db()
    return held


def test_slots_show_the_places_free(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot, django_assert_max_num_queries: Any
) -> None:
    _slot(cast, tomorrow_nine.starts_at + dt.timedelta(minutes=30), capacity=1)
    _booked(cast, tomorrow_nine)
    day = timezone.localdate(tomorrow_nine.starts_at)
    with django_assert_max_num_queries(6):
        response = client.get(
            f"{API}/offices/haimen/slots", {"service_type": "general", "day": day.isoformat()}
        )
    assert response.status_code == 200
    assert [(s["capacity"], s["free"], s["closed_reason"]) for s in response.json()] == [
        (2, 1, ""),
        (1, 1, ""),
    ]


def test_hold_confirm_look_up_and_cancel(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot
) -> None:
    held = _hold(client, tomorrow_nine)
    assert held.status_code == 201, held.json()
    reference = held.json()["reference"]
    assert Appointment.objects.get(reference=reference).client_address == "127.0.0.1"
    confirmed = client.post(
        f"{API}/appointments/{reference}/confirm",
        {"code": _code(client)},
        content_type="application/json",
    )
    assert confirmed.status_code == 200
    looked_up = client.get(f"{API}/appointments/{reference}").json()
    assert looked_up == {
        "reference": reference,
        "status": "booked",
        "office": "haimen",
        "office_name": cast.office_a.name,
        "service_type": "general",
        "service_name": ServiceType.objects.get(code="general").name,
        "starts_at": looked_up["starts_at"],
        "ends_at": looked_up["ends_at"],
        "held_until": None,
        "applicant": "张*",
        "phone": "139****5678",
        "ticket": None,
    }
    assert dt.datetime.fromisoformat(looked_up["starts_at"]) == tomorrow_nine.starts_at
    wrong = client.post(
        f"{API}/appointments/{reference}/cancel",
        {"phone": "13800000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["phone"]
    cancelled = client.post(
        f"{API}/appointments/{reference}/cancel", {"phone": PHONE}, content_type="application/json"
    )
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")


def test_a_bad_id_number_is_a_422_naming_the_field(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot
) -> None:
    bad = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    response = _hold(client, tomorrow_nine, document_number=bad)
    assert response.status_code == 422
    assert [d["loc"] for d in response.json()["detail"]] == [["document_number"]]
    assert not Appointment.objects.exists()


def test_a_bad_phone_or_an_unknown_time_is_a_422_naming_the_field(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot
) -> None:
    assert _hold(client, tomorrow_nine, phone="12345").json()["detail"][0]["loc"] == ["phone"]
    later = (tomorrow_nine.starts_at + dt.timedelta(minutes=7)).isoformat()
    assert _hold(client, tomorrow_nine, slot=later).json()["detail"][0]["loc"] == ["slot"]
    assert not Appointment.objects.exists()


def test_a_full_time_is_a_422_on_the_slot(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot
) -> None:
    _booked(cast, tomorrow_nine, 1)
    _booked(cast, tomorrow_nine, 2)
    response = _hold(client, tomorrow_nine, 3)
    assert (response.status_code, response.json()["detail"][0]["loc"]) == (422, ["slot"])


def test_a_wrong_code_is_a_422_on_the_code(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot
) -> None:
    reference = _hold(client, tomorrow_nine).json()["reference"]
    code = _code(client)
    response = client.post(
        f"{API}/appointments/{reference}/confirm",
        {"code": "111111" if code != "111111" else "222222"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["detail"][0]["loc"]) == (422, ["code"])
    assert Appointment.objects.get().status == Appointment.Status.HELD


def test_an_unknown_reference_is_404(client: Any, db: None) -> None:
    assert client.get(f"{API}/appointments/YAAAAAAAAA").status_code == 404
    response = client.post(
        f"{API}/appointments/YAAAAAAAAA/cancel", {"phone": PHONE}, content_type="application/json"
    )
    assert response.status_code == 404


def test_public_booking_writes_are_rate_limited_per_address(
    client: Any, cast: Any, tomorrow_nine: AppointmentSlot, monkeypatch: Any
) -> None:
    monkeypatch.setattr(appointments, "BOOKING_WRITES_PER_ADDRESS", "2/h")
    assert _hold(client, tomorrow_nine, 1).status_code == 201
    assert _hold(client, tomorrow_nine, 2).status_code == 201
    refused = _hold(client, tomorrow_nine, 3)
    assert refused.status_code == 429
    assert Appointment.objects.count() == 2
    signal = AbuseSignal.objects.get()
    assert (signal.kind, signal.subject_key) == (AbuseSignal.Kind.ADDRESS_CAP, "127.0.0.1")


@pytest.fixture
def due_now(cast: Any) -> Appointment:
    return _booked(
        cast, _slot(cast, timezone.now().replace(microsecond=0) + dt.timedelta(minutes=10))
    )


def test_a_kiosk_of_the_office_checks_in_with_its_token(
    client: Any, cast: Any, due_now: Appointment
) -> None:
    _kiosk, token = kiosks.kiosk_register(actor=cast.head_a, office=cast.office_a, name="一号机")
    url = f"{API}/appointments/{due_now.reference}/check-in"
    first = client.post(url, headers={"X-Kiosk-Token": token})
    assert first.status_code == 200, first.json()
    assert (first.json()["number"], first.json()["applicant"]) == ("A001", "张*")
    again = client.post(url, headers={"X-Kiosk-Token": token})
    assert again.json()["id"] == first.json()["id"]
    status = client.get(f"{API}/appointments/{due_now.reference}").json()
    assert (status["status"], status["ticket"]) == ("checked_in", "A001")


def test_check_in_needs_a_kiosk_or_a_clerk_of_the_office(
    client: Any, client_for: Any, cast: Any, due_now: Appointment
) -> None:
    url = f"{API}/appointments/{due_now.reference}/check-in"
    _kiosk, their_token = kiosks.kiosk_register(
        actor=cast.head_b, office=cast.office_b, name="一号机"
    )
    assert client.post(url).status_code == 401
    assert client.post(url, headers={"X-Kiosk-Token": "not-a-token"}).status_code == 401
    assert client.post(url, headers={"X-Kiosk-Token": their_token}).status_code == 403
    assert client_for(cast.clerk_b).post(url).status_code == 403
    assert due_now.__class__.objects.get(pk=due_now.pk).ticket is None
    response = client_for(cast.clerk_a).post(url)
    assert (response.status_code, response.json()["number"]) == (200, "A001")
