"""Residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证).

Issued since 2018 with the GB 11643 layout of the resident ID, but with a
fixed address code naming the holder's region: 810000 Hong Kong, 820000
Macao, 830000 Taiwan.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from yichuang.core.identifiers import gb11643
from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.divisions import (
    REGION_BY_PERMIT_ADDRESS_CODE,
    RESIDENCE_PERMIT_ADDRESS_CODES,
    Region,
)
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.holder import Sex, sex_from_digit
from yichuang.core.identifiers.normalisation import require_text


@dataclass(frozen=True, slots=True)
class ResidencePermit(CanonicalIdentifier):
    """A valid residence permit number (居住证号码) and the region it names."""

    region: Region
    birth_date: date

    @property
    def sequence(self) -> str:
        """The three-digit sequence code (顺序码)."""
        return self.canonical[gb11643.SEQUENCE]

    @property
    def sex(self) -> Sex:
        """Sex encoded by the last sequence digit (性别)."""
        return sex_from_digit(self.sequence[-1])


def parse_residence_permit(
    raw: str, *, regions: Collection[Region] | None = None, today: date | None = None
) -> ResidencePermit:
    """Parse a residence permit number, optionally restricted to ``regions``.

    Without ``regions`` any of Hong Kong, Macao and Taiwan is accepted; the
    dispatcher passes ``{HONG_KONG, MACAO}`` or ``{TAIWAN}`` to match the
    document type a clerk selected.
    """
    text = require_text(raw)
    allowed = _address_codes(regions)

    def check_address(address_code: str) -> None:
        if address_code not in allowed:
            raise IdentifierError(
                ErrorCode.REGION, position=1, expected="/".join(allowed), found=address_code
            )

    today = today if today is not None else date.today()
    born = gb11643.parse_gb11643(text, today=today, check_address=check_address)
    region = REGION_BY_PERMIT_ADDRESS_CODE[text[gb11643.ADDRESS]]
    return ResidencePermit(text, region, born)


def _address_codes(regions: Collection[Region] | None) -> tuple[str, ...]:
    if regions is None:
        return RESIDENCE_PERMIT_ADDRESS_CODES
    return tuple(
        code for code, region in REGION_BY_PERMIT_ADDRESS_CODE.items() if region in regions
    )
