"""The forms of the window and the back office for cases.

Forms only shape input; every rule is the services' and the pure rules'.
"""

from __future__ import annotations

import uuid
from dataclasses import fields
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yichuang.cases.clock import SuspensionReason
from yichuang.cases.materials import Circumstances, default_catalog
from yichuang.cases.models import Case
from yichuang.cases.services import ApplicantIn
from yichuang.frontdesk.forms import APPLICANT_DOCUMENT_CHOICES
from yichuang.registry.rules.codes import GeneralGround

APPLICANT_ROWS = 4

#: Circumstances the clerk states; the rest follow from the applicants and the ticket.
CIRCUMSTANCE_LABELS: dict[str, Any] = {
    "guardian": _("A guardian applies for a ward"),
    "ward_disposes": _("The ward disposes of the property"),
    "absent_co_owners": _("Co-owners who do not apply"),
    "interested_party": _("An interested party (not the holder) applies"),
    "encumbered": _("A mortgage, easement or advance notice is registered"),
    "transfer_ban": _("A ban on transfer is registered with the mortgage"),
    "advance_notice": _("An advance notice is registered"),
    "objection": _("An objection is registered"),
    "location_renamed": _("The location's name changed"),
    "area_changed": _("Boundaries or area changed"),
    "use_changed": _("Use or term changed"),
}
_KNOWN = {f.name for f in fields(Circumstances)}
assert set(CIRCUMSTANCE_LABELS) <= _KNOWN


def registration_choices() -> list[tuple[str, str]]:
    """Every materials list of the catalog as "type.cause" with its Chinese title."""
    lists = default_catalog().lists
    return [
        (f"{kind}.{cause}", entry.title)
        for (kind, cause), entry in sorted(lists.items())
        if kind not in {"baseline"}
    ]


class IntakeForm(forms.Form):
    """What the clerk enters to open a case for the ticket being served (收件)."""

    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)
    registration = forms.ChoiceField(label=_("Registration"), choices=())
    unit_code = forms.CharField(label=_("Unit code"), max_length=40)
    will = forms.ChoiceField(
        label=_("Is there a will?"),
        required=False,
        choices=[("", _("not known / not relevant")), ("yes", _("yes")), ("no", _("no"))],
    )
    contract_filed = forms.BooleanField(
        label=_("The sale contract is filed online (网签备案)"), required=False, initial=True
    )
    # The registration's details; the services say which a registration needs.
    form = forms.ChoiceField(
        label=_("Co-ownership"),
        required=False,
        choices=[
            ("sole", _("sole owner")),
            ("joint", _("joint ownership")),
            ("shared", _("ownership in shares")),
        ],
    )
    separate_certificates = forms.BooleanField(
        label=_("Each co-owner asks for a certificate of their own"), required=False
    )
    debt_amount = forms.DecimalField(
        label=_("Secured debt (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    maximum_amount = forms.DecimalField(
        label=_("Maximum amount (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    target_seq = forms.IntegerField(
        label=_("Entry number it concerns"), required=False, min_value=1
    )
    court = forms.CharField(label=_("Court"), required=False, max_length=100)
    document = forms.CharField(
        label=pgettext_lazy("court", "Document number"), required=False, max_length=100
    )
    term_months = forms.IntegerField(
        label=_("Seizure term (months)"), required=False, min_value=1, max_value=36
    )
    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    small_or_micro_enterprise = forms.BooleanField(
        label=_("The payer is a small or micro enterprise"), required=False
    )
    housing_scheme = forms.ChoiceField(
        label=_("Social housing scheme"),
        required=False,
        choices=[
            ("", "—"),
            ("low_rent", _("low-rent housing")),
            ("public_rental", _("public rental housing")),
            ("affordable", _("affordable housing")),
            ("shanty_resettlement", _("shanty-town resettlement housing")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registration = self.fields["registration"]
        assert isinstance(registration, forms.ChoiceField)
        registration.choices = registration_choices()
        for name, label in CIRCUMSTANCE_LABELS.items():
            self.fields[f"c_{name}"] = forms.BooleanField(label=label, required=False)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            self.initial.setdefault("registration", "transfer.sale")

    @property
    def circumstance_fields(self) -> list[forms.BoundField]:
        return [self[f"c_{name}"] for name in CIRCUMSTANCE_LABELS]

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in (
                "form",
                "separate_certificates",
                "debt_amount",
                "maximum_amount",
                "target_seq",
                "court",
                "document",
                "term_months",
                "grounds",
                "small_or_micro_enterprise",
                "housing_scheme",
            )
        ]

    def registration_parts(self) -> tuple[str, str]:
        kind, _sep, cause = self.cleaned_data["registration"].partition(".")
        return kind, cause

    def circumstances(self) -> dict[str, Any]:
        data = self.cleaned_data
        facts: dict[str, Any] = {
            name: True for name in CIRCUMSTANCE_LABELS if data.get(f"c_{name}")
        }
        facts["contract_filed"] = bool(data.get("contract_filed"))
        if data.get("will"):
            facts["will"] = data["will"] == "yes"
        return facts

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        found: dict[str, Any] = {}
        for name in ("form", "court", "document", "grounds", "housing_scheme"):
            if data.get(name):
                found[name] = data[name]
        for name in ("debt_amount", "maximum_amount"):
            if data.get(name) is not None:
                found[name] = str(data[name])
        for name in ("target_seq", "term_months"):
            if data.get(name) is not None:
                found[name] = int(data[name])
        for name in ("separate_certificates", "small_or_micro_enterprise"):
            if data.get(name):
                found[name] = True
        return found


class ApplicantForm(forms.Form):
    """One applicant line; an empty line is skipped."""

    side = forms.ChoiceField(label=_("Side"), choices=Case.Side.choices, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("person", _("person")), ("organisation", _("organisation"))],
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=APPLICANT_DOCUMENT_CHOICES, required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    country = forms.CharField(label=_("Country"), max_length=3, required=False)
    share = forms.CharField(label=_("Share"), max_length=16, required=False)

    def applicant(self) -> ApplicantIn | None:
        data = self.cleaned_data
        if not (data.get("name") or data.get("document_number")):
            return None
        return ApplicantIn(
            side=data.get("side") or Case.Side.OBLIGEE,
            kind=data.get("kind")
            or ("organisation" if data.get("document_type") == "uscc" else "person"),
            name=data.get("name", ""),
            document_type=data.get("document_type") or "resident_id",
            document_number=data.get("document_number", ""),
            country=(data.get("country") or "").upper(),
            share=data.get("share", ""),
        )


ApplicantFormSet = forms.formset_factory(ApplicantForm, extra=APPLICANT_ROWS, max_num=8)


class SuspendForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Statutory reason"),
        choices=[
            (SuspensionReason.SITE_VISIT.value, _("site visit")),
            (SuspensionReason.INVESTIGATION.value, _("investigation")),
            (SuspensionReason.PUBLIC_NOTICE.value, _("public notice")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Lawful ground (REG art. 22)"),
        choices=[
            (GeneralGround.ILLEGAL.value, _("violates laws or administrative regulations")),
            (GeneralGround.TITLE_DISPUTE.value, _("an unresolved dispute over the title")),
            (GeneralGround.BEYOND_TERM.value, _("the right is beyond its term")),
            (GeneralGround.OTHER_LEGAL_GROUND.value, _("another ground in laws or regulations")),
        ],
    )
    basis = forms.CharField(label=_("Provision relied on"), required=False, max_length=200)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseSettingsForm(forms.Form):
    """The office's promised working days: a general one, and any type promised differently."""

    general_working_days = forms.IntegerField(
        label=_("Promised working days (general)"), min_value=1, max_value=30
    )
    due_soon_working_days = forms.IntegerField(
        label=_("Flag a case as due soon at this many working days left"), min_value=0, max_value=30
    )
    count_acceptance_day = forms.BooleanField(
        label=_("The day of acceptance counts as day 1"), required=False
    )

    def __init__(self, *args: Any, types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in types:
            self.fields[f"type_{code}"] = forms.IntegerField(
                label=label, required=False, min_value=1, max_value=30
            )

    @property
    def type_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("type_")]

    def promises(self) -> dict[str, int]:
        """Every type given a number; a type left blank takes the general promise."""
        general = self.cleaned_data["general_working_days"]
        return {
            name.removeprefix("type_"): general if value is None else value
            for name, value in self.cleaned_data.items()
            if name.startswith("type_")
        }
