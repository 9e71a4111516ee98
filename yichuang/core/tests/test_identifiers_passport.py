"""Passports of foreign nationals (外国护照) and ISO 3166-1 alpha-3 country codes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    ISO_ALPHA3_CODES,
    IdentifierError,
    Passport,
    parse_country,
    parse_passport,
)
from yichuang.core.tests.identifier_strategies import (
    SOME_COUNTRIES,
    messy_spellings,
    passport_numbers,
)


def passport_error(raw: str, country: str | None = "USA") -> IdentifierError:
    """The error ``parse_passport`` raises."""
    with pytest.raises(IdentifierError) as caught:
        parse_passport(raw, country=country)
    return caught.value


def test_it_accepts_a_passport_number_with_its_issuing_country() -> None:
    value = parse_passport("E12345678", country="USA")
    assert value == Passport("E12345678", "USA")
    assert str(value) == "E12345678"


def test_it_normalises_the_number_and_the_country() -> None:
    assert parse_passport(" e1234 5678 ", country=" usa ") == Passport("E12345678", "USA")
    assert parse_passport("Ｅ１２３４５", country="ｊｐｎ") == Passport("E12345", "JPN")


def test_it_accepts_a_chinese_passport_of_an_overseas_chinese() -> None:
    assert parse_passport("E00000001", country="CHN").country == "CHN"


@pytest.mark.parametrize("length", [5, 20])
def test_it_accepts_5_to_20_characters(length: int) -> None:
    assert len(parse_passport("A" * length, country="GBR").canonical) == length


@pytest.mark.parametrize("length", [1, 4, 21])
def test_it_rejects_a_number_shorter_than_5_or_longer_than_20(length: int) -> None:
    error = passport_error("9" * length)
    assert (error.code, error.params) == ("length", {"expected": "5-20", "found": length})


@pytest.mark.parametrize(("raw", "position", "found"), [("E1234-5678", 6, "-"), ("Ä12345", 1, "Ä")])
def test_it_rejects_a_character_other_than_a_letter_or_digit(
    raw: str, position: int, found: str
) -> None:
    error = passport_error(raw)
    assert (error.code, error.params) == ("charset", {"position": position, "found": found})


def test_it_reports_a_bad_character_before_a_bad_length() -> None:
    assert passport_error("E-1").code == "charset"


def test_it_rejects_an_empty_number() -> None:
    assert passport_error("  ").code == "empty"


@pytest.mark.parametrize("country", [None, "", "   "])
def test_it_requires_the_issuing_country(country: str | None) -> None:
    error = passport_error("E12345678", country)
    assert (error.code, error.params) == ("country_required", {})


@pytest.mark.parametrize(
    ("country", "found"), [("XXA", "XXA"), ("us", "US"), ("uk", "UK"), ("RKS", "RKS")]
)
def test_it_rejects_a_code_that_is_not_iso_alpha_3(country: str, found: str) -> None:
    error = passport_error("E12345678", country)
    assert (error.code, error.params) == ("country", {"found": found})


def test_the_country_list_has_the_249_iso_codes() -> None:
    assert len(ISO_ALPHA3_CODES) == 249
    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in ISO_ALPHA3_CODES)
    assert {"CHN", "HKG", "MAC", "TWN", "USA", "SSD", "CUW", "BES", "SXM"} <= ISO_ALPHA3_CODES


def test_parse_country_normalises_full_width_and_case() -> None:
    assert parse_country("ｋａｚ") == "KAZ"


@given(passport_numbers, st.sampled_from(SOME_COUNTRIES))
def test_property_valid_passports_round_trip(number: str, country: str) -> None:
    value = parse_passport(number, country=country)
    assert (value.canonical, value.country) == (number, country)
    assert parse_passport(str(value), country=value.country) == value


@given(passport_numbers.flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_passport_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_passport(messy, country="fra").canonical == number


@given(st.text(), st.one_of(st.none(), st.text(max_size=5)))
def test_property_any_text_is_a_passport_or_an_identifier_error(
    raw: str, country: str | None
) -> None:
    with contextlib.suppress(IdentifierError):
        parse_passport(raw, country=country)
