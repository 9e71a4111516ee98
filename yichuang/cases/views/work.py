"""The back office's pages: the cases index, the work queues, and the office's figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import office_scope, signed_in_user
from yichuang.cases import selectors, services
from yichuang.cases.forms import CaseSettingsForm
from yichuang.cases.models import CaseEscalation
from yichuang.frontdesk.forms import add_service_errors
from yichuang.registry.labels import label as type_label


@login_required
@require_GET
def cases_index(request: HttpRequest) -> HttpResponse:
    """The user's way in: the queues of their office with counts, search, escalations."""
    user = signed_in_user(request)
    if not user.roles & selectors.READERS or user.office is None:
        raise PermissionDenied
    text = request.GET.get("q", "")
    found = selectors.cases_search(user=user, text=text) if text else []
    context = {
        "counts": selectors.queue_counts(office=user.office),
        "queues": [name for name, (_s, roles) in selectors.QUEUES.items() if user.roles & roles],
        "escalations": list(selectors.escalations_open(office=user.office)[:20])
        if user.has_role(Role.OFFICE_HEAD)
        else [],
        "q": text,
        "found": found,
        "is_clerk": user.has_role(Role.CLERK),
        "is_head": user.has_role(Role.OFFICE_HEAD),
    }
    return render(request, "cases/index.html", context)


@login_required
@require_GET
def queue(request: HttpRequest, name: str) -> HttpResponse:
    """One work queue of the user's office, earliest due first, 50 to a page."""
    user = signed_in_user(request)
    if name not in selectors.QUEUES:
        raise Http404(name)
    _states, roles = selectors.QUEUES[name]
    if not user.roles & roles or user.office is None:
        raise PermissionDenied
    raw = request.GET.get("page", "1")
    page, rows = selectors.queue_page(
        office=user.office, queue=name, page=int(raw) if raw.isdigit() else 1
    )
    return render(request, "cases/queue.html", {"name": name, "page": page, "rows": rows})


def _day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The office's day: same-day acceptance, fees collected, processing times, escalations."""
    user = signed_in_user(request)
    if not user.roles & selectors.FIGURE_READERS:
        raise PermissionDenied
    offices = list(office_scope(user=user))
    code = request.GET.get("office") or (user.office.code if user.office else "")
    office = next((o for o in offices if o.code == code), offices[0] if offices else None)
    if office is None:
        raise Http404("office")
    day = _day(request.GET.get("day"))
    context = {
        "office": office,
        "offices": offices,
        "day": day,
        "same_day": selectors.same_day_acceptance(office=office, day=day),
        "fees": services.fee_report(office=office, day=day),
        "statistics": selectors.processing_statistics(
            office=office, since=day - dt.timedelta(days=30), until=day
        ),
        "escalations": list(selectors.escalations_open(office=office)[:50]),
    }
    return render(request, "cases/figures.html", context)


@login_required
@require_POST
def escalation_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The head takes up an escalated case (督办)."""
    user = signed_in_user(request)
    escalation = get_object_or_404(CaseEscalation, pk=pk, case__office_id=user.office_id)
    services.escalation_acknowledge(actor=user, escalation=escalation)
    return redirect("cases:index")


@login_required
@require_http_methods(["GET", "POST"])
def case_settings(request: HttpRequest) -> HttpResponse:
    """The office head sets the promised working days of each registration type."""
    user = signed_in_user(request)
    if not user.has_role(Role.OFFICE_HEAD) or user.office is None:
        raise PermissionDenied
    office = user.office
    types = [(code, type_label(code)) for code, _days in services.promises_table(office)]
    current = services.settings_for(office)
    if request.method == "POST":
        form = CaseSettingsForm(request.POST, types=types)
        if form.is_valid():
            try:
                services.case_settings_update(
                    actor=user,
                    office=office,
                    general_working_days=form.cleaned_data["general_working_days"],
                    promised_by_type=form.promises(),
                    count_acceptance_day=form.cleaned_data["count_acceptance_day"],
                    due_soon_working_days=form.cleaned_data["due_soon_working_days"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The promises are saved; they apply to cases accepted from now on.")
                )
                return redirect("cases:settings")
    else:
        initial: dict[str, object] = {
            "general_working_days": current.general_working_days,
            "due_soon_working_days": current.due_soon_working_days,
            "count_acceptance_day": current.count_acceptance_day,
        }
        initial.update({f"type_{code}": days for code, days in services.promises_table(office)})
        form = CaseSettingsForm(initial=initial, types=types)
    return render(request, "cases/settings.html", {"form": form, "office": office})
