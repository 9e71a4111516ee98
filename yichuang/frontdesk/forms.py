"""Forms of the hall's pages: the window screen, the kiosk, kiosk management and settings.

A form only reads what was typed; the service it feeds decides. A refusal
from a service (a ``ValidationError`` naming fields) is put back on the form
with :func:`add_service_errors`, so every bad input is shown beside its field.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yichuang.accounts.models import Office, ServiceType, Window
from yichuang.frontdesk.models import QueueSettings
from yichuang.frontdesk.rules import PRIORITY_GROUPS
from yichuang.frontdesk.services import tickets
from yichuang.frontdesk.services.settings import (
    OUT_OF_ORDER_REASON_LABELS,
    PRIORITY_GROUP_LABELS,
    SETTINGS_EDITABLE,
)

PERSON_DOCUMENT_CHOICES = [
    ("resident_id", _("Resident ID card")),
    ("hk_macao_residence_permit", _("Residence permit for Hong Kong and Macao residents")),
    ("taiwan_residence_permit", _("Residence permit for Taiwan residents")),
    ("hk_macao_travel_permit", _("Mainland travel permit for Hong Kong and Macao residents")),
    ("taiwan_travel_permit", _("Mainland travel permit for Taiwan residents")),
    ("passport", _("Passport")),
    ("foreign_permanent_resident", _("Foreign permanent resident ID card")),
]
APPLICANT_DOCUMENT_CHOICES = [
    *PERSON_DOCUMENT_CHOICES,
    ("uscc", _("Unified social credit code (organisation)")),
]
COUNTRY_HELP = _("Three-letter code of the issuing country, for passports, e.g. USA.")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on ``form``: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _text(
    label: Any, max_length: int, *, required: bool = True, testid: str = ""
) -> forms.CharField:
    attrs = {"autocomplete": "off"}
    if testid:
        attrs["data-testid"] = testid
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs)
    )


class ApplicantForm(forms.Form):
    """Who a ticket is for; cleaning validates the documents (``self.applicant``)."""

    document_type = forms.ChoiceField(
        label=_("Document type"), choices=APPLICANT_DOCUMENT_CHOICES, initial="resident_id"
    )
    document_number = _text(_("Document number"), 40, testid="document-number")
    name = _text(_("Applicant's name"), 200, testid="applicant-name")
    country = _text(_("Country (passports)"), 3, required=False)
    agent_document_type = forms.ChoiceField(
        label=_("Agent's document type"),
        choices=PERSON_DOCUMENT_CHOICES,
        initial="resident_id",
        required=False,
    )
    agent_document_number = _text(
        _("Agent's document number"), 40, required=False, testid="agent-number"
    )
    agent_name = _text(_("Agent's name"), 100, required=False, testid="agent-name")
    agent_country = _text(_("Agent's country (passports)"), 3, required=False)

    applicant: tickets.Applicant

    def applicant_phone(self) -> str:
        """The phone to bind to the ticket; forms that ask for one return it."""
        return ""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.errors:
            return data
        try:
            self.applicant = tickets.applicant_parse(
                document_type=data["document_type"],
                document_number=data["document_number"],
                name=data["name"],
                country=data.get("country", ""),
                agent_document_type=data.get("agent_document_type", ""),
                agent_document_number=data.get("agent_document_number", ""),
                agent_name=data.get("agent_name", ""),
                agent_country=data.get("agent_country", ""),
                phone=self.applicant_phone(),
            )
        except ValidationError as error:
            add_service_errors(self, error)
        return data


def priority_choices(groups: list[str]) -> list[tuple[str, Any]]:
    """The office's priority groups, with "none" first."""
    known = [g for g in groups if g in PRIORITY_GROUPS]
    return [("", _("None")), *((g, PRIORITY_GROUP_LABELS[g]) for g in known)]


class TicketForm(ApplicantForm):
    """A ticket for a walk-in, at a window or at a kiosk."""

    service_type = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.none(), to_field_name="code"
    )
    priority_group = forms.ChoiceField(label=_("Priority group"), required=False)

    field_order = ["service_type", "priority_group"]

    def __init__(
        self,
        *args: Any,
        service_types: QuerySet[ServiceType],
        priority_groups: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = service_types
        priority = self.fields["priority_group"]
        assert isinstance(priority, forms.ChoiceField)
        priority.choices = priority_choices(priority_groups)


class IdentityCheckForm(forms.Form):
    """The document the person at the window shows (核验)."""

    ticket = forms.IntegerField(widget=forms.HiddenInput)
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=PERSON_DOCUMENT_CHOICES, initial="resident_id"
    )
    document_number = _text(_("Document number"), 40, testid="check-number")
    country = _text(_("Country (passports)"), 3, required=False)
    power_of_attorney = forms.BooleanField(
        label=_("An agent shows a power of attorney"), required=False
    )


class TicketActionForm(forms.Form):
    """Recall, no-show or finish: names the ticket the clerk saw, so a stale page cannot
    act on another."""

    ticket = forms.IntegerField(widget=forms.HiddenInput)


class WindowChoiceField(forms.ModelChoiceField[Window]):
    def label_from_instance(self, obj: Window) -> str:
        return f"{obj} {obj.name}".strip()


class TransferForm(TicketActionForm):
    to_window = WindowChoiceField(
        label=_("Send to window"), queryset=Window.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, windows: QuerySet[Window], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_window"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = windows


class CallOutOfOrderForm(TicketActionForm):
    reason = forms.ChoiceField(label=_("Reason"), required=False)

    def __init__(self, *args: Any, reasons: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = reason_choices(reasons)


def reason_choices(reasons: list[str]) -> list[tuple[str, Any]]:
    return [("", _("In order")), *((r, OUT_OF_ORDER_REASON_LABELS.get(r, r)) for r in reasons)]


class KioskPairForm(forms.Form):
    token = _text(_("Kiosk token"), 100, testid="kiosk-token")


class KioskRegisterForm(forms.Form):
    name = _text(_("Where it stands"), 50, testid="kiosk-name")


class CheckInForm(forms.Form):
    reference = _text(_("Appointment reference"), 16, testid="checkin-reference")


_PERIOD = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})\s*$")


def sessions_as_text(sessions: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in sessions)


class QueueSettingsForm(forms.Form):
    """The hall settings of one office; the service checks the values."""

    sessions = forms.CharField(
        label=_("Opening hours"),
        max_length=200,
        help_text=_("Periods of a working day, e.g. 09:00-12:00, 13:30-17:00"),
    )
    priority_groups = forms.MultipleChoiceField(
        label=_("Priority groups"),
        choices=list(PRIORITY_GROUP_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    out_of_order_reasons = forms.MultipleChoiceField(
        label=_("Reasons for calling out of order"),
        choices=list(OUT_OF_ORDER_REASON_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    NUMBERS = sorted(SETTINGS_EDITABLE - {"sessions", "priority_groups", "out_of_order_reasons"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in [f.name for f in QueueSettings._meta.get_fields() if f.name in self.NUMBERS]:
            model_field = QueueSettings._meta.get_field(name)
            self.fields[name] = forms.IntegerField(
                label=getattr(model_field, "verbose_name", name),
                help_text=getattr(model_field, "help_text", ""),
            )

    @classmethod
    def initial_for(cls, settings: QueueSettings) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(settings, name) for name in cls.NUMBERS}
        initial["sessions"] = sessions_as_text(settings.sessions)
        initial["priority_groups"] = list(settings.priority_groups)
        initial["out_of_order_reasons"] = list(settings.out_of_order_reasons)
        return initial

    def clean_sessions(self) -> list[list[str]]:
        text: str = self.cleaned_data["sessions"]
        periods = []
        for part in re.split(r"[,;，；\n]+", text):
            if not part.strip():
                continue
            match = _PERIOD.match(part)
            if match is None:
                raise ValidationError(
                    _("Write each period as start-end, e.g. 09:00-12:00; not %(part)s."),
                    params={"part": part.strip()},
                )
            start, end = match.groups()
            periods.append([start.zfill(5), end.zfill(5)])
        return periods


class FiguresForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput({"type": "date"}))
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), to_field_name="code", required=False
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = offices
