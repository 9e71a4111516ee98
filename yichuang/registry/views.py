"""Staff pages of the register: find a unit, see its state today and its history."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.selectors import signed_in_user
from yichuang.core.identifier_fields import ResidentIdField
from yichuang.core.masking import mask_id_number, mask_name
from yichuang.registry import selectors, services
from yichuang.registry.rules import unit_state_as_of

MAX_RESULTS = 50


class UnitSearchForm(forms.Form):
    code = forms.CharField(label=_("Unit code"), required=False, max_length=28)
    location = forms.CharField(label=_("Location"), required=False, max_length=100)
    certificate = forms.CharField(label=_("Certificate number"), required=False, max_length=60)
    holder_document = ResidentIdField(label=_("Holder's ID number"), required=False)

    def clean(self) -> dict[str, str]:
        data: dict[str, str] = super().clean() or {}
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Fill in at least one field."))
        return data


@login_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """Find units within the reader's scope; each unit shown is a recorded look."""
    user = signed_in_user(request)
    form = UnitSearchForm(request.GET or None)
    units = []
    if form.is_valid():
        units = list(selectors.unit_search_for(user=user, **form.cleaned_data)[:MAX_RESULTS])
        for unit in units:
            services.unit_access_record(actor=user, unit=unit, channel="search")
    rows = [(unit, sorted(mask_name(h.party.name) for h in unit.holdings.all())) for unit in units]
    return render(request, "registry/search.html", {"form": form, "rows": rows})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's register: what binds it today, and every entry ever made."""
    user = signed_in_user(request)
    unit = selectors.unit_get_for(user=user, code=code)
    services.unit_access_record(actor=user, unit=unit, channel="page")
    view = unit_state_as_of(
        selectors.unit_state(unit=unit), timezone.localdate(), office_calendar(unit.office)
    )
    parties = selectors.parties_by_uid(h.party for r in view.rights for h in r.holders)
    rights = [
        (
            right,
            [
                (
                    mask_name(parties[h.party].name),
                    mask_id_number(parties[h.party].document_number),
                    h.share,
                )
                for h in right.holders
                if h.party in parties
            ],
        )
        for right in view.rights
    ]
    context = {
        "unit": unit,
        "view": view,
        "rights": rights,
        "entries": selectors.unit_entries(unit=unit),
    }
    return render(request, "registry/unit.html", context)
