"""The cases app's tables: the loaded catalog, the cases and their papers, legacy cases."""

from __future__ import annotations

from yichuang.cases.models.case import (
    Case,
    CaseApplicant,
    CaseDocument,
    CaseEscalation,
    CaseEvent,
    CaseSettings,
    DocumentCounter,
    FeePayment,
    Suspension,
)
from yichuang.cases.models.catalog import FeeItem, MaterialItem
from yichuang.cases.models.legacy import LegacyCase, LegacyCaseNote

__all__ = [
    "Case",
    "CaseApplicant",
    "CaseDocument",
    "CaseEscalation",
    "CaseEvent",
    "CaseSettings",
    "DocumentCounter",
    "FeeItem",
    "FeePayment",
    "LegacyCase",
    "LegacyCaseNote",
    "MaterialItem",
    "Suspension",
]
