"""Foreign permanent resident ID cards (外国人永久居留身份证), 15- and 18-character forms."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    IdentifierError,
    PermanentResidentId,
    parse_permanent_resident_id,
)
from yichuang.core.tests.identifier_strategies import (
    GB11643_SYMBOLS,
    TODAY,
    legacy_permanent_resident_ids,
    messy_spellings,
    mod11_2_reference,
    new_permanent_resident_ids,
    substitutions,
)


def with_check(body: str) -> str:
    """``body`` (17 digits) completed with its reference check character."""
    return body + mod11_2_reference(body)


def error_of(raw: str) -> IdentifierError:
    """The error ``parse_permanent_resident_id`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_permanent_resident_id(raw, today=TODAY)
    return caught.value


def test_it_reads_the_15_character_form() -> None:
    value = parse_permanent_resident_id("KAZ110090123105", today=TODAY)
    assert value == PermanentResidentId(
        "KAZ110090123105", True, "1100", "KAZ", None, date(1990, 12, 31), "0"
    )


def test_it_reads_a_two_digit_birth_year_in_this_century_when_already_past() -> None:
    assert parse_permanent_resident_id("USA310010052001", today=TODAY).birth_date == date(
        2010, 5, 20
    )


def test_it_reads_a_two_digit_birth_year_in_the_last_century_when_otherwise_future() -> None:
    assert parse_permanent_resident_id("USA310030052001", today=TODAY).birth_date == date(
        1930, 5, 20
    )


def test_it_does_not_verify_the_unconfirmed_check_digit_of_the_15_character_form() -> None:
    for last in "0123456789":
        assert parse_permanent_resident_id(f"KAZ11009012310{last}", today=TODAY)


def test_it_reads_the_18_character_form() -> None:
    number = with_check("93184019850615003")
    value = parse_permanent_resident_id(number, today=TODAY)
    assert value == PermanentResidentId(number, False, "31", None, "840", date(1985, 6, 15), "003")
    assert str(value) == number


def test_it_normalises_lower_case_and_full_width() -> None:
    assert (
        parse_permanent_resident_id("ｋａｚ 1100 901231 05", today=TODAY).canonical
        == "KAZ110090123105"
    )


@pytest.mark.parametrize("length", [14, 16, 17, 19])
def test_it_rejects_a_length_other_than_15_or_18(length: int) -> None:
    error = error_of("9" * length)
    assert (error.code, error.params) == ("length", {"expected": "15/18", "found": length})


def test_it_rejects_an_empty_value() -> None:
    assert error_of("").code == "empty"


def test_the_15_character_form_starts_with_three_letters() -> None:
    error = error_of("K1Z110090123105")
    assert (error.code, error.params) == (
        "position",
        {"position": 2, "expected": "A-Z", "found": "1"},
    )


def test_the_15_character_form_continues_with_twelve_digits() -> None:
    error = error_of("KAZ1100901231O5")
    assert (error.code, error.params) == ("digit", {"position": 14, "found": "O"})


def test_the_15_character_form_names_an_iso_nationality() -> None:
    error = error_of("KAA110090123105")
    assert (error.code, error.params) == ("country", {"position": 1, "found": "KAA"})


def test_the_15_character_form_rejects_an_impossible_birth_date_as_written() -> None:
    error = error_of("KAZ110090023105")
    assert (error.code, error.params) == ("birth_date", {"position": 8, "value": "900231"})


def test_the_18_character_form_starts_with_9() -> None:
    error = error_of(with_check("83184019850615003"))
    assert (error.code, error.params) == (
        "position",
        {"position": 1, "expected": "9", "found": "8"},
    )


def test_the_18_character_form_rejects_a_wrong_check_digit() -> None:
    number = with_check("93184019850615003")
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    error = error_of(wrong)
    assert (error.code, error.params) == (
        "check_digit",
        {"position": 18, "expected_check": number[17], "found": wrong[17]},
    )


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        ("19850230", "birth_date"),
        ("18991231", "birth_date_too_early"),
        ("20250701", "birth_date_future"),
    ],
)
def test_the_18_character_form_applies_the_birth_date_rules(birth: str, code: str) -> None:
    error = error_of(with_check(f"931840{birth}003"))
    assert error.code == code
    assert error.params["position"] == 7


@given(new_permanent_resident_ids())
def test_property_valid_18_character_numbers_round_trip(number: str) -> None:
    value = parse_permanent_resident_id(number, today=TODAY)
    assert value.canonical == number
    assert value.birth_date.strftime("%Y%m%d") == number[6:14]
    assert parse_permanent_resident_id(str(value), today=TODAY) == value


@given(legacy_permanent_resident_ids())
def test_property_valid_15_character_numbers_round_trip(number: str) -> None:
    value = parse_permanent_resident_id(number, today=TODAY)
    assert value.canonical == number
    assert value.nationality == number[:3]
    assert value.birth_date.strftime("%y%m%d") == number[7:13]
    assert value.birth_date <= TODAY


@given(new_permanent_resident_ids().flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_permanent_resident_id(messy, today=TODAY).canonical == number


@given(new_permanent_resident_ids(), substitutions(GB11643_SYMBOLS))
def test_property_every_single_substitution_in_the_18_character_form_is_rejected(
    number: str, change: tuple[int, str]
) -> None:
    index, replacement = change
    if number[index] == replacement:
        return
    with pytest.raises(IdentifierError):
        parse_permanent_resident_id(number[:index] + replacement + number[index + 1 :], today=TODAY)


@given(st.text())
def test_property_any_text_is_a_permanent_resident_id_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_permanent_resident_id(raw, today=TODAY)
