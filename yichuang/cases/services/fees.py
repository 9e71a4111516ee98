"""The registration fee of a case (登记费): assessed by the rules, collected as assessed.

The fee comes from the schedule in force on the day of acceptance; the
cashier's proposal is checked line by line against it and any departure (an
item off the schedule, a charge by area, a fee on an exempt case, a different
amount) is refused with the basis it breaks. A collected fee is kept with its
lines and its receipt, once per case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.cases import fees
from yichuang.cases.fees import (
    CaseDescription,
    FeeAssessment,
    HousingScheme,
    Payer,
    PlannedUse,
    ProposedCharge,
    check_charges,
    schedule_in_force,
)
from yichuang.cases.fees import Cause as FeeCause
from yichuang.cases.fees import RegistrationType as FeeType
from yichuang.cases.fees import RightKind as FeeRight
from yichuang.cases.fees import Unit as FeeUnit
from yichuang.cases.fees.bases import PER_CASE
from yichuang.cases.models import Case, CaseApplicant, FeePayment
from yichuang.cases.requests import primary_right
from yichuang.cases.services import papers
from yichuang.cases.services.base import (
    FEE_COLLECTED,
    CaseActionRefusedError,
    Reason,
    lock_case,
    record_event,
    refused,
)
from yichuang.cases.workflow import CLOSED_STATES, CaseState
from yichuang.registry.selectors import unit_state

CASHIERS = frozenset({Role.CLERK})
_ANCILLARY_WORDS = ("车库", "车位", "储藏")
_TITLE_TYPES = frozenset({"first", "transfer", "change", "correction"})
_PROOF_TYPES = frozenset({"mortgage", "advance_notice", "objection", "easement"})


def _use(case: Case) -> PlannedUse:
    unit = case.unit
    if unit is None:
        return PlannedUse.NON_RESIDENTIAL
    if any(word in unit.planned_use for word in _ANCILLARY_WORDS):
        return PlannedUse.ANCILLARY
    return PlannedUse.RESIDENTIAL if unit.is_residential else PlannedUse.NON_RESIDENTIAL


def fee_description(case: Case) -> CaseDescription:
    """The case as the fee rules see it: type, right, unit and documents issued."""
    details = case.details
    right = FeeRight.STATE_LAND_USE_AND_HOUSE
    if case.unit is not None:
        found = primary_right(unit_state(unit=case.unit))
        if found is not None:
            right = FeeRight(found.value)
    obligees = CaseApplicant.objects.filter(case=case, side=Case.Side.OBLIGEE).count()
    certificates = (
        max(1, int(details.get("certificates", 1) or 1))
        if case.registration_type in _TITLE_TYPES
        else 0
    )
    if certificates and details.get("separate_certificates"):
        certificates = max(obligees, 1)  # one for each co-owner, each copy but one charged
    certificates = min(certificates, max(obligees, 1)) if certificates else 0
    proofs = 1 if case.registration_type in _PROOF_TYPES else 0
    scheme = details.get("housing_scheme") or None
    return CaseDescription(
        registration_type=FeeType(case.registration_type),
        right=right,
        units=(
            FeeUnit(
                code=case.unit_code,
                parcel=case.unit_code[:19],
                use=_use(case),
                certificates=certificates,
                proofs=proofs,
            ),
        ),
        cause=FeeCause.BETWEEN_SPOUSES if details.get("between_spouses") else None,
        office_error=bool(details.get("office_error")),
        small_or_micro_enterprise=bool(details.get("small_or_micro_enterprise")),
        housing_scheme=HousingScheme(scheme) if scheme else None,
    )


def case_fee_assessment(case: Case, *, on: dt.date | None = None) -> FeeAssessment:
    """The lawful fee of ``case`` under the schedule in force on its acceptance day."""
    day = on or (timezone.localdate(case.accepted_at) if case.accepted_at else timezone.localdate())
    return fees.assess_fees(fee_description(case), schedule=schedule_in_force(day))


def _line_dict(line: fees.FeeLine) -> dict[str, object]:
    return {
        "item": line.item.value,
        "label": line.label,
        "count": line.count,
        "unit_amount": str(line.unit_amount),
        "amount": str(line.amount),
        "basis": line.basis,
        "payer": line.payer.value,
    }


def case_fee_collect(
    *,
    actor: User,
    case: Case,
    charges: Sequence[ProposedCharge] | None = None,
    payer_name: str = "",
    now: dt.datetime | None = None,
) -> FeePayment:
    """Collect the fee of an accepted case, exactly as assessed, and issue the receipt.

    ``charges`` is what the cashier proposes; None takes the assessment as it
    stands. Any departure is refused with the basis it breaks; nothing is kept.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(case)
        require_role(actor, CASHIERS, case.office)
        existing = FeePayment.objects.filter(case=case).select_related("receipt").first()
        if existing is not None:
            held = existing.receipt.number if existing.receipt else ""
            raise refused("fee_already_collected", PER_CASE, receipt=held)
        if case.accepted_at is None or case.workflow_state in CLOSED_STATES - {CaseState.COLLECTED}:
            raise refused("fee_not_due_yet", PER_CASE)
        assessment = case_fee_assessment(case)
        proposed = (
            list(charges)
            if charges is not None
            else [ProposedCharge(line.item.value, line.amount) for line in assessment.lines]
        )
        deviations = check_charges(assessment, proposed)
        if deviations:
            raise CaseActionRefusedError(
                [
                    Reason(
                        "fee_off_schedule",
                        d.basis,
                        f"{d.item}: {d.kind.value} ({d.proposed} / {d.lawful})",
                        {"item": d.item, "kind": d.kind.value},
                    )
                    for d in deviations
                ]
            )
        payer = payer_name.strip() or _payer_name(case, assessment)
        lines = [_line_dict(line) for line in assessment.lines]
        receipt = papers.fee_receipt_issue(
            case,
            actor=actor,
            at=now,
            payer=payer,
            lines=lines,
            total=assessment.total,
            schedule_version=assessment.schedule.version,
        )
        payment = FeePayment.objects.create(
            case=case,
            office=case.office,
            schedule_version=assessment.schedule.version,
            lines=lines,
            total=assessment.total,
            payer_name=payer,
            collected_at=now,
            collected_by=actor,
            receipt=receipt,
        )
        record_event(
            case,
            action=FEE_COLLECTED,
            actor=actor,
            at=now,
            data={"total": str(assessment.total), "receipt": receipt.number},
        )
    return payment


def _payer_name(case: Case, assessment: FeeAssessment) -> str:
    """Who pays by the schedule: the new holder, the current holder, or the applicant."""
    payers = {line.payer for line in assessment.lines if line.amount}
    side = None
    if Payer.NEW_HOLDER in payers:
        side = Case.Side.OBLIGEE
    elif Payer.CURRENT_HOLDER in payers:
        side = Case.Side.OBLIGOR
    rows = CaseApplicant.objects.filter(case=case).select_related("party").order_by("position")
    if side is not None:
        rows = rows.filter(side=side)
    names = "、".join(row.party.name for row in rows)
    # A commissioned registration (a court's seizure) has the authority as its only party.
    return names or str(case.details.get("court", "")).strip() or case.office.name


@dataclass(frozen=True, slots=True)
class FeeReportLine:
    """One item's total on a day's fee report."""

    item: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class FeeReport:
    """What an office collected on one day (收费日报), by item, with every receipt counted."""

    office: Office
    day: dt.date
    payments: int
    total: Decimal
    lines: tuple[FeeReportLine, ...]


def fee_report(*, office: Office, day: dt.date) -> FeeReport:
    """The day's fees at ``office``: payments, total, and the total of each item."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    rows = FeePayment.objects.filter(office=office, collected_at__gte=start, collected_at__lt=end)
    summary = rows.aggregate(n=Count("pk"), total=Sum("total"))
    by_item: dict[str, FeeReportLine] = {}
    for lines in rows.values_list("lines", flat=True):
        for line in lines:
            current = by_item.get(line["item"])
            amount = Decimal(line["amount"])
            count = int(line["count"])
            if current is None:
                by_item[line["item"]] = FeeReportLine(line["item"], line["label"], count, amount)
            else:
                by_item[line["item"]] = FeeReportLine(
                    current.item, current.label, current.count + count, current.amount + amount
                )
    return FeeReport(
        office=office,
        day=day,
        payments=summary["n"] or 0,
        total=summary["total"] or Decimal("0.00"),
        lines=tuple(sorted(by_item.values(), key=lambda line: line.item)),
    )
