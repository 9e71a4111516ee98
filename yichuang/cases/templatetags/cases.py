"""Template filters of the case pages."""

from __future__ import annotations

from django import template

from yichuang.cases.citations import cite_zh as cite

register = template.Library()


@register.filter
def cite_zh(article: str) -> str:
    """An article as the law's Chinese citation (REG art. 17 → 《不动产登记暂行条例》第十七条)."""
    return cite(str(article))
