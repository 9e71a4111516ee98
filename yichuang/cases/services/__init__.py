"""Every write of the cases app: catalog loading, intake, review and entry, fees, deadlines.

Import the functions from here; the modules are split by who works the step.
"""

from __future__ import annotations

from yichuang.cases.services.base import CaseActionRefusedError, Reason, settings_for
from yichuang.cases.services.catalog import LoadResult, catalog_load
from yichuang.cases.services.deadlines import case_clock, cases_escalate, escalation_acknowledge
from yichuang.cases.services.fees import case_fee_assessment, case_fee_collect, fee_report
from yichuang.cases.services.intake import (
    ApplicantIn,
    case_accept,
    case_hand_over,
    case_issue_notice,
    case_materials_set,
    case_open,
    case_refuse_out_of_remit,
    case_reopen,
    case_withdraw,
    cases_deem_accept,
)
from yichuang.cases.services.legacy import legacy_case_open, legacy_case_update
from yichuang.cases.services.review import (
    EntryOutcome,
    case_approve,
    case_enter,
    case_issue_certificate,
    case_refuse,
    case_resume,
    case_return_for_review,
    case_start_review,
    case_suspend,
)
from yichuang.cases.services.settings import case_settings_update, promises_table

__all__ = [
    "ApplicantIn",
    "CaseActionRefusedError",
    "EntryOutcome",
    "LoadResult",
    "Reason",
    "case_accept",
    "case_approve",
    "case_clock",
    "case_enter",
    "case_fee_assessment",
    "case_fee_collect",
    "case_hand_over",
    "case_issue_certificate",
    "case_issue_notice",
    "case_materials_set",
    "case_open",
    "case_refuse",
    "case_refuse_out_of_remit",
    "case_reopen",
    "case_resume",
    "case_return_for_review",
    "case_settings_update",
    "case_start_review",
    "case_suspend",
    "case_withdraw",
    "cases_deem_accept",
    "cases_escalate",
    "catalog_load",
    "escalation_acknowledge",
    "fee_report",
    "legacy_case_open",
    "legacy_case_update",
    "promises_table",
    "settings_for",
]
