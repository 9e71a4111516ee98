"""Staff sign-in and the home page each role starts from."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from yichuang.accounts import calendar as office_calendar
from yichuang.accounts import selectors
from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.audit import selectors as audit_selectors

RECENT_EVENTS = 10


class LoginView(auth_views.LoginView):
    """Sign-in, limited per client address so passwords cannot be guessed at speed."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limited = is_ratelimited(
            request,
            group="accounts.login",
            key="ip",
            rate=f"{settings.LOGIN_ATTEMPTS_PER_MINUTE}/m",
            method="POST",
            increment=True,
        )
        if limited:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many sign-in attempts. Wait a minute and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the signed-in person's roles and office need first."""
    user = request.user
    assert isinstance(user, User)
    context: dict[str, Any] = {"roles": sorted(user.roles)}
    if not user.roles:
        return render(request, "accounts/home_public.html", context, status=403)
    offices = selectors.office_list_for(user=user)
    context["offices"] = offices
    if user.office is not None:
        context["office"] = user.office
        context["windows"] = selectors.window_list_for(user=user, office=user.office)
    if user.has_perm("audit.view_auditevent"):
        events = (
            audit_selectors.audit_events_all()
            if user.has_role(Role.ADMINISTRATOR)
            else audit_selectors.audit_events_for_offices(office_ids=offices.values("pk"))
        )
        context["recent_events"] = events[:RECENT_EVENTS]
    if user.has_role(Role.OFFICE_HEAD) and user.office is not None:
        context["staff"] = selectors.staff_list_for(user=user, office=user.office)
    if user.has_role(Role.ADMINISTRATOR):
        context["calendar_warning"] = office_calendar.next_year_warning()
    return render(request, "accounts/home.html", context)
