"""What a registration records (登记事项): one payload class per act.

A request and the entry it becomes carry the same payload; its class decides the
registration type (``registration_type``), so a type can never disagree with
its content. Where REG art. 3 files two acts under one type they have two
classes: a renewal (续封) is a seizure registration, recording that a suit was
lodged completes an objection registration.

Payloads check only their own shape (an aware service time); whether the act is
lawful on the unit is for :func:`~yichuang.registry.rules.decide.decide`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from yichuang.registry.rules.codes import (
    CancellationCause,
    ChangeCause,
    CoOwnership,
    NoticeKind,
    RegistrationType,
    RightKind,
    TransferCause,
)
from yichuang.registry.rules.periods import require_aware
from yichuang.registry.rules.state import Holder

__all__ = [
    "AdvanceNoticeFiling",
    "Change",
    "Correction",
    "EasementCreation",
    "EncumbranceCancellation",
    "FirstRegistration",
    "MortgageCancellation",
    "MortgageCreation",
    "ObjectionFiling",
    "Payload",
    "RightCancellation",
    "SeizureLift",
    "SeizureOrder",
    "SeizureRenewal",
    "SuitLodged",
    "Transfer",
]


@dataclass(frozen=True, slots=True)
class FirstRegistration:
    """First registration of a right (首次登记) with its holders."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.FIRST
    right_kind: RightKind
    holders: tuple[Holder, ...]
    form: CoOwnership
    term_end: dt.date | None = None
    disposal_agreement: bool = False


@dataclass(frozen=True, slots=True)
class Transfer:
    """Transfer of a right to new holders (转移登记); replaces all holders."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.TRANSFER
    right_kind: RightKind
    holders: tuple[Holder, ...]
    form: CoOwnership
    cause: TransferCause
    disposal_agreement: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """Change registration (变更登记); holders only for a co-ownership change."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.CHANGE
    right_kind: RightKind
    cause: ChangeCause
    holders: tuple[Holder, ...] | None = None
    form: CoOwnership | None = None
    disposal_agreement: bool | None = None


@dataclass(frozen=True, slots=True)
class MortgageCreation:
    """A mortgage's own first registration (抵押权首次登记).

    ``maximum_amount`` makes it a maximum-amount mortgage (最高额抵押, CC art.
    420); otherwise ``debt_amount`` is the secured debt. ``agreed_rank`` is a
    rank the parties agreed and registered (RULES art. 67 "另有约定").
    """

    registration_type: ClassVar[RegistrationType] = RegistrationType.MORTGAGE
    right_kind: RightKind
    mortgagee: str
    debt_amount: Decimal | None = None
    maximum_amount: Decimal | None = None
    agreed_rank: int | None = None
    transfer_banned: bool = False


@dataclass(frozen=True, slots=True)
class MortgageCancellation:
    """Cancellation of the mortgage entered as ``target_seq`` (抵押权注销登记)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.MORTGAGE_CANCELLATION
    target_seq: int


@dataclass(frozen=True, slots=True)
class SeizureOrder:
    """A court's seizure (查封登记), ranked by when its notice was served (送达)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.SEIZURE
    court: str
    document: str
    served_at: dt.datetime
    term_end: dt.date | None = None
    term_months: int | None = None

    def __post_init__(self) -> None:
        """Refuse a naive service time, which would rank seizures by server zone."""
        require_aware(self.served_at, "served_at")


@dataclass(frozen=True, slots=True)
class SeizureLift:
    """Lifting of the seizure entered as ``target_seq`` (解封登记)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.SEIZURE_LIFT
    target_seq: int
    court: str
    document: str


@dataclass(frozen=True, slots=True)
class SeizureRenewal:
    """Renewal of the seizure entered as ``target_seq`` to a new last day (续封)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.SEIZURE
    target_seq: int
    court: str
    document: str
    term_end: dt.date


@dataclass(frozen=True, slots=True)
class ObjectionFiling:
    """An objection (异议登记); ``grounds`` is a key the repeat rule compares."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.OBJECTION
    right_kind: RightKind
    applicant: str
    grounds: str


@dataclass(frozen=True, slots=True)
class SuitLodged:
    """Proof that the objector lodged a suit or arbitration on ``lodged_on`` (起诉受理证明)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.OBJECTION
    target_seq: int
    lodged_on: dt.date


@dataclass(frozen=True, slots=True)
class AdvanceNoticeFiling:
    """An advance notice (预告登记) for ``holders`` against ``obligors``.

    ``possible_from`` is the day the main registration became possible when it
    is known at entry; otherwise the register sets it when the flat's first
    registration (or, for a purchase mortgage, the buyer's transfer) is entered.
    """

    registration_type: ClassVar[RegistrationType] = RegistrationType.ADVANCE_NOTICE
    kind: NoticeKind
    right_kind: RightKind
    holders: frozenset[str]
    obligors: frozenset[str]
    possible_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class EasementCreation:
    """An easement's first registration on this (the servient) unit (地役权首次登记)."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.EASEMENT
    right_kind: RightKind
    holder: str
    dominant_unit: str
    term_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RightCancellation:
    """Cancellation of a primary right (注销登记); its encumbrances end with it."""

    registration_type: ClassVar[RegistrationType] = RegistrationType.CANCELLATION
    right_kind: RightKind
    cause: CancellationCause


@dataclass(frozen=True, slots=True)
class EncumbranceCancellation:
    """Cancellation of an easement, advance notice or objection entered as ``target_seq``.

    ``cause_on`` is the day the cause arose where it matters: for an advance
    notice cancelled because its claim ended, the notice had no effect from then.
    """

    registration_type: ClassVar[RegistrationType] = RegistrationType.CANCELLATION
    target_seq: int
    cause: CancellationCause
    cause_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """Correction (更正登记) of the entry ``target_seq``; ``holders`` if they were wrong.

    ``by_office`` marks a correction the office makes itself (RULES art. 81),
    which needs the day the holder was notified and the first day of the public
    notice.
    """

    registration_type: ClassVar[RegistrationType] = RegistrationType.CORRECTION
    target_seq: int
    right_kind: RightKind
    holders: tuple[Holder, ...] | None = None
    form: CoOwnership | None = None
    by_office: bool = False
    holder_notified_on: dt.date | None = None
    public_notice_from: dt.date | None = None


#: Any registration's payload.
Payload = (
    FirstRegistration
    | Transfer
    | Change
    | MortgageCreation
    | MortgageCancellation
    | SeizureOrder
    | SeizureLift
    | SeizureRenewal
    | ObjectionFiling
    | SuitLodged
    | AdvanceNoticeFiling
    | EasementCreation
    | RightCancellation
    | EncumbranceCancellation
    | Correction
)
