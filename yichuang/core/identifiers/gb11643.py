"""The 18-character layout of GB 11643-1999 (公民身份号码结构).

Shared by the resident ID and by the residence permits for Hong Kong, Macao
and Taiwan residents, which reuse the layout with a fixed address code:
6-digit address code, YYYYMMDD birth date, 3-digit sequence (odd male, even
female) and a MOD 11-2 check character.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from yichuang.core.identifiers.check_digits import require_mod11_2
from yichuang.core.identifiers.holder import parse_birth_date
from yichuang.core.identifiers.layout import DIGITS, Layout, digit, one_of, repeat

LAYOUT = Layout([*repeat(digit(), 17), one_of(DIGITS + "X", "0-9/X")])
"""Seventeen digits, then a digit or X."""

ADDRESS = slice(0, 6)
SEQUENCE = slice(14, 17)
BIRTH_DATE_START = 6


def parse_gb11643(text: str, *, today: date, check_address: Callable[[str], None]) -> date:
    """Validate normalised ``text`` and return the encoded birth date.

    Checks run in the order that gives a clerk the most useful message first:
    structure, then address code (via ``check_address``), birth date, check.
    """
    LAYOUT.check(text)
    check_address(text[ADDRESS])
    born = parse_birth_date(text, BIRTH_DATE_START, today=today)
    require_mod11_2(text)
    return born
