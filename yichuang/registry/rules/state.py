"""The facts on a unit's register (登记簿记载事项), as frozen values.

A :class:`UnitState` is what folding :func:`~yichuang.registry.rules.projection.apply`
over a unit's entries gives. It holds *facts* only: what was entered, when, and
which later entry ended it. Nothing here depends on today's date: whether an
objection has lapsed or a waiting seizure has taken effect is derived from these
facts by :func:`~yichuang.registry.rules.as_of.unit_state_as_of`, so the same
entries always rebuild the same state and no lapse needs a job to run.

Items are identified by the sequence number (``seq``) of the entry that created
them; a cancellation, lift or renewal names its target by that number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yichuang.registry.rules.codes import CoOwnership, NoticeKind, RegistrationType, RightKind

__all__ = [
    "AdvanceNotice",
    "Easement",
    "Ended",
    "Holder",
    "JournalLine",
    "Mortgage",
    "Objection",
    "Renewal",
    "Right",
    "Seizure",
    "UnitState",
]


@dataclass(frozen=True, slots=True)
class Holder:
    """One holder of a right (权利人): a party id and, when held in shares, its share."""

    party: str
    share: Fraction | None = None


@dataclass(frozen=True, slots=True)
class Ended:
    """The entry that ended an item (its ``seq``) and when it was entered."""

    seq: int
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Right:
    """A primary right on the unit (不动产权利) and its holders."""

    kind: RightKind
    holders: tuple[Holder, ...]
    form: CoOwnership
    created_seq: int
    changed_seq: int
    term_end: dt.date | None = None
    # The co-owners registered their own agreement on disposal (CC art. 301
    # "另有约定"), which the reviewer applies instead of the statutory quorum.
    disposal_agreement: bool = False
    cancelled: Ended | None = None

    @property
    def parties(self) -> frozenset[str]:
        """The holders' party ids."""
        return frozenset(holder.party for holder in self.holders)


@dataclass(frozen=True, slots=True)
class Mortgage:
    """A registered mortgage (抵押权); ``maximum_amount`` marks a 最高额抵押."""

    seq: int
    right_kind: RightKind
    mortgagee: str
    accepted_at: dt.datetime
    entered_at: dt.datetime
    debt_amount: Decimal | None
    maximum_amount: Decimal | None
    agreed_rank: int | None
    transfer_banned: bool
    cancelled: Ended | None = None


@dataclass(frozen=True, slots=True)
class Renewal:
    """A renewal of a seizure (续封): the new last day of its term."""

    seq: int
    entered_at: dt.datetime
    term_end: dt.date


@dataclass(frozen=True, slots=True)
class Seizure:
    """A court's seizure (查封), in force or waiting, ranked by ``served_at``.

    The term is either an explicit last day (``term_end``) or a number of
    months counted from the day the seizure takes effect (or is served, see
    ``RulesConfig.waiting_seizure_term_from_effect``).
    """

    seq: int
    court: str
    document: str
    served_at: dt.datetime
    entered_at: dt.datetime
    term_end: dt.date | None
    term_months: int | None
    renewals: tuple[Renewal, ...] = ()
    lifted: Ended | None = None


@dataclass(frozen=True, slots=True)
class AdvanceNotice:
    """An advance notice (预告登记) securing a claim to a transfer or a mortgage.

    ``obligors`` owe the main registration (the seller or mortgagor);
    ``possible_from`` is the day the main registration became possible, from
    which CC art. 221's period runs; ``claim_ended_on`` is the day the secured
    claim ended, from which the notice has no effect.
    """

    seq: int
    kind: NoticeKind
    right_kind: RightKind
    holders: frozenset[str]
    obligors: frozenset[str]
    entered_at: dt.datetime
    possible_from: dt.date | None = None
    claim_ended_on: dt.date | None = None
    fulfilled: Ended | None = None
    cancelled: Ended | None = None


@dataclass(frozen=True, slots=True)
class Objection:
    """An objection (异议登记) by an interested party against a registered right."""

    seq: int
    right_kind: RightKind
    applicant: str
    grounds: str
    entered_at: dt.datetime
    suit_lodged_on: dt.date | None = None
    cancelled: Ended | None = None


@dataclass(frozen=True, slots=True)
class Easement:
    """An easement (地役权) burdening this unit for the benefit of ``dominant_unit``."""

    seq: int
    right_kind: RightKind
    holder: str
    dominant_unit: str
    term_end: dt.date | None
    cancelled: Ended | None = None


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One applied entry, kept so a correction can see what was entered after it."""

    seq: int
    registration_type: RegistrationType
    entered_at: dt.datetime
    # A disposal, advance notice or seizure: entered after a wrong entry, it
    # bars that entry's correction (RULES arts. 80-81).
    bars_correction: bool


@dataclass(frozen=True, slots=True)
class UnitState:
    """Everything entered on one unit's register, ended items included."""

    unit: str
    rights: tuple[Right, ...] = ()
    mortgages: tuple[Mortgage, ...] = ()
    seizures: tuple[Seizure, ...] = ()
    notices: tuple[AdvanceNotice, ...] = ()
    objections: tuple[Objection, ...] = ()
    easements: tuple[Easement, ...] = ()
    journal: tuple[JournalLine, ...] = ()

    def right(self, kind: RightKind) -> Right | None:
        """The live (not cancelled) right of ``kind``, if one is registered.

        The rules never let two live rights of one kind coexist; should a
        replayed register hold two anyway, the later one is the current one.
        """
        for right in reversed(self.rights):
            if right.kind == kind and right.cancelled is None:
                return right
        return None

    @property
    def last_seq(self) -> int:
        """Sequence number of the last applied entry, 0 for an empty register."""
        return self.journal[-1].seq if self.journal else 0
