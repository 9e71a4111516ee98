"""First registration first (首次登记在先, RULES art. 24).

A right is first registered once; every other registration concerning it needs
it registered, except an advance notice on a pre-sold flat, which the law
allows before the flat's first registration ("另有规定的除外").
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import right_kind_of
from yichuang.registry.rules.codes import PRE_SALE_NOTICES
from yichuang.registry.rules.outcome import Finding, NoteCode, RefusalCode, note, refusal
from yichuang.registry.rules.payloads import AdvanceNoticeFiling, Correction, FirstRegistration

__all__ = ["check_presence"]


def check_presence(ctx: Context) -> Iterator[Finding]:
    """RULES art. 24: refuse a second first registration, or any other act on no right."""
    payload = ctx.payload
    kind = right_kind_of(payload)
    if kind is None:
        return
    registered = ctx.state.right(kind) is not None
    if isinstance(payload, FirstRegistration):
        if registered:
            yield refusal(RefusalCode.RIGHT_ALREADY_REGISTERED, right_kind=kind)
        return
    if registered or (isinstance(payload, Correction) and payload.holders is None):
        # A correction that changes no holder may fix an entry on an
        # unregistered flat (a pre-sale notice, say).
        return
    pre_sale = isinstance(payload, AdvanceNoticeFiling) and payload.kind in PRE_SALE_NOTICES
    if pre_sale and ctx.config.advance_notice_before_first_registration:
        yield note(NoteCode.PRE_SALE_NOTICE_BEFORE_FIRST_REGISTRATION, right_kind=kind)
        return
    yield refusal(RefusalCode.RIGHT_NOT_REGISTERED, right_kind=kind)
