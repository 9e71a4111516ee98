"""Booking an appointment online (网上预约) and looking after it.

/book/<office>/ lets the applicant choose a service and a day, see the times
with places free, give the identity and a mobile number and press "send code":
the place is held for a few minutes and a code goes to the phone. The
appointment's page (/appointment/<reference>/) takes the code and confirms,
shows the booking, and cancels it for whoever has the booking's phone.
Every write is limited per client address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from yichuang.accounts.models import Office, ServiceType
from yichuang.accounts.selectors import offices_public
from yichuang.core.masking import mask_name, mask_phone
from yichuang.frontdesk.forms import ApplicantForm, add_service_errors
from yichuang.frontdesk.models import AbuseSignal, Appointment
from yichuang.frontdesk.services import appointments
from yichuang.frontdesk.services import phone as phone_codes
from yichuang.frontdesk.services.access import abuse_signal_record, queue_settings_for

PAGE_RATE = "60/m"
PERSON_FIELDS = ("document_type", "document_number", "name", "country")
AGENT_FIELDS = ("agent_document_type", "agent_document_number", "agent_name", "agent_country")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/too_many.html", status=429)


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _page_limited(request: HttpRequest) -> bool:
    return bool(
        is_ratelimited(request, group="portal.booking", key="ip", rate=PAGE_RATE, increment=True)
    )


def _writes_limited(request: HttpRequest, office: Office) -> bool:
    if is_ratelimited(
        request,
        group="portal.booking_write",
        key="ip",
        rate=appointments.BOOKING_WRITES_PER_ADDRESS,
        increment=True,
    ):
        abuse_signal_record(
            office=office, kind=AbuseSignal.Kind.ADDRESS_CAP, subject_key=_address(request)
        )
        return True
    return False


def _digits(label: Any, max_length: int, *, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": autocomplete}),
    )


class BookingForm(ApplicantForm):
    """The chosen time, who comes, and the phone the code is sent to."""

    service_type = forms.ModelChoiceField(
        queryset=ServiceType.objects.none(), to_field_name="code", widget=forms.HiddenInput
    )
    slot = forms.DateTimeField(
        label=gettext_lazy("Time"),
        error_messages={"required": gettext_lazy("Choose a time with places free.")},
    )
    phone = _digits(gettext_lazy("Mobile phone"), 20, autocomplete="tel")

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = appointments.bookable_service_types(office=office)

    def applicant_phone(self) -> str:
        return str(self.cleaned_data.get("phone", ""))


class CodeForm(forms.Form):
    code = _digits(gettext_lazy("Code from the text message"), 8, autocomplete="one-time-code")


class CancelForm(forms.Form):
    phone = _digits(gettext_lazy("The mobile phone you booked with"), 20, autocomplete="tel")


def _choice(request: HttpRequest, office: Office, form: BookingForm | None) -> dict[str, Any]:
    """The service, the day and the day's times the page shows."""
    source: Any = form.data if form is not None else request.GET
    services = list(appointments.bookable_service_types(office=office))
    service = next((s for s in services if s.code == source.get("service_type")), None)
    service = service or (services[0] if services else None)
    days = appointments.booking_days(office=office, service_type=service) if service else []
    try:
        day: dt.date | None = dt.date.fromisoformat(str(source.get("day", "")))
    except ValueError:
        day = None
    if day not in days:
        day = days[0] if days else None
    times = []
    if service is not None and day is not None:
        for place in appointments.slots_for_day(office=office, service_type=service, day=day):
            times.append(
                {
                    "value": timezone.localtime(place.slot.starts_at).isoformat(),
                    "starts_at": place.slot.starts_at,
                    "ends_at": place.slot.ends_at,
                    "free": place.free,
                    "closed_reason": place.slot.closed_reason,
                }
            )
    return {"services": services, "service": service, "days": days, "day": day, "times": times}


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, office_code: str) -> HttpResponse:
    """Choose a service, a day and a time; give the identity and phone; get a code."""
    if _page_limited(request):
        return _too_many(request)
    office = get_object_or_404(offices_public(), code=office_code)
    form = BookingForm(request.POST, office=office) if request.method == "POST" else None
    if form is not None and form.is_valid():
        if _writes_limited(request, office):
            return _too_many(request)
        try:
            held = appointments.appointment_hold(
                office=office,
                service_type=form.cleaned_data["service_type"],
                slot=appointments.slot_get(
                    office=office,
                    service_type=form.cleaned_data["service_type"],
                    starts_at=form.cleaned_data["slot"],
                ),
                applicant=form.applicant,
                client_address=_address(request) or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _send_code(request, held)
            return redirect("portal:appointment", reference=held.reference)
    shown = form or BookingForm(office=office)
    context = {
        "office": office,
        "form": shown,
        "person_fields": [shown[name] for name in PERSON_FIELDS],
        "agent_fields": [shown[name] for name in AGENT_FIELDS],
        "chosen": form.data.get("slot", "") if form is not None else "",
        **_choice(request, office, form),
    }
    return render(request, "portal/book_office.html", context)


def _send_code(request: HttpRequest, appointment: Appointment) -> None:
    try:
        phone_codes.phone_challenge_send(phone=appointment.phone, office=appointment.slot.office)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(
            request,
            _("A code was sent to %(phone)s.") % {"phone": mask_phone(appointment.phone)},
        )


@require_http_methods(["GET", "POST"])
def appointment(request: HttpRequest, reference: str) -> HttpResponse:
    """An appointment: confirm it with the code while held, see it, cancel it."""
    if _page_limited(request):
        return _too_many(request)
    try:
        booking = appointments.appointment_get(reference=reference)
    except Http404:
        missing = {"appointment": None, "reference": reference[:16]}
        return render(request, "portal/appointment_detail.html", missing, status=404)
    code_form, cancel_form = CodeForm(), CancelForm()
    action = request.POST.get("action", "")
    if request.method == "POST" and action in {"confirm", "resend", "cancel"}:
        if _writes_limited(request, booking.slot.office):
            return _too_many(request)
        if action == "resend":
            _send_code(request, booking)
            return redirect("portal:appointment", reference=booking.reference)
        done, code_form, cancel_form = _act(request, booking, action)
        if done:
            return redirect("portal:appointment", reference=booking.reference)
    context = _appointment_context(booking, code_form, cancel_form)
    return render(request, "portal/appointment_detail.html", context)


def _appointment_context(
    booking: Appointment, code_form: CodeForm, cancel_form: CancelForm
) -> dict[str, Any]:
    held = booking.status == Appointment.Status.HELD and (
        booking.held_until is not None and booking.held_until > timezone.now()
    )
    context: dict[str, Any] = {
        "appointment": booking,
        "office": booking.slot.office,
        "name": mask_name(booking.principal_name),
        "phone": mask_phone(booking.phone),
        "held": held,
        # A hold that ran out is expired whether or not the lapse job has run.
        "expired": booking.status == Appointment.Status.EXPIRED
        or (booking.status == Appointment.Status.HELD and not held),
        "code_form": code_form,
        "cancel_form": cancel_form,
    }
    if booking.status == Appointment.Status.BOOKED:
        context["checkin_opens"], context["checkin_closes"] = appointments.check_in_window(
            booking.slot, queue_settings_for(booking.slot.office)
        )
    return context


def _act(
    request: HttpRequest, booking: Appointment, action: str
) -> tuple[bool, CodeForm, CancelForm]:
    code_form = CodeForm(request.POST if action == "confirm" else None)
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    form: forms.Form = code_form if action == "confirm" else cancel_form
    if not form.is_valid():
        return False, code_form, cancel_form
    try:
        if action == "confirm":
            appointments.appointment_confirm(
                reference=booking.reference, code=code_form.cleaned_data["code"]
            )
            messages.success(request, _("Your appointment is booked."))
        else:
            appointments.appointment_cancel(
                reference=booking.reference, phone=cancel_form.cleaned_data["phone"]
            )
            messages.success(request, _("Your appointment is cancelled."))
    except ValidationError as error:
        add_service_errors(form, error)
        return False, code_form, cancel_form
    return True, code_form, cancel_form
