"""Foreign permanent resident ID cards (外国人永久居留身份证).

Two forms are in use, both UNCONFIRMED in detail (we hold no standard text):

* 15 characters (cards before December 2023): ISO alpha-3 nationality (1-3),
  issuing-authority code (4-7), YYMMDD birth date (8-13), sequence (14) and
  a check digit (15) whose algorithm is unknown, so it is not verified.
* 18 characters (cards since December 2023, modelled on the resident ID):
  "9" (1), province code of the issuing authority (2-3), ISO numeric
  nationality (4-6), YYYYMMDD birth date (7-14), sequence (15-17) and a
  MOD 11-2 check character (18).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.check_digits import require_mod11_2
from yichuang.core.identifiers.countries import ISO_ALPHA3_CODES
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.holder import parse_birth_date, parse_short_birth_date
from yichuang.core.identifiers.layout import (
    DIGITS,
    LETTERS,
    Layout,
    digit,
    one_of,
    repeat,
    select_layout,
)
from yichuang.core.identifiers.normalisation import require_text

_LEGACY_LAYOUT = Layout([*repeat(one_of(LETTERS, "A-Z"), 3), *repeat(digit(), 12)])
_CURRENT_LAYOUT = Layout([one_of("9"), *repeat(digit(), 16), one_of(DIGITS + "X", "0-9/X")])


@dataclass(frozen=True, slots=True)
class PermanentResidentId(CanonicalIdentifier):
    """A foreign permanent resident ID number (永久居留身份证号码).

    Exactly one of ``nationality`` (alpha-3, old form) and
    ``nationality_numeric`` (ISO numeric, new form) is set. The birth year of
    the old form is inferred (see :func:`parse_permanent_resident_id`).
    """

    is_legacy_format: bool
    issuing_authority: str
    nationality: str | None
    nationality_numeric: str | None
    birth_date: date
    sequence: str


def parse_permanent_resident_id(raw: str, *, today: date | None = None) -> PermanentResidentId:
    """Parse a 15- or 18-character foreign permanent resident ID number.

    The 15-character form has a two-digit birth year: it is read as 20YY when
    that date is real and not after ``today``, otherwise as 19YY.
    """
    text = require_text(raw)
    today = today if today is not None else date.today()
    layout = select_layout(text, (_LEGACY_LAYOUT, _CURRENT_LAYOUT))
    layout.check(text)
    if layout is _LEGACY_LAYOUT:
        return _parse_legacy(text, today)
    born = parse_birth_date(text, 6, today=today)
    require_mod11_2(text)
    return PermanentResidentId(text, False, text[1:3], None, text[3:6], born, text[14:17])


def _parse_legacy(text: str, today: date) -> PermanentResidentId:
    nationality = text[:3]
    if nationality not in ISO_ALPHA3_CODES:
        raise IdentifierError(ErrorCode.COUNTRY, position=1, found=nationality)
    century = _likely_century(text[7:13], today)
    born = parse_short_birth_date(text, 7, century=century, today=today)
    return PermanentResidentId(text, True, text[3:7], nationality, None, born, text[13])


def _likely_century(yymmdd: str, today: date) -> int:
    # Holders born in this century are children; prefer 20YY whenever that
    # is a real date that has already happened.
    try:
        candidate = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return 1900
    return 2000 if candidate <= today else 1900
