"""Province-level administrative division codes (省级行政区划代码, GB/T 2260).

Only the first two digits are checked: the county-level list changes every
year and a stale copy would reject real, newly created counties.
"""

from __future__ import annotations

from enum import StrEnum

MAINLAND_PROVINCE_CODES = frozenset(
    {
        # North China (华北)
        "11", "12", "13", "14", "15",
        # North-east (东北)
        "21", "22", "23",
        # East (华东)
        "31", "32", "33", "34", "35", "36", "37",
        # Central and south (中南)
        "41", "42", "43", "44", "45", "46",
        # South-west (西南)
        "50", "51", "52", "53", "54",
        # North-west (西北)
        "61", "62", "63", "64", "65",
    }
)  # fmt: skip
"""Provinces, autonomous regions and municipalities of the mainland."""

RESIDENT_ID_PROVINCE_CODES = MAINLAND_PROVINCE_CODES | {"71", "81", "82", "91"}
"""Prefixes seen in resident ID address codes (地址码).

71 Taiwan, 81 Hong Kong and 82 Macao are GB/T 2260 province-level codes; 91
("abroad") is accepted by widely used vendor validators for old records.
"""

RESIDENCE_PERMIT_ADDRESS_CODES = ("810000", "820000", "830000")
"""Address codes of residence permits for Hong Kong, Macao and Taiwan residents
(港澳台居民居住证), in that order. 83 is not a GB/T 2260 code: it exists only here.
"""


class Region(StrEnum):
    """Hong Kong, Macao or Taiwan (港澳台地区), for permits issued to their residents."""

    HONG_KONG = "hong_kong"
    MACAO = "macao"
    TAIWAN = "taiwan"


REGION_BY_PERMIT_ADDRESS_CODE = dict(zip(RESIDENCE_PERMIT_ADDRESS_CODES, Region, strict=True))
"""810000 Hong Kong, 820000 Macao, 830000 Taiwan."""
