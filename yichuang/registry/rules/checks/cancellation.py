"""Cancellation of a right or an encumbrance (注销登记, RULES art. 28).

A right is cancelled when the property is destroyed, expropriated, or a
judgment, award or decision ends it, or when the holder abandons it; abandoning
needs the written consent of the mortgagees, easement holders and advance
notice holders, who would otherwise lose their security. An easement, advance
notice or objection is cancelled by its holder, with its holder's consent, on a
decision, or (a notice) on proof that the secured claim ended.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules import articles
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.checks.targets import Encumbrance, encumbrance, encumbrance_holders
from yichuang.registry.rules.codes import (
    DECISION_CANCELLATIONS,
    RIGHT_CANCELLATION_CAUSES,
    CancellationCause,
    Evidence,
    Status,
)
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import EncumbranceCancellation, RightCancellation
from yichuang.registry.rules.state import AdvanceNotice, Easement, Objection

__all__ = ["check_cancellation"]

_ENCUMBRANCE_CAUSES = DECISION_CANCELLATIONS | {
    CancellationCause.ABANDONMENT,
    CancellationCause.HOLDER_CONSENT,
    CancellationCause.CLAIM_ENDED,
}


def check_cancellation(ctx: Context) -> Iterator[Finding]:
    """RULES art. 28 and the encumbrances' own articles."""
    payload = ctx.payload
    if isinstance(payload, RightCancellation):
        yield from _right(ctx, payload)
    elif isinstance(payload, EncumbranceCancellation):
        yield from _encumbrance(ctx, payload)


def _right(ctx: Context, payload: RightCancellation) -> Iterator[Finding]:
    """A valid cause; for abandonment, the encumbrancers' consent; note what ends with it."""
    if payload.cause not in RIGHT_CANCELLATION_CAUSES:
        yield refusal(RefusalCode.CANCELLATION_CAUSE_INVALID, cause=payload.cause)
        return
    if ctx.right is None:
        return  # RULES art. 24 already refuses
    kind = payload.right_kind
    mortgages = [v.mortgage for v in ctx.view.mortgages if v.mortgage.right_kind == kind]
    easements = [e for e in ctx.view.easements if e.right_kind == kind]
    notices = [v.notice for v in ctx.view.notices_active if v.notice.right_kind == kind]
    encumbrancers = {m.mortgagee for m in mortgages} | {e.holder for e in easements}
    encumbrancers.update(*(n.holders for n in notices))
    missing = encumbrancers - ctx.request.parties_agreeing
    abandonment = payload.cause == CancellationCause.ABANDONMENT
    if missing and abandonment and ctx.config.abandonment_needs_encumbrancer_consent:
        yield refusal(RefusalCode.ABANDONMENT_CONSENT_REQUIRED, missing=tuple(sorted(missing)))
    ending = sorted(
        [m.seq for m in mortgages] + [e.seq for e in easements] + [n.seq for n in notices]
    )
    if ending:
        yield note(NoteCode.ENCUMBRANCES_END_WITH_RIGHT, entries=tuple(ending))


def _encumbrance(ctx: Context, payload: EncumbranceCancellation) -> Iterator[Finding]:
    """A standing target, a cause that fits it, and its holder's release."""
    item = encumbrance(ctx.state, payload.target_seq)
    if item is None:
        yield refusal(
            RefusalCode.TARGET_NOT_FOUND,
            target=payload.target_seq,
            expected="easement, advance_notice or objection",
        )
        return
    status = _status(ctx, item)
    if status in (Status.CANCELLED, Status.FULFILLED):
        yield refusal(RefusalCode.TARGET_ENDED, target=payload.target_seq, status=status)
        return
    invalid_claim = payload.cause == CancellationCause.CLAIM_ENDED and not isinstance(
        item, AdvanceNotice
    )
    if payload.cause not in _ENCUMBRANCE_CAUSES or invalid_claim:
        yield refusal(RefusalCode.CANCELLATION_CAUSE_INVALID, cause=payload.cause)
        return
    if status == Status.ACTIVE and not _holder_released(ctx, payload, item):
        # A lapsed encumbrance protects no one: clearing it from the register
        # needs nobody's consent.
        missing = encumbrance_holders(item) - ctx.request.parties_agreeing
        yield refusal(
            RefusalCode.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED,
            _article(item),
            target=payload.target_seq,
            missing=tuple(sorted(missing)),
        )


def _status(ctx: Context, item: Encumbrance) -> Status:
    """The item's status on the day; an easement is active until cancelled."""
    if isinstance(item, AdvanceNotice):
        notice = ctx.view.notice(item.seq)
        return notice.status if notice is not None else Status.CANCELLED
    if isinstance(item, Objection):
        objection = ctx.view.objection(item.seq)
        return objection.status if objection is not None else Status.CANCELLED
    return Status.ACTIVE if item.cancelled is None else Status.CANCELLED


def _holder_released(ctx: Context, payload: EncumbranceCancellation, item: Encumbrance) -> bool:
    """A decision, a proved end of the claim, or every holder applying or consenting."""
    if payload.cause in DECISION_CANCELLATIONS:
        return True
    if payload.cause == CancellationCause.CLAIM_ENDED and Evidence.CLAIM_ENDED in (
        ctx.request.evidence
    ):
        return True
    return encumbrance_holders(item) <= ctx.request.parties_agreeing


def _article(item: Encumbrance) -> str:
    """The article under which the encumbrance's holder must agree to its cancellation."""
    if isinstance(item, Easement):
        return articles.CC_EASEMENT_REGISTRATION
    if isinstance(item, AdvanceNotice):
        return articles.CC_ADVANCE_NOTICE
    return articles.CC_OBJECTION
