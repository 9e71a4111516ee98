"""Facts about a document holder encoded in the number (持证人信息): sex, birth date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from yichuang.core.identifiers.errors import ErrorCode, IdentifierError

MIN_BIRTH_YEAR = 1900
"""Earliest accepted birth year; older dates are typing errors in practice."""


class Sex(StrEnum):
    """Sex encoded by the parity of the sequence code (性别): odd male, even female."""

    MALE = "male"
    FEMALE = "female"


def sex_from_digit(digit: str) -> Sex:
    """The sex encoded by an ASCII sequence digit."""
    return Sex.MALE if int(digit) % 2 else Sex.FEMALE


def parse_birth_date(text: str, start: int, *, today: date) -> date:
    """The YYYYMMDD birth date (出生日期码) at 0-based ``start`` of ``text``.

    The eight characters must already be ASCII digits.
    """
    value = text[start : start + 8]
    try:
        # Since Python 3.11 this reads the basic form YYYYMMDD, in C.
        born = date.fromisoformat(value)
    except ValueError:
        raise _impossible(int(value[:4]), value, start) from None
    return _bounded(born, value, start, today)


def parse_short_birth_date(text: str, start: int, *, century: int, today: date) -> date:
    """The YYMMDD birth date at 0-based ``start`` of ``text`` in ``century`` (e.g. 1900).

    The six characters must already be ASCII digits. ``value`` in errors is
    the six digits as written, so it matches what the clerk typed.
    """
    value = text[start : start + 6]
    year = century + int(value[:2])
    try:
        born = date(year, int(value[2:4]), int(value[4:]))
    except ValueError:
        raise _impossible(year, value, start) from None
    return _bounded(born, value, start, today)


def _impossible(year: int, value: str, start: int) -> IdentifierError:
    # A date that is both impossible and too early (e.g. 00000000) is reported
    # as too early: the year is what the clerk has to fix first.
    if year < MIN_BIRTH_YEAR:
        return _too_early(value, start)
    return IdentifierError(ErrorCode.BIRTH_DATE, position=start + 1, value=value)


def _too_early(value: str, start: int) -> IdentifierError:
    return IdentifierError(
        ErrorCode.BIRTH_DATE_TOO_EARLY, position=start + 1, value=value, min_year=MIN_BIRTH_YEAR
    )


def _bounded(born: date, value: str, start: int, today: date) -> date:
    if born.year < MIN_BIRTH_YEAR:
        raise _too_early(value, start)
    if born > today:
        raise IdentifierError(
            ErrorCode.BIRTH_DATE_FUTURE, position=start + 1, value=value, today=today.isoformat()
        )
    return born
