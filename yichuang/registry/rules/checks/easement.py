"""Easements (地役权, CC arts. 372-385): the term may not outlast the servient right."""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.outcome import Finding, RefusalCode, refusal
from yichuang.registry.rules.payloads import EasementCreation

__all__ = ["check_easement"]


def check_easement(ctx: Context) -> Iterator[Finding]:
    """CC art. 377: an easement ends no later than the use right it burdens."""
    payload = ctx.payload
    right = ctx.right
    if not isinstance(payload, EasementCreation) or right is None or right.term_end is None:
        return
    if payload.term_end is None or payload.term_end > right.term_end:
        yield refusal(
            RefusalCode.EASEMENT_TERM_BEYOND_RIGHT,
            right_term_end=right.term_end.isoformat(),
            term_end=payload.term_end.isoformat() if payload.term_end else "",
        )
