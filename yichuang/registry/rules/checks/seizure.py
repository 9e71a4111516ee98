"""Seizures (查封登记, RULES arts. 90-93; SPC seizure rules).

While a seizure is in force the unit may not be transferred, mortgaged or
otherwise disposed of. A later seizure waits (轮候查封) in the order its notice
was served and takes effect when the one before is lifted or lapses; the
ranking itself is computed in :mod:`~yichuang.registry.rules.as_of`. Only the
court that seized may lift or renew, and only a seizure still binding.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules import articles
from yichuang.registry.rules.as_of import SeizureView
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import is_disposal
from yichuang.registry.rules.codes import Status
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    SeizureLift,
    SeizureOrder,
    SeizureRenewal,
)
from yichuang.registry.rules.periods import local_date

__all__ = ["check_seizure"]


def check_seizure(ctx: Context) -> Iterator[Finding]:
    """RULES arts. 90-92: no disposal while seized; orders, lifts and renewals in rank."""
    payload = ctx.payload
    yield from _disposal_while_seized(ctx)
    if isinstance(payload, SeizureOrder):
        yield from _order(ctx, payload)
    elif isinstance(payload, SeizureLift | SeizureRenewal):
        yield from _act_on_seizure(ctx, payload)


def _disposal_while_seized(ctx: Context) -> Iterator[Finding]:
    """RULES art. 90: one refusal per seizure in force, naming its court."""
    payload = ctx.payload
    if not is_disposal(payload):
        return
    if isinstance(payload, AdvanceNoticeFiling) and not ctx.config.seizure_blocks_advance_notice:
        return
    for view in ctx.view.seizures_in_force:
        yield refusal(RefusalCode.UNIT_SEIZED, seizure=view.seizure.seq, court=view.seizure.court)


def _order(ctx: Context, payload: SeizureOrder) -> Iterator[Finding]:
    """A valid term; a note when the seizure will wait behind others (RULES art. 91)."""
    served_on = local_date(payload.served_at)
    if (payload.term_months is not None and payload.term_months < 1) or (
        payload.term_end is not None and payload.term_end < served_on
    ):
        yield refusal(RefusalCode.SEIZURE_TERM_INVALID, served_on=served_on.isoformat())
    binding = (*ctx.view.seizures_in_force, *ctx.view.seizures_waiting)
    if binding:
        ahead = sum(1 for view in binding if view.seizure.served_at <= payload.served_at)
        yield note(NoteCode.SEIZURE_WILL_WAIT, queue=ahead + 1)


def _act_on_seizure(ctx: Context, payload: SeizureLift | SeizureRenewal) -> Iterator[Finding]:
    """A lift or renewal names a binding seizure and comes from its court."""
    view = ctx.view.seizure(payload.target_seq)
    if view is None:
        yield refusal(
            RefusalCode.TARGET_NOT_FOUND,
            articles.RULES_SEIZURE_END,
            target=payload.target_seq,
            expected="seizure",
        )
        return
    if view.status in (Status.LIFTED, Status.LAPSED):
        yield refusal(
            RefusalCode.TARGET_ENDED,
            articles.RULES_SEIZURE_END,
            target=payload.target_seq,
            status=view.status,
        )
        return
    if payload.court != view.seizure.court:
        yield refusal(
            RefusalCode.SEIZURE_COURT_MISMATCH, court=payload.court, seized_by=view.seizure.court
        )
    if isinstance(payload, SeizureRenewal):
        yield from _renewal(payload, view)


def _renewal(payload: SeizureRenewal, view: SeizureView) -> Iterator[Finding]:
    """Only a seizure in force has a term to renew, and the new end must be later."""
    if view.status == Status.WAITING or view.term_end is None:
        yield refusal(RefusalCode.SEIZURE_NOT_IN_FORCE, target=payload.target_seq)
    elif payload.term_end <= view.term_end:
        yield refusal(
            RefusalCode.SEIZURE_TERM_INVALID,
            term_end=view.term_end.isoformat(),
            requested=payload.term_end.isoformat(),
        )
