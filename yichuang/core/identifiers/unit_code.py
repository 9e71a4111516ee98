"""Real estate unit codes (不动产单元代码), 28 characters.

=========  ==========================================================
Positions  Meaning
=========  ==========================================================
1-6        county-level administrative division (县级行政区划代码)
7-9        cadastral district (地籍区); 10-12 sub-district (地籍子区);
           000000 in 7-12 marks a virtual code (虚拟代码)
13         land ownership: G state, J collective, Z disputed/undetermined
14         parcel type: A B C D E F S X W Y, or G/H for sea areas (宗海)
15-19      parcel sequence (宗地/宗海顺序号)
20         fixture type: F building, L forest/trees, Q other, W none
21-28      fixture unit number; for F building no. (4) + flat no. (4);
           00000000 when the fixture type is W
=========  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.divisions import MAINLAND_PROVINCE_CODES
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.layout import Layout, digit, one_of, repeat
from yichuang.core.identifiers.normalisation import require_text

OWNERSHIP_TYPES = "GJZ"
LAND_PARCEL_TYPES = "ABCDEFSXWY"
SEA_PARCEL_TYPES = "GH"
FIXTURE_TYPES = "FLQW"
_NO_FIXTURE = "W"
_BUILDING = "F"
_VIRTUAL = "000000"
_NO_FIXTURE_NUMBER = "00000000"

_LAYOUT = Layout(
    [
        *repeat(digit(), 12),
        one_of(OWNERSHIP_TYPES),
        one_of(LAND_PARCEL_TYPES + SEA_PARCEL_TYPES),
        *repeat(digit(), 5),
        one_of(FIXTURE_TYPES),
        *repeat(digit(), 8),
    ]
)


@dataclass(frozen=True, slots=True)
class UnitCode(CanonicalIdentifier):
    """A valid real estate unit code with its segments as properties."""

    @property
    def division(self) -> str:
        """County-level division code, positions 1-6 (行政区划代码)."""
        return self.canonical[:6]

    @property
    def district(self) -> str:
        """Cadastral district, positions 7-9 (地籍区)."""
        return self.canonical[6:9]

    @property
    def subdistrict(self) -> str:
        """Cadastral sub-district, positions 10-12 (地籍子区)."""
        return self.canonical[9:12]

    @property
    def ownership(self) -> str:
        """Land ownership type G/J/Z, position 13 (土地所有权类型)."""
        return self.canonical[12]

    @property
    def parcel_type(self) -> str:
        """Parcel type, position 14 (宗地/宗海特征码)."""
        return self.canonical[13]

    @property
    def parcel_seq(self) -> str:
        """Parcel sequence number, positions 15-19 (宗地/宗海顺序号)."""
        return self.canonical[14:19]

    @property
    def fixture_type(self) -> str:
        """Fixture type F/L/Q/W, position 20 (定着物特征码)."""
        return self.canonical[19]

    @property
    def fixture_no(self) -> str:
        """Fixture unit number, positions 21-28 (定着物单元编号)."""
        return self.canonical[20:]

    @property
    def building_no(self) -> str | None:
        """Building number, positions 21-24, for buildings (F) only (幢号)."""
        return self.canonical[20:24] if self.fixture_type == _BUILDING else None

    @property
    def flat_no(self) -> str | None:
        """Flat number, positions 25-28, for buildings (F) only (户号)."""
        return self.canonical[24:] if self.fixture_type == _BUILDING else None

    @property
    def is_virtual(self) -> bool:
        """Whether positions 7-12 are 000000 (虚拟地籍区/子区)."""
        return self.canonical[6:12] == _VIRTUAL

    @property
    def is_sea_area(self) -> bool:
        """Whether the parcel is a sea area (宗海), parcel type G or H."""
        return self.parcel_type in SEA_PARCEL_TYPES


def parse_unit_code(raw: str) -> UnitCode:
    """Parse a 28-character real estate unit code; lower case and full width are accepted."""
    text = require_text(raw)
    _LAYOUT.check(text)
    if text[:2] not in MAINLAND_PROVINCE_CODES:
        # Also rejects 000000: no county code starts with 00.
        raise IdentifierError(ErrorCode.DIVISION_CODE, position=1, found=text[:6])
    if text[19] == _NO_FIXTURE and text[20:] != _NO_FIXTURE_NUMBER:
        raise IdentifierError(
            ErrorCode.NO_FIXTURE_NUMBER,
            position=21,
            end=28,
            expected=_NO_FIXTURE_NUMBER,
            found=text[20:],
        )
    return UnitCode(text)
