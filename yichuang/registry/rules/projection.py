"""Applying entries to a unit's state (登簿): the register as a fold.

:func:`apply` is total and deterministic: any entry on any state gives a state,
and the same entries in the same order always give the same state. The register
stores entries and rebuilds a unit with :func:`replay`; the live projection is
the same fold done one entry at a time, so the two always agree. Whether an
entry was lawful is :func:`~yichuang.registry.rules.decide.decide`'s question,
asked before; an entry whose target is missing or already ended still goes
into the journal and changes nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar, assert_never

from yichuang.registry.rules.classify import bars_correction
from yichuang.registry.rules.codes import (
    MORTGAGE_NOTICES,
    TRANSFER_NOTICES,
    CancellationCause,
    NoticeKind,
    RightKind,
)
from yichuang.registry.rules.entries import Entry
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
    RightCancellation,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
    SuitLodged,
    Transfer,
)
from yichuang.registry.rules.periods import local_date
from yichuang.registry.rules.state import (
    AdvanceNotice,
    Easement,
    Ended,
    JournalLine,
    Mortgage,
    Objection,
    Renewal,
    Right,
    Seizure,
    UnitState,
)

__all__ = ["apply", "replay"]

_Item = TypeVar("_Item")


def replay(unit: str, entries: Iterable[Entry]) -> UnitState:
    """Rebuild ``unit``'s state from its entries, in the order given."""
    state = UnitState(unit=unit)
    for entry in entries:
        state = apply(state, entry)
    return state


def apply(state: UnitState, entry: Entry) -> UnitState:
    """The state after ``entry`` is entered on ``state``; the entry joins the journal."""
    updated = _apply_payload(state, entry)
    line = JournalLine(
        seq=entry.seq,
        registration_type=entry.registration_type,
        entered_at=entry.entered_at,
        bars_correction=bars_correction(entry.payload),
    )
    return dataclasses.replace(updated, journal=(*updated.journal, line))


def _apply_payload(state: UnitState, entry: Entry) -> UnitState:
    """Dispatch on the payload's class; mypy checks that every class is handled."""
    payload = entry.payload
    match payload:
        case FirstRegistration():
            return _first_registration(state, payload, entry)
        case Transfer():
            return _transfer(state, payload, entry)
        case Change():
            return _change(state, payload, entry)
        case Correction():
            return _correction(state, payload, entry)
        case MortgageCreation():
            return _mortgage(state, payload, entry)
        case MortgageCancellation():
            return _mortgage_cancellation(state, payload, entry)
        case SeizureOrder() | SeizureLift() | SeizureRenewal():
            return _seizure_act(state, payload, entry)
        case ObjectionFiling() | SuitLodged():
            return _objection_act(state, payload, entry)
        case AdvanceNoticeFiling():
            return _advance_notice(state, payload, entry)
        case EasementCreation():
            return _easement(state, payload, entry)
        case RightCancellation():
            return _right_cancellation(state, payload, entry)
        case EncumbranceCancellation():
            return _encumbrance_cancellation(state, payload, entry)
        case _:
            assert_never(payload)


def _update(
    items: tuple[_Item, ...], matches: Callable[[_Item], bool], change: Callable[[_Item], _Item]
) -> tuple[_Item, ...]:
    """``items`` with ``change`` applied to those that ``matches`` accepts."""
    return tuple(change(item) if matches(item) else item for item in items)


def _ended(entry: Entry) -> Ended:
    """The end record an entry leaves on what it ends."""
    return Ended(seq=entry.seq, at=entry.entered_at)


def _replace_right(
    state: UnitState, kind: RightKind, change: Callable[[Right], Right]
) -> UnitState:
    """Apply ``change`` to the live right of ``kind``; nothing happens if there is none."""
    current = state.right(kind)
    if current is None:
        return state
    rights = tuple(change(right) if right is current else right for right in state.rights)
    return dataclasses.replace(state, rights=rights)


def _first_registration(state: UnitState, payload: FirstRegistration, entry: Entry) -> UnitState:
    """Add the right; pre-sale notices on it start their 90 days today."""
    right = _new_right(payload, entry)
    # A pre-sold flat's buyer can apply for the transfer once the flat is first
    # registered: CC art. 221's 90 days run from this day.
    day = local_date(entry.entered_at)
    notices = _update(
        state.notices,
        lambda n: _open(n) and n.kind in TRANSFER_NOTICES and n.right_kind == payload.right_kind,
        lambda n: n if n.possible_from is not None else dataclasses.replace(n, possible_from=day),
    )
    return dataclasses.replace(state, rights=(*state.rights, right), notices=notices)


def _transfer(state: UnitState, payload: Transfer, entry: Entry) -> UnitState:
    """New holders; fulfil the buyers' notice; start the bank's purchase-mortgage notice."""

    def transferred(right: Right) -> Right:
        return dataclasses.replace(
            right,
            holders=payload.holders,
            form=payload.form,
            disposal_agreement=payload.disposal_agreement,
            changed_seq=entry.seq,
        )

    if state.right(payload.right_kind) is None:
        # Total on an unregistered right: the entry says who holds it now.
        state = dataclasses.replace(state, rights=(*state.rights, _new_right(payload, entry)))
    else:
        state = _replace_right(state, payload.right_kind, transferred)
    new_holders = frozenset(holder.party for holder in payload.holders)
    day = local_date(entry.entered_at)
    fulfilled = _update(
        state.notices,
        lambda n: _open(n) and _notice_of(n, payload.right_kind, TRANSFER_NOTICES, new_holders),
        lambda n: dataclasses.replace(n, fulfilled=_ended(entry)),
    )
    # The buyer now holds the right, so the bank's purchase-mortgage notice can
    # become a mortgage: its 90 days start today.
    notices = _update(
        fulfilled,
        lambda n: (
            _open(n)
            and n.kind in MORTGAGE_NOTICES
            and n.right_kind == payload.right_kind
            and n.obligors == new_holders
            and n.possible_from is None
        ),
        lambda n: dataclasses.replace(n, possible_from=day),
    )
    return dataclasses.replace(state, notices=notices)


def _new_right(payload: FirstRegistration | Transfer, entry: Entry) -> Right:
    """A right as first entered by ``entry``."""
    return Right(
        kind=payload.right_kind,
        holders=payload.holders,
        form=payload.form,
        created_seq=entry.seq,
        changed_seq=entry.seq,
        term_end=payload.term_end if isinstance(payload, FirstRegistration) else None,
        disposal_agreement=payload.disposal_agreement,
    )


def _change(state: UnitState, payload: Change, entry: Entry) -> UnitState:
    """Replace what the change names (holders, form, agreement); keep the rest."""

    def changed(right: Right) -> Right:
        return dataclasses.replace(
            right,
            holders=right.holders if payload.holders is None else payload.holders,
            form=right.form if payload.form is None else payload.form,
            disposal_agreement=(
                right.disposal_agreement
                if payload.disposal_agreement is None
                else payload.disposal_agreement
            ),
            changed_seq=entry.seq,
        )

    return _replace_right(state, payload.right_kind, changed)


def _correction(state: UnitState, payload: Correction, entry: Entry) -> UnitState:
    """Replace wrongly entered holders; other corrections change no right."""
    holders = payload.holders
    if holders is None:
        # A correction of something else than the holders (an area, a use)
        # leaves the rights as they are; the entry stays in the journal.
        return state

    def corrected(right: Right) -> Right:
        form = right.form if payload.form is None else payload.form
        return dataclasses.replace(right, holders=holders, form=form, changed_seq=entry.seq)

    return _replace_right(state, payload.right_kind, corrected)


def _mortgage(state: UnitState, payload: MortgageCreation, entry: Entry) -> UnitState:
    """Add the mortgage; fulfil the mortgagee's own notice."""
    mortgage = Mortgage(
        seq=entry.seq,
        right_kind=payload.right_kind,
        mortgagee=payload.mortgagee,
        accepted_at=entry.accepted_at,
        entered_at=entry.entered_at,
        debt_amount=payload.debt_amount,
        maximum_amount=payload.maximum_amount,
        agreed_rank=payload.agreed_rank,
        transfer_banned=payload.transfer_banned,
    )
    mortgagee = frozenset({payload.mortgagee})
    notices = _update(
        state.notices,
        lambda n: _open(n) and _notice_of(n, payload.right_kind, MORTGAGE_NOTICES, mortgagee),
        lambda n: dataclasses.replace(n, fulfilled=_ended(entry)),
    )
    return dataclasses.replace(state, mortgages=(*state.mortgages, mortgage), notices=notices)


def _mortgage_cancellation(
    state: UnitState, payload: MortgageCancellation, entry: Entry
) -> UnitState:
    """Mark the target mortgage cancelled."""
    mortgages = _update(
        state.mortgages,
        lambda m: m.seq == payload.target_seq and m.cancelled is None,
        lambda m: dataclasses.replace(m, cancelled=_ended(entry)),
    )
    return dataclasses.replace(state, mortgages=mortgages)


def _seizure_act(
    state: UnitState, payload: SeizureOrder | SeizureLift | SeizureRenewal, entry: Entry
) -> UnitState:
    """Add a seizure, or record a lift or a renewal on its target."""
    if isinstance(payload, SeizureOrder):
        seizure = Seizure(
            seq=entry.seq,
            court=payload.court,
            document=payload.document,
            served_at=payload.served_at,
            entered_at=entry.entered_at,
            term_end=payload.term_end,
            term_months=payload.term_months,
        )
        return dataclasses.replace(state, seizures=(*state.seizures, seizure))
    target = payload.target_seq
    if isinstance(payload, SeizureLift):
        seizures = _update(
            state.seizures,
            lambda s: s.seq == target and s.lifted is None,
            lambda s: dataclasses.replace(s, lifted=_ended(entry)),
        )
    else:
        renewal = Renewal(seq=entry.seq, entered_at=entry.entered_at, term_end=payload.term_end)
        seizures = _update(
            state.seizures,
            lambda s: s.seq == target and s.lifted is None,
            lambda s: dataclasses.replace(s, renewals=(*s.renewals, renewal)),
        )
    return dataclasses.replace(state, seizures=seizures)


def _objection_act(
    state: UnitState, payload: ObjectionFiling | SuitLodged, entry: Entry
) -> UnitState:
    """Add an objection, or record the day its suit was lodged."""
    if isinstance(payload, ObjectionFiling):
        objection = Objection(
            seq=entry.seq,
            right_kind=payload.right_kind,
            applicant=payload.applicant,
            grounds=payload.grounds,
            entered_at=entry.entered_at,
        )
        return dataclasses.replace(state, objections=(*state.objections, objection))
    lodged = payload.lodged_on

    def with_suit(objection: Objection) -> Objection:
        # The earliest proof counts: a later filing cannot make a timely suit late.
        earlier = objection.suit_lodged_on
        return dataclasses.replace(
            objection, suit_lodged_on=lodged if earlier is None else min(earlier, lodged)
        )

    objections = _update(state.objections, lambda o: o.seq == payload.target_seq, with_suit)
    return dataclasses.replace(state, objections=objections)


def _advance_notice(state: UnitState, payload: AdvanceNoticeFiling, entry: Entry) -> UnitState:
    """Add the notice, with the day its main registration became possible if known."""
    notice = AdvanceNotice(
        seq=entry.seq,
        kind=payload.kind,
        right_kind=payload.right_kind,
        holders=payload.holders,
        obligors=payload.obligors,
        entered_at=entry.entered_at,
        possible_from=payload.possible_from or _possible_at_entry(state, payload, entry),
    )
    return dataclasses.replace(state, notices=(*state.notices, notice))


def _possible_at_entry(
    state: UnitState, payload: AdvanceNoticeFiling, entry: Entry
) -> dt.date | None:
    """The entry's day if the main registration could be applied for at once, else None.

    A transfer is possible once the right is registered; a mortgage once the
    obligors (the future mortgagors) hold it.
    """
    right = state.right(payload.right_kind)
    if right is None:
        return None
    if payload.kind in TRANSFER_NOTICES or payload.obligors == right.parties:
        return local_date(entry.entered_at)
    return None


def _easement(state: UnitState, payload: EasementCreation, entry: Entry) -> UnitState:
    """Add the easement."""
    easement = Easement(
        seq=entry.seq,
        right_kind=payload.right_kind,
        holder=payload.holder,
        dominant_unit=payload.dominant_unit,
        term_end=payload.term_end,
    )
    return dataclasses.replace(state, easements=(*state.easements, easement))


def _right_cancellation(state: UnitState, payload: RightCancellation, entry: Entry) -> UnitState:
    """Cancel the right and the mortgages, easements and notices on it."""
    kind = payload.right_kind
    if state.right(kind) is None:
        return state
    ended = _ended(entry)
    # Mortgages, easements and notices exist only on the right; they end with it.
    # Seizures and objections are lifted or lapse on their own.
    return dataclasses.replace(
        _replace_right(state, kind, lambda r: dataclasses.replace(r, cancelled=ended)),
        mortgages=_update(
            state.mortgages,
            lambda m: m.right_kind == kind and m.cancelled is None,
            lambda m: dataclasses.replace(m, cancelled=ended),
        ),
        easements=_update(
            state.easements,
            lambda e: e.right_kind == kind and e.cancelled is None,
            lambda e: dataclasses.replace(e, cancelled=ended),
        ),
        notices=_update(
            state.notices,
            lambda n: n.right_kind == kind and _open(n),
            lambda n: dataclasses.replace(n, cancelled=ended),
        ),
    )


def _encumbrance_cancellation(
    state: UnitState, payload: EncumbranceCancellation, entry: Entry
) -> UnitState:
    """Cancel the target easement, notice or objection; a notice keeps its claim's end."""
    ended = _ended(entry)
    target = payload.target_seq
    claim_ended_on = payload.cause_on if payload.cause == CancellationCause.CLAIM_ENDED else None
    return dataclasses.replace(
        state,
        easements=_update(
            state.easements,
            lambda e: e.seq == target and e.cancelled is None,
            lambda e: dataclasses.replace(e, cancelled=ended),
        ),
        notices=_update(
            state.notices,
            lambda n: n.seq == target and _open(n),
            lambda n: dataclasses.replace(n, cancelled=ended, claim_ended_on=claim_ended_on),
        ),
        objections=_update(
            state.objections,
            lambda o: o.seq == target and o.cancelled is None,
            lambda o: dataclasses.replace(o, cancelled=ended),
        ),
    )


def _open(notice: AdvanceNotice) -> bool:
    """Neither fulfilled nor cancelled by an entry (it may still have lapsed by time)."""
    return notice.fulfilled is None and notice.cancelled is None


def _notice_of(
    notice: AdvanceNotice, kind: RightKind, kinds: frozenset[NoticeKind], holders: frozenset[str]
) -> bool:
    """Whether ``notice`` is one of ``kinds`` on right ``kind`` held exactly by ``holders``."""
    return notice.right_kind == kind and notice.kind in kinds and notice.holders == holders
