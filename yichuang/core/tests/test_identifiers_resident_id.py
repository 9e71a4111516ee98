"""Resident ID numbers (居民身份证号码, GB 11643-1999), including 15-digit legacy numbers."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import IdentifierError, ResidentId, Sex, parse_resident_id
from yichuang.core.tests.identifier_strategies import (
    GB11643_SYMBOLS,
    TODAY,
    legacy_resident_ids,
    messy_spellings,
    mod11_2_reference,
    resident_ids,
    substitutions,
)


def with_check(body: str) -> str:
    """``body`` (17 digits) completed with its reference check character."""
    return body + mod11_2_reference(body)


def error_of(raw: str, *, today: date = TODAY) -> IdentifierError:
    """The error ``parse_resident_id`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(raw, today=today)
    return caught.value


# --- Valid numbers ---------------------------------------------------------------


def test_it_accepts_the_published_example_with_a_digit_check() -> None:
    value = parse_resident_id("360426199101010071", today=TODAY)
    assert value == ResidentId("360426199101010071", date(1991, 1, 1))
    assert (value.address_code, value.sequence) == ("360426", "007")
    assert value.province_code == "36"
    assert value.sex is Sex.MALE
    assert not value.is_from_legacy
    assert str(value) == "360426199101010071"


def test_it_accepts_the_published_example_with_an_x_check_and_reads_a_woman() -> None:
    value = parse_resident_id("11010519491231002X", today=TODAY)
    assert value.birth_date == date(1949, 12, 31)
    assert value.sequence == "002"
    assert value.sex is Sex.FEMALE


@pytest.mark.parametrize(
    "spelling",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５\u300019491231002ｘ",
        "110105\u200b19491231002X\ufeff",
    ],
)
def test_it_normalises_lower_case_full_width_and_spaces(spelling: str) -> None:
    assert parse_resident_id(spelling, today=TODAY).canonical == "11010519491231002X"


def test_it_converts_a_15_digit_legacy_number_and_remembers_it() -> None:
    value = parse_resident_id("110105491231002", today=TODAY)
    assert value.canonical == "11010519491231002X"
    assert value.legacy_number == "110105491231002"
    assert value.is_from_legacy
    assert value.birth_date == date(1949, 12, 31)


def test_a_converted_legacy_number_equals_the_current_spelling() -> None:
    legacy = parse_resident_id("110105491231002", today=TODAY)
    current = parse_resident_id("11010519491231002X", today=TODAY)
    assert legacy == current
    assert hash(legacy) == hash(current)


@pytest.mark.parametrize("prefix", ["71", "81", "82", "91"])
def test_it_accepts_taiwan_hong_kong_macao_and_abroad_address_prefixes(prefix: str) -> None:
    number = with_check(f"{prefix}010119800101001")
    assert parse_resident_id(number, today=TODAY).province_code == prefix


def test_it_accepts_a_birth_date_of_today_and_of_1900_01_01() -> None:
    assert parse_resident_id(with_check("11010520250630001"), today=TODAY)
    assert parse_resident_id(with_check("11010519000101001"), today=TODAY)


def test_it_defaults_today_to_the_current_date() -> None:
    assert parse_resident_id("360426199101010071").birth_date == date(1991, 1, 1)


# --- Errors ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", "\u3000", "\u200b"])
def test_it_rejects_an_empty_number(raw: str) -> None:
    error = error_of(raw)
    assert (error.code, error.params) == ("empty", {})


@pytest.mark.parametrize("length", [1, 14, 16, 17, 19, 30])
def test_it_rejects_a_wrong_length_and_names_both_accepted_lengths(length: int) -> None:
    error = error_of("1" * length)
    assert (error.code, error.params) == ("length", {"expected": "15/18", "found": length})


def test_it_rejects_a_letter_among_the_first_17_and_names_its_position() -> None:
    error = error_of("3604A6199101010071")
    assert (error.code, error.params) == ("digit", {"position": 5, "found": "A"})


def test_it_rejects_a_non_ascii_digit_that_python_would_read_as_a_number() -> None:
    error = error_of("36042619910101007\u0661")
    assert error.code == "position"
    error = error_of("3\u06606042619910101007")
    assert (error.code, error.params) == ("digit", {"position": 2, "found": "\u0660"})


def test_it_rejects_a_last_character_other_than_a_digit_or_x() -> None:
    error = error_of("36042619910101007Y")
    assert (error.code, error.params) == (
        "position",
        {"position": 18, "expected": "0-9/X", "found": "Y"},
    )


def test_it_rejects_a_letter_in_a_legacy_number() -> None:
    error = error_of("11010549123100X")
    assert (error.code, error.params) == ("digit", {"position": 15, "found": "X"})


def test_it_rejects_a_wrong_check_digit_and_names_the_expected_one() -> None:
    error = error_of("360426199101010072")
    assert (error.code, error.params) == (
        "check_digit",
        {"position": 18, "expected_check": "1", "found": "2"},
    )


def test_it_rejects_a_wrong_x_check_and_names_the_expected_digit() -> None:
    error = error_of("36042619910101007X")
    assert error.params["expected_check"] == "1"


@pytest.mark.parametrize(
    ("prefix", "address"), [("99", "990426"), ("00", "000000"), ("83", "830101")]
)
def test_it_rejects_an_unknown_province_prefix_precisely(prefix: str, address: str) -> None:
    error = error_of(with_check(f"{address}19910101007"))
    assert (error.code, error.params) == (
        "address_code",
        {"position": 1, "found": prefix, "address_code": address},
    )


def test_it_rejects_an_unknown_province_prefix_in_a_legacy_number() -> None:
    error = error_of("990426910101007")
    assert error.code == "address_code"
    assert error.params["found"] == "99"


@pytest.mark.parametrize("address", ["810000", "820000", "830000"])
def test_it_refuses_a_residence_permit_number_as_a_resident_id(address: str) -> None:
    error = error_of(with_check(f"{address}19910101007"))
    assert (error.code, error.params) == ("residence_permit", {"position": 1, "found": address})


@pytest.mark.parametrize("birth", ["19910230", "19911301", "19910001", "19910100", "19000229"])
def test_it_rejects_a_birth_date_that_is_not_a_real_date(birth: str) -> None:
    error = error_of(with_check(f"360426{birth}007"))
    assert (error.code, error.params) == ("birth_date", {"position": 7, "value": birth})


def test_it_reports_an_impossible_birth_date_before_a_wrong_check_digit() -> None:
    number = with_check("36042619910230007")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert error_of(wrong).code == "birth_date"


def test_it_rejects_a_birth_date_after_today() -> None:
    error = error_of(with_check("36042620250701007"))
    assert (error.code, error.params) == (
        "birth_date_future",
        {"position": 7, "value": "20250701", "today": "2025-06-30"},
    )


@pytest.mark.parametrize("birth", ["18991231", "00000000", "08881301"])
def test_it_rejects_a_birth_date_before_1900(birth: str) -> None:
    error = error_of(with_check(f"360426{birth}007"))
    assert (error.code, error.params) == (
        "birth_date_too_early",
        {"position": 7, "value": birth, "min_year": 1900},
    )


def test_it_rejects_an_impossible_birth_date_in_a_legacy_number_as_written() -> None:
    error = error_of("110105490230002")
    assert (error.code, error.params) == ("birth_date", {"position": 7, "value": "490230"})


# --- Properties ------------------------------------------------------------------


@given(resident_ids())
def test_property_valid_numbers_parse_and_round_trip_to_canonical(number: str) -> None:
    value = parse_resident_id(number, today=TODAY)
    assert value.canonical == number
    assert parse_resident_id(str(value), today=TODAY) == value
    assert value.birth_date.strftime("%Y%m%d") == number[6:14]
    assert value.sex is (Sex.MALE if int(number[16]) % 2 else Sex.FEMALE)


@given(resident_ids().flatmap(lambda number: st.tuples(st.just(number), messy_spellings(number))))
def test_property_messy_spellings_parse_to_the_same_value(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_resident_id(messy, today=TODAY).canonical == number


@given(resident_ids(), substitutions(GB11643_SYMBOLS))
def test_property_every_single_substitution_is_rejected(
    number: str, change: tuple[int, str]
) -> None:
    index, replacement = change
    if number[index] == replacement:
        return
    altered = number[:index] + replacement + number[index + 1 :]
    with pytest.raises(IdentifierError):
        parse_resident_id(altered, today=TODAY)


@given(legacy_resident_ids())
def test_property_legacy_numbers_become_the_18_digit_form(legacy: str) -> None:
    value = parse_resident_id(legacy, today=TODAY)
    body = legacy[:6] + "19" + legacy[6:]
    assert value.canonical == body + mod11_2_reference(body)
    assert value.legacy_number == legacy
    assert value == parse_resident_id(value.canonical, today=TODAY)


@given(st.text())
def test_property_any_text_either_parses_or_raises_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_resident_id(raw, today=TODAY)


@given(st.text("0123456789Xx１２３\u0663 \u3000-", max_size=20))
def test_property_near_valid_text_either_parses_or_raises_identifier_error(raw: str) -> None:
    try:
        value = parse_resident_id(raw, today=TODAY)
    except IdentifierError:
        return
    assert len(value.canonical) == 18
