"""Correction (更正登记, CC art. 220; RULES arts. 79-81).

On application, a correction needs the registered holder's written consent or
proof that the register is wrong. The office may correct on its own after
notifying the holder (who has 30 working days to apply) and a public notice of
15 working days. Either way a correction is barred once a disposal, an advance
notice or a seizure was entered after the wrong entry: someone may have relied
on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules import articles
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.codes import Evidence
from yichuang.registry.rules.outcome import Finding, RefusalCode, refusal
from yichuang.registry.rules.payloads import Correction

__all__ = ["check_correction"]


def check_correction(ctx: Context) -> Iterator[Finding]:
    """RULES arts. 79-81: a known target, no later reliance, consent/proof or due notice."""
    payload = ctx.payload
    if not isinstance(payload, Correction):
        return
    journal = ctx.state.journal
    if all(line.seq != payload.target_seq for line in journal):
        yield refusal(
            RefusalCode.TARGET_NOT_FOUND,
            articles.CC_CORRECTION,
            target=payload.target_seq,
            expected="entry",
        )
        return
    barring = tuple(
        line.seq for line in journal if line.seq > payload.target_seq and line.bars_correction
    )
    if barring:
        article = (
            articles.RULES_OFFICE_CORRECTION if payload.by_office else articles.RULES_CORRECTION_BAR
        )
        yield refusal(RefusalCode.CORRECTION_BARRED, article, barred_by=barring)
    if payload.by_office:
        yield from _office_notice(ctx, payload)
    else:
        yield from _consent_or_proof(ctx)


def _consent_or_proof(ctx: Context) -> Iterator[Finding]:
    """Every registered holder agrees, or the applicant proves the error."""
    right = ctx.right
    holders = right.parties if right is not None else frozenset()
    consented = bool(holders) and holders <= ctx.request.parties_agreeing
    if not consented and Evidence.REGISTER_ERROR not in ctx.request.evidence:
        yield refusal(
            RefusalCode.CORRECTION_CONSENT_OR_PROOF_REQUIRED, holders=tuple(sorted(holders))
        )


def _office_notice(ctx: Context, payload: Correction) -> Iterator[Finding]:
    """The holder had their working days to apply, then the public notice ran its course."""
    notified, published = payload.holder_notified_on, payload.public_notice_from
    if notified is None or published is None:
        absent = tuple(
            name
            for name, value in (("holder_notified_on", notified), ("public_notice_from", published))
            if value is None
        )
        yield refusal(RefusalCode.CORRECTION_NOTICE_INCOMPLETE, missing=absent)
        return
    config, calendar = ctx.config, ctx.calendar
    response = calendar.add_working_days(notified, config.office_correction_response_working_days)
    if published <= response.date:
        yield refusal(
            RefusalCode.CORRECTION_NOTICE_PREMATURE, response_ends=response.date.isoformat()
        )
        return
    notice = calendar.add_working_days(published, config.office_correction_notice_working_days)
    if ctx.as_of <= notice.date:
        yield refusal(RefusalCode.CORRECTION_NOTICE_RUNNING, until=notice.date.isoformat())
