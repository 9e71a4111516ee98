"""General grounds of refusal (不予登记的情形, REG art. 22).

Most of these are the reviewer's findings (an illegal act, an unresolved title
dispute), which the register cannot know; the request carries them. A right
whose term has ended can be seen on the register, so it is found here too.
"""

from __future__ import annotations

from collections.abc import Iterator

from yichuang.registry.rules.checks.context import Context
from yichuang.registry.rules.classify import is_disposal
from yichuang.registry.rules.codes import GeneralGround
from yichuang.registry.rules.outcome import Finding, RefusalCode, refusal

__all__ = ["check_general"]

_CODES = {
    GeneralGround.ILLEGAL: RefusalCode.ILLEGAL,
    GeneralGround.TITLE_DISPUTE: RefusalCode.TITLE_DISPUTE,
    GeneralGround.BEYOND_TERM: RefusalCode.RIGHT_BEYOND_TERM,
    GeneralGround.OTHER_LEGAL_GROUND: RefusalCode.OTHER_LEGAL_GROUND,
}


def check_general(ctx: Context) -> Iterator[Finding]:
    """REG art. 22: the reviewer's findings, and a disposal of a right past its term."""
    findings = ctx.request.findings
    for ground in GeneralGround:
        if ground in findings:
            yield refusal(_CODES[ground])
    term_end = ctx.right.term_end if ctx.right is not None else None
    expired = term_end is not None and term_end < ctx.as_of
    if expired and is_disposal(ctx.payload) and GeneralGround.BEYOND_TERM not in findings:
        yield refusal(RefusalCode.RIGHT_BEYOND_TERM, term_end=str(term_end))
