"""Holders, shares and the disposal of co-owned property (共有).

Shares in property held in shares (按份共有) are exact fractions that must be
positive and sum to exactly 1 (fractions.Fraction, never floats, so 1/3 + 1/3 +
1/3 is 1). Disposing of the whole property needs the holders of two thirds of
the shares, or every joint owner (RULES art. 10, CC art. 301), unless the
co-owners registered their own agreement; a co-owner selling only their own
share needs no one else (CC art. 305; the others' pre-emption right is for the
parties, not the register).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import is_voluntary_disposal
from yichuang.registry.rules.codes import ChangeCause, CoOwnership
from yichuang.registry.rules.outcome import (
    Finding,
    NoteCode,
    Refusal,
    RefusalCode,
    note,
    refusal,
)
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    Change,
    Correction,
    FirstRegistration,
    Transfer,
)
from yichuang.registry.rules.state import Holder, Right

__all__ = ["check_co_ownership", "consenting_share", "holder_refusals"]


def holder_refusals(holders: tuple[Holder, ...], form: CoOwnership) -> tuple[Refusal, ...]:
    """Everything wrong with ``holders`` held in ``form``; empty when they are valid."""
    if not holders:
        return (refusal(RefusalCode.HOLDERS_MISSING),)
    found: list[Refusal] = []
    seen: set[str] = set()
    for holder in holders:
        if holder.party in seen:
            found.append(refusal(RefusalCode.HOLDER_REPEATED, party=holder.party))
        seen.add(holder.party)
    if form == CoOwnership.SOLE and len(holders) != 1:
        found.append(refusal(RefusalCode.SOLE_HOLDER_COUNT, count=len(holders)))
    if form != CoOwnership.SOLE and len(holders) < 2:
        found.append(refusal(RefusalCode.CO_OWNERS_TOO_FEW, form=form, count=len(holders)))
    if form == CoOwnership.SHARED:
        found.extend(_share_refusals(holders))
    else:
        found.extend(
            refusal(RefusalCode.SHARE_UNEXPECTED, party=h.party, form=form)
            for h in holders
            if h.share is not None and not (form == CoOwnership.SOLE and h.share == 1)
        )
    return tuple(found)


def _share_refusals(holders: tuple[Holder, ...]) -> Iterator[Refusal]:
    """Each holder needs a positive share, and the shares must sum to exactly 1."""
    complete = True
    for holder in holders:
        if holder.share is None:
            complete = False
            yield refusal(RefusalCode.SHARE_MISSING, party=holder.party)
        elif holder.share <= 0:
            complete = False
            yield refusal(
                RefusalCode.SHARE_NOT_POSITIVE, party=holder.party, share=str(holder.share)
            )
    if complete:
        total = sum((Fraction(h.share or 0) for h in holders), Fraction(0))
        if total != 1:
            yield refusal(RefusalCode.SHARES_NOT_ONE, total=str(total))


def consenting_share(right: Right, parties: frozenset[str]) -> Fraction:
    """Sum of the shares held by ``parties`` in a right held in shares."""
    return sum((Fraction(h.share or 0) for h in right.holders if h.party in parties), Fraction(0))


def check_co_ownership(ctx: Context) -> Iterator[Finding]:
    """CC arts. 297-305, RULES art. 10: valid holders, and enough co-owners for a disposal."""
    payload = ctx.payload
    right = ctx.right
    if isinstance(payload, FirstRegistration | Transfer):
        yield from holder_refusals(payload.holders, payload.form)
    elif isinstance(payload, Correction) and payload.holders is not None:
        form = payload.form or (right.form if right else CoOwnership.SOLE)
        yield from holder_refusals(payload.holders, form)
    elif isinstance(payload, Change):
        yield from _change_refusals(payload, right)
    if right is not None and is_voluntary_disposal(payload):
        yield from _disposal_consent(ctx, right)


def _change_refusals(payload: Change, right: Right | None) -> Iterator[Refusal]:
    """A co-ownership change re-divides among the same holders; new parties need a transfer.

    Any other change (a name, the physical state) leaves holders and shares as
    they are: one holder may apply for it alone, so it must not re-divide.
    """
    if payload.cause != ChangeCause.CO_OWNERSHIP:
        same_holders = payload.holders is None or (
            right is not None and set(payload.holders) == set(right.holders)
        )
        same_form = payload.form is None or (right is not None and payload.form == right.form)
        if right is not None and not (same_holders and same_form):
            yield _altered(payload.holders or right.holders, right)
        return
    if payload.holders is None or payload.form is None:
        yield refusal(RefusalCode.HOLDERS_MISSING)
        return
    yield from holder_refusals(payload.holders, payload.form)
    if right is not None and frozenset(h.party for h in payload.holders) != right.parties:
        yield _altered(payload.holders, right)


def _altered(holders: tuple[Holder, ...], right: Right) -> Refusal:
    """The refusal naming who a change would add and remove."""
    parties = frozenset(h.party for h in holders)
    added = tuple(sorted(parties - right.parties))
    removed = tuple(sorted(right.parties - parties))
    return refusal(RefusalCode.CHANGE_ALTERS_HOLDERS, added=added, removed=removed)


def _disposal_consent(ctx: Context, right: Right) -> Iterator[Finding]:
    """Enough co-owners must apply or consent; a sole holder's part is REG art. 14's."""
    payload = ctx.payload
    if right.form == CoOwnership.SOLE:
        return
    if isinstance(payload, AdvanceNoticeFiling) and not payload.obligors & right.parties:
        # A purchase-mortgage notice is granted by the buyers it names, not by
        # the developer's co-owners, whose right it does not burden yet.
        return
    if right.disposal_agreement:
        yield note(NoteCode.CO_OWNER_AGREEMENT_APPLIES, right_kind=right.kind)
        return
    agreeing = ctx.request.parties_agreeing
    if isinstance(payload, Transfer) and _is_share_sale(right, payload):
        sellers = frozenset(h.party for h in right.holders if h not in payload.holders)
        if lacking := sellers - agreeing:
            yield refusal(RefusalCode.SHARE_HOLDER_CONSENT_REQUIRED, missing=tuple(sorted(lacking)))
        return
    absent = tuple(sorted(right.parties - agreeing))
    if right.form == CoOwnership.JOINT:
        if absent:
            yield refusal(RefusalCode.CO_OWNER_CONSENT_REQUIRED, form=right.form, missing=absent)
        return
    share, quorum = consenting_share(right, agreeing), ctx.config.shared_disposal_quorum
    if share < quorum:
        yield refusal(
            RefusalCode.CO_OWNER_CONSENT_REQUIRED,
            form=right.form,
            consenting_share=str(share),
            required_share=str(quorum),
            missing=absent,
        )


def _is_share_sale(right: Right, payload: Transfer) -> bool:
    """Whether a transfer disposes only of some holders' shares, others keeping theirs."""
    if right.form != CoOwnership.SHARED or payload.form != CoOwnership.SHARED:
        return False
    return any(holder in payload.holders for holder in right.holders)
