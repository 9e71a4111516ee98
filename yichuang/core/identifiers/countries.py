"""ISO 3166-1 alpha-3 country codes (国家和地区代码) for passports and nationality."""

from __future__ import annotations

from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.normalisation import normalise

# The officially assigned alpha-3 codes of ISO 3166-1 (249 entries). ICAO-only
# travel-document codes (e.g. XXA stateless, UNO, RKS) are deliberately absent.
_ALPHA3_TABLE = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
    BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
    CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
    DEU DJI DMA DNK DOM DZA
    ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM
    GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN
    IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
    JAM JEY JOR JPN
    KAZ KEN KGZ KHM KIR KNA KOR KWT
    LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
    MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI
    MYS MYT
    NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
    OMN
    PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
    QAT
    REU ROU RUS RWA
    SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM
    SYC SYR
    TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB
    VAT VCT VEN VGB VIR VNM VUT
    WLF WSM
    YEM
    ZAF ZMB ZWE
"""
ISO_ALPHA3_CODES = frozenset(_ALPHA3_TABLE.split())
"""Every officially assigned ISO 3166-1 alpha-3 code."""


def parse_country(raw: str | None) -> str:
    """The normalised alpha-3 code in ``raw``; ``country_required`` if absent.

    Lower case, full-width letters and spaces are accepted (``" usa "``).
    """
    code = normalise(raw) if raw is not None else ""
    if not code:
        raise IdentifierError(ErrorCode.COUNTRY_REQUIRED)
    if code not in ISO_ALPHA3_CODES:
        raise IdentifierError(ErrorCode.COUNTRY, found=code)
    return code
