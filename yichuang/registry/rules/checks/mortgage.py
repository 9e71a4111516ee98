"""Mortgages (抵押权, CC arts. 400-424; RULES arts. 65-69).

Several mortgages on one unit are entered in the order their applications were
accepted (RULES art. 67) and rank by that order (CC art. 414) unless an agreed
rank is registered, which needs the consent of the mortgagees it puts behind
(CC art. 409). A mortgaged unit may be transferred and the mortgage follows it
(带押过户, CC art. 406) unless a ban on transfer was registered with the
mortgage. A mortgage is cancelled with the mortgagee's consent or on proof that
the secured debt ended (CC art. 393).
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules import articles
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.codes import Evidence, RegistrationType
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import MortgageCancellation, MortgageCreation, Transfer

__all__ = ["check_mortgage"]


def check_mortgage(ctx: Context) -> Iterator[Finding]:
    """CC arts. 393, 400, 406, 409, 414, 420; RULES art. 67."""
    payload = ctx.payload
    if isinstance(payload, MortgageCreation):
        yield from _amount(payload)
        yield from _earlier_pending(ctx)
        yield from _agreed_rank(ctx, payload)
    elif isinstance(payload, Transfer):
        yield from _mortgaged_transfer(ctx, payload)
    elif isinstance(payload, MortgageCancellation):
        yield from _cancellation(ctx, payload)


def _amount(payload: MortgageCreation) -> Iterator[Finding]:
    """A secured debt, or for a maximum-amount mortgage its maximum, above zero."""
    if payload.maximum_amount is not None:
        if payload.maximum_amount <= 0:
            yield refusal(
                RefusalCode.MORTGAGE_AMOUNT_NOT_POSITIVE,
                articles.CC_MAXIMUM_MORTGAGE,
                field="maximum_amount",
            )
    elif payload.debt_amount is None or payload.debt_amount <= 0:
        yield refusal(RefusalCode.MORTGAGE_AMOUNT_NOT_POSITIVE, field="debt_amount")


def _earlier_pending(ctx: Context) -> Iterator[Finding]:
    """RULES art. 67: a mortgage accepted earlier and not yet entered goes first."""
    for pending in sorted(ctx.pending, key=lambda p: p.accepted_at):
        earlier = pending.accepted_at < ctx.request.accepted_at
        if earlier and pending.registration_type == RegistrationType.MORTGAGE:
            yield refusal(
                RefusalCode.MORTGAGE_EARLIER_APPLICATION_PENDING, pending=pending.reference
            )


def _agreed_rank(ctx: Context, payload: MortgageCreation) -> Iterator[Finding]:
    """An agreed rank must exist and needs the consent of each mortgagee it overtakes."""
    rank = payload.agreed_rank
    if rank is None:
        return
    live = ctx.view.mortgages
    if not 1 <= rank <= len(live) + 1:
        yield refusal(RefusalCode.MORTGAGE_RANK_INVALID, rank=rank, last=len(live) + 1)
        return
    overtaken = {view.mortgage.mortgagee for view in live if view.rank >= rank}
    if missing := overtaken - ctx.request.parties_agreeing:
        yield refusal(
            RefusalCode.MORTGAGE_RANK_CONSENT_REQUIRED, rank=rank, missing=tuple(sorted(missing))
        )


def _mortgaged_transfer(ctx: Context, payload: Transfer) -> Iterator[Finding]:
    """CC art. 406: each mortgage follows the unit unless its transfer ban applies."""
    agreeing = ctx.request.parties_agreeing
    for view in ctx.view.mortgages:
        mortgage = view.mortgage
        if mortgage.right_kind != payload.right_kind:
            continue
        if mortgage.transfer_banned and mortgage.mortgagee not in agreeing:
            yield refusal(
                RefusalCode.MORTGAGEE_CONSENT_REQUIRED,
                mortgage=mortgage.seq,
                mortgagee=mortgage.mortgagee,
            )
        else:
            yield note(NoteCode.MORTGAGE_FOLLOWS_UNIT, mortgage=mortgage.seq, rank=view.rank)


def _cancellation(ctx: Context, payload: MortgageCancellation) -> Iterator[Finding]:
    """CC art. 393: the mortgagee agrees, or the debt is proved to have ended."""
    view = ctx.view.mortgage(payload.target_seq)
    if view is None:
        ended = any(m.seq == payload.target_seq for m in ctx.state.mortgages)
        code = RefusalCode.TARGET_ENDED if ended else RefusalCode.TARGET_NOT_FOUND
        yield refusal(
            code, articles.CC_MORTGAGE_END, target=payload.target_seq, expected="mortgage"
        )
        return
    mortgagee = view.mortgage.mortgagee
    agreed = mortgagee in ctx.request.parties_agreeing
    if not agreed and Evidence.DEBT_ENDED not in ctx.request.evidence:
        yield refusal(RefusalCode.MORTGAGE_CANCELLATION_GROUNDS_REQUIRED, mortgagee=mortgagee)
