"""The intake screen beside the called ticket, the case page and its actions.

Every action is a POST that calls one service and redirects back to the case
page (post, redirect, get): a refusal is shown there with each reason and its
article, never as an error page, and a double click on a button finds the
case already moved and is refused by the workflow rather than done twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role, signed_in_user
from yichuang.cases import selectors, services
from yichuang.cases.citations import cite_zh
from yichuang.cases.documents import pdf_response
from yichuang.cases.fees import InvalidCaseError, NoScheduleInForceError
from yichuang.cases.forms import ApplicantFormSet, IntakeForm, RefuseForm, SuspendForm
from yichuang.cases.materials import Material
from yichuang.cases.messages import action_label
from yichuang.cases.models import Case
from yichuang.cases.services import CaseActionRefusedError
from yichuang.cases.services.checklists import case_checklist
from yichuang.cases.workflow import CaseState
from yichuang.core.masking import mask_id_number, mask_name
from yichuang.frontdesk.models import Ticket
from yichuang.registry.selectors import entry_co_owners, unit_by_code

CLERKS = frozenset({Role.CLERK})


def _ticket_in_hand(user: User, raw: str | None) -> Ticket | None:
    """The ticket the clerk is serving, if ``raw`` names one of theirs."""
    if not raw or not raw.isdigit():
        return None
    return (
        Ticket.objects.select_related("service_type")
        .filter(pk=int(raw), served_by=user, status=Ticket.Status.SERVING)
        .first()
    )


def _ticket_applicant(ticket: Ticket) -> dict[str, str]:
    """The ticket's applicant as the first line of the applicants' form."""
    document_type, _country, number = ([*ticket.principal_key.split(":", 2), "", ""])[:3]
    return {
        "side": Case.Side.OBLIGEE,
        "kind": ticket.principal_kind,
        "name": ticket.principal_name,
        "document_type": document_type,
        "document_number": number,
    }


def _refusal_messages(request: HttpRequest, error: CaseActionRefusedError) -> None:
    for reason in error.reasons:
        basis = f"（{cite_zh(reason.article)}）" if reason.article else ""
        messages.error(request, f"{reason.message}{basis}")


def _validation_messages(request: HttpRequest, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            for text in texts:
                messages.error(request, f"{field}: {text}")
    else:
        for text in error.messages:
            messages.error(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Open a case for the ticket being served (收件): registration, unit, applicants."""
    user = signed_in_user(request)
    require_role(user, CLERKS)
    if user.office is None:
        raise PermissionDenied
    office = user.office
    source = request.POST if request.method == "POST" else request.GET
    ticket = _ticket_in_hand(user, source.get("ticket"))
    if request.method == "POST":
        form = IntakeForm(request.POST)
        applicants = ApplicantFormSet(request.POST, prefix="applicant")
        if form.is_valid() and applicants.is_valid():
            kind, cause = form.registration_parts()
            people = [a for a in (row.applicant() for row in applicants.forms) if a is not None]
            try:
                case = services.case_open(
                    actor=user,
                    office=office,
                    submission_key=form.cleaned_data["submission_key"],
                    registration_type=kind,
                    cause=cause,
                    unit_code=form.cleaned_data["unit_code"],
                    applicants=people,
                    ticket=ticket,
                    circumstances=form.circumstances(),
                    details=form.details(),
                )
            except CaseActionRefusedError as error:
                for reason in error.reasons:
                    form.add_error(None, reason.message)
            except ValidationError as error:
                _add_intake_errors(form, applicants, error)
            else:
                return redirect("cases:case", case.reference)
    else:
        form = IntakeForm(initial={"ticket": ticket.pk if ticket else None})
        initial = [_ticket_applicant(ticket)] if ticket else []
        applicants = ApplicantFormSet(prefix="applicant", initial=initial)
    # An applicant back with what a notice asked for continues that case, not a new one.
    returning = (
        selectors.returning_cases(office=office, document_number=_ticket_number(ticket))
        if ticket
        else []
    )
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "applicants": applicants,
            "ticket": ticket,
            "ticket_document": _masked(ticket),
            "returning": returning,
        },
    )


def _ticket_number(ticket: Ticket) -> str:
    """The document number the ticket was issued to."""
    return ticket.principal_key.rsplit(":", 1)[-1]


def _masked(ticket: Ticket | None) -> str:
    return mask_id_number(_ticket_number(ticket)) if ticket is not None else ""


def _add_intake_errors(form: IntakeForm, applicants: Any, error: ValidationError) -> None:
    """A service refusal beside the field it names: the form's, an applicant line's, or above."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, texts in error.message_dict.items():
        if field.startswith("applicants[") and "]." in field:
            index, name = field[len("applicants[") :].split("].", 1)
            row = applicants.forms[int(index)] if int(index) < len(applicants.forms) else None
            if row is not None and name in row.fields:
                row.add_error(name, texts)
                continue
        if field.startswith("details."):
            name = field.split(".", 1)[1]
            if name in form.fields:
                form.add_error(name, texts)
                continue
        form.add_error(field if field in form.fields else None, texts)


def _may(user: User, role: Role, case: Case) -> bool:
    return user.has_role(role) and user.office_id == case.office_id


def _checklist_row(material: Material, case: Case, note: str) -> dict[str, Any]:
    return {
        "code": material.code,
        "name": material.name,
        "basis": material.basis,
        "original": material.original_required,
        "provider": material.provider,
        "presented": material.code in case.presented,
        "note": note,
    }


def _checklist_rows(case: Case) -> list[dict[str, Any]]:
    """Each material the case may be asked for, with its basis; a choice's options by item."""
    checklist = case_checklist(case)
    rows = [_checklist_row(m, case, m.note or "") for m in checklist.to_ask]
    for alternatives in checklist.choices:
        note = _("one of: %(choice)s") % {"choice": alternatives.name}
        rows.extend(
            _checklist_row(m, case, note) for option in alternatives.options for m in option
        )
    return rows


def _fee(case: Case) -> Any:
    try:
        return services.case_fee_assessment(case)
    except (InvalidCaseError, NoScheduleInForceError, ValueError):
        return None


@login_required
@require_GET
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    """One case: its facts, checklist, clock, fee, documents, timeline and the next steps."""
    user = signed_in_user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    payment = getattr(case, "payment", None) if hasattr(case, "payment") else None
    shareable = case_checklist(case).not_to_ask if case.state == CaseState.INTAKE else ()
    timeline = [
        (event, action_label(event.action), _state_label(event.state_to))
        for event in selectors.case_timeline(case)
    ]
    context = {
        "case": case,
        "applicants": selectors.case_applicants(case),
        "timeline": timeline,
        "documents": selectors.case_documents(case),
        "clock": services.case_clock(case),
        "checklist": _checklist_rows(case),
        "shareable": shareable,
        "fee": _fee(case),
        "payment": payment,
        "suspend_form": SuspendForm(),
        "refuse_form": RefuseForm(),
        "can": {
            "clerk": _may(user, Role.CLERK, case),
            "reviewer": _may(user, Role.REVIEWER, case),
            "registrar": _may(user, Role.REGISTRAR, case),
        },
        "competent_office": _competent_office(case),
        "certificates": next(
            (
                e.data.get("certificates") or [n for n in [e.data.get("certificate")] if n]
                for e, _label, _state in reversed(timeline)
                if e.action == "issue_certificate"
            ),
            [],
        ),
        "co_owners": (
            [mask_name(party.name) for party in entry_co_owners(case.entry)]
            if case.state == CaseState.ENTERED
            and case.entry is not None
            and case.details.get("separate_certificates")
            else []
        ),
    }
    return render(request, "cases/case.html", context)


def _state_label(state: str) -> str:
    return str(Case.State(state).label) if state in Case.State.values else state


def _competent_office(case: Case) -> str:
    """The office whose register holds the unit, when it is not this one."""
    unit = unit_by_code(case.unit_code)
    if unit is not None and unit.office_id != case.office_id:
        return unit.office.name
    return ""


def _run(request: HttpRequest, case: Case, action: str, user: User) -> str | None:
    """Call the service for ``action``; the message to show on success, or None if refused."""
    post = request.POST
    if action == "materials":
        services.case_materials_set(actor=user, case=case, presented=post.getlist("presented"))
        return _("Materials saved.")
    if action == "accept":
        services.case_accept(actor=user, case=case, presented=post.getlist("presented"))
        return _("Accepted. Print the receipt for the applicant.")
    if action == "notice":
        defective = {
            code: post.get(f"defect_{code}", "").strip() for code in post.getlist("defective")
        }
        services.case_issue_notice(
            actor=user, case=case, presented=post.getlist("presented"), defective=defective
        )
        return _("One-time notice issued. Print it for the applicant.")
    if action == "out_of_remit":
        services.case_refuse_out_of_remit(
            actor=user,
            case=case,
            competent_office=post.get("competent_office", ""),
            reason=post.get("reason", ""),
        )
        return _("Refused as out of remit. Print the notice for the applicant.")
    if action == "reopen":
        ticket = _ticket_in_hand(user, post.get("ticket"))
        services.case_reopen(actor=user, case=case, ticket=ticket)
        return _("Case reopened at intake.")
    if action == "start_review":
        services.case_start_review(actor=user, case=case)
        return _("Review started.")
    if action == "suspend":
        form = SuspendForm(post)
        reason = form.data.get("reason", "")
        services.case_suspend(
            actor=user, case=case, reason=str(reason), note=str(form.data.get("note", ""))
        )
        return _("Case suspended; the clock is stopped.")
    if action == "resume":
        services.case_resume(actor=user, case=case)
        return _("Review resumed.")
    if action == "approve":
        services.case_approve(actor=user, case=case, note=post.get("note", ""))
        return _("Approved for entry.")
    if action == "refuse":
        services.case_refuse(
            actor=user,
            case=case,
            ground=post.get("ground", ""),
            basis=post.get("basis", ""),
            explanation=post.get("explanation", ""),
        )
        return _("Registration refused in writing. Print the decision.")
    if action == "return":
        services.case_return_for_review(actor=user, case=case, note=post.get("note", ""))
        return _("Returned to review.")
    if action == "enter":
        outcome = services.case_enter(actor=user, case=case)
        if not outcome.entered:
            for reason in outcome.reasons:
                messages.error(request, f"{reason.message}（{cite_zh(reason.article)}）")
            messages.warning(
                request, _("The register refused the entry; the case is back in review.")
            )
            return None
        return _("Entered in the register.")
    if action == "certificate":
        services.case_issue_certificate(actor=user, case=case)
        return _("Certificate made out.")
    if action == "hand_over":
        services.case_hand_over(actor=user, case=case)
        return _("Handed over to the applicant.")
    if action == "withdraw":
        services.case_withdraw(actor=user, case=case, note=post.get("note", ""))
        return _("Application withdrawn.")
    if action == "fee":
        services.case_fee_collect(actor=user, case=case, payer_name=post.get("payer", ""))
        return _("Fee collected. Print the receipt.")
    raise Http404(action)


@login_required
@require_POST
def case_act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """Take one step on the case, then show the case page again."""
    user = signed_in_user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    try:
        done = _run(request, case, action, user)
    except CaseActionRefusedError as error:
        _refusal_messages(request, error)
    except ValidationError as error:
        _validation_messages(request, error)
    except PermissionDenied:
        messages.error(request, _("Your post does not allow this step."))
    else:
        if done:
            messages.success(request, done)
    return redirect("cases:case", case.reference)


@login_required
@require_GET
def document_download(request: HttpRequest, reference: str, number: str) -> HttpResponse:
    """A document of the case as its PDF."""
    user = signed_in_user(request)
    return pdf_response(selectors.case_document_for(user=user, reference=reference, number=number))
