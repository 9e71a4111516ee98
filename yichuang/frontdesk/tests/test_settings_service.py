"""Changing an office's hall settings: who may, what is checked, what is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import QueueSettings
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.services.settings import (
    OUT_OF_ORDER_REASON_LABELS,
    PRIORITY_GROUP_LABELS,
    SETTINGS_EDITABLE,
    queue_settings_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _snapshot(office: Any) -> dict[str, Any]:
    settings = queue_settings_for(office)
    return {name: getattr(settings, name) for name in SETTINGS_EDITABLE}


def _events() -> int:
    return AuditEvent.objects.filter(event_type="queue_settings.update").count()


def test_the_head_changes_the_settings_and_the_change_is_audited(cast: Any) -> None:
    queue_settings_update(
        actor=cast.head_a,
        office=cast.office_a,
        sessions=[["08:30", "12:00"], ["13:00", "17:30"]],
        agent_principal_cap=2,
        out_of_order_reasons=["urgent_medical", "urgent_medical", "returned_after_recall"],
        priority_groups=["elderly"],
    )
    settings = QueueSettings.objects.get(office=cast.office_a)
    assert settings.sessions == [["08:30", "12:00"], ["13:00", "17:30"]]
    assert settings.agent_principal_cap == 2
    assert settings.out_of_order_reasons == ["urgent_medical", "returned_after_recall"]
    assert settings.priority_groups == ["elderly"]
    event = AuditEvent.objects.get(event_type="queue_settings.update")
    assert event.actor == cast.head_a and event.office == cast.office_a
    assert event.before == {
        "sessions": [["09:00", "12:00"], ["13:30", "17:00"]],
        "agent_principal_cap": 3,
        "out_of_order_reasons": list(OUT_OF_ORDER_REASON_LABELS),
        "priority_groups": ["elderly", "disabled", "military"],
    }
    assert event.after == {
        "sessions": [["08:30", "12:00"], ["13:00", "17:30"]],
        "agent_principal_cap": 2,
        "out_of_order_reasons": ["urgent_medical", "returned_after_recall"],
        "priority_groups": ["elderly"],
    }


def test_an_administrator_changes_any_office(cast: Any) -> None:
    queue_settings_update(actor=cast.admin, office=cast.office_b, slot_minutes=20)
    assert queue_settings_for(cast.office_b).slot_minutes == 20


@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "head_b", "supervisor", "citizen"])
def test_only_the_head_of_the_office_or_an_administrator_may(cast: Any, who: str) -> None:
    before = _snapshot(cast.office_a)
    with pytest.raises(PermissionDenied):
        queue_settings_update(actor=getattr(cast, who), office=cast.office_a, slot_minutes=20)
    assert _snapshot(cast.office_a) == before
    assert _events() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"sessions": [["12:00", "09:00"]]}, "sessions", "The opening hours are not valid"),
        (
            {"sessions": [["09:00", "12:00"], ["11:00", "17:00"]]},
            "sessions",
            "The opening hours are not valid",
        ),
        ({"sessions": []}, "sessions", "The opening hours are not valid"),
        ({"sessions": [["9", "x"]]}, "sessions", "The opening hours are not valid"),
        ({"sessions": "09:00-12:00"}, "sessions", "The opening hours are not valid"),
        ({"out_of_order_reasons": []}, "out_of_order_reasons", "Choose at least one"),
        ({"out_of_order_reasons": ["vip"]}, "out_of_order_reasons", "Choose at least one"),
        ({"out_of_order_reasons": "urgent_medical"}, "out_of_order_reasons", "Choose at least"),
        ({"priority_groups": ["vip"]}, "priority_groups", "Priority groups must be chosen"),
        ({"priority_groups": "elderly"}, "priority_groups", "Priority groups must be chosen"),
        ({"slot_minutes": 3}, "slot_minutes", "Enter a number from 5 to 32767."),
        ({"appointment_share": 120}, "appointment_share", "Enter a number from 0 to 100."),
        ({"agent_principal_cap": 0}, "agent_principal_cap", "Enter a number from 1 to 32767."),
        ({"agent_principal_cap": True}, "agent_principal_cap", "Enter a whole number."),
        ({"booking_horizon_days": "7"}, "booking_horizon_days", "Enter a whole number."),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_change_nothing(
    cast: Any, fields: dict[str, Any], field: str, message: str
) -> None:
    before = _snapshot(cast.office_a)
    with pytest.raises(ValidationError) as error:
        queue_settings_update(
            actor=cast.head_a, office=cast.office_a, **{"booking_hold_minutes": 9, **fields}
        )
    messages = error.value.message_dict
    assert list(messages) == [field]
    assert messages[field][0].startswith(message)
    assert _snapshot(cast.office_a) == before
    assert _events() == 0


def test_every_bad_field_is_named_at_once(cast: Any) -> None:
    with pytest.raises(ValidationError) as error:
        queue_settings_update(
            actor=cast.head_a, office=cast.office_a, slot_minutes=1, out_of_order_reasons=[]
        )
    assert set(error.value.message_dict) == {"slot_minutes", "out_of_order_reasons"}


def test_a_field_that_is_not_a_setting_is_refused(cast: Any) -> None:
    with pytest.raises(ValidationError) as error:
        queue_settings_update(actor=cast.head_a, office=cast.office_a, office_id=2)
    assert "office_id" in error.value.messages[0]
    assert _events() == 0


def test_saving_the_same_values_writes_no_audit_event(cast: Any) -> None:
    current = queue_settings_for(cast.office_a)
    queue_settings_update(
        actor=cast.head_a,
        office=cast.office_a,
        sessions=current.sessions,
        slot_minutes=current.slot_minutes,
    )
    assert _events() == 0


def test_no_priority_group_is_a_valid_choice(cast: Any) -> None:
    queue_settings_update(actor=cast.head_a, office=cast.office_a, priority_groups=[])
    assert queue_settings_for(cast.office_a).priority_groups == []


def test_every_default_reason_and_group_has_a_label(cast: Any) -> None:
    defaults = queue_settings_for(cast.office_a)
    assert set(defaults.out_of_order_reasons) == set(OUT_OF_ORDER_REASON_LABELS)
    assert set(defaults.priority_groups) == set(PRIORITY_GROUP_LABELS)
    assert str(OUT_OF_ORDER_REASON_LABELS["document_collection_only"]) == (
        "Only collecting a document"
    )
