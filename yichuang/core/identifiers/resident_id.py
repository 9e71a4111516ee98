"""Resident ID numbers (居民身份证号码, GB 11643-1999).

The current form has 18 characters. First-generation cards (GB 11643-1989)
carried 15 digits with a two-digit year and no check character; such numbers
still appear in old registration records and are converted to 18 characters
here (year 19YY, check computed), remembering the number they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yichuang.core.identifiers import gb11643
from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.check_digits import mod11_2_check_char
from yichuang.core.identifiers.divisions import (
    RESIDENCE_PERMIT_ADDRESS_CODES,
    RESIDENT_ID_PROVINCE_CODES,
)
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.holder import Sex, parse_short_birth_date, sex_from_digit
from yichuang.core.identifiers.layout import Layout, digit, repeat
from yichuang.core.identifiers.normalisation import require_text

LEGACY_LENGTH = 15
_LEGACY_LAYOUT = Layout(repeat(digit(), LEGACY_LENGTH))
_LEGACY_CENTURY = 1900


@dataclass(frozen=True, slots=True)
class ResidentId(CanonicalIdentifier):
    """A valid 18-character resident ID number (居民身份证号码).

    ``legacy_number`` holds the 15-digit first-generation number the value was
    converted from (旧版15位号码), or ``None``; it is not part of equality, so
    the converted and the current spelling of one person's number are equal.
    """

    birth_date: date
    legacy_number: str | None = field(default=None, compare=False)

    @property
    def address_code(self) -> str:
        """The six-digit address code (地址码)."""
        return self.canonical[gb11643.ADDRESS]

    @property
    def sequence(self) -> str:
        """The three-digit sequence code (顺序码)."""
        return self.canonical[gb11643.SEQUENCE]

    @property
    def province_code(self) -> str:
        """The first two digits of the address code (省级代码)."""
        return self.address_code[:2]

    @property
    def sex(self) -> Sex:
        """Sex encoded by the last sequence digit (性别)."""
        return sex_from_digit(self.sequence[-1])

    @property
    def is_from_legacy(self) -> bool:
        """Whether the value was converted from a 15-digit number."""
        return self.legacy_number is not None


def parse_resident_id(raw: str, *, today: date | None = None) -> ResidentId:
    """Parse an 18-character or a legacy 15-digit resident ID number.

    Accepts lower-case x, full-width characters and spaces. ``today`` bounds
    the birth date (defaults to ``date.today()``).
    """
    text = require_text(raw)
    today = today if today is not None else date.today()
    if len(text) == LEGACY_LENGTH:
        return _parse_legacy(text, today)
    if len(text) != gb11643.LAYOUT.length:
        raise IdentifierError(ErrorCode.LENGTH, expected="15/18", found=len(text))
    born = gb11643.parse_gb11643(text, today=today, check_address=check_address_code)
    return ResidentId(text, born)


def check_address_code(address_code: str) -> None:
    """Raise unless the six-digit ``address_code`` can begin a resident ID.

    The province-level prefix must be known; the exact codes reserved for
    residence permits (810000, 820000, 830000) are refused so a permit number
    is not silently recorded as a resident ID.
    """
    if address_code in RESIDENCE_PERMIT_ADDRESS_CODES:
        raise IdentifierError(ErrorCode.RESIDENCE_PERMIT, position=1, found=address_code)
    if address_code[:2] not in RESIDENT_ID_PROVINCE_CODES:
        raise IdentifierError(
            ErrorCode.ADDRESS_CODE, position=1, found=address_code[:2], address_code=address_code
        )


def _parse_legacy(text: str, today: date) -> ResidentId:
    _LEGACY_LAYOUT.check(text)
    check_address_code(text[:6])
    born = parse_short_birth_date(text, 6, century=_LEGACY_CENTURY, today=today)
    body = f"{text[:6]}{born.year}{text[8:]}"
    return ResidentId(body + mod11_2_check_char(body), born, text)
