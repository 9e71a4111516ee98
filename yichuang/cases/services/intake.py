"""The window's part of a case (收件、受理): open it, then accept, notify or refuse.

REG art. 17 leaves the clerk exactly three written answers on the spot: the
acceptance with its receipt, the non-acceptance with a one-time notice of
everything missing, or the out-of-remit refusal naming the right office. An
intake left without one of them is accepted by law when its day ends
(:func:`cases_deem_accept`). On the applicant's return the clerk reopens the
same case from its notice; an item asked for then that the first notice did
not list is a breach of the one-time notice, counted on the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.cases import materials
from yichuang.cases.fees import InvalidCaseError, NoScheduleInForceError
from yichuang.cases.materials import Checklist, Circumstances
from yichuang.cases.models import Case, CaseApplicant, CaseDocument, CaseEvent
from yichuang.cases.requests import details_errors
from yichuang.cases.services import papers
from yichuang.cases.services.base import (
    MATERIALS_UPDATED,
    decide,
    lock_case,
    move,
    next_number,
    promised_limit,
    record_event,
    refresh_due,
    refused,
)
from yichuang.cases.services.checklists import case_checklist, catalog
from yichuang.cases.services.fees import case_fee_assessment
from yichuang.cases.workflow import Action, CaseState, deemed_accepted, notice_breach
from yichuang.cases.workflow import articles as workflow_articles
from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import IdentifierError, parse_unit_code
from yichuang.frontdesk.models import Ticket
from yichuang.registry import services as registry_services
from yichuang.registry.selectors import unit_by_code

CLERKS = frozenset({Role.CLERK})
SIDES = frozenset({Case.Side.OBLIGEE.value, Case.Side.OBLIGOR.value})
_CIRCUMSTANCES = {f.name for f in fields(Circumstances)}


@dataclass(frozen=True, slots=True)
class ApplicantIn:
    """An applicant as the clerk enters them, checked against their document."""

    side: str
    kind: str
    name: str
    document_type: str
    document_number: str
    country: str = ""
    share: str = ""


def _circumstances(raw: Mapping[str, Any], *, agent: bool) -> dict[str, Any]:
    unknown = sorted(set(raw) - _CIRCUMSTANCES)
    if unknown:
        raise ValidationError(
            {"circumstances": _("Unknown circumstances: %s.") % ", ".join(unknown)}
        )
    facts = dict(raw)
    if agent:
        facts["agent"] = True
    try:
        Circumstances(**facts)
    except TypeError:  # pragma: no cover - the names were checked above
        raise ValidationError({"circumstances": _("Invalid circumstances.")}) from None
    return facts


def _presented(checklist: Checklist, presented: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(presented))
    askable = checklist.askable_codes() | {m.code for m in checklist.not_to_ask}
    unknown = [code for code in codes if code not in askable]
    if unknown:
        raise ValidationError(
            {"presented": _("Not a material of this registration: %s.") % ", ".join(unknown)}
        )
    return codes


def _unit(office: Office, code: str) -> tuple[str, Any]:
    """The canonical code and the unit if this office registers it (else None)."""
    try:
        canonical = parse_unit_code(code).canonical
    except IdentifierError as error:
        raise ValidationError({"unit_code": identifier_error_message(error)}) from None
    unit = unit_by_code(canonical)
    if unit is not None:
        return canonical, unit if unit.office_id == office.pk else None
    if canonical[:6] == office.division_code:
        raise ValidationError(
            {"unit_code": _("No unit with this code is in the register; check the code.")}
        )
    return canonical, None


def _check_applicants(mode: str, applicants: Sequence[ApplicantIn]) -> None:
    """Who may apply (REG art. 14): both sides for a joint application, someone otherwise."""
    for applicant in applicants:
        if applicant.side not in SIDES:
            raise ValidationError({"applicants": _("Unknown side: %s.") % applicant.side})
    sides = {a.side for a in applicants}
    if mode == "commissioned":
        return
    if not applicants:
        raise ValidationError({"applicants": _("An application needs at least one applicant.")})
    if mode == "joint" and sides != SIDES:
        raise ValidationError(
            {
                "applicants": _(
                    "This registration is applied for jointly by both parties (REG art. 14 "
                    "para. 1): add the applicants of the other side, or check the registration."
                )
            }
        )


def _register_parties(actor: User, applicants: Sequence[ApplicantIn]) -> list[Any]:
    parties = []
    for index, applicant in enumerate(applicants):
        try:
            parties.append(
                registry_services.party_register(
                    actor=actor,
                    kind=applicant.kind,
                    name=applicant.name,
                    document_type=applicant.document_type,
                    document_number=applicant.document_number,
                    country=applicant.country,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    f"applicants[{index}].{name}": messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
    if len({p.pk for p in parties}) != len(parties):
        raise ValidationError({"applicants": _("The same person is listed twice.")})
    return parties


def _check_ticket(actor: User, office: Office, ticket: Ticket | None) -> None:
    if ticket is None:
        return
    if (
        ticket.office_id != office.pk
        or ticket.served_by_id != actor.pk
        or ticket.status != Ticket.Status.SERVING
    ):
        raise refused(
            "ticket_not_in_hand", workflow_articles.REG_APPLICATION, ticket=ticket.display
        )


def case_open(
    *,
    actor: User,
    office: Office,
    submission_key: str,
    registration_type: str,
    cause: str,
    unit_code: str,
    applicants: Sequence[ApplicantIn] = (),
    ticket: Ticket | None = None,
    circumstances: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    presented: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Case:
    """Open an application at the window (收件) for the ticket being served.

    ``submission_key`` comes with the form: a second submission with the same
    key (a double click, a retry after a lost answer) returns the first case
    and writes nothing. Every input is checked before anything is written.
    """
    require_role(actor, CLERKS, office)
    if not submission_key.strip():
        raise ValidationError({"submission_key": _("The form is missing its submission key.")})
    existing = Case.objects.filter(office=office, submission_key=submission_key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    try:
        entry = catalog().list_for(registration_type, cause)
    except LookupError:
        raise ValidationError(
            {"registration_type": _("Unknown registration type or cause.")}
        ) from None
    canonical, unit = _unit(office, unit_code)
    _check_ticket(actor, office, ticket)
    _check_applicants(entry.application, applicants)
    facts = _circumstances(circumstances or {}, agent=bool(ticket and ticket.agent_key))
    facts.setdefault("individual", any(a.kind == "person" for a in applicants) or not applicants)
    facts.setdefault("organisation", any(a.kind == "organisation" for a in applicants))
    facts.setdefault("absent_co_owners", False)
    checklist = materials.checklist(
        catalog(), registration_type, cause, circumstances=Circumstances(**facts)
    )
    codes = _presented(checklist, presented)
    errors = details_errors(registration_type, cause, dict(details or {}))
    if errors:
        raise ValidationError({f"details.{e.field}": _("Missing or invalid.") for e in errors})
    try:
        with transaction.atomic():
            parties = _register_parties(actor, applicants)
            year = timezone.localtime(now).year
            number = next_number(office, year, "case")
            case = Case.objects.create(
                reference=f"{office.code.upper()}{year}{number:07d}",
                office=office,
                ticket=ticket,
                submission_key=submission_key,
                registration_type=registration_type,
                cause=cause,
                title=entry.title,
                application_mode=entry.application,
                unit=unit,
                unit_code=canonical,
                agent_name=ticket.agent_name if ticket else "",
                agent_key=ticket.agent_key if ticket else "",
                circumstances=facts,
                details=dict(details or {}),
                catalog_version=checklist.catalog_version,
                presented=codes,
                state=CaseState.INTAKE.value,
                opened_at=now,
                opened_by=actor,
                intake_opened_at=now,
            )
            CaseApplicant.objects.bulk_create(
                CaseApplicant(
                    case=case,
                    party=party,
                    side=applicant.side,
                    position=index,
                    share=applicant.share.strip(),
                )
                for index, (applicant, party) in enumerate(zip(applicants, parties, strict=True))
            )
            record_event(
                case,
                action=Action.OPEN.value,
                actor=actor,
                at=now,
                state_to=case.state,
                article=workflow_articles.REG_APPLICATION,
                data={"ticket": ticket.pk if ticket else None, "presented": codes},
            )
    except IntegrityError:
        # Two submissions with one key raced; the first one's case stands.
        found = Case.objects.filter(office=office, submission_key=submission_key).first()
        if found is None:
            raise
        return found
    return case


def case_materials_set(
    *, actor: User, case: Case, presented: Iterable[str], now: dt.datetime | None = None
) -> Case:
    """Record what the applicant has handed in so far, while the case is at intake."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        require_role(actor, CLERKS, case.office)
        if case.state != CaseState.INTAKE:
            raise refused(
                "transition_not_allowed",
                workflow_articles.REG_APPLICATION,
                state=case.get_state_display(),
                action=_("tick materials"),
            )
        codes = _presented(case_checklist(case), presented)
        if codes != case.presented:
            case.presented = codes
            case.save(update_fields=["presented", "updated_at"])
            record_event(
                case, action=MATERIALS_UPDATED, actor=actor, at=now, data={"presented": codes}
            )
    return case


def _set_presented(
    actor: User, case: Case, presented: Iterable[str] | None, now: dt.datetime
) -> None:
    if presented is None:
        return
    codes = _presented(case_checklist(case), presented)
    if codes != case.presented:
        case.presented = codes
        case.save(update_fields=["presented", "updated_at"])
        record_event(case, action=MATERIALS_UPDATED, actor=actor, at=now, data={"presented": codes})


def _fee_total(case: Case) -> Decimal | None:
    """The fee the receipt announces; None where the rules cannot charge the case."""
    try:
        return case_fee_assessment(case).total
    except (InvalidCaseError, NoScheduleInForceError, ValueError):
        return None


def _accept(case: Case, *, deemed: bool, at: dt.datetime) -> None:
    """Start the clock: acceptance time, promised limit, due date."""
    case.accepted_at = at
    case.deemed = deemed
    case.limit_days = promised_limit(case.office, case.registration_type)
    refresh_due(case)


def case_accept(
    *,
    actor: User,
    case: Case,
    presented: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Accept a complete application (受理) and issue its receipt with the due date."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        decision = decide(case, Action.ACCEPT, actor)
        if decision.allowed:
            _set_presented(actor, case, presented, now)
            lines = materials.missing(case_checklist(case), case.presented)
            if lines:
                raise refused(
                    "materials_missing",
                    workflow_articles.REG_ONE_TIME_NOTICE,
                    items=tuple(line.name for line in lines),
                )
            if case.unit is None:
                raise refused("unit_out_of_remit", workflow_articles.REG_OUT_OF_REMIT)
        _accept(case, deemed=False, at=now)
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"due_on": str(case.due_on), "limit": case.limit_days},
            fields=("accepted_at", "deemed", "limit_days", "due_on"),
        )
        papers.receipt_issue(case, actor=actor, at=now, fee_total=_fee_total(case))
    return case


def first_notice_items(case: Case) -> list[str] | None:
    """The item codes of the case's first one-time notice, or None if it has none."""
    event = (
        CaseEvent.objects.filter(case=case, action=Action.ISSUE_NOTICE.value)
        .order_by("seq")
        .first()
    )
    return list(event.data.get("items", [])) if event is not None else None


def case_issue_notice(
    *,
    actor: User,
    case: Case,
    presented: Iterable[str] | None = None,
    defective: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> CaseDocument:
    """Refuse to accept an incomplete application, listing everything missing at once.

    The items come from the catalog, not from the clerk: whatever the case's
    materials list asks for and the applicant has not handed in, plus any item
    handed in that the clerk marks ``defective`` (code → what is wrong with
    it). Asking on a return for an item the first notice did not list is a
    breach of the one-time notice, counted on the case and audited.
    """
    now = now or timezone.now()
    defects = {code: reason.strip() for code, reason in (defective or {}).items()}
    with transaction.atomic():
        case = lock_case(case)
        if case.state == CaseState.INTAKE:
            _set_presented(actor, case, presented, now)
            checklist = case_checklist(case)
            _presented(checklist, defects)
        else:
            checklist = case_checklist(case)
        have = [code for code in case.presented if code not in defects]
        lines = materials.missing(checklist, have)
        items = [line.code for line in lines]
        decision = decide(case, Action.ISSUE_NOTICE, actor, notice_items=items)
        first = first_notice_items(case)
        breach = sorted(notice_breach(first, items)) if first is not None else []
        if breach:
            case.notice_breaches += len(breach)
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"items": items, "defective": defects, "breach": breach},
            fields=("notice_breaches",),
        )
        if breach:
            audit_record(
                actor=actor,
                event_type="case.notice_breach",
                target=case,
                office=case.office,
                after={"reference": case.reference, "items": breach, "visit": case.visits},
            )
        return papers.notice_issue(case, actor=actor, at=now, lines=lines, defective=defects)


def case_refuse_out_of_remit(
    *,
    actor: User,
    case: Case,
    competent_office: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> CaseDocument:
    """Refuse an application another office has remit for, telling where to apply."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        decision = decide(
            case, Action.REFUSE_OUT_OF_REMIT, actor, competent_office=competent_office
        )
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"competent_office": competent_office.strip(), "reason": reason.strip()},
        )
        return papers.out_of_remit_issue(
            case, actor=actor, at=now, competent_office=competent_office.strip(), reason=reason
        )


def case_reopen(
    *,
    actor: User,
    case: Case,
    ticket: Ticket | None = None,
    presented: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Case:
    """Reopen a case from its one-time notice when the applicant returns (补正后重新收件)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        _check_ticket(actor, case.office, ticket)
        decision = decide(case, Action.REOPEN, actor)
        codes = list(dict.fromkeys([*case.presented, *presented]))
        if decision.allowed:
            codes = _presented(case_checklist(case), codes)
        case.presented = codes
        case.visits += 1
        case.intake_opened_at = now
        if ticket is not None:
            case.ticket = ticket
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"ticket": ticket.pk if ticket else None, "presented": codes},
            fields=("presented", "visits", "intake_opened_at", "ticket"),
        )
    return case


def cases_deem_accept(*, now: dt.datetime | None = None) -> int:
    """Accept, as the law deems, every intake whose day ended without a decision.

    Idempotent: a case is deemed accepted once, on its intake day, and the
    clock starts from that day (REG art. 17 para. 2). Returns how many.
    """
    now = now or timezone.now()
    count = 0
    candidates = Case.objects.filter(
        state=CaseState.INTAKE.value, intake_opened_at__lt=now
    ).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            case = lock_case(Case(pk=pk))
            if not deemed_accepted(case.intake_opened_at, now, state=case.workflow_state):
                continue
            decision = decide(case, Action.DEEM_ACCEPT, None)
            _accept(case, deemed=True, at=case.intake_opened_at)
            move(
                case,
                decision,
                actor=None,
                at=now,
                data={"due_on": str(case.due_on), "limit": case.limit_days},
                fields=("accepted_at", "deemed", "limit_days", "due_on"),
            )
            papers.receipt_issue(case, actor=None, at=now, fee_total=_fee_total(case))
            count += 1
    return count


def case_withdraw(
    *, actor: User, case: Case, note: str = "", now: dt.datetime | None = None
) -> Case:
    """Record the applicant's written withdrawal before entry (REG art. 15 para. 2)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        move(case, decide(case, Action.WITHDRAW, actor), actor=actor, at=now, data={"note": note})
    return case


def case_hand_over(*, actor: User, case: Case, now: dt.datetime | None = None) -> Case:
    """Hand the certificate or proof to the applicant (发证)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        move(case, decide(case, Action.HAND_OVER, actor), actor=actor, at=now)
    return case
