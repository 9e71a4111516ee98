"""The office head's hall pages: kiosks, hall settings and the day's figures.

An office head manages their own office; an administrator names the office
with ``?office=<code>``; supervisors and administrators choose an office for
the figures. Everyone else gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import office_get_for, office_scope, signed_in_user
from yichuang.frontdesk import selectors
from yichuang.frontdesk.forms import (
    FiguresForm,
    KioskRegisterForm,
    QueueSettingsForm,
    add_service_errors,
)
from yichuang.frontdesk.rules import DayFigures
from yichuang.frontdesk.services import kiosks
from yichuang.frontdesk.services.access import queue_settings_for, require_manager
from yichuang.frontdesk.services.settings import queue_settings_update


def _managed_office(request: HttpRequest, user: User) -> Office | None:
    """The office the manager works on: the head's own, or the one an administrator names.

    None when an administrator has not named one yet."""
    if user.has_role(Role.ADMINISTRATOR):
        code = request.GET.get("office", "")
        if not code:
            return None
        office = office_get_for(user=user, code=code)
    elif user.has_role(Role.OFFICE_HEAD) and user.office is not None:
        office = user.office
    else:
        raise PermissionDenied("office head or administrator")
    require_manager(user, office)
    return office


def _office_query(user: User, office: Office) -> str:
    return f"?office={office.code}" if user.has_role(Role.ADMINISTRATOR) else ""


def _choose_office(request: HttpRequest, user: User, page: str) -> HttpResponse:
    context = {"offices": office_scope(user=user).order_by("name"), "page": page}
    return render(request, "frontdesk/hall_choose_office.html", context)


# Kiosks ----------------------------------------------------------------------------


def _kiosk_page(
    request: HttpRequest, user: User, office: Office, form: KioskRegisterForm | None = None
) -> HttpResponse:
    context = {
        "office": office,
        "office_query": _office_query(user, office),
        "kiosks": selectors.kiosk_list_for(user=user, office=office).select_related(
            "registered_by"
        ),
        "form": form or KioskRegisterForm(),
    }
    return render(request, "frontdesk/hall_kiosks.html", context)


@login_required
@require_GET
def kiosk_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    office = _managed_office(request, user)
    if office is None:
        return _choose_office(request, user, "frontdesk:kiosks")
    return _kiosk_page(request, user, office)


@login_required
@require_POST
def kiosk_register(request: HttpRequest) -> HttpResponse:
    """Register a kiosk and show its token this once."""
    user = signed_in_user(request)
    office = _managed_office(request, user)
    if office is None:
        return _choose_office(request, user, "frontdesk:kiosks")
    form = KioskRegisterForm(request.POST)
    if form.is_valid():
        try:
            kiosk, token = kiosks.kiosk_register(
                actor=user, office=office, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context = {
                "office": office,
                "office_query": _office_query(user, office),
                "kiosk": kiosk,
                "token": token,
            }
            response = render(request, "frontdesk/hall_kiosk_registered.html", context)
            # The token must not stay in any cache: it is shown once.
            response["Cache-Control"] = "no-store"
            return response
    return _kiosk_page(request, user, office, form)


@login_required
@require_POST
def kiosk_revoke(request: HttpRequest, kiosk_id: int) -> HttpResponse:
    user = signed_in_user(request)
    office = _managed_office(request, user)
    if office is None:
        return _choose_office(request, user, "frontdesk:kiosks")
    kiosk = get_object_or_404(selectors.kiosk_list_for(user=user, office=office), pk=kiosk_id)
    kiosks.kiosk_revoke(actor=user, kiosk=kiosk)
    messages.success(
        request, _("Kiosk %(name)s is revoked: it prints no more numbers.") % {"name": kiosk.name}
    )
    return redirect(reverse("frontdesk:kiosks") + _office_query(user, office))


# Settings ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hall_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    office = _managed_office(request, user)
    if office is None:
        return _choose_office(request, user, "frontdesk:settings")
    current = queue_settings_for(office)
    form = QueueSettingsForm(request.POST or None, initial=QueueSettingsForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            queue_settings_update(actor=user, office=office, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hall settings are saved."))
            return redirect(reverse("frontdesk:settings") + _office_query(user, office))
    context = {"office": office, "office_query": _office_query(user, office), "form": form}
    return render(request, "frontdesk/hall_settings.html", context)


# Figures -------------------------------------------------------------------------------


def _minutes(value: float | None) -> str:
    return "—" if value is None else _("%(minutes)s min") % {"minutes": f"{value:.1f}"}


def figure_rows(figures: DayFigures) -> list[tuple[str, str, str]]:
    """(key, label, value) of each figure, for the table."""
    first = (
        timezone.localtime(figures.first_ticket_at).strftime("%H:%M")
        if figures.first_ticket_at
        else "—"
    )
    return [
        ("tickets_issued", _("Tickets issued"), str(figures.tickets_issued)),
        ("tickets_served", _("Tickets served"), str(figures.tickets_served)),
        ("no_shows", _("Did not come"), str(figures.no_shows)),
        ("wait_median", _("Wait, median"), _minutes(figures.wait_median)),
        ("wait_p90", _("Wait, 90th percentile"), _minutes(figures.wait_p90)),
        ("service_median", _("Service time, median"), _minutes(figures.service_median)),
        ("service_p90", _("Service time, 90th percentile"), _minutes(figures.service_p90)),
        ("first_ticket_at", _("First ticket at"), first),
        ("out_of_order_calls", _("Calls out of order"), str(figures.out_of_order_calls)),
        ("identity_mismatches", _("Identity mismatches"), str(figures.identity_mismatches)),
    ]


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The day's front-desk figures of one office (每日服务数据)."""
    user = signed_in_user(request)
    selectors.require_figures_reader(user)
    offices = office_scope(user=user).order_by("name")
    day: dt.date = timezone.localdate()
    office: Office | None = user.office if user.office_id is not None else offices.first()
    form = FiguresForm(request.GET or None, offices=offices, initial={"day": day, "office": office})
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"] or day
        office = form.cleaned_data["office"] or office
    context: dict[str, Any] = {"form": form, "day": day, "office": office, "rows": []}
    if office is not None and not form.errors:
        context["rows"] = figure_rows(selectors.figures_for_day(office=office, day=day))
    return render(request, "frontdesk/figures.html", context)
