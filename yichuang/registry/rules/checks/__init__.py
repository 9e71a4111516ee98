"""The rules, one module per family, each yielding refusals and notes for a request.

:data:`ALL_CHECKS` is the order ``decide`` runs them in, so a decision lists its
grounds in a stable order: general grounds and applicants first, then the right,
then the encumbrances.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from yichuang.registry.rules.checks.advance_notice import check_advance_notice
from yichuang.registry.rules.checks.application import check_applicants
from yichuang.registry.rules.checks.cancellation import check_cancellation
from yichuang.registry.rules.checks.co_ownership import check_co_ownership
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.checks.correction import check_correction
from yichuang.registry.rules.checks.easement import check_easement
from yichuang.registry.rules.checks.general import check_general
from yichuang.registry.rules.checks.mortgage import check_mortgage
from yichuang.registry.rules.checks.objection import check_objection
from yichuang.registry.rules.checks.presence import check_presence
from yichuang.registry.rules.checks.seizure import check_seizure
from yichuang.registry.rules.outcome import Finding

__all__ = ["ALL_CHECKS", "Check", "Context"]

#: A rule family: what it finds about a request in its context.
Check = Callable[[Context], Iterator[Finding]]

ALL_CHECKS: tuple[Check, ...] = (
    check_general,
    check_applicants,
    check_presence,
    check_co_ownership,
    check_seizure,
    check_advance_notice,
    check_objection,
    check_mortgage,
    check_easement,
    check_correction,
    check_cancellation,
)
