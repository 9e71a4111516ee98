"""The legal rules of the register (登记簿规则), pure Python.

A unit's state is a fold of :func:`apply` over its entries (:func:`replay`);
what binds it on a date (lapsed objections and notices, seizures in force and
waiting, mortgage ranks) is :func:`unit_state_as_of`; whether a requested
registration may be entered is :func:`decide`, which answers with codes and the
article each rests on, never prose. :func:`check_application` says whether the
right parties applied (REG art. 14) for the cases module's intake.

This package must not import Django: auditors, importers and tests use it alone,
and the register app wraps it in models and services.
"""

from __future__ import annotations

from yichuang.registry.rules.as_of import (
    MortgageView,
    NoticeView,
    ObjectionView,
    SeizureView,
    UnitView,
    unit_state_as_of,
)
from yichuang.registry.rules.checks.application import (
    ApplicationCheck,
    Side,
    SingleApplicationGround,
    check_application,
)
from yichuang.registry.rules.checks.co_ownership import consenting_share, holder_refusals
from yichuang.registry.rules.classify import is_disposal, is_voluntary_disposal
from yichuang.registry.rules.codes import (
    Acknowledgement,
    CancellationCause,
    ChangeCause,
    CoOwnership,
    Evidence,
    GeneralGround,
    NoticeKind,
    RegistrationType,
    RightKind,
    Status,
    TransferCause,
)
from yichuang.registry.rules.config import DEFAULT_CONFIG, RulesConfig
from yichuang.registry.rules.decide import Registration, decide, enter
from yichuang.registry.rules.entries import (
    Entry,
    PendingApplication,
    RegistrationRequest,
    entry_for,
)
from yichuang.registry.rules.outcome import (
    REFUSAL_TABLE,
    Decision,
    GroundKind,
    Note,
    NoteCode,
    Outcome,
    Refusal,
    RefusalCode,
)
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    Change,
    Correction,
    EasementCreation,
    EncumbranceCancellation,
    FirstRegistration,
    MortgageCancellation,
    MortgageCreation,
    ObjectionFiling,
    Payload,
    RightCancellation,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
    SuitLodged,
    Transfer,
)
from yichuang.registry.rules.periods import CHINA_TIME, add_months, local_date
from yichuang.registry.rules.projection import apply, replay
from yichuang.registry.rules.ranking import mortgage_ranks
from yichuang.registry.rules.state import (
    AdvanceNotice,
    Easement,
    Ended,
    Holder,
    JournalLine,
    Mortgage,
    Objection,
    Renewal,
    Right,
    Seizure,
    UnitState,
)

__all__ = [
    "CHINA_TIME",
    "DEFAULT_CONFIG",
    "REFUSAL_TABLE",
    "Acknowledgement",
    "AdvanceNotice",
    "AdvanceNoticeFiling",
    "ApplicationCheck",
    "CancellationCause",
    "Change",
    "ChangeCause",
    "CoOwnership",
    "Correction",
    "Decision",
    "Easement",
    "EasementCreation",
    "EncumbranceCancellation",
    "Ended",
    "Entry",
    "Evidence",
    "FirstRegistration",
    "GeneralGround",
    "GroundKind",
    "Holder",
    "JournalLine",
    "Mortgage",
    "MortgageCancellation",
    "MortgageCreation",
    "MortgageView",
    "Note",
    "NoteCode",
    "NoticeKind",
    "NoticeView",
    "Objection",
    "ObjectionFiling",
    "ObjectionView",
    "Outcome",
    "Payload",
    "PendingApplication",
    "Refusal",
    "RefusalCode",
    "Registration",
    "RegistrationRequest",
    "RegistrationType",
    "Renewal",
    "Right",
    "RightCancellation",
    "RightKind",
    "RulesConfig",
    "Seizure",
    "SeizureLift",
    "SeizureOrder",
    "SeizureRenewal",
    "SeizureView",
    "Side",
    "SingleApplicationGround",
    "Status",
    "SuitLodged",
    "Transfer",
    "TransferCause",
    "UnitState",
    "UnitView",
    "add_months",
    "apply",
    "check_application",
    "consenting_share",
    "decide",
    "enter",
    "entry_for",
    "holder_refusals",
    "is_disposal",
    "is_voluntary_disposal",
    "local_date",
    "mortgage_ranks",
    "replay",
    "unit_state_as_of",
]
