"""Review, entry and certificate (审核、登簿、缮证): the back office's part of a case.

The reviewer may suspend a case only for a statutory reason, which stops its
clock; refuses only on a REG art. 22 ground, in writing. The registrar enters
the case through the register's own service, which re-checks every rule at
that moment: if the rules refuse, nothing reaches the register and the case
goes back to review with the grounds on its timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yichuang.accounts.models import User
from yichuang.cases.clock import STATUTORY_SUSPENSIONS, SuspensionReason
from yichuang.cases.messages import refusal_message
from yichuang.cases.models import Case, CaseApplicant, CaseDocument, Suspension
from yichuang.cases.requests import (
    Applicant,
    UnsupportedRegistrationError,
    build_request,
)
from yichuang.cases.services import papers
from yichuang.cases.services.base import (
    ENTRY_REFUSED,
    CaseActionRefusedError,
    Reason,
    decide,
    lock_case,
    move,
    record_event,
    refresh_due,
    refused,
    require,
)
from yichuang.cases.workflow import (
    PENDING_STATES,
    Action,
    CaseState,
    RefusalGround,
    UnitCase,
    entry_order_allows,
)
from yichuang.cases.workflow import articles as workflow_articles
from yichuang.registry import services as registry_services
from yichuang.registry.messages import refusal_lines
from yichuang.registry.models import Entry
from yichuang.registry.rules import PendingApplication, RegistrationType
from yichuang.registry.rules.codes import GeneralGround
from yichuang.registry.selectors import entry_co_owners, unit_state


def case_start_review(*, actor: User, case: Case, now: dt.datetime | None = None) -> Case:
    """Take a case from the review queue (开始审核)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        move(case, decide(case, Action.START_REVIEW, actor), actor=actor, at=now)
    return case


def case_suspend(
    *,
    actor: User,
    case: Case,
    reason: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """Suspend a case for a site visit, an investigation or a public notice (中止)."""
    now = now or timezone.now()
    try:
        found: SuspensionReason | None = SuspensionReason(reason)
    except ValueError:
        found = None
    with transaction.atomic():
        case = lock_case(case)
        decision = decide(case, Action.SUSPEND, actor, suspension_reason=found)
        require(decision)
        assert found is not None
        Suspension.objects.create(
            case=case, reason=found.value, start=timezone.localdate(now), note=note.strip()
        )
        refresh_due(case)
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"reason": found.value, "note": note.strip()},
            fields=("due_on",),
        )
    return case


def case_resume(*, actor: User, case: Case, now: dt.datetime | None = None) -> Case:
    """End the suspension and resume the review (恢复审核); the due date moves on."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        decision = decide(case, Action.RESUME, actor)
        require(decision)
        open_suspension = Suspension.objects.select_for_update().filter(case=case, end=None).first()
        if open_suspension is None:
            raise refused("suspension_none", workflow_articles.REG_SITE_VISIT_OR_INVESTIGATION)
        open_suspension.end = max(timezone.localdate(now), open_suspension.start)
        open_suspension.save(update_fields=["end"])
        refresh_due(case)
        move(case, decision, actor=actor, at=now, fields=("due_on",))
    return case


def case_approve(
    *, actor: User, case: Case, note: str = "", now: dt.datetime | None = None
) -> Case:
    """Approve the case for entry (审核通过)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        move(case, decide(case, Action.APPROVE, actor), actor=actor, at=now, data={"note": note})
    return case


def case_refuse(
    *,
    actor: User,
    case: Case,
    ground: str,
    basis: str = "",
    explanation: str = "",
    now: dt.datetime | None = None,
) -> CaseDocument:
    """Refuse to register on a REG art. 22 ground, in writing (不予登记告知书)."""
    now = now or timezone.now()
    try:
        item: GeneralGround | None = GeneralGround(ground)
    except ValueError:
        item = None
    refusal_ground = RefusalGround(item, basis) if item is not None else None
    with transaction.atomic():
        case = lock_case(case)
        decision = decide(case, Action.REFUSE, actor, ground=refusal_ground)
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"ground": ground, "basis": basis.strip(), "explanation": explanation.strip()},
        )
        return papers.refusal_issue(
            case,
            actor=actor,
            at=now,
            ground=ground,
            article=decision.article,
            explanation=explanation,
        )


def case_return_for_review(
    *, actor: User, case: Case, note: str, now: dt.datetime | None = None
) -> Case:
    """The registrar sends an approved case back to review (退回审核), saying why."""
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        move(
            case,
            decide(case, Action.RETURN_FOR_REVIEW, actor),
            actor=actor,
            at=now,
            data={"note": note.strip()},
        )
    return case


@dataclass(frozen=True, slots=True)
class EntryOutcome:
    """What an attempt to enter a case gave: the entry, or the grounds it was refused on."""

    case: Case
    entry: Entry | None
    reasons: tuple[Reason, ...] = ()

    @property
    def entered(self) -> bool:
        """Whether the register now holds the registration."""
        return self.entry is not None


def _applicants(case: Case) -> list[Applicant]:
    rows = CaseApplicant.objects.filter(case=case).select_related("party").order_by("position")
    return [Applicant(str(row.party.uid), row.side, row.share) for row in rows]


def _open_on_unit(case: Case) -> list[Case]:
    """The other cases on the unit still at intake or accepted and not yet entered."""
    states = [s.value for s in PENDING_STATES] + [CaseState.INTAKE.value]
    return list(Case.objects.filter(unit=case.unit, state__in=states).exclude(pk=case.pk))


def _unit_case(row: Case) -> UnitCase:
    return UnitCase(
        case_id=row.pk,
        registration_type=RegistrationType(row.registration_type),
        state=row.workflow_state,
        opened_at=row.intake_opened_at,
        accepted_at=row.accepted_at,
    )


def _check_entry_order(case: Case, others: list[Case]) -> None:
    """Mortgages on one unit are entered in the order they were accepted (RULES art. 67)."""
    decision = entry_order_allows(_unit_case(case), [_unit_case(row) for row in others])
    if decision.allowed:
        return
    references = {row.pk: row.reference for row in others}
    raise CaseActionRefusedError(
        [
            Reason(
                r.code.value,
                r.article,
                refusal_message(
                    r.code.value, {"reference": references.get(int(str(r.params["case_id"])), "")}
                ),
                dict(r.params),
            )
            for r in decision.refusals
        ]
    )


def case_enter(*, actor: User, case: Case, now: dt.datetime | None = None) -> EntryOutcome:
    """Enter an approved case in the register (登簿), or send it back with the grounds.

    The register's rules decide at this moment. If they refuse, the register
    is untouched and the case returns to review, the grounds on its timeline;
    the outcome carries them. A workflow refusal (the wrong person, the wrong
    state) raises instead and writes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        decision = require(decide(case, Action.ENTER, actor))
        if case.unit is None or case.accepted_at is None:
            raise refused("unit_required", workflow_articles.REG_ENTRY)
        others = _open_on_unit(case)
        _check_entry_order(case, others)
        try:
            request = build_request(
                registration_type=case.registration_type,
                cause=case.cause,
                details=case.details,
                applicants=_applicants(case),
                state=unit_state(unit=case.unit),
                accepted_at=case.accepted_at,
                opened_at=case.opened_at,
                presented=case.presented,
            )
        except UnsupportedRegistrationError:
            raise refused(
                "not_enterable", workflow_articles.REG_ENTRY, registration=case.title
            ) from None
        pending = [
            PendingApplication(
                other.reference, RegistrationType(other.registration_type), other.accepted_at
            )
            for other in others
            if other.accepted_at is not None and other.state != CaseState.INTAKE
        ]
        try:
            with transaction.atomic():
                entry = registry_services.register_entry_record(
                    actor=actor,
                    unit=case.unit,
                    request=request,
                    legal_basis=decision.article,
                    case_reference=case.reference,
                    pending=pending,
                )
        except registry_services.RegistrationRefusedError as error:
            lines = refusal_lines(error.decision)
            reasons = tuple(Reason(code, article, message, {}) for code, article, message in lines)
            record_event(
                case,
                action=ENTRY_REFUSED,
                actor=actor,
                at=now,
                data={"grounds": [{"code": c, "article": a, "message": m} for c, a, m in lines]},
            )
            move(
                case,
                decide(case, Action.RETURN_FOR_REVIEW, actor),
                actor=actor,
                at=now,
                data={"note": "; ".join(m for _c, _a, m in lines)},
            )
            return EntryOutcome(case, None, reasons)
        case.entry = entry
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"unit": case.unit.code, "seq": entry.seq},
            fields=("entry",),
        )
    return EntryOutcome(case, entry)


def case_issue_certificate(*, actor: User, case: Case, now: dt.datetime | None = None) -> Case:
    """Make out the certificate or proof of an entered case (缮证).

    Co-owners who asked in their application to hold their own certificates
    (``details.separate_certificates``, 共有人分别持证) each get a copy;
    otherwise one certificate is made out for all. Registrations that issue
    neither (a seizure, a cancellation) complete this step with the written
    result alone.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        decision = require(decide(case, Action.ISSUE_CERTIFICATE, actor))
        entry, numbers = case.entry, []
        co_owners = (
            entry_co_owners(entry)
            if entry is not None and case.details.get("separate_certificates")
            else []
        )
        if entry is not None and co_owners:
            numbers = [
                registry_services.certificate_issue(actor=actor, entry=entry, holder=party).number
                for party in co_owners
            ]
        elif entry is not None and (
            entry.registration_type in registry_services.TITLE_TYPES | registry_services.PROOF_TYPES
        ):
            numbers = [registry_services.certificate_issue(actor=actor, entry=entry).number]
        move(
            case,
            decision,
            actor=actor,
            at=now,
            data={"certificate": numbers[0] if numbers else "", "certificates": numbers},
        )
    return case


__all__ = [
    "STATUTORY_SUSPENSIONS",
    "EntryOutcome",
    "case_approve",
    "case_enter",
    "case_issue_certificate",
    "case_refuse",
    "case_resume",
    "case_return_for_review",
    "case_start_review",
    "case_suspend",
]
