"""From an accepted case to the registration request the register decides (登簿申请).

The window records what the applicants ask for: the registration type and
cause, who applies on which side, and the few facts each type needs (the
mortgage's debt, the court's document, the entry a cancellation ends). This
module checks those facts at intake (:func:`details_errors`) and turns them,
with the unit's register page, into the :class:`RegistrationRequest` that
``registry.services.register_entry_record`` re-checks at the moment of entry
(:func:`build_request`).

No Django here: the cases app passes plain values and party ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from yichuang.registry.rules import (
    CoOwnership,
    FirstRegistration,
    MortgageCreation,
    RegistrationRequest,
    RightKind,
    Transfer,
    TransferCause,
    UnitState,
)
from yichuang.registry.rules.codes import (
    Acknowledgement,
    CancellationCause,
    ChangeCause,
    Evidence,
    NoticeKind,
)
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    Change,
    Correction,
    MortgageCancellation,
    ObjectionFiling,
    Payload,
    RightCancellation,
    SeizureOrder,
)
from yichuang.registry.rules.state import Holder

__all__ = [
    "ENTERABLE",
    "SEIZURE_TERM_MONTHS",
    "Applicant",
    "DetailError",
    "UnsupportedRegistrationError",
    "build_request",
    "details_errors",
    "primary_right",
]

#: A court seizes for at most three years at a time (unconfirmed default; ADR 0013).
SEIZURE_TERM_MONTHS: Final = 36


@dataclass(frozen=True, slots=True)
class Applicant:
    """An applicant as the register knows it: a party id, its side, its share if any."""

    party: str
    side: str  # "obligee" or "obligor"
    share: str = ""


@dataclass(frozen=True, slots=True)
class DetailError:
    """One fact of the registration that is missing or wrong: which, and why (a code)."""

    field: str
    code: str


class UnsupportedRegistrationError(LookupError):
    """The platform cannot enter this (type, cause) from a case; the register must be used."""


def _text(details: Mapping[str, object], name: str) -> str:
    value = details.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _amount(details: Mapping[str, object], name: str) -> Decimal | None:
    raw = details.get(name)
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return Decimal(-1)
    return value if value.is_finite() else Decimal(-1)


def _positive_int(details: Mapping[str, object], name: str) -> int | None:
    raw = details.get(name)
    if isinstance(raw, bool):
        return None
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _form_errors(details: Mapping[str, object]) -> list[DetailError]:
    form = _text(details, "form") or CoOwnership.SOLE.value
    if form not in {f.value for f in CoOwnership}:
        return [DetailError("form", "unknown_form")]
    if details.get("separate_certificates") and form == CoOwnership.SOLE.value:
        # 共有人分别持证: only co-owners can each hold a certificate.
        return [DetailError("separate_certificates", "needs_co_owners")]
    return []


def _mortgage_errors(details: Mapping[str, object]) -> list[DetailError]:
    debt, maximum = _amount(details, "debt_amount"), _amount(details, "maximum_amount")
    if debt is None and maximum is None:
        return [DetailError("debt_amount", "amount_required")]
    found = []
    for name, value in (("debt_amount", debt), ("maximum_amount", maximum)):
        if value is not None and value <= 0:
            found.append(DetailError(name, "amount_not_positive"))
    return found


def _target_errors(details: Mapping[str, object]) -> list[DetailError]:
    if _positive_int(details, "target_seq") is None:
        return [DetailError("target_seq", "target_required")]
    return []


def _seizure_errors(details: Mapping[str, object]) -> list[DetailError]:
    found = [
        DetailError(name, "required") for name in ("court", "document") if not _text(details, name)
    ]
    months = details.get("term_months")
    if months not in (None, "") and (
        _positive_int(details, "term_months") is None or int(str(months)) > SEIZURE_TERM_MONTHS
    ):
        found.append(DetailError("term_months", "term_invalid"))
    return found


def _objection_errors(details: Mapping[str, object]) -> list[DetailError]:
    return [] if _text(details, "grounds") else [DetailError("grounds", "required")]


def _none(details: Mapping[str, object]) -> list[DetailError]:
    return []


_Checker = Callable[[Mapping[str, object]], list[DetailError]]

#: What each enterable (type, cause) needs to know besides applicants.
_CHECKERS: Final[Mapping[tuple[str, str], _Checker]] = MappingProxyType(
    {
        ("first", "state_land_use_and_house"): _form_errors,
        ("transfer", "sale"): _form_errors,
        ("transfer", "gift"): _form_errors,
        ("transfer", "inheritance"): _form_errors,
        ("transfer", "bequest"): _form_errors,
        ("mortgage", "general"): _mortgage_errors,
        ("mortgage_cancellation", "general"): _target_errors,
        ("seizure", "court"): _seizure_errors,
        ("objection", "general"): _objection_errors,
        ("advance_notice", "purchase"): _none,
        ("change", "holder_name"): _none,
        ("change", "physical_state"): _none,
        ("cancellation", "destruction"): _none,
        ("cancellation", "abandonment"): _none,
        ("correction", "on_application"): lambda d: [*_target_errors(d), *_form_errors(d)],
    }
)

#: The (type, cause) pairs a case can be entered for.
ENTERABLE: Final = frozenset(_CHECKERS)


def details_errors(
    registration_type: str, cause: str, details: Mapping[str, object]
) -> list[DetailError]:
    """What is missing or wrong in ``details`` for this registration; empty when complete.

    A (type, cause) the platform cannot enter has nothing to check here: it is
    accepted and reviewed like any other, and entered on the register directly.
    """
    checker = _CHECKERS.get((registration_type, cause))
    return checker(details) if checker is not None else []


def primary_right(state: UnitState) -> RightKind | None:
    """The kind of the unit's live primary right, the one a transfer or mortgage concerns."""
    for right in reversed(state.rights):
        if right.cancelled is None:
            return right.kind
    return None


def _holders(applicants: Sequence[Applicant], form: CoOwnership) -> tuple[Holder, ...]:
    obligees = [a for a in applicants if a.side == "obligee"]
    if form != CoOwnership.SHARED:
        return tuple(Holder(a.party) for a in obligees)
    return tuple(Holder(a.party, Fraction(a.share) if a.share else None) for a in obligees)


def _parties(applicants: Iterable[Applicant], side: str) -> frozenset[str]:
    return frozenset(a.party for a in applicants if a.side == side)


def _form(details: Mapping[str, object]) -> CoOwnership:
    return CoOwnership(_text(details, "form") or CoOwnership.SOLE.value)


def _right(state: UnitState, details: Mapping[str, object]) -> RightKind:
    named = _text(details, "right_kind")
    if named:
        return RightKind(named)
    found = primary_right(state)
    # With no right on the unit the rules refuse with their own ground at entry.
    return found if found is not None else RightKind.STATE_LAND_USE_AND_HOUSE


def _payload(
    registration_type: str,
    cause: str,
    details: Mapping[str, object],
    applicants: Sequence[Applicant],
    state: UnitState,
    opened_at: dt.datetime,
) -> Payload:
    key = (registration_type, cause)
    if key == ("first", "state_land_use_and_house"):
        form = _form(details)
        return FirstRegistration(
            right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
            holders=_holders(applicants, form),
            form=form,
        )
    if registration_type == "transfer":
        form = _form(details)
        return Transfer(
            right_kind=_right(state, details),
            holders=_holders(applicants, form),
            form=form,
            cause=TransferCause(cause),
        )
    if key == ("mortgage", "general"):
        mortgagees = sorted(_parties(applicants, "obligee"))
        return MortgageCreation(
            right_kind=_right(state, details),
            mortgagee=mortgagees[0] if mortgagees else "",
            debt_amount=_amount(details, "debt_amount"),
            maximum_amount=_amount(details, "maximum_amount"),
        )
    if key == ("mortgage_cancellation", "general"):
        return MortgageCancellation(target_seq=_positive_int(details, "target_seq") or 0)
    if key == ("seizure", "court"):
        months = _positive_int(details, "term_months") or SEIZURE_TERM_MONTHS
        return SeizureOrder(
            court=_text(details, "court"),
            document=_text(details, "document"),
            served_at=opened_at,
            term_months=months,
        )
    if key == ("objection", "general"):
        claimants = sorted(_parties(applicants, "obligee"))
        return ObjectionFiling(
            right_kind=_right(state, details),
            applicant=claimants[0] if claimants else "",
            grounds=_text(details, "grounds"),
        )
    if key == ("advance_notice", "purchase"):
        return AdvanceNoticeFiling(
            kind=NoticeKind.PURCHASE,
            right_kind=_right(state, details),
            holders=_parties(applicants, "obligee"),
            obligors=_parties(applicants, "obligor"),
        )
    if registration_type == "change":
        return Change(right_kind=_right(state, details), cause=ChangeCause(cause))
    if registration_type == "cancellation":
        return RightCancellation(right_kind=_right(state, details), cause=CancellationCause(cause))
    if key == ("correction", "on_application"):
        form = _form(details)
        return Correction(
            target_seq=_positive_int(details, "target_seq") or 0,
            right_kind=_right(state, details),
            holders=_holders(applicants, form) or None,
            form=form,
        )
    raise UnsupportedRegistrationError(f"{registration_type}.{cause}")


#: Materials whose presence is the evidence a rule asks for.
_EVIDENCE_MATERIALS: Final[Mapping[str, Evidence]] = MappingProxyType(
    {
        "debt_discharged_proof": Evidence.DEBT_ENDED,
        "error_proof": Evidence.REGISTER_ERROR,
    }
)


_OBJECTION_RISK: Final = "objection_risk_acknowledgement"


def build_request(
    *,
    registration_type: str,
    cause: str,
    details: Mapping[str, object],
    applicants: Sequence[Applicant],
    state: UnitState,
    accepted_at: dt.datetime,
    opened_at: dt.datetime,
    presented: Iterable[str] = (),
) -> RegistrationRequest:
    """The request the register decides for this case, as of its acceptance.

    Raises :class:`UnsupportedRegistrationError` for a (type, cause) not in
    :data:`ENTERABLE`. Everything else is left to the register's rules, which
    answer with their own grounds: an applicant missing, a share wrong, a
    seizure in force.
    """
    if (registration_type, cause) not in ENTERABLE:
        raise UnsupportedRegistrationError(f"{registration_type}.{cause}")
    payload = _payload(registration_type, cause, details, applicants, state, opened_at)
    have = frozenset(presented)
    return RegistrationRequest(
        payload=payload,
        accepted_at=accepted_at,
        applicants=frozenset(a.party for a in applicants),
        evidence=frozenset(found for code, found in _EVIDENCE_MATERIALS.items() if code in have),
        acknowledgements=(
            frozenset({Acknowledgement.OBJECTION_RISK}) if _OBJECTION_RISK in have else frozenset()
        ),
    )
