"""Advance notices (预告登记, CC art. 221).

While a notice is in force, disposing of the right it concerns needs the written
consent of the notice holders, except the main registration the notice secures
(the buyer's own transfer, the bank's own mortgage). Whether a registration is
that main registration is judged as of the day it was applied for: CC art. 221
asks that the application be made within 90 days, not the entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules.as_of import NoticeView
from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import is_disposal, right_kind_of
from yichuang.registry.rules.codes import MORTGAGE_NOTICES, TRANSFER_NOTICES, Status
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import AdvanceNoticeFiling, MortgageCreation, Transfer
from yichuang.registry.rules.state import AdvanceNotice

__all__ = ["check_advance_notice", "main_registration_notice"]


def main_registration_notice(ctx: Context) -> NoticeView | None:
    """The notice the request is the main registration of (预告转本登记), if any.

    A transfer to exactly the holders of a purchase or transfer notice, or a
    mortgage to the holder of a mortgage notice, on the same right, applied for
    while the notice was in force.
    """
    payload = ctx.payload
    if isinstance(payload, Transfer):
        kinds, holders = TRANSFER_NOTICES, frozenset(h.party for h in payload.holders)
    elif isinstance(payload, MortgageCreation):
        kinds, holders = MORTGAGE_NOTICES, frozenset({payload.mortgagee})
    else:
        return None
    on_application = ctx.view_on(ctx.accepted_on)
    for view in on_application.notices_active:
        notice = view.notice
        same_right = notice.right_kind == payload.right_kind
        if same_right and notice.kind in kinds and notice.holders == holders:
            return view
    return None


def check_advance_notice(ctx: Context) -> Iterator[Finding]:
    """CC art. 221: a disposal needs every other notice holder's written consent."""
    payload = ctx.payload
    if isinstance(payload, AdvanceNoticeFiling) and not payload.holders:
        yield refusal(RefusalCode.HOLDERS_MISSING)
    main = main_registration_notice(ctx)
    if main is not None:
        yield note(NoteCode.ADVANCE_NOTICE_FULFILLED, notice=main.notice.seq)
    if not is_disposal(payload):
        return
    kind = right_kind_of(payload)
    agreeing = ctx.request.parties_agreeing
    for view in ctx.view.notices:
        notice = view.notice
        if view.status != Status.ACTIVE or notice.right_kind != kind:
            continue
        if main is not None and _secured_by(notice, main.notice):
            continue
        if missing := notice.holders - agreeing:
            yield refusal(
                RefusalCode.ADVANCE_NOTICE_CONSENT_REQUIRED,
                notice=notice.seq,
                missing=tuple(sorted(missing)),
            )


def _secured_by(notice: AdvanceNotice, main: AdvanceNotice) -> bool:
    """Whether ``notice`` gives way to the main registration of ``main``.

    ``main`` itself does, and so does a purchase-mortgage notice whose mortgagor
    is the buyer of ``main``: the bank's notice rides on the buyer's purchase,
    so the buyer's transfer is what it waits for, not a disposal against it.
    """
    if notice.seq == main.seq:
        return True
    return (
        notice.kind in MORTGAGE_NOTICES
        and main.kind in TRANSFER_NOTICES
        and notice.obligors == main.holders
    )
