"""Changing an office's hall settings (大厅设置): hours, caps, priority groups, reasons.

Only the office head or an administrator changes them, every change is
audited with the values before and after, and nothing is saved unless every
field is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yichuang.accounts.models import Office, User
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import QueueSettings
from yichuang.frontdesk.rules import PRIORITY_GROUPS, parse_sessions
from yichuang.frontdesk.services.access import require_manager

# The reasons a clerk may give for calling a ticket out of order; an office
# chooses which of these it allows. The keys are what is stored and audited.
OUT_OF_ORDER_REASON_LABELS: dict[str, Promise] = {
    "returned_after_recall": gettext_lazy("Came back after being called and missed"),
    "urgent_medical": gettext_lazy("Urgent medical need"),
    "transferred_by_supervisor": gettext_lazy("Sent by the duty supervisor"),
    "document_collection_only": gettext_lazy("Only collecting a document"),
}

PRIORITY_GROUP_LABELS: dict[str, Promise] = {
    "elderly": gettext_lazy("Elderly person"),
    "disabled": gettext_lazy("Person with a disability"),
    "military": gettext_lazy("Service member or family"),
}

# Each whole-number setting and the smallest value that still makes sense.
_MINIMUMS: dict[str, int] = {
    "agent_principal_cap": 1,
    "slot_minutes": 5,
    "appointment_share": 0,
    "booking_horizon_days": 1,
    "booking_hold_minutes": 1,
    "bookings_per_identity": 1,
    "booking_period_days": 1,
    "checkin_early_minutes": 0,
    "checkin_late_minutes": 0,
    "inquiry_escalation_hours": 1,
    "default_service_minutes": 1,
}
_MAXIMUMS: dict[str, int] = {"appointment_share": 100}
_SMALLINT_MAX = 32767

SETTINGS_EDITABLE = frozenset({"sessions", "priority_groups", "out_of_order_reasons", *_MINIMUMS})


def reason_label(code: str) -> str:
    """The reader's label of an out-of-order reason; an unknown code is shown as it is."""
    label = OUT_OF_ORDER_REASON_LABELS.get(code)
    return str(label) if label is not None else code


def priority_group_label(code: str) -> str:
    label = PRIORITY_GROUP_LABELS.get(code)
    return str(label) if label is not None else code


def queue_settings_clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise settings as given; every bad field is named in one error."""
    unknown = set(fields) - SETTINGS_EDITABLE
    if unknown:
        raise ValidationError(
            _("These settings cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            cleaned[name] = _clean_one(name, value)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(name: str, value: Any) -> Any:
    if name == "sessions":
        try:
            periods = parse_sessions(value)
        except (ValueError, TypeError) as error:
            raise ValueError(
                _("The opening hours are not valid: %(reason)s") % {"reason": error}
            ) from None
        return [[start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in periods]
    if name == "priority_groups":
        groups = _codes(value)
        if groups is None or not set(groups) <= set(PRIORITY_GROUPS):
            raise ValueError(
                _("Priority groups must be chosen from: %(groups)s")
                % {"groups": ", ".join(PRIORITY_GROUPS)}
            )
        return groups
    if name == "out_of_order_reasons":
        reasons = _codes(value)
        if not reasons or not set(reasons) <= set(OUT_OF_ORDER_REASON_LABELS):
            raise ValueError(
                _("Choose at least one of the listed reasons for calling out of order.")
            )
        return reasons
    return _whole_number(name, value)


def _codes(value: Any) -> list[str] | None:
    """A list of distinct strings in the order given, or None if ``value`` is not one."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return None
    return list(dict.fromkeys(value))


def _whole_number(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Enter a whole number."))
    low, high = _MINIMUMS[name], _MAXIMUMS.get(name, _SMALLINT_MAX)
    if not low <= value <= high:
        raise ValueError(_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return value


def queue_settings_update(*, actor: User, office: Office, **fields: Any) -> QueueSettings:
    """Change the office's hall settings; unchanged values are left alone and not audited."""
    require_manager(actor, office)
    cleaned = queue_settings_clean(fields)
    with transaction.atomic():
        QueueSettings.objects.get_or_create(office=office)
        settings = QueueSettings.objects.select_for_update().get(office=office)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in cleaned.items():
            current = getattr(settings, name)
            if current != value:
                before[name], after[name] = current, value
                setattr(settings, name, value)
        if not after:
            return settings
        settings.save(update_fields=list(after))
        audit_record(
            actor=actor,
            event_type="queue_settings.update",
            target=settings,
            office=office,
            before=before,
            after=after,
        )
    return settings
