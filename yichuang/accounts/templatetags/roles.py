"""Template filters for showing roles in the reader's language."""

from __future__ import annotations

from django import template

from yichuang.accounts.roles import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """``clerk`` → 受理人员 (or the English label)."""
    try:
        return str(Role(value).label)
    except ValueError:
        return value
