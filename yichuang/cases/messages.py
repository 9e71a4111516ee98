"""Why a case step was refused, in the user's language.

The workflow rules and the intake checks answer with stable codes; this is
the one place that turns a code and its params into a sentence. A code of the
register's rules (a refusal at entry) is worded by ``registry.messages``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yichuang.registry.messages import refusal_message as register_refusal_message

MESSAGES: dict[str, Promise] = {
    # The workflow (yichuang.cases.workflow.WorkflowCode).
    "transition_not_allowed": _("A case that is %(state)s cannot be moved by “%(action)s”."),
    "case_closed": _("The case is closed (%(state)s); nothing more can be done on it."),
    "withdrawal_after_entry": _(
        "The registration is already in the register; the application can no longer be withdrawn."
    ),
    "role_required": _("Only staff with the %(role)s post at this office may do this."),
    "actor_required": _("A named member of staff must take this step."),
    "acceptor_may_not_review": _(
        "You accepted this case at the window, so you may not review it: another reviewer must."
    ),
    "acceptor_may_not_register": _(
        "You accepted this case at the window, so you may not enter it in the register."
    ),
    "reviewer_may_not_register": _(
        "You reviewed this case; at this office the registrar must be someone else."
    ),
    "notice_items_required": _(
        "Nothing is missing: a complete application must be accepted, not refused with a notice."
    ),
    "competent_office_required": _("Name the office that has remit for this registration."),
    "refusal_ground_required": _("A refusal to register must state one of the lawful grounds."),
    "refusal_basis_required": _(
        "For “other grounds in laws and regulations”, cite the provision relied on."
    ),
    "suspension_reason_required": _("Give the statutory reason for the suspension."),
    "suspension_not_statutory": _(
        "“%(reason)s” is not a suspension any law provides for; the clock keeps running."
    ),
    "mortgage_earlier_application_pending": _(
        "A mortgage on this unit accepted earlier (%(reference)s) must be entered first."
    ),
    # The cases app's own checks.
    "materials_missing": _(
        "Materials are still missing (%(items)s): issue the one-time notice listing them, "
        "or tick what the applicant has handed in."
    ),
    "unit_out_of_remit": _(
        "The unit is not in this office's register; refuse the application as out of remit "
        "and name the office that has it."
    ),
    "unit_required": _("The unit is needed before the case can be accepted."),
    "details_incomplete": _("The registration details are incomplete: %(fields)s."),
    "not_enterable": _(
        "This registration (%(registration)s) is entered on the register page, not from a case."
    ),
    "fee_already_collected": _("The fee of this case has already been collected (%(receipt)s)."),
    "fee_off_schedule": _("%(item)s: %(problem)s"),
    "fee_not_due_yet": _("The fee is collected once the case has been accepted."),
    "no_certificate_to_hand_over": _("There is no certificate for this case to hand over."),
    "ticket_not_in_hand": _(
        "Ticket %(ticket)s is not being served at your window; call it and check the "
        "applicant's identity first."
    ),
    "suspension_open": _("The case is already suspended; resume it first."),
    "suspension_none": _("The case is not suspended."),
}


def refusal_message(code: str, params: Mapping[str, Any]) -> str:
    """``code`` as one sentence with ``params`` filled in; a register code is worded there."""
    template = MESSAGES.get(code)
    if template is None:
        return register_refusal_message(code, params)
    values = {
        key: ", ".join(str(v) for v in value) if isinstance(value, tuple | list) else value
        for key, value in params.items()
    }
    text = str(template)
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


#: Each step of a case as its timeline names it.
ACTION_LABELS: dict[str, Promise] = {
    "open": _("Application received at the window"),
    "accept": _("Accepted, receipt issued"),
    "deem_accept": _("Accepted by law at the end of the intake day"),
    "issue_notice": _("Not accepted: one-time notice issued"),
    "refuse_out_of_remit": _("Not accepted: out of this office's remit"),
    "reopen": _("Applicant returned; intake reopened"),
    "start_review": _("Review started"),
    "suspend": _("Suspended"),
    "resume": _("Review resumed"),
    "approve": _("Approved for entry"),
    "refuse": _("Registration refused in writing"),
    "return_for_review": _("Returned to review"),
    "enter": _("Entered in the register"),
    "issue_certificate": _("Certificate made out"),
    "hand_over": _("Handed over to the applicant"),
    "withdraw": _("Withdrawn by the applicant"),
    "entry_refused": _("The register refused the entry"),
    "fee_collected": _("Fee collected"),
    "materials_updated": _("Materials handed in recorded"),
}


def action_label(action: str) -> str:
    """A timeline step in words; an unknown code as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
