"""Nothing is charged off-schedule (不得在收费标准外收费): a proposed charge against the lawful fee.

The cases module refuses a charge while this returns any deviation, so a
cashier can neither add a survey, copy or "service" fee, nor charge an exempt
applicant, a proof or the first certificate, nor charge by area. A charge below
the lawful fee is a deviation too: the receipt must match the schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from yichuang.cases.fees import bases
from yichuang.cases.fees.assess import ZERO, FeeAssessment
from yichuang.cases.fees.codes import LAWFUL_CHARGE_UNITS, ChargeUnit, DeviationKind
from yichuang.cases.fees.items import ItemCode

__all__ = ["Deviation", "ProposedCharge", "check_charges"]

_CODES = frozenset(code.value for code in ItemCode)


@dataclass(frozen=True, slots=True)
class ProposedCharge:
    """One line a cashier proposes to charge (拟收费用): an item code, a total, how counted."""

    item: str
    amount: Decimal
    unit: ChargeUnit = ChargeUnit.CASE


@dataclass(frozen=True, slots=True)
class Deviation:
    """How one proposed item departs from the lawful fee, with the basis it breaks."""

    kind: DeviationKind
    item: str
    proposed: Decimal
    lawful: Decimal
    basis: str


def _lawful_by_item(assessment: FeeAssessment) -> dict[str, Decimal]:
    lawful: dict[str, Decimal] = {}
    for line in assessment.lines:
        lawful[line.item.value] = lawful.get(line.item.value, ZERO) + line.amount
    return lawful


def _waiver_basis(assessment: FeeAssessment, item: str) -> str | None:
    """The basis of the zero line that excuses ``item`` in this case, if any."""
    for line in assessment.lines:
        if line.amount == 0 and (line.waives == item or line.item == item):
            return line.basis
    return None


def check_charges(
    assessment: FeeAssessment, proposed: Sequence[ProposedCharge]
) -> tuple[Deviation, ...]:
    """Every way ``proposed`` departs from ``assessment``; empty when it matches exactly.

    Amounts of the same item are added up, so a charge may be split over lines.
    A lawful item missing from the proposal is reported as charged at 0.
    """
    schedule = assessment.schedule
    lawful = _lawful_by_item(assessment)
    deviations: list[Deviation] = []
    totals: dict[str, Decimal] = {}
    by_area: set[str] = set()
    for charge in proposed:
        if charge.unit not in LAWFUL_CHARGE_UNITS:
            deviations.append(
                Deviation(
                    DeviationKind.NOT_PER_CASE,
                    charge.item,
                    charge.amount,
                    lawful.get(charge.item, ZERO),
                    bases.PER_CASE,
                )
            )
            by_area.add(charge.item)
            continue
        totals[charge.item] = totals.get(charge.item, ZERO) + charge.amount
    for item, amount in totals.items():
        deviation = _judge(assessment, item, amount, lawful.get(item, ZERO))
        if deviation is not None:
            deviations.append(deviation)
    for item, due in lawful.items():
        # An item charged by area is reported once, not again as missing.
        if due != 0 and item not in totals and item not in by_area:
            basis = schedule.item(ItemCode(item)).basis
            deviations.append(Deviation(DeviationKind.AMOUNT_DIFFERS, item, ZERO, due, basis))
    return tuple(deviations)


def _judge(assessment: FeeAssessment, item: str, amount: Decimal, due: Decimal) -> Deviation | None:
    schedule = assessment.schedule
    if item not in _CODES:
        return Deviation(DeviationKind.OFF_SCHEDULE, item, amount, ZERO, schedule.basis)
    basis = schedule.item(ItemCode(item)).basis
    if amount == due:
        return None
    if due != 0:
        return Deviation(DeviationKind.AMOUNT_DIFFERS, item, amount, due, basis)
    waiver = _waiver_basis(assessment, item)
    if waiver is not None:
        return Deviation(DeviationKind.EXEMPT_CHARGED, item, amount, ZERO, waiver)
    return Deviation(DeviationKind.NOT_DUE, item, amount, ZERO, basis)
