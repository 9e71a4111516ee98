"""The administrator's view of the front desk.

Hall settings are changed through the service (checked and audited); kiosks
are registered and revoked by the office head on the hall pages; tickets,
calls, identity checks and abuse signals are records, shown read-only and
with personal data masked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import signed_in_user
from yichuang.core.masking import mask_id_number, mask_name, mask_record, mask_text
from yichuang.frontdesk.forms import add_service_errors
from yichuang.frontdesk.models import (
    AbuseSignal,
    CallEvent,
    IdentityCheck,
    Kiosk,
    QueueSettings,
    Ticket,
)
from yichuang.frontdesk.services.settings import (
    SETTINGS_EDITABLE,
    queue_settings_clean,
    queue_settings_update,
)


def _is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.has_role(Role.ADMINISTRATOR)


def masked_key(key: str) -> str:
    """An identity key (``type:country:number``) or phone with the number masked."""
    if ":" in key:
        kind, _sep, number = key.rpartition(":")
        return f"{kind}:{mask_id_number(number)}"
    return mask_text(key)


class RecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A record the administrator reads and nobody edits here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Kiosk)
class KioskAdmin(RecordAdmin):
    list_display = ["name", "office", "token_hint", "registered_by", "registered_at", "revoked_at"]
    list_filter = ["office"]
    list_select_related = ["office", "registered_by"]
    fields = ["name", "office", "token_hint", "registered_by", "registered_at", "revoked_at"]


@admin.register(Ticket)
class TicketAdmin(RecordAdmin):
    list_display = ["display", "office", "day", "service_type", "channel", "status", "applicant"]
    list_filter = ["office", "status", "channel", "day"]
    list_select_related = ["office", "service_type"]
    date_hierarchy = "day"
    fields = [
        "display",
        "office",
        "day",
        "service_type",
        "channel",
        "status",
        "applicant",
        "applicant_document",
        "agent",
        "agent_document",
        "priority_group",
        "phone_verified",
        "issued_at",
        "called_at",
        "serving_at",
        "ended_at",
        "window",
        "served_by",
        "identity_checked_as",
    ]
    readonly_fields = ["applicant", "applicant_document", "agent", "agent_document"]

    @admin.display(description=_("applicant"))
    def applicant(self, ticket: Ticket) -> str:
        return mask_name(ticket.principal_name)

    @admin.display(description=_("applicant's document"))
    def applicant_document(self, ticket: Ticket) -> str:
        return masked_key(ticket.principal_key)

    @admin.display(description=_("agent"))
    def agent(self, ticket: Ticket) -> str:
        return mask_name(ticket.agent_name)

    @admin.display(description=_("agent's document"))
    def agent_document(self, ticket: Ticket) -> str:
        return masked_key(ticket.agent_key)


@admin.register(CallEvent)
class CallEventAdmin(RecordAdmin):
    list_display = ["at", "ticket", "window", "action", "out_of_order_reason", "skipped", "clerk"]
    list_filter = ["office", "action"]
    list_select_related = ["ticket", "window", "clerk"]


@admin.register(IdentityCheck)
class IdentityCheckAdmin(RecordAdmin):
    list_display = ["at", "ticket", "matched", "power_of_attorney", "document", "clerk"]
    list_filter = ["office", "matched"]
    list_select_related = ["ticket", "clerk"]
    fields = ["ticket", "office", "clerk", "document", "matched", "power_of_attorney", "at"]
    readonly_fields = ["document"]

    @admin.display(description=_("document presented"))
    def document(self, check: IdentityCheck) -> str:
        return masked_key(check.presented_key)


@admin.register(AbuseSignal)
class AbuseSignalAdmin(RecordAdmin):
    list_display = ["at", "office", "kind", "subject"]
    list_filter = ["office", "kind"]
    list_select_related = ["office"]
    fields = ["at", "office", "kind", "subject", "masked_detail"]
    readonly_fields = ["subject", "masked_detail"]

    @admin.display(description=_("identity, phone or address"))
    def subject(self, signal: AbuseSignal) -> str:
        return masked_key(signal.subject_key)

    @admin.display(description=_("detail"))
    def masked_detail(self, signal: AbuseSignal) -> str:
        detail = signal.detail if isinstance(signal.detail, dict) else {}
        return str(mask_record({k: _masked_value(v) for k, v in detail.items()}))


def _masked_value(value: Any) -> Any:
    return masked_key(value) if isinstance(value, str) else value


class QueueSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = QueueSettings
        fields = [
            "office",
            "sessions",
            "priority_groups",
            "out_of_order_reasons",
            "agent_principal_cap",
            "slot_minutes",
            "appointment_share",
            "booking_horizon_days",
            "booking_hold_minutes",
            "bookings_per_identity",
            "booking_period_days",
            "checkin_early_minutes",
            "checkin_late_minutes",
            "inquiry_escalation_hours",
            "default_service_minutes",
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        try:
            queue_settings_clean({k: v for k, v in data.items() if k in SETTINGS_EDITABLE})
        except ValidationError as error:
            add_service_errors(self, error)
        return data


@admin.register(QueueSettings)
class QueueSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saved through ``queue_settings_update``: checked, and audited with before and after."""

    form = QueueSettingsForm
    list_display = ["office", "sessions", "agent_principal_cap", "slot_minutes"]
    list_select_related = ["office"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["office"] if obj else []

    def save_model(self, request: HttpRequest, obj: QueueSettings, form: Any, change: bool) -> None:
        names = form.changed_data if change else form.cleaned_data
        fields = {n: form.cleaned_data[n] for n in names if n in SETTINGS_EDITABLE}
        saved = queue_settings_update(
            actor=signed_in_user(request),
            office=obj.office if change else form.cleaned_data["office"],
            **fields,
        )
        obj.pk = saved.pk
