"""Passports of foreign nationals (外国护照): number plus issuing country.

A passport number is meaningful only together with its issuing country, so
both are validated here. CHN is accepted: overseas Chinese (华侨) without a
resident ID register with a Chinese passport.
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.countries import parse_country
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.layout import DIGITS, LETTERS
from yichuang.core.identifiers.normalisation import require_text

MIN_LENGTH = 5
MAX_LENGTH = 20
_ALLOWED = frozenset(DIGITS + LETTERS)


@dataclass(frozen=True, slots=True)
class Passport(CanonicalIdentifier):
    """A passport: ``canonical`` is the number (护照号码), ``country`` the issuer.

    The number alone is the canonical spelling because registration records
    keep the issuing country (签发国) in a field of its own.
    """

    country: str


def parse_passport(raw: str, *, country: str | None) -> Passport:
    """Parse a passport number and its ISO 3166-1 alpha-3 issuing ``country``.

    The number is checked before the country so a clerk fixes the field they
    are typing in first.
    """
    text = require_text(raw)
    for index, char in enumerate(text):
        if char not in _ALLOWED:
            raise IdentifierError(ErrorCode.CHARSET, position=index + 1, found=char)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise IdentifierError(
            ErrorCode.LENGTH, expected=f"{MIN_LENGTH}-{MAX_LENGTH}", found=len(text)
        )
    return Passport(text, parse_country(country))
