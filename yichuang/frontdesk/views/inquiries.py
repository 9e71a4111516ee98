"""Staff pages of first-inquiry responsibility (首问负责), under /staff/hall/inquiries/.

The pages only collect what was typed and show what the services decide: the
forms carry no rules of their own, so a refused action shows the service's own
message next to the field it names, and an action the user may not take is 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import signed_in_user
from yichuang.core.masking import mask_name, mask_phone, mask_text
from yichuang.frontdesk import inquiry_selectors as selectors
from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services import inquiries as services

# Forms: rendering and redisplay only; the services validate. ---------------------------


class _ServiceForm(forms.Form):
    """A form whose errors come from the service it feeds."""

    def service_errors(self, request: HttpRequest, error: ValidationError) -> None:
        """Put each message by the field it names; what names no field here is a message."""
        self.is_valid()
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        for field, field_messages in by_field.items():
            for message in field_messages:
                if field in self.fields:
                    self.add_error(field, message)
                else:
                    messages.error(request, message)


def _select(label: StrOrPromise, choices: list[tuple[str, StrOrPromise]]) -> forms.CharField:
    # A plain field drawn as a select: the service, not the form, judges the choice.
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


class InquiryForm(_ServiceForm):
    channel = _select(gettext_lazy("Asked"), list(Inquiry.Channel.choices))
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )
    question = forms.CharField(
        label=gettext_lazy("Question"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Applicant's name (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone to call back (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "autocomplete": "off"}),
    )


class AnswerForm(_ServiceForm):
    answer = forms.CharField(
        label=gettext_lazy("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class HandOverForm(_ServiceForm):
    to_user = _select(gettext_lazy("Hand over to"), [])
    note = forms.CharField(
        label=gettext_lazy("Note for the colleague"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (str(c.pk), f"{c.full_name} ({c.username})" if c.full_name else c.username)
            for c in colleagues
        ]
        self.fields["to_user"].widget.choices = choices


class DeclineForm(_ServiceForm):
    note = forms.CharField(
        label=gettext_lazy("Why you decline"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )


# Lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One inquiry as a list shows it: personal data masked."""

    inquiry: Inquiry
    applicant: str
    overdue: bool
    offered_to: str = ""
    offered_by: str = ""
    handover: InquiryHandover | None = None


def _pending_to(inquiry: Inquiry) -> str:
    pending = getattr(inquiry, "pending_handovers", [])
    return str(pending[0].to_user) if pending else ""


@login_required
@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """Mine, offered to me, and for the head the escalated ones; overdue ones highlighted."""
    user = signed_in_user(request)
    office = selectors.inquiry_staff_office(user=user)
    cutoff = selectors.inquiry_overdue_cutoff(office=office)
    mine = [
        Row(
            i,
            mask_name(i.applicant_name),
            selectors.inquiry_is_overdue(i, cutoff),
            offered_to=_pending_to(i),
        )
        for i in selectors.inquiries_mine(user=user, office=office)
    ]
    offered = [
        Row(
            h.inquiry,
            mask_name(h.inquiry.applicant_name),
            selectors.inquiry_is_overdue(h.inquiry, cutoff),
            offered_by=str(h.from_user),
            handover=h,
        )
        for h in selectors.inquiry_handovers_offered(user=user, office=office)
    ]
    escalated = [
        Row(i, mask_name(i.applicant_name), True, offered_to=_pending_to(i))
        for i in selectors.inquiries_escalated(user=user, office=office)
    ]
    context = {
        "office": office,
        "mine": mine,
        "offered": offered,
        "escalated": escalated,
        "is_head": user.has_role(Role.OFFICE_HEAD),
    }
    return render(request, "frontdesk/inquiry_list.html", context)


# Recording ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_new(request: HttpRequest) -> HttpResponse:
    """Record an inquiry just made; the one who records it owns it."""
    user = signed_in_user(request)
    office = selectors.inquiry_staff_office(user=user)
    form = InquiryForm(request.POST or None)
    if request.method == "POST":
        try:
            inquiry = services.inquiry_record(
                actor=user,
                channel=request.POST.get("channel", ""),
                subject=request.POST.get("subject", ""),
                question=request.POST.get("question", ""),
                applicant_name=request.POST.get("applicant_name", ""),
                phone=request.POST.get("phone", ""),
            )
        except ValidationError as error:
            form.service_errors(request, error)
        else:
            messages.success(
                request,
                _("Inquiry %(reference)s recorded; give the applicant this reference.")
                % {"reference": inquiry.reference},
            )
            return redirect("frontdesk:inquiry_detail", reference=inquiry.reference)
    return render(request, "frontdesk/inquiry_form.html", {"form": form, "office": office})


# One inquiry -------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    user: User,
    inquiry: Inquiry,
    *,
    status: int = 200,
    **forms_given: _ServiceForm,
) -> HttpResponse:
    handovers = list(selectors.inquiry_handovers_of(inquiry=inquiry))
    pending = next((h for h in handovers if services.handover_is_pending(h)), None)
    may_hand_over = services.inquiry_may_hand_over(user=user, inquiry=inquiry) and pending is None
    colleagues = list(selectors.inquiry_colleagues(inquiry=inquiry)) if may_hand_over else []
    cutoff = selectors.inquiry_overdue_cutoff(office=inquiry.office)
    context = {
        "inquiry": inquiry,
        "applicant": mask_name(inquiry.applicant_name),
        "phone": mask_phone(inquiry.phone),
        "question": mask_text(inquiry.question),
        "answer": mask_text(inquiry.answer),
        "overdue": selectors.inquiry_is_overdue(inquiry, cutoff),
        "handovers": [(h, services.handover_is_pending(h)) for h in handovers],
        "pending": pending,
        "may_answer": services.inquiry_may_answer(user=user, inquiry=inquiry),
        "may_hand_over": may_hand_over,
        "may_take_over": services.inquiry_may_take_over(user=user, inquiry=inquiry),
        "may_respond": pending is not None
        and services.inquiry_handover_may_respond(user=user, handover=pending),
        "answer_form": forms_given.get("answer_form") or AnswerForm(),
        "hand_over_form": forms_given.get("hand_over_form") or HandOverForm(colleagues=colleagues),
        "decline_form": forms_given.get("decline_form") or DeclineForm(),
    }
    return render(request, "frontdesk/inquiry_detail.html", context, status=status)


@login_required
@require_GET
def inquiry_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    return _detail(request, user, selectors.inquiry_get_for(user=user, reference=reference))


@login_required
@require_POST
def inquiry_answer(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    inquiry = selectors.inquiry_get_for(user=user, reference=reference)
    form = AnswerForm(request.POST)
    try:
        services.inquiry_answer(actor=user, inquiry=inquiry, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        form.service_errors(request, error)
        return _detail(request, user, inquiry, answer_form=form)
    messages.success(request, _("The answer is recorded and the inquiry is closed."))
    return redirect("frontdesk:inquiry_detail", reference=inquiry.reference)


@login_required
@require_POST
def inquiry_hand_over(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    inquiry = selectors.inquiry_get_for(user=user, reference=reference)
    colleague = selectors.inquiry_colleague_get(
        inquiry=inquiry, user_id=request.POST.get("to_user", "")
    )
    try:
        handover = services.inquiry_hand_over(
            actor=user, inquiry=inquiry, to_user=colleague, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        colleagues = list(selectors.inquiry_colleagues(inquiry=inquiry))
        form = HandOverForm(request.POST, colleagues=colleagues)
        form.service_errors(request, error)
        return _detail(request, user, inquiry, hand_over_form=form)
    messages.success(
        request,
        _("Offered to %(name)s. The inquiry stays yours until they accept.")
        % {"name": str(handover.to_user)},
    )
    return redirect("frontdesk:inquiry_detail", reference=inquiry.reference)


@login_required
@require_POST
def inquiry_take_over(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    inquiry = selectors.inquiry_get_for(user=user, reference=reference)
    try:
        services.inquiry_take_over(actor=user, inquiry=inquiry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You now own this inquiry."))
    return redirect("frontdesk:inquiry_detail", reference=inquiry.reference)


@login_required
@require_POST
def inquiry_handover_accept(request: HttpRequest, handover_id: int) -> HttpResponse:
    user = signed_in_user(request)
    handover = selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    try:
        services.inquiry_handover_accept(actor=user, handover=handover)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Accepted: the inquiry is now yours to answer."))
    return redirect("frontdesk:inquiry_detail", reference=handover.inquiry.reference)


@login_required
@require_POST
def inquiry_handover_decline(request: HttpRequest, handover_id: int) -> HttpResponse:
    user = signed_in_user(request)
    handover = selectors.inquiry_handover_get_for(user=user, handover_id=handover_id)
    form = DeclineForm(request.POST)
    try:
        services.inquiry_handover_decline(
            actor=user, handover=handover, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        form.service_errors(request, error)
        inquiry = selectors.inquiry_get_for(user=user, reference=handover.inquiry.reference)
        return _detail(request, user, inquiry, decline_form=form)
    messages.success(
        request, _("Declined; the inquiry stays with %(name)s.") % {"name": str(handover.from_user)}
    )
    return redirect("frontdesk:inquiry_list")
