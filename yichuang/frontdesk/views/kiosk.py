"""The ticket kiosk (取号机) in the hall, at /kiosk/.

A device becomes a kiosk when someone types a live kiosk token into its
pairing page; the token is kept in a signed, HttpOnly cookie and checked on
every request, so revoking the kiosk stops it at once. Without a live token
the kiosk pages answer 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from yichuang.accounts.models import Office, ServiceType
from yichuang.accounts.selectors import service_types_offered
from yichuang.frontdesk import selectors
from yichuang.frontdesk.forms import CheckInForm, KioskPairForm, TicketForm, add_service_errors
from yichuang.frontdesk.models import Kiosk, Ticket
from yichuang.frontdesk.services import tickets
from yichuang.frontdesk.services.access import queue_settings_for

KIOSK_COOKIE = "yichuang_kiosk"
KIOSK_COOKIE_SALT = "yichuang.frontdesk.kiosk"
KIOSK_COOKIE_AGE = 365 * 24 * 3600
PAIRING_RATE = "20/h"


def kiosk_from_cookie(request: HttpRequest) -> Kiosk | None:
    """The live kiosk whose token this device holds, or None."""
    token = request.get_signed_cookie(KIOSK_COOKIE, default="", salt=KIOSK_COOKIE_SALT)
    return selectors.kiosk_by_token(token or "")


def _message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    context = {"title": title, "text": text}
    return render(request, "frontdesk/kiosk_message.html", context, status=status)


def _not_a_kiosk(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdesk/kiosk_forbidden.html", status=403)


def _too_many(request: HttpRequest) -> HttpResponse:
    return _message(
        request, _("Too many requests"), _("Please wait a minute and try again."), status=429
    )


@require_http_methods(["GET", "POST"])
def kiosk_pair(request: HttpRequest) -> HttpResponse:
    """Make this device a kiosk by typing the token shown when the kiosk was registered."""
    form = KioskPairForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(
            request, group="frontdesk.kiosk_pair", key="ip", rate=PAIRING_RATE, increment=True
        )
        if limited:
            return _too_many(request)
        if form.is_valid():
            kiosk = selectors.kiosk_by_token(form.cleaned_data["token"])
            if kiosk is not None:
                response = redirect("devices:kiosk")
                response.set_signed_cookie(
                    KIOSK_COOKIE,
                    form.cleaned_data["token"],
                    salt=KIOSK_COOKIE_SALT,
                    max_age=KIOSK_COOKIE_AGE,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
                return response
            form.add_error("token", _("This is not the token of a registered kiosk."))
    return render(
        request, "frontdesk/kiosk_pair.html", {"form": form, "paired": kiosk_from_cookie(request)}
    )


@require_POST
def kiosk_unpair(request: HttpRequest) -> HttpResponse:
    """Forget the token on this device."""
    response = redirect("devices:kiosk_pair")
    response.delete_cookie(KIOSK_COOKIE, samesite="Lax")
    return response


def _ticket_form(kiosk: Kiosk, data: Any = None) -> TicketForm:
    return TicketForm(
        data,
        service_types=service_types_offered(office=kiosk.office),
        priority_groups=queue_settings_for(kiosk.office).priority_groups,
    )


def _home(
    request: HttpRequest,
    kiosk: Kiosk,
    *,
    form: TicketForm | None = None,
    check_in: CheckInForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form = form or _ticket_form(kiosk)
    field = form.fields["service_type"]
    context = {
        "kiosk": kiosk,
        "office": kiosk.office,
        "form": form,
        "service_types": list(getattr(field, "queryset", ServiceType.objects.none())),
        "check_in": check_in or CheckInForm(prefix="checkin"),
    }
    return render(request, "frontdesk/kiosk.html", context, status=status)


def waiting_ahead(ticket: Ticket) -> int | None:
    """How many of the same service wait before ``ticket``; None once it is no longer waiting."""
    if ticket.status != Ticket.Status.WAITING:
        return None
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    return (
        selectors.tickets_waiting(office=ticket.office, day=ticket.day)
        .filter(earlier, service_type=ticket.service_type_id)
        .count()
    )


def _held_ticket(office: Office, display: str) -> Ticket | None:
    return (
        selectors.tickets_waiting(office=office, day=timezone.localdate())
        .filter(display=display)
        .first()
    )


def _rate_limited(request: HttpRequest, kiosk: Kiosk) -> bool:
    return bool(
        is_ratelimited(
            request,
            group="frontdesk.kiosk",
            key=lambda _group, _request: str(kiosk.pk),
            rate=settings.KIOSK_RATE,
            increment=True,
        )
    )


def _show_ticket(
    request: HttpRequest, kiosk: Kiosk, ticket: Ticket | None, *, display: str, note: str = ""
) -> HttpResponse:
    context = {
        "office": kiosk.office,
        "display": display,
        "ticket": ticket,
        "ahead": waiting_ahead(ticket) if ticket is not None else None,
        "note": note,
    }
    return render(request, "frontdesk/kiosk_ticket.html", context)


@require_http_methods(["GET", "POST"])
def kiosk_home(request: HttpRequest) -> HttpResponse:
    """Take a number: the applicant's document, the service, and a priority group if any."""
    kiosk = kiosk_from_cookie(request)
    if kiosk is None:
        return _not_a_kiosk(request)
    if request.method == "GET":
        return _home(request, kiosk)
    if _rate_limited(request, kiosk):
        return _too_many(request)
    form = _ticket_form(kiosk, request.POST)
    if not form.is_valid():
        return _home(request, kiosk, form=form)
    try:
        ticket = tickets.ticket_issue(
            actor=None,
            office=kiosk.office,
            service_type=form.cleaned_data["service_type"],
            channel=Ticket.Channel.KIOSK,
            applicant=form.applicant,
            kiosk=kiosk,
            priority_group=form.cleaned_data["priority_group"],
        )
    except tickets.TicketRefusedError as refusal:
        if refusal.existing:
            held = _held_ticket(kiosk.office, refusal.existing)
            return _show_ticket(
                request, kiosk, held, display=refusal.existing, note=refusal.message
            )
        form.add_error(None, refusal.message)
        return _home(request, kiosk, form=form)
    except ValidationError as error:
        add_service_errors(form, error)
        return _home(request, kiosk, form=form)
    return _show_ticket(request, kiosk, ticket, display=ticket.display)


@require_POST
def kiosk_check_in(request: HttpRequest) -> HttpResponse:
    """Check in an appointment by its reference; the answer is the appointment's ticket."""
    kiosk = kiosk_from_cookie(request)
    if kiosk is None:
        return _not_a_kiosk(request)
    if _rate_limited(request, kiosk):
        return _too_many(request)
    form = CheckInForm(request.POST, prefix="checkin")
    if not form.is_valid():
        return _home(request, kiosk, check_in=form)
    # Imported here: the kiosk only hands appointments the reference.
    from yichuang.frontdesk.services.appointments import appointment_check_in

    try:
        ticket = appointment_check_in(
            actor=None, kiosk=kiosk, reference=form.cleaned_data["reference"]
        )
    except tickets.TicketRefusedError as refusal:
        form.add_error(None, refusal.message)
        return _home(request, kiosk, check_in=form)
    except ValidationError as error:
        add_service_errors(form, error)
        return _home(request, kiosk, check_in=form)
    except (ObjectDoesNotExist, Http404):
        form.add_error("reference", _("No appointment has this reference."))
        return _home(request, kiosk, check_in=form)
    except PermissionDenied:
        form.add_error("reference", _("This appointment is at another office."))
        return _home(request, kiosk, check_in=form)
    return _show_ticket(
        request, kiosk, ticket, display=ticket.display, note=_("Your appointment is checked in.")
    )
