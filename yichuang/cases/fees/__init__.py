"""The lawful fee rules for registration cases (不动产登记收费规则), pure Python.

The fee comes only from the schedule (:mod:`~yichuang.cases.fees.schedule`),
versioned data in which every item cites its legal basis. :func:`assess_fees`
turns a case description into fee lines, applying exemptions by itself and
showing them as zero lines; :func:`check_charges` lists every way a proposed
charge departs from those lines, so nothing can be charged off-schedule.

This package must not import Django, ninja or pydantic: the cases app wraps it,
and auditors and tests use it alone. See docs/adr/0011-fee-schedule.md.
"""

from __future__ import annotations

from yichuang.cases.fees.assess import FeeAssessment, FeeLine, assess_fees
from yichuang.cases.fees.check import Deviation, ProposedCharge, check_charges
from yichuang.cases.fees.codes import (
    Cause,
    ChargeUnit,
    DeviationKind,
    HousingScheme,
    Payer,
    PlannedUse,
    RegistrationType,
    RightKind,
    Treatment,
)
from yichuang.cases.fees.counting import (
    CaseCount,
    CaseDescription,
    FeeCase,
    InvalidCaseError,
    Unit,
    count_cases,
)
from yichuang.cases.fees.items import ItemCode
from yichuang.cases.fees.schedule import (
    FeeItem,
    FeeSchedule,
    NoScheduleInForceError,
    ScheduleError,
    default_schedules,
    load_schedules,
    parse_schedules,
    schedule_in_force,
)

__all__ = [
    "CaseCount",
    "CaseDescription",
    "Cause",
    "ChargeUnit",
    "Deviation",
    "DeviationKind",
    "FeeAssessment",
    "FeeCase",
    "FeeItem",
    "FeeLine",
    "FeeSchedule",
    "HousingScheme",
    "InvalidCaseError",
    "ItemCode",
    "NoScheduleInForceError",
    "Payer",
    "PlannedUse",
    "ProposedCharge",
    "RegistrationType",
    "RightKind",
    "ScheduleError",
    "Treatment",
    "Unit",
    "assess_fees",
    "check_charges",
    "count_cases",
    "default_schedules",
    "load_schedules",
    "parse_schedules",
    "schedule_in_force",
]
