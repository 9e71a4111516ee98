"""Objections (异议登记, CC art. 220; RULES arts. 82-84).

An objection does not block the register: a holder or third party may still
dispose, but only after acknowledging in writing that an objection stands and
taking the risk (RULES art. 84). Until the applicant produces it the request is
not refused outright; it lacks that undertaking (kind ``MISSING``).

An objection lapses unless a suit or arbitration is lodged within 15 days of
entry (counted by CC arts. 200-204; see :mod:`~yichuang.registry.rules.as_of`);
once it lapsed, the same applicant may not object again on the same grounds.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules import articles
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import is_disposal, right_kind_of
from yichuang.registry.rules.codes import Acknowledgement, Status
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import ObjectionFiling, SuitLodged

__all__ = ["check_objection"]


def check_objection(ctx: Context) -> Iterator[Finding]:
    """RULES arts. 83-84, CC art. 220: risk undertaking, repeat bar, a timely suit."""
    payload = ctx.payload
    if is_disposal(payload):
        yield from _risk_undertaking(ctx)
    if isinstance(payload, ObjectionFiling):
        yield from _repeat(ctx, payload)
    elif isinstance(payload, SuitLodged):
        yield from _suit(ctx, payload)


def _risk_undertaking(ctx: Context) -> Iterator[Finding]:
    """RULES art. 84: the written risk undertaking, or a refusal asking for it."""
    kind = right_kind_of(ctx.payload)
    standing = tuple(
        view.objection.seq
        for view in ctx.view.objections_standing
        if view.objection.right_kind == kind
    )
    if not standing:
        return
    if Acknowledgement.OBJECTION_RISK in ctx.request.acknowledgements:
        yield note(NoteCode.OBJECTION_RISK_ACKNOWLEDGED, objections=standing)
    else:
        yield refusal(RefusalCode.OBJECTION_ACKNOWLEDGEMENT_REQUIRED, objections=standing)


def _repeat(ctx: Context, payload: ObjectionFiling) -> Iterator[Finding]:
    """RULES art. 83: no second objection on the same grounds after a lapse."""
    if not ctx.config.repeat_objection_barred:
        return
    for view in ctx.view.objections:
        earlier = view.objection
        same = (earlier.applicant, earlier.grounds, earlier.right_kind) == (
            payload.applicant,
            payload.grounds,
            payload.right_kind,
        )
        if same and view.status == Status.LAPSED:
            yield refusal(RefusalCode.OBJECTION_REPEAT_BARRED, lapsed=earlier.seq)
            return


def _suit(ctx: Context, payload: SuitLodged) -> Iterator[Finding]:
    """CC art. 220: a suit recorded for a standing objection, lodged by its last day."""
    view = ctx.view.objection(payload.target_seq)
    if view is None:
        yield refusal(
            RefusalCode.TARGET_NOT_FOUND,
            articles.CC_OBJECTION,
            target=payload.target_seq,
            expected="objection",
        )
    elif view.status == Status.CANCELLED:
        yield refusal(
            RefusalCode.TARGET_ENDED,
            articles.CC_OBJECTION,
            target=payload.target_seq,
            status=view.status,
        )
    elif payload.lodged_on > view.deadline:
        # Lodged, but after the last day: the objection lapsed the day after it.
        yield refusal(
            RefusalCode.OBJECTION_SUIT_TOO_LATE,
            deadline=view.deadline.isoformat(),
            lodged_on=payload.lodged_on.isoformat(),
        )
