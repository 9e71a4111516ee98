"""The hall index and the window screen (窗口叫号屏) of a clerk.

Every button posts a form. With htmx the answer is the panel (or the
walk-in form) alone and replaces the one on the page; without JavaScript a
success redirects back to the screen and a refusal shows the screen again
with the form's errors. The services keep the rules: a second "call next"
returns the ticket already in hand, so a double click never calls two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yichuang.accounts.models import Office, User, Window
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import (
    office_list_for,
    require_role,
    service_types_offered,
    signed_in_user,
    window_list_for,
)
from yichuang.core.masking import mask_id_number, mask_name
from yichuang.frontdesk import selectors
from yichuang.frontdesk.forms import (
    APPLICANT_DOCUMENT_CHOICES,
    CallOutOfOrderForm,
    IdentityCheckForm,
    TicketActionForm,
    TicketForm,
    TransferForm,
    add_service_errors,
    reason_choices,
)
from yichuang.frontdesk.models import IdentityCheck, Ticket
from yichuang.frontdesk.services import calling, tickets
from yichuang.frontdesk.services.access import HALL_ROLES, queue_settings_for
from yichuang.frontdesk.services.settings import priority_group_label

# The window screen lists this many of the queue; the rest is a count.
QUEUE_SHOWN = 30
DOCUMENT_LABELS = dict(APPLICANT_DOCUMENT_CHOICES)

Feedback = list[tuple[str, str]]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# Hall index ----------------------------------------------------------------------


def _tickets_in_hand(office: Office, day: dt.date) -> dict[int, Ticket]:
    """The ticket each window of the office holds today, by window id (one query)."""
    in_hand = Ticket.objects.filter(
        office=office, day=day, status__in=(Ticket.Status.CALLED, Ticket.Status.SERVING)
    ).select_related("service_type")
    return {t.window_id: t for t in in_hand if t.window_id is not None}


@login_required
@require_GET
def hall_index(request: HttpRequest) -> HttpResponse:
    """The windows of the user's office and what each has in hand; links to the hall's pages."""
    user = signed_in_user(request)
    if not user.roles:
        raise PermissionDenied("staff only")
    context: dict[str, Any] = {
        "is_manager": user.has_role(Role.OFFICE_HEAD) or user.has_role(Role.ADMINISTRATOR),
        "reads_figures": bool(user.roles & selectors.FIGURES_ROLES),
        "works_hall": bool(user.roles & HALL_ROLES),
    }
    office = user.office
    if office is None:
        context["offices"] = office_list_for(user=user)
        return render(request, "frontdesk/hall_index.html", context)
    day = timezone.localdate()
    in_hand = _tickets_in_hand(office, day)
    context["office"] = office
    context["windows"] = [
        (window, in_hand.get(window.pk)) for window in window_list_for(user=user, office=office)
    ]
    context["waiting"] = list(
        selectors.tickets_waiting(office=office, day=day)
        .order_by()
        .values("service_type__ticket_prefix", "service_type__name")
        .annotate(count=Count("pk"))
        .order_by("service_type__ticket_prefix")
    )
    return render(request, "frontdesk/hall_index.html", context)


# The window screen -----------------------------------------------------------------


def window_for(user: User, number: int) -> Window:
    """The user's office's window ``number``: 403 for those who do not work the hall, 404 for
    a number the office does not have."""
    require_role(user, HALL_ROLES)
    if user.office is None:
        raise Http404(number)
    window = window_list_for(user=user, office=user.office).filter(number=number).first()
    if window is None:
        raise Http404(number)
    require_role(user, HALL_ROLES, window.office)
    return window


@dataclass(frozen=True)
class QueueRow:
    """A waiting ticket as the window screen shows it (masked)."""

    ticket: Ticket
    position: int
    applicant: str
    priority: str
    transferred: bool


@dataclass(frozen=True)
class InHand:
    """The ticket at the window, masked, with its latest identity re-check."""

    ticket: Ticket
    applicant: str
    document_type: str
    document: str
    agent: str
    priority: str
    last_check: IdentityCheck | None

    @property
    def mismatch(self) -> bool:
        return (
            self.ticket.status == Ticket.Status.CALLED
            and self.last_check is not None
            and not self.last_check.matched
        )


def _masked_key(key: str) -> str:
    """``resident_id::110105…`` → the masked number alone."""
    return mask_id_number(key.rsplit(":", 1)[-1]) if key else ""


def _in_hand(window: Window, day: dt.date) -> InHand | None:
    ticket = calling.window_ticket_in_hand(window, day)
    if ticket is None:
        return None
    last_check = None
    if ticket.status == Ticket.Status.CALLED:
        last_check = ticket.identity_checks.order_by("-at", "-pk").first()
    return InHand(
        ticket=ticket,
        applicant=mask_name(ticket.principal_name),
        document_type=str(DOCUMENT_LABELS.get(ticket.principal_key.split(":", 1)[0], "")),
        document=_masked_key(ticket.principal_key),
        agent=mask_name(ticket.agent_name),
        priority=priority_group_label(ticket.priority_group) if ticket.priority_group else "",
        last_check=last_check,
    )


def _queue(window: Window, now: dt.datetime) -> tuple[list[QueueRow], int]:
    order = [item.ticket_id for item in calling.window_queue(window, now=now)]
    shown = order[:QUEUE_SHOWN]
    by_id = {t.pk: t for t in Ticket.objects.filter(pk__in=shown).select_related("service_type")}
    rows = [
        QueueRow(
            ticket=by_id[pk],
            position=index,
            applicant=mask_name(by_id[pk].principal_name),
            priority=priority_group_label(by_id[pk].priority_group)
            if by_id[pk].priority_group
            else "",
            transferred=by_id[pk].transferred_to_id == window.pk,
        )
        for index, pk in enumerate(shown)
        if pk in by_id
    ]
    return rows, len(order)


def _other_windows(user: User, window: Window) -> QuerySet[Window]:
    return (
        window_list_for(user=user, office=window.office)
        .filter(is_active=True)
        .exclude(pk=window.pk)
        .order_by("number")
        .prefetch_related(None)
    )


def _issue_form(
    window: Window, data: Any = None, *, priority_groups: list[str] | None = None
) -> TicketForm:
    if priority_groups is None:
        priority_groups = queue_settings_for(window.office).priority_groups
    return TicketForm(
        data,
        prefix="issue",
        service_types=service_types_offered(office=window.office),
        priority_groups=priority_groups,
    )


def panel_context(
    user: User,
    window: Window,
    *,
    feedback: Feedback | None = None,
    check_form: IdentityCheckForm | None = None,
    transfer_form: TransferForm | None = None,
) -> dict[str, Any]:
    now = timezone.now()
    in_hand = _in_hand(window, timezone.localdate(now))
    rows, waiting = _queue(window, now)
    ticket_id = in_hand.ticket.pk if in_hand else None
    hall = queue_settings_for(window.office)
    return {
        "window": window,
        "in_hand": in_hand,
        "queue": rows,
        "waiting": waiting,
        "more": max(0, waiting - len(rows)),
        "reasons": reason_choices(hall.out_of_order_reasons)[1:],
        "priority_groups": hall.priority_groups,
        "feedback": feedback or [],
        "check_form": check_form
        or IdentityCheckForm(prefix="check", initial={"ticket": ticket_id}),
        "transfer_form": transfer_form
        or TransferForm(
            prefix="transfer", initial={"ticket": ticket_id}, windows=_other_windows(user, window)
        ),
    }


def _page(
    request: HttpRequest,
    user: User,
    window: Window,
    *,
    issue_form: TicketForm | None = None,
    issued: Ticket | None = None,
    **panel: Any,
) -> HttpResponse:
    context = panel_context(user, window, **panel)
    context["issue_form"] = issue_form or _issue_form(
        window, priority_groups=context["priority_groups"]
    )
    context["issued"] = issued
    return render(request, "frontdesk/window.html", context)


@login_required
@require_GET
def window_screen(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    return _page(request, user, window_for(user, number))


@login_required
@require_GET
def window_panel(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    return render(request, "frontdesk/window_panel.html", panel_context(user, window))


@login_required
@require_GET
def window_queue(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    rows, waiting = _queue(window, timezone.now())
    context = {
        "window": window,
        "queue": rows,
        "waiting": waiting,
        "more": max(0, waiting - len(rows)),
        "reasons": reason_choices(queue_settings_for(window.office).out_of_order_reasons)[1:],
    }
    return render(request, "frontdesk/window_queue.html", context)


def _answer(
    request: HttpRequest, user: User, window: Window, feedback: Feedback, **forms: Any
) -> HttpResponse:
    """The panel (htmx), or back to the screen (success), or the screen with the errors."""
    if is_htmx(request):
        context = panel_context(user, window, feedback=feedback, **forms)
        return render(request, "frontdesk/window_panel.html", context)
    failed = any(level == "error" for level, _text in feedback) or any(
        form.errors for form in forms.values()
    )
    if failed:
        return _page(request, user, window, feedback=feedback, **forms)
    for level, text in feedback:
        messages.add_message(request, messages.INFO if level == "info" else messages.SUCCESS, text)
    return redirect("frontdesk:window", number=window.number)


def _refusal(error: ValidationError) -> Feedback:
    return [("error", message) for message in error.messages]


def _ticket_at(user: User, window: Window, ticket_id: int) -> Ticket:
    """The ticket the form names, if it is still at this window; else a refusal."""
    ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id)
    if ticket.window_id != window.pk:
        raise ValidationError(
            _("Ticket %(number)s is no longer at this window.") % {"number": ticket.display}
        )
    return ticket


@login_required
@require_POST
def window_call_next(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    try:
        ticket = calling.ticket_call_next(actor=user, window=window)
    except ValidationError as error:
        return _answer(request, user, window, _refusal(error))
    if ticket is None:
        feedback = [("info", _("Nobody is waiting for this window."))]
    else:
        feedback = [("ok", _("Ticket %(number)s is called.") % {"number": ticket.display})]
    return _answer(request, user, window, feedback)


def _ticket_action(request: HttpRequest, number: int, action: str) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    form = TicketActionForm(request.POST)
    if not form.is_valid():
        return _answer(request, user, window, [("error", _("Reload the page and try again."))])
    try:
        ticket = _ticket_at(user, window, form.cleaned_data["ticket"])
        if action == "recall":
            calling.ticket_recall(actor=user, ticket=ticket)
            done = _("Ticket %(number)s is called again.")
        elif action == "no_show":
            calling.ticket_no_show(actor=user, ticket=ticket)
            done = _("Ticket %(number)s did not come.")
        else:
            calling.ticket_finish(actor=user, ticket=ticket)
            done = _("Ticket %(number)s is finished.")
    except ValidationError as error:
        return _answer(request, user, window, _refusal(error))
    return _answer(request, user, window, [("ok", done % {"number": ticket.display})])


@login_required
@require_POST
def window_recall(request: HttpRequest, number: int) -> HttpResponse:
    return _ticket_action(request, number, "recall")


@login_required
@require_POST
def window_no_show(request: HttpRequest, number: int) -> HttpResponse:
    return _ticket_action(request, number, "no_show")


@login_required
@require_POST
def window_finish(request: HttpRequest, number: int) -> HttpResponse:
    return _ticket_action(request, number, "finish")


@login_required
@require_POST
def window_transfer(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    form = TransferForm(request.POST, prefix="transfer", windows=_other_windows(user, window))
    if not form.is_valid():
        return _answer(request, user, window, [], transfer_form=form)
    to_window = form.cleaned_data["to_window"]
    try:
        ticket = _ticket_at(user, window, form.cleaned_data["ticket"])
        calling.ticket_transfer(actor=user, ticket=ticket, to_window=to_window)
    except ValidationError as error:
        return _answer(request, user, window, _refusal(error))
    done = _("Ticket %(number)s is sent to %(window)s.") % {
        "number": ticket.display,
        "window": to_window,
    }
    return _answer(request, user, window, [("ok", done)])


@login_required
@require_POST
def window_identity_check(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    window = window_for(user, number)
    form = IdentityCheckForm(request.POST, prefix="check")
    if not form.is_valid():
        return _answer(request, user, window, [], check_form=form)
    data = form.cleaned_data
    try:
        ticket = _ticket_at(user, window, data["ticket"])
        check = calling.ticket_identity_check(
            actor=user,
            ticket=ticket,
            document_type=data["document_type"],
            document_number=data["document_number"],
            country=data["country"],
            power_of_attorney=data["power_of_attorney"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _answer(request, user, window, [], check_form=form)
    if not check.matched:
        # The panel shows the refusal in red from the recorded check, after a redirect too.
        return _answer(request, user, window, [])
    return _answer(
        request,
        user,
        window,
        [("ok", _("Identity confirmed: serve ticket %(number)s.") % {"number": ticket.display})],
    )


@login_required
@require_POST
def window_call(request: HttpRequest, number: int) -> HttpResponse:
    """Call a chosen ticket; out of order it needs one of the office's reasons."""
    user = signed_in_user(request)
    window = window_for(user, number)
    reasons = queue_settings_for(window.office).out_of_order_reasons
    form = CallOutOfOrderForm(request.POST, reasons=reasons)
    if not form.is_valid():
        return _answer(request, user, window, [("error", _("Choose one of the listed reasons."))])
    ticket = selectors.ticket_get_for(user=user, ticket_id=form.cleaned_data["ticket"])
    try:
        calling.ticket_call(
            actor=user, window=window, ticket=ticket, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _answer(request, user, window, _refusal(error))
    return _answer(
        request,
        user,
        window,
        [("ok", _("Ticket %(number)s is called.") % {"number": ticket.display})],
    )


@login_required
@require_POST
def window_issue(request: HttpRequest, number: int) -> HttpResponse:
    """Issue a ticket at the window to a walk-in."""
    user = signed_in_user(request)
    window = window_for(user, number)
    form = _issue_form(window, request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = tickets.ticket_issue(
                actor=user,
                office=window.office,
                service_type=form.cleaned_data["service_type"],
                channel=Ticket.Channel.WINDOW,
                applicant=form.applicant,
                priority_group=form.cleaned_data["priority_group"],
            )
        except tickets.TicketRefusedError as refusal:
            form.add_error(None, refusal.message)
        except ValidationError as error:
            add_service_errors(form, error)
    if is_htmx(request):
        context = {
            "window": window,
            "issue_form": _issue_form(window) if issued else form,
            "issued": issued,
        }
        response = render(request, "frontdesk/window_issue.html", context)
        if issued is not None:
            response["HX-Trigger"] = "queue-changed"
        return response
    if issued is None:
        return _page(request, user, window, issue_form=form)
    messages.success(
        request,
        _("Ticket %(number)s is issued to %(name)s.")
        % {"number": issued.display, "name": mask_name(issued.principal_name)},
    )
    return redirect(reverse("frontdesk:window", kwargs={"number": window.number}))
