"""Staff pages of the legacy cases register (历史遗留问题台账, mission R6).

The list with its summary, opening a case, a case with its full history, and
moving a case on. The pages show what the services decide: a refusal appears
by the field it names, and an action the user may not take is 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.accounts.selectors import signed_in_user
from yichuang.cases import legacy_selectors as selectors
from yichuang.cases.forms_legacy import LegacyCaseOpenForm, LegacyCaseUpdateForm, LegacyFilterForm
from yichuang.cases.services import legacy as services


@login_required
@require_GET
def legacy_list(request: HttpRequest) -> HttpResponse:
    """The register of the offices in scope, filtered by status (and office), with its summary."""
    user = signed_in_user(request)
    selectors.legacy_require_reader(user=user)
    offices = list(selectors.legacy_offices_for(user=user))
    form = LegacyFilterForm(request.GET, offices=offices)
    form.is_valid()
    office = next((o for o in offices if o.code == form.cleaned_data.get("office")), None)
    chosen = [office] if office is not None else offices
    cases = selectors.legacy_cases_for(
        user=user, office=office, status=form.cleaned_data.get("status") or None
    )
    today = timezone.localdate()
    context = {
        "form": form,
        "offices": chosen,
        "rows": [(c, selectors.legacy_is_overdue(c, today)) for c in cases],
        "summary": selectors.legacy_summary(offices=chosen, today=today),
        "may_open": selectors.legacy_may_open(user=user),
    }
    return render(request, "cases/legacy_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def legacy_new(request: HttpRequest) -> HttpResponse:
    """Open a legacy case at the keeper's own office."""
    user = signed_in_user(request)
    office = selectors.legacy_keeper_office(user=user)
    owners = selectors.legacy_owner_choices(office=office)
    form = LegacyCaseOpenForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            legacy = services.legacy_case_open(
                actor=user,
                office=office,
                title=data["title"],
                location=data["location"],
                description=data["description"],
                policy=data["policy"],
                blocker=data["blocker"],
                owner=data["owner"],
                households=data["households"],
                target_date=data["target_date"],
            )
        except ValidationError as error:
            form.service_errors(request, error)
        else:
            messages.success(
                request, _("Legacy case %(reference)s opened.") % {"reference": legacy.reference}
            )
            return redirect("cases:legacy_detail", pk=legacy.pk)
    context = {"form": form, "office": office, "legacy": None}
    return render(request, "cases/legacy_form.html", context)


@login_required
@require_GET
def legacy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One legacy case with every note of its history, first to last."""
    user = signed_in_user(request)
    legacy = selectors.legacy_case_get_for(user=user, pk=pk)
    notes = [
        (
            note,
            selectors.legacy_status_label(note.status_from),
            selectors.legacy_status_label(note.status_to),
        )
        for note in legacy.notes.all()
    ]
    context = {
        "legacy": legacy,
        "notes": notes,
        "overdue": selectors.legacy_is_overdue(legacy),
        "may_update": selectors.legacy_case_may_update(user=user, legacy_case=legacy),
    }
    return render(request, "cases/legacy_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def legacy_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a note on a legacy case, perhaps changing its status, blocker or owner."""
    user = signed_in_user(request)
    legacy = selectors.legacy_case_get_for(user=user, pk=pk)
    selectors.legacy_require_keeper(user=user, legacy_case=legacy)
    if legacy.status in services.ENDED:
        messages.error(request, _("This legacy case has ended."))
        return redirect("cases:legacy_detail", pk=legacy.pk)
    owners = selectors.legacy_owner_choices(office=legacy.office)
    form = LegacyCaseUpdateForm.for_case(legacy, request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.legacy_case_update(
                actor=user,
                legacy_case=legacy,
                note=data["note"],
                status=data["status"] or None,
                blocker=data["blocker"],
                owner=data["owner"],
                outcome=data["outcome"],
            )
        except ValidationError as error:
            form.service_errors(request, error)
        else:
            messages.success(request, _("The note is recorded."))
            return redirect("cases:legacy_detail", pk=legacy.pk)
    context = {"form": form, "office": legacy.office, "legacy": legacy}
    return render(request, "cases/legacy_form.html", context)
