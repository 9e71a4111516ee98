"""Unified social credit codes (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import IdentifierError, Uscc, parse_uscc
from yichuang.core.tests.identifier_strategies import (
    USCC_SYMBOLS,
    messy_spellings,
    mod31_reference,
    substitutions,
    usccs,
)


def with_check(body: str) -> str:
    """``body`` (17 symbols) completed with its reference check character."""
    return body + mod31_reference(body)


def error_of(raw: str) -> IdentifierError:
    """The error ``parse_uscc`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_uscc(raw)
    return caught.value


def test_it_accepts_the_published_example_and_exposes_its_segments() -> None:
    value = parse_uscc("91110000600037341L")
    assert value == Uscc("91110000600037341L")
    assert str(value) == "91110000600037341L"
    assert (value.authority, value.category, value.division) == ("9", "1", "110000")
    assert (value.organisation_code, value.check) == ("600037341", "L")


@pytest.mark.parametrize(
    "spelling",
    ["91110000600037341l", "9111 0000 6000 3734 1L", "９１１１００００６０００３７３４１Ｌ"],
)
def test_it_normalises_lower_case_full_width_and_spaces(spelling: str) -> None:
    assert parse_uscc(spelling).canonical == "91110000600037341L"


@pytest.mark.parametrize("head", ["N2", "NA", "Y1", "A1", "51", "G9"])
def test_it_accepts_letter_authority_and_category_codes(head: str) -> None:
    number = with_check(f"{head}320684MA1XYW12X")
    assert parse_uscc(number).authority == head[0]


def test_it_rejects_a_wrong_check_character_and_names_the_expected_one() -> None:
    error = error_of("91110000600037341M")
    assert (error.code, error.params) == (
        "check_digit",
        {"position": 18, "expected_check": "L", "found": "M"},
    )


@pytest.mark.parametrize(("raw", "position", "found"), [
    ("I1110000600037341L", 1, "I"),
    ("9O110000600037341L", 2, "O"),
    ("91110000600037341Z", 18, "Z"),
    ("911100006000S7341L", 13, "S"),
    ("91110000600037V41L", 15, "V"),
    ("91110000600037341-", 18, "-"),
])  # fmt: skip
def test_it_rejects_a_symbol_outside_the_31_symbol_alphabet(
    raw: str, position: int, found: str
) -> None:
    error = error_of(raw)
    assert (error.code, error.params) == ("charset", {"position": position, "found": found})


@pytest.mark.parametrize(
    ("raw", "position", "found"), [("91A10000600037341L", 3, "A"), ("911100I0600037341L", 7, "I")]
)
def test_it_requires_digits_in_the_division_code(raw: str, position: int, found: str) -> None:
    error = error_of(raw)
    assert (error.code, error.params) == ("digit", {"position": position, "found": found})


@pytest.mark.parametrize("length", [15, 17, 19])
def test_it_rejects_a_wrong_length(length: int) -> None:
    error = error_of("9" * length)
    assert (error.code, error.params) == ("length", {"expected": "18", "found": length})


def test_it_rejects_an_empty_value() -> None:
    assert error_of("\u3000").code == "empty"


@given(usccs())
def test_property_valid_codes_parse_and_round_trip(number: str) -> None:
    value = parse_uscc(number)
    assert value.canonical == number
    assert parse_uscc(str(value)) == value


@given(usccs().flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_uscc(messy).canonical == number


@given(usccs(), substitutions(USCC_SYMBOLS))
def test_property_every_single_substitution_is_rejected(
    number: str, change: tuple[int, str]
) -> None:
    index, replacement = change
    if number[index] == replacement:
        return
    with pytest.raises(IdentifierError):
        parse_uscc(number[:index] + replacement + number[index + 1 :])


@given(st.text())
def test_property_any_text_is_a_uscc_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_uscc(raw)


@given(st.text(USCC_SYMBOLS + "IOZSVabc ", min_size=16, max_size=20))
def test_property_near_valid_text_is_a_uscc_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_uscc(raw)
