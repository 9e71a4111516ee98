"""The lawful fee of a case (应收登记费): lines, each with its item, basis and payer.

Each case is charged as its registration type says (the type's schedule item),
unless a circumstance that applies charges it less: the office's own error, a
change between spouses, a homestead or a household land contract, a small or
micro enterprise paying, social housing. Among the ways that apply, the case is
charged the cheapest, so an exemption never has to be claimed: it is applied.
An exemption shows as a zero line citing its basis and the item it waives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from yichuang.cases.fees.codes import HOMESTEAD_RIGHTS, Cause, Payer, RightKind, Treatment
from yichuang.cases.fees.counting import CaseCount, CaseDescription, FeeCase, count_cases
from yichuang.cases.fees.items import (
    CERTIFICATE_ITEMS,
    RATE_ITEMS,
    REGISTRATION_ITEMS,
    TYPE_ITEMS,
    ItemCode,
)
from yichuang.cases.fees.schedule import FeeItem, FeeSchedule, ScheduleError

__all__ = ["FeeAssessment", "FeeLine", "assess_fees"]

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One line of the fee (收费明细): ``count`` times the item's amount.

    A zero line that replaces a charge names it in ``waives`` (the registration
    fee an exempt applicant does not pay, the extra certificates of a free case).
    ``units`` are the unit codes the line covers.
    """

    item: ItemCode
    label: str
    unit_amount: Decimal
    count: int
    amount: Decimal
    basis: str
    payer: Payer
    waives: ItemCode | None
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FeeAssessment:
    """The lawful fee of one case description under one schedule version."""

    schedule: FeeSchedule
    description: CaseDescription
    count: CaseCount
    lines: tuple[FeeLine, ...]
    total: Decimal

    @property
    def registration_fee(self) -> Decimal:
        """The part that is registration fee (登记费), certificates excluded."""
        return sum((line.amount for line in self.lines if line.item in REGISTRATION_ITEMS), ZERO)

    @property
    def certificate_cost(self) -> Decimal:
        """The part that is certificate cost (证书工本费)."""
        return sum((line.amount for line in self.lines if line.item in CERTIFICATE_ITEMS), ZERO)

    def total_for(self, payer: Payer) -> Decimal:
        """What ``payer`` owes."""
        return sum((line.amount for line in self.lines if line.payer is payer), ZERO)


@dataclass(frozen=True, slots=True)
class _Part:
    item: ItemCode
    count: int
    waives: ItemCode | None
    units: tuple[str, ...]


def _policies(description: CaseDescription, schedule: FeeSchedule) -> list[FeeItem]:
    """The schedule items that may decide how the description's cases are charged.

    On a tie the earliest cites the rule: a refinement of the registration type
    first (an office-caused correction is free as such, even where every
    correction is), then the type itself (a seizure is free because it is a
    seizure, whoever the applicant), then what concerns the right or the payer.
    """
    refinements = (
        (description.office_error, ItemCode.OFFICE_ERROR),
        (description.cause is Cause.BETWEEN_SPOUSES, ItemCode.BETWEEN_SPOUSES),
    )
    others = (
        (description.right in HOMESTEAD_RIGHTS, ItemCode.HOMESTEAD),
        (description.right is RightKind.LAND_CONTRACTING, ItemCode.LAND_CONTRACTING),
        (description.small_or_micro_enterprise, ItemCode.SMALL_MICRO_ENTERPRISE),
        (description.housing_scheme is not None, ItemCode.SOCIAL_HOUSING),
    )
    applicable = [schedule.item(code) for applies, code in refinements if applies]
    applicable.append(schedule.for_type(description.registration_type))
    applicable.extend(schedule.item(code) for applies, code in others if applies)
    return applicable


def _case_parts(case: FeeCase, policy: FeeItem) -> list[_Part]:
    """The lines of one case charged the way ``policy`` says."""
    rate = RATE_ITEMS[case.rate]
    units = case.units
    parts: list[_Part] = []
    if policy.treatment is Treatment.BY_USE:
        parts.append(_Part(rate, 1, None, units))
    else:
        parts.append(_Part(policy.code, 1, rate, units))
    certificates = case.certificates
    if certificates:
        if policy.treatment is Treatment.CERTIFICATE_COST_ONLY:
            parts.append(_Part(ItemCode.CERTIFICATE_COST_ONLY, certificates, None, units))
        else:
            # The registration fee includes the first certificate (2559号), so
            # only a case that pays it, or is excused from it, gets one free.
            parts.append(_Part(ItemCode.CERTIFICATE_FIRST, 1, None, units))
            if certificates > 1:
                if policy.treatment is Treatment.FREE:
                    extra = _Part(policy.code, certificates - 1, ItemCode.CERTIFICATE_EXTRA, units)
                else:
                    extra = _Part(ItemCode.CERTIFICATE_EXTRA, certificates - 1, None, units)
                parts.append(extra)
    if case.proofs:
        parts.append(_Part(ItemCode.PROOF, case.proofs, None, units))
    return parts


def _cost(parts: Iterable[_Part], schedule: FeeSchedule) -> Decimal:
    return sum((schedule.item(part.item).amount * part.count for part in parts), ZERO)


def _cheapest(case: FeeCase, policies: list[FeeItem], schedule: FeeSchedule) -> list[_Part]:
    # min() keeps the first of equal options, so the order of _policies decides ties.
    options = [_case_parts(case, policy) for policy in policies]
    return min(options, key=lambda parts: _cost(parts, schedule))


def _merge(parts: Iterable[_Part], schedule: FeeSchedule, payer: Payer) -> tuple[FeeLine, ...]:
    merged: dict[tuple[ItemCode, ItemCode | None], tuple[int, list[str]]] = {}
    for part in parts:
        count, units = merged.get((part.item, part.waives), (0, []))
        units.extend(code for code in part.units if code not in units)
        merged[(part.item, part.waives)] = (count + part.count, units)
    lines = []
    for (code, waives), (count, units) in merged.items():
        item = schedule.item(code)
        lines.append(
            FeeLine(
                item=code,
                label=item.label,
                unit_amount=item.amount,
                count=count,
                amount=item.amount * count,
                basis=item.basis,
                payer=payer,
                waives=waives,
                units=tuple(units),
            )
        )
    return tuple(lines)


def assess_fees(description: CaseDescription, *, schedule: FeeSchedule) -> FeeAssessment:
    """The lawful fee of ``description`` under ``schedule``, line by line.

    The schedule is the one in force on the day the case was accepted
    (:func:`~yichuang.cases.fees.schedule.schedule_in_force`). The inputs hold
    no area, volume or price, because the fee depends on none of them.
    """
    count = count_cases(description)
    policies = _policies(description, schedule)
    parts: list[_Part] = []
    for case in count.cases:
        parts.extend(_cheapest(case, policies, schedule))
    if count.riders:
        parts.append(
            _Part(
                ItemCode.ANCILLARY_WITH_HOUSE,
                len(count.riders),
                ItemCode.REGISTRATION_ANCILLARY,
                count.riders,
            )
        )
    payer = schedule.for_type(description.registration_type).payer
    if payer is None:
        raise ScheduleError(
            "no payer for this registration type",
            version=schedule.version,
            item=TYPE_ITEMS[description.registration_type],
        )
    lines = _merge(parts, schedule, payer)
    total = sum((line.amount for line in lines), ZERO)
    return FeeAssessment(schedule, description, count, lines, total)
