"""Title certificate and registration proof numbers (不动产权证书号/不动产登记证明号)."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    CertificateKind,
    CertificateNumber,
    IdentifierError,
    parse_certificate_number,
)
from yichuang.core.tests.identifier_strategies import TODAY, certificate_numbers, messy_spellings


def error_of(raw: str, today: date = TODAY) -> IdentifierError:
    """The error ``parse_certificate_number`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_certificate_number(raw, today=today)
    return caught.value


def test_it_accepts_a_published_title_certificate_number() -> None:
    value = parse_certificate_number("苏(2017)海门市不动产权第0000183号", today=TODAY)
    assert value == CertificateNumber(
        "苏(2017)海门市不动产权第0000183号", CertificateKind.TITLE, "苏", 2017, "海门市", "0000183"
    )
    assert str(value) == "苏(2017)海门市不动产权第0000183号"


def test_it_accepts_a_published_registration_proof_number() -> None:
    value = parse_certificate_number("皖(2022)蜀山区不动产证明第1000044号", today=TODAY)
    assert (value.kind, value.province, value.year) == (CertificateKind.PROOF, "皖", 2022)
    assert (value.place, value.sequence) == ("蜀山区", "1000044")


def test_it_accepts_an_eight_digit_sequence() -> None:
    assert (
        parse_certificate_number("皖(2018)合肥市不动产权第10023999号", today=TODAY).sequence
        == "10023999"
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "苏（2017）海门市不动产权第0000183号",
        " 苏 (2017) 海门市 不动产权 第 0000183 号 ",
        "苏（２０１７）海门市不动产权第００００１８３号",
    ],
)
def test_it_folds_full_width_brackets_digits_and_spaces_to_the_canonical_form(
    spelling: str,
) -> None:
    assert (
        parse_certificate_number(spelling, today=TODAY).canonical
        == "苏(2017)海门市不动产权第0000183号"
    )


@pytest.mark.parametrize("province", ["港", "澳", "台", "A", "("])
def test_it_rejects_a_number_without_a_mainland_province_abbreviation(province: str) -> None:
    error = error_of(f"{province}(2017)海门市不动产权第0000183号")
    assert (error.code, error.params) == (
        "province_abbreviation",
        {"position": 1, "found": province},
    )


@pytest.mark.parametrize(
    "raw",
    [
        "苏2017海门市不动产权第0000183号",
        "苏[2017]海门市不动产权第0000183号",
        "苏(17)海门市不动产权第0000183号",
        "苏",
    ],
)
def test_it_requires_the_year_in_brackets_after_the_province(raw: str) -> None:
    error = error_of(raw)
    assert (error.code, error.params) == ("certificate_year_format", {"position": 2})


@pytest.mark.parametrize("year", [2014, 2026, 1999])
def test_it_rejects_a_year_before_2015_or_after_this_year(year: int) -> None:
    error = error_of(f"苏({year})海门市不动产权第0000183号")
    assert (error.code, error.params) == (
        "certificate_year",
        {"position": 3, "found": year, "min": 2015, "max": 2025},
    )


def test_it_accepts_a_number_of_the_current_year() -> None:
    assert parse_certificate_number("苏(2025)海门市不动产权第0000183号", today=TODAY).year == 2025


@pytest.mark.parametrize(
    "raw", ["苏(2017)海门市不动产证第0000183号", "苏(2017)海门市第0000183号", "苏(2017)"]
)
def test_it_requires_the_title_or_proof_marker(raw: str) -> None:
    error = error_of(raw)
    assert (error.code, error.params) == ("certificate_kind", {"position": 8})


@pytest.mark.parametrize("place", ["", "Haimen", "海门1市", "海" * 21])
def test_it_requires_a_place_name_of_1_to_20_chinese_characters(place: str) -> None:
    error = error_of(f"苏(2017){place}不动产权第0000183号")
    assert (error.code, error.params) == (
        "certificate_place",
        {"position": 8, "min": 1, "max": 20, "found": place.upper()},
    )


@pytest.mark.parametrize(
    ("tail", "found"),
    [
        ("183号", "183号"),
        ("0000183", "0000183"),
        ("000018A号", "000018A号"),
        ("0000183号附", "0000183号附"),
    ],
)
def test_it_requires_at_least_7_digits_and_the_closing_hao(tail: str, found: str) -> None:
    error = error_of(f"苏(2017)海门市不动产权第{tail}")
    assert (error.code, error.params) == (
        "certificate_sequence",
        {"position": 16, "min_digits": 7, "found": found},
    )


def test_it_rejects_an_empty_value() -> None:
    assert error_of(" ").code == "empty"


@given(certificate_numbers())
def test_property_valid_numbers_parse_and_round_trip(number: str) -> None:
    value = parse_certificate_number(number, today=TODAY)
    assert value.canonical == number
    assert parse_certificate_number(str(value), today=TODAY) == value


@given(certificate_numbers().flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_certificate_number(messy, today=TODAY).canonical == number


@given(st.text())
def test_property_any_text_is_a_certificate_number_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_certificate_number(raw, today=TODAY)


@given(st.text("苏京港(（)）20175海门市不动产权证明第号 ", max_size=30))
def test_property_near_valid_text_is_a_certificate_number_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_certificate_number(raw, today=TODAY)
