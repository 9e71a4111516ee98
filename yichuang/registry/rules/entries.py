"""Requests to register and the entries they become (登记申请与登记簿记载).

A :class:`RegistrationRequest` is what the rules judge: the payload plus who
applied, whose written consent is produced, what undertakings and proofs were
given and the reviewer's findings. An :class:`Entry` is what the register keeps
once a request is allowed: the payload with its sequence number and times.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from yichuang.registry.rules.codes import (
    Acknowledgement,
    Evidence,
    GeneralGround,
    RegistrationType,
)
from yichuang.registry.rules.config import DEFAULT_CONFIG, RulesConfig
from yichuang.registry.rules.payloads import Payload, SeizureOrder
from yichuang.registry.rules.periods import require_aware

__all__ = ["Entry", "PendingApplication", "RegistrationRequest", "entry_for"]


@dataclass(frozen=True, slots=True)
class RegistrationRequest:
    """A registration to decide (登记申请).

    ``applicants`` applied; ``consents`` are parties whose written consent is
    produced (an applicant's consent is implied); ``acknowledgements`` are
    written undertakings; ``evidence`` the proofs produced; ``findings`` the
    reviewer's grounds under REG art. 22 that the register cannot know.
    """

    payload: Payload
    accepted_at: dt.datetime
    applicants: frozenset[str] = frozenset()
    consents: frozenset[str] = frozenset()
    acknowledgements: frozenset[Acknowledgement] = frozenset()
    evidence: frozenset[Evidence] = frozenset()
    findings: frozenset[GeneralGround] = frozenset()

    def __post_init__(self) -> None:
        """Refuse a naive acceptance time: mortgages are ordered by it."""
        require_aware(self.accepted_at, "accepted_at")

    @property
    def registration_type(self) -> RegistrationType:
        """The REG art. 3 type, given by the payload."""
        return self.payload.registration_type

    @property
    def parties_agreeing(self) -> frozenset[str]:
        """Parties who applied or whose written consent is produced."""
        return self.applicants | self.consents


@dataclass(frozen=True, slots=True)
class PendingApplication:
    """Another application on the same unit, accepted but not yet entered (已受理未登簿)."""

    reference: str
    registration_type: RegistrationType
    accepted_at: dt.datetime

    def __post_init__(self) -> None:
        """Refuse a naive acceptance time, which could not be compared."""
        require_aware(self.accepted_at, "accepted_at")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry on the register (登簿记载): ``seq`` orders a unit's entries."""

    seq: int
    entered_at: dt.datetime
    accepted_at: dt.datetime
    payload: Payload

    def __post_init__(self) -> None:
        """Refuse naive times: every date of the register is derived from them."""
        require_aware(self.entered_at, "entered_at")
        require_aware(self.accepted_at, "accepted_at")

    @property
    def registration_type(self) -> RegistrationType:
        """The REG art. 3 type, given by the payload."""
        return self.payload.registration_type


def entry_for(
    request: RegistrationRequest,
    *,
    seq: int,
    entered_at: dt.datetime,
    config: RulesConfig = DEFAULT_CONFIG,
) -> Entry:
    """The entry an allowed ``request`` becomes when entered as ``seq`` at ``entered_at``.

    A seizure whose court stated no term gets the configured default here, so
    the entry records the term it was entered with and a later change of
    configuration never moves an entered seizure's end.
    """
    payload = request.payload
    if (
        isinstance(payload, SeizureOrder)
        and payload.term_end is None
        and payload.term_months is None
    ):
        payload = dataclasses.replace(payload, term_months=config.seizure_term_months)
    return Entry(seq=seq, entered_at=entered_at, accepted_at=request.accepted_at, payload=payload)
