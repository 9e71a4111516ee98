"""The public queue status of an office and today's ticket taken online (线上取号).

The status page shows, per service, how many wait, the estimated wait,
whether today's hours will serve everyone and the next free appointment: no
personal data. An online ticket is bound to the applicant's identity and to a
phone proved by a one-time code; sending codes and taking tickets are limited
per client address.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from yichuang.accounts.models import Office
from yichuang.accounts.selectors import offices_public, service_types_active, service_types_offered
from yichuang.core.masking import mask_name, mask_phone
from yichuang.frontdesk import selectors
from yichuang.frontdesk.forms import ApplicantForm, add_service_errors
from yichuang.frontdesk.models import AbuseSignal, Ticket
from yichuang.frontdesk.services import phone as phone_codes
from yichuang.frontdesk.services import tickets
from yichuang.frontdesk.services.access import abuse_signal_record

PAGE_RATE = "60/m"
# As the API's /phone-codes: a few applicants may share one address.
CODE_RATE = "10/h"
TAKE_RATE = "30/h"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/too_many.html", status=429)


def _page_limited(request: HttpRequest) -> bool:
    return bool(
        is_ratelimited(request, group="portal.queue", key="ip", rate=PAGE_RATE, increment=True)
    )


@require_GET
def queue_status(request: HttpRequest, office_code: str) -> HttpResponse:
    """People waiting, the estimated wait and the next free appointment, per service."""
    if _page_limited(request):
        return _too_many(request)
    office = get_object_or_404(offices_public(), code=office_code)
    context = {
        "office": office,
        "statuses": selectors.office_status(office=office),
        "now": timezone.localtime(),
    }
    return render(request, "portal/queue_status.html", context)


class OnlineTicketForm(ApplicantForm):
    """Who the ticket is for, the service, the phone the code goes to, and then the code."""

    service_type = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=service_types_active().none(),
        to_field_name="code",
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "numeric", "data-testid": "online-phone"}
        ),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the text message"),
        max_length=8,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "data-testid": "online-code",
            }
        ),
    )

    field_order = ["service_type"]

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = service_types_offered(office=office)

    def applicant_phone(self) -> str:
        return str(self.cleaned_data.get("phone", ""))


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _step(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context["form"]
    if form.is_bound and not form.errors and hasattr(form, "applicant"):
        context["summary"] = {
            "name": mask_name(form.applicant.principal_name),
            "phone": mask_phone(form.applicant.phone),
            "service": form.cleaned_data["service_type"],
        }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def online_ticket(request: HttpRequest, office_code: str) -> HttpResponse:
    """Step one sends a code to the phone; step two takes today's ticket with the code."""
    if _page_limited(request):
        return _too_many(request)
    office = get_object_or_404(offices_public(), code=office_code)
    form = OnlineTicketForm(request.POST or None, office=office)
    context: dict[str, Any] = {"office": office, "form": form}
    if request.method == "GET":
        return render(request, "portal/ticket_online.html", context)
    if request.POST.get("step") == "take":
        return _take(request, office, form, context)
    return _send(request, office, form, context)


def _send(
    request: HttpRequest, office: Office, form: OnlineTicketForm, context: dict[str, Any]
) -> HttpResponse:
    if not form.is_valid():
        return render(request, "portal/ticket_online.html", context)
    if is_ratelimited(
        request, group="portal.ticket_code", key="ip", rate=CODE_RATE, increment=True
    ):
        abuse_signal_record(
            office=office, kind=AbuseSignal.Kind.ADDRESS_CAP, subject_key=_address(request)
        )
        return _too_many(request)
    try:
        phone_codes.phone_challenge_send(phone=form.applicant.phone, office=office)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "portal/ticket_online.html", context)
    return _step(request, "portal/ticket_online_code.html", context)


def _take(
    request: HttpRequest, office: Office, form: OnlineTicketForm, context: dict[str, Any]
) -> HttpResponse:
    if not form.is_valid():
        return render(request, "portal/ticket_online.html", context)
    if not form.cleaned_data["code"]:
        form.add_error("code", _("Type the code from the text message."))
        return _step(request, "portal/ticket_online_code.html", context)
    if is_ratelimited(
        request, group="portal.ticket_take", key="ip", rate=TAKE_RATE, increment=True
    ):
        return _too_many(request)
    try:
        phone_codes.phone_challenge_verify(
            phone=form.applicant.phone, code=form.cleaned_data["code"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _step(request, "portal/ticket_online_code.html", context)
    try:
        ticket = tickets.ticket_issue(
            actor=None,
            office=office,
            service_type=form.cleaned_data["service_type"],
            channel=Ticket.Channel.ONLINE,
            applicant=form.applicant,
            phone_verified=True,
        )
    except tickets.TicketRefusedError as refusal:
        context.update(display=refusal.existing, note=refusal.message, refused=not refusal.existing)
        return render(request, "portal/ticket_online_done.html", context)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "portal/ticket_online.html", context)
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    ahead = (
        selectors.tickets_waiting(office=office, day=ticket.day)
        .filter(earlier, service_type=ticket.service_type_id)
        .count()
    )
    context.update(display=ticket.display, ticket=ticket, ahead=ahead)
    return render(request, "portal/ticket_online_done.html", context)
