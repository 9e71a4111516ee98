"""Valid-identifier strategies and failing examples shared by the identifier tests.

The check characters are computed here by implementations written
*differently* from the package (weights derived with ``pow``, symbol values
from ``str.index``), so a shared mistake cannot make both sides agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hypothesis import strategies as st

from yichuang.core.identifiers import (
    DocumentType,
    ErrorCode,
    parse_certificate_number,
    parse_hk_macao_travel_permit,
    parse_identity_document,
    parse_passport,
    parse_residence_permit,
    parse_resident_id,
    parse_unit_code,
    parse_uscc,
)

TODAY = date(2025, 6, 30)
"""The fixed ``today`` the tests pass, so results do not depend on the clock."""

MAINLAND_PROVINCES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
    "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
    "63", "64", "65",
]  # fmt: skip
RESIDENT_ID_PROVINCES = [*MAINLAND_PROVINCES, "71", "81", "82", "91"]
PERMIT_ADDRESS_CODES = ["810000", "820000", "830000"]
USCC_SYMBOLS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB11643_SYMBOLS = "0123456789X"
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
SOME_COUNTRIES = ["USA", "GBR", "FRA", "DEU", "JPN", "KOR", "KAZ", "CAN", "AUS", "CHN", "SGP"]


def mod11_2_reference(body: str) -> str:
    """ISO 7064 MOD 11-2 check of 17 digits, weights 2^(17-i) mod 11."""
    total = sum(int(char) * pow(2, 17 - index, 11) for index, char in enumerate(body))
    return "10X98765432"[total % 11]


def mod31_reference(body: str) -> str:
    """GB 32100-2015 check of 17 symbols, weights 3^i mod 31."""
    total = sum(USCC_SYMBOLS.index(char) * pow(3, index, 31) for index, char in enumerate(body))
    return USCC_SYMBOLS[(31 - total % 31) % 31]


def digit_strings(count: int) -> st.SearchStrategy[str]:
    """Exactly ``count`` ASCII digits."""
    return st.text("0123456789", min_size=count, max_size=count)


def birth_dates(earliest: date = date(1900, 1, 1)) -> st.SearchStrategy[date]:
    """Birth dates from ``earliest`` to :data:`TODAY`."""
    return st.dates(min_value=earliest, max_value=TODAY)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """A valid 18-character resident ID in canonical form."""
    address = draw(st.sampled_from(RESIDENT_ID_PROVINCES)) + draw(digit_strings(4))
    if address in PERMIT_ADDRESS_CODES:
        address = address[:2] + "0101"
    body = address + draw(birth_dates()).strftime("%Y%m%d") + draw(digit_strings(3))
    return body + mod11_2_reference(body)


@st.composite
def legacy_resident_ids(draw: st.DrawFn) -> str:
    """A valid 15-digit first-generation resident ID (born 1900-1999)."""
    address = draw(st.sampled_from(MAINLAND_PROVINCES)) + draw(digit_strings(4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)))
    return address + born.strftime("%y%m%d") + draw(digit_strings(3))


@st.composite
def residence_permits(draw: st.DrawFn, address_codes: list[str] | None = None) -> str:
    """A valid residence permit number for one of ``address_codes``."""
    address = draw(st.sampled_from(address_codes or PERMIT_ADDRESS_CODES))
    body = address + draw(birth_dates()).strftime("%Y%m%d") + draw(digit_strings(3))
    return body + mod11_2_reference(body)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    """A valid unified social credit code."""
    symbols = st.text(USCC_SYMBOLS, min_size=1, max_size=1)
    head = draw(st.text(USCC_SYMBOLS, min_size=2, max_size=2))
    body = head + draw(digit_strings(6)) + "".join(draw(symbols) for _ in range(9))
    return body + mod31_reference(body)


@st.composite
def unit_codes(draw: st.DrawFn) -> str:
    """A valid real estate unit code."""
    division = draw(st.sampled_from(MAINLAND_PROVINCES)) + draw(digit_strings(4))
    cadastral = draw(st.one_of(st.just("000000"), digit_strings(6)))
    ownership = draw(st.sampled_from("GJZ"))
    parcel = draw(st.sampled_from("ABCDEFSXWYGH")) + draw(digit_strings(5))
    fixture = draw(st.sampled_from("FLQW"))
    number = "00000000" if fixture == "W" else draw(digit_strings(8))
    return division + cadastral + ownership + parcel + fixture + number


_place_chars = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@st.composite
def certificate_numbers(draw: st.DrawFn) -> str:
    """A valid certificate number with ASCII brackets."""
    province = draw(st.sampled_from(PROVINCE_ABBREVIATIONS))
    year = draw(st.integers(2015, TODAY.year))
    place = draw(st.text(_place_chars, min_size=1, max_size=20).filter(_no_marker))
    marker = draw(st.sampled_from(["不动产权第", "不动产证明第"]))
    sequence = draw(st.text("0123456789", min_size=7, max_size=10))
    return f"{province}({year}){place}{marker}{sequence}号"


def _no_marker(place: str) -> bool:
    # A place containing the marker text would be split at the wrong point.
    return "不动产" not in place


@st.composite
def new_permanent_resident_ids(draw: st.DrawFn) -> str:
    """A valid 18-character (2023) foreign permanent resident ID."""
    body = (
        "9"
        + draw(st.sampled_from(MAINLAND_PROVINCES))
        + draw(digit_strings(3))
        + draw(birth_dates()).strftime("%Y%m%d")
        + draw(digit_strings(3))
    )
    return body + mod11_2_reference(body)


@st.composite
def legacy_permanent_resident_ids(draw: st.DrawFn) -> str:
    """A valid 15-character foreign permanent resident ID."""
    born = draw(birth_dates())
    return (
        draw(st.sampled_from(SOME_COUNTRIES))
        + draw(digit_strings(4))
        + born.strftime("%y%m%d")
        + draw(digit_strings(2))
    )


@st.composite
def hk_macao_travel_permits(draw: st.DrawFn) -> str:
    """A Hong Kong/Macao travel permit number of a valid shape."""
    return draw(st.sampled_from("HM")) + draw(st.one_of(digit_strings(8), digit_strings(10)))


@st.composite
def taiwan_travel_permits(draw: st.DrawFn) -> str:
    """A Taiwan travel permit number of a valid shape."""
    suffix = st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ").map(lambda c: f"({c})")
    return draw(
        st.one_of(
            digit_strings(8),
            digit_strings(10),
            st.tuples(digit_strings(10), suffix).map("".join),
        )
    )


passport_numbers = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=5, max_size=20)
"""A passport number of a valid shape."""

_SPACES = [" ", "\u3000", "\t", "\u00a0", "\u200b"]


@st.composite
def messy_spellings(draw: st.DrawFn, canonical: str) -> str:
    """``canonical`` as a clerk might type or paste it.

    Each character may turn full width or lower case, and spaces (ASCII,
    ideographic, tab, no-break, zero-width) may appear anywhere.
    """
    pieces = [draw(st.sampled_from(["", *_SPACES]))]
    for char in canonical:
        pieces.append(_respell(char, draw(st.integers(0, 2))))
        pieces.append(draw(st.sampled_from(["", "", "", *_SPACES])))
    return "".join(pieces)


def _respell(char: str, style: int) -> str:
    if style == 1 and "!" <= char <= "~":
        return chr(ord(char) + 0xFEE0)
    if style == 2:
        return char.lower()
    return char


def substitutions(alphabet: str) -> st.SearchStrategy[tuple[int, str]]:
    """A position (0-17) and a replacement symbol from ``alphabet``."""
    return st.tuples(st.integers(0, 17), st.sampled_from(alphabet))


ERROR_EXAMPLES: dict[ErrorCode, Callable[[], object]] = {
    ErrorCode.EMPTY: lambda: parse_uscc(" "),
    ErrorCode.LENGTH: lambda: parse_uscc("911"),
    ErrorCode.CHARSET: lambda: parse_uscc("I1110000600037341L"),
    ErrorCode.DIGIT: lambda: parse_unit_code("32068441321AGB00029F00010002"),
    ErrorCode.POSITION: lambda: parse_hk_macao_travel_permit("X12345678"),
    ErrorCode.CHECK_DIGIT: lambda: parse_resident_id("360426199101010072", today=TODAY),
    ErrorCode.BIRTH_DATE: lambda: parse_resident_id("360426199102300071", today=TODAY),
    ErrorCode.BIRTH_DATE_FUTURE: lambda: parse_resident_id("360426209901010071", today=TODAY),
    ErrorCode.BIRTH_DATE_TOO_EARLY: lambda: parse_resident_id("360426189901010071", today=TODAY),
    ErrorCode.ADDRESS_CODE: lambda: parse_resident_id("990426199101010071", today=TODAY),
    ErrorCode.RESIDENCE_PERMIT: lambda: parse_resident_id("810000199101010071", today=TODAY),
    ErrorCode.REGION: lambda: parse_residence_permit("110105199101010071", today=TODAY),
    ErrorCode.DIVISION_CODE: lambda: parse_unit_code("000000413219GB00029F00010002"),
    ErrorCode.NO_FIXTURE_NUMBER: lambda: parse_unit_code("320684413219GB00029W00010002"),
    ErrorCode.COUNTRY: lambda: parse_passport("E12345678", country="XXX"),
    ErrorCode.COUNTRY_REQUIRED: lambda: parse_passport("E12345678", country=None),
    ErrorCode.COUNTRY_MISMATCH: lambda: parse_identity_document(
        DocumentType.FOREIGN_PERMANENT_RESIDENT, "KAZ110090123105", country="USA", today=TODAY
    ),
    ErrorCode.DOCUMENT_TYPE: lambda: parse_identity_document("visa", "1"),
    ErrorCode.PROVINCE_ABBREVIATION: lambda: parse_certificate_number(
        "港(2017)香港不动产权第0000183号"
    ),
    ErrorCode.CERTIFICATE_YEAR_FORMAT: lambda: parse_certificate_number(
        "苏2017海门市不动产权第0000183号"
    ),
    ErrorCode.CERTIFICATE_YEAR: lambda: parse_certificate_number(
        "苏(2014)海门市不动产权第0000183号"
    ),
    ErrorCode.CERTIFICATE_KIND: lambda: parse_certificate_number("苏(2017)海门市第0000183号"),
    ErrorCode.CERTIFICATE_PLACE: lambda: parse_certificate_number("苏(2017)不动产权第0000183号"),
    ErrorCode.CERTIFICATE_SEQUENCE: lambda: parse_certificate_number(
        "苏(2017)海门市不动产权第183号"
    ),
}
"""One failing call per error code; together they prove every code is reachable."""
