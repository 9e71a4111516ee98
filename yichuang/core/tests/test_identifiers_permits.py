"""Residence permits (港澳台居民居住证) and mainland travel permits (通行证)."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    TRAVEL_PERMIT_LAYOUTS,
    IdentifierError,
    Region,
    Sex,
    TravelPermitKind,
    parse_hk_macao_travel_permit,
    parse_residence_permit,
    parse_taiwan_travel_permit,
)
from yichuang.core.tests.identifier_strategies import (
    GB11643_SYMBOLS,
    TODAY,
    hk_macao_travel_permits,
    messy_spellings,
    mod11_2_reference,
    residence_permits,
    substitutions,
    taiwan_travel_permits,
)


def with_check(body: str) -> str:
    """``body`` (17 digits) completed with its reference check character."""
    return body + mod11_2_reference(body)


def permit_error(raw: str, regions: set[Region] | None = None) -> IdentifierError:
    """The error ``parse_residence_permit`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_residence_permit(raw, regions=regions, today=TODAY)
    return caught.value


def travel_error(raw: str, kind: TravelPermitKind) -> IdentifierError:
    """The error the travel permit parser of ``kind`` raises for ``raw``."""
    parse = (
        parse_hk_macao_travel_permit
        if kind is TravelPermitKind.HK_MACAO
        else parse_taiwan_travel_permit
    )
    with pytest.raises(IdentifierError) as caught:
        parse(raw)
    return caught.value


# --- Residence permits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "region"),
    [("810000", Region.HONG_KONG), ("820000", Region.MACAO), ("830000", Region.TAIWAN)],
)
def test_a_residence_permit_names_its_region_by_address_code(address: str, region: Region) -> None:
    number = with_check(f"{address}19850615002")
    value = parse_residence_permit(number, today=TODAY)
    assert (value.canonical, value.region, value.birth_date) == (number, region, date(1985, 6, 15))
    assert value.sequence == "002"
    assert value.sex is Sex.FEMALE
    assert str(value) == number


def test_a_residence_permit_restricted_to_taiwan_refuses_a_hong_kong_number() -> None:
    error = permit_error(with_check("81000019850615001"), {Region.TAIWAN})
    assert (error.code, error.params) == (
        "region",
        {"position": 1, "expected": "830000", "found": "810000"},
    )


def test_a_residence_permit_restricted_to_hong_kong_and_macao_lists_both_codes() -> None:
    error = permit_error(with_check("83000019850615001"), {Region.HONG_KONG, Region.MACAO})
    assert error.params["expected"] == "810000/820000"


def test_a_residence_permit_must_use_one_of_the_three_address_codes() -> None:
    error = permit_error(with_check("11010519850615001"))
    assert (error.code, error.params) == (
        "region",
        {"position": 1, "expected": "810000/820000/830000", "found": "110105"},
    )


def test_a_residence_permit_rejects_a_wrong_check_digit_and_names_the_expected_one() -> None:
    number = with_check("81000019850615001")
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    error = permit_error(wrong)
    assert (error.code, error.params) == (
        "check_digit",
        {"position": 18, "expected_check": number[17], "found": wrong[17]},
    )


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        ("19850230", "birth_date"),
        ("18991231", "birth_date_too_early"),
        ("20991231", "birth_date_future"),
    ],
)
def test_a_residence_permit_applies_the_birth_date_rules(birth: str, code: str) -> None:
    error = permit_error(with_check(f"810000{birth}001"))
    assert error.code == code
    assert error.params["position"] == 7


def test_a_residence_permit_rejects_the_15_digit_length() -> None:
    error = permit_error("810000850615001")
    assert (error.code, error.params) == ("length", {"expected": "18", "found": 15})


def test_a_residence_permit_rejects_an_empty_value() -> None:
    assert permit_error(" ").code == "empty"


def test_a_residence_permit_rejects_a_letter_and_names_its_position() -> None:
    error = permit_error("8100001985O615001X")
    assert (error.code, error.params) == ("digit", {"position": 11, "found": "O"})


@given(residence_permits())
def test_property_valid_residence_permits_round_trip(number: str) -> None:
    value = parse_residence_permit(number, today=TODAY)
    assert value.canonical == number
    assert parse_residence_permit(str(value), today=TODAY) == value


@given(residence_permits().flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_residence_permit_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_residence_permit(messy, today=TODAY).canonical == number


@given(residence_permits(), substitutions(GB11643_SYMBOLS))
def test_property_every_single_substitution_in_a_residence_permit_is_rejected(
    number: str, change: tuple[int, str]
) -> None:
    index, replacement = change
    if number[index] == replacement:
        return
    with pytest.raises(IdentifierError):
        parse_residence_permit(number[:index] + replacement + number[index + 1 :], today=TODAY)


@given(st.text())
def test_property_any_text_is_a_residence_permit_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_residence_permit(raw, today=TODAY)


# --- Travel permits ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical", "region", "legacy"),
    [
        ("H12345678", "H12345678", Region.HONG_KONG, False),
        ("m87654321", "M87654321", Region.MACAO, False),
        ("Ｈ1234567801", "H1234567801", Region.HONG_KONG, True),
    ],
)
def test_a_hong_kong_macao_travel_permit_reads_its_region_from_the_letter(
    raw: str, canonical: str, region: Region, legacy: bool
) -> None:
    value = parse_hk_macao_travel_permit(raw)
    assert (value.canonical, value.region, value.is_legacy_format) == (canonical, region, legacy)
    assert value.kind is TravelPermitKind.HK_MACAO


@pytest.mark.parametrize(
    ("raw", "canonical", "legacy"),
    [
        ("12345678", "12345678", False),
        ("1234567890", "1234567890", True),
        ("1234567890（b）", "1234567890(B)", True),
        ("1234567890 (7)", "1234567890(7)", True),
    ],
)
def test_a_taiwan_travel_permit_accepts_the_card_and_booklet_forms(
    raw: str, canonical: str, legacy: bool
) -> None:
    value = parse_taiwan_travel_permit(raw)
    assert (value.canonical, value.region, value.is_legacy_format) == (
        canonical,
        Region.TAIWAN,
        legacy,
    )
    assert value.kind is TravelPermitKind.TAIWAN


def test_a_hong_kong_macao_travel_permit_must_start_with_h_or_m() -> None:
    error = travel_error("A12345678", TravelPermitKind.HK_MACAO)
    assert (error.code, error.params) == (
        "position",
        {"position": 1, "expected": "H/M", "found": "A"},
    )


def test_a_hong_kong_macao_travel_permit_must_continue_with_digits() -> None:
    error = travel_error("H1234567X", TravelPermitKind.HK_MACAO)
    assert (error.code, error.params) == ("digit", {"position": 9, "found": "X"})


@pytest.mark.parametrize("raw", ["H1234567", "H123456789", "H123456789012"])
def test_a_hong_kong_macao_travel_permit_has_9_or_11_characters(raw: str) -> None:
    error = travel_error(raw, TravelPermitKind.HK_MACAO)
    assert (error.code, error.params) == ("length", {"expected": "9/11", "found": len(raw)})


@pytest.mark.parametrize("raw", ["1234567", "123456789", "12345678901"])
def test_a_taiwan_travel_permit_has_8_10_or_13_characters(raw: str) -> None:
    error = travel_error(raw, TravelPermitKind.TAIWAN)
    assert (error.code, error.params) == ("length", {"expected": "8/10/13", "found": len(raw)})


def test_a_taiwan_travel_permit_suffix_must_be_bracketed() -> None:
    error = travel_error("1234567890[B]", TravelPermitKind.TAIWAN)
    assert (error.code, error.params) == (
        "position",
        {"position": 11, "expected": "(", "found": "["},
    )


def test_a_taiwan_travel_permit_suffix_is_one_letter_or_digit() -> None:
    error = travel_error("1234567890(-)", TravelPermitKind.TAIWAN)
    assert (error.code, error.params) == (
        "position",
        {"position": 12, "expected": "0-9/A-Z", "found": "-"},
    )


def test_travel_permits_reject_an_empty_value() -> None:
    assert travel_error("", TravelPermitKind.HK_MACAO).code == "empty"
    assert travel_error("\t", TravelPermitKind.TAIWAN).code == "empty"


def test_the_unconfirmed_travel_permit_shapes_are_listed_in_one_table() -> None:
    lengths = {
        kind: [layout.length for layout in layouts]
        for kind, layouts in TRAVEL_PERMIT_LAYOUTS.items()
    }
    assert lengths == {TravelPermitKind.HK_MACAO: [9, 11], TravelPermitKind.TAIWAN: [8, 10, 13]}


@given(hk_macao_travel_permits())
def test_property_valid_hong_kong_macao_travel_permits_round_trip(number: str) -> None:
    value = parse_hk_macao_travel_permit(number)
    assert value.canonical == number
    assert parse_hk_macao_travel_permit(str(value)) == value


@given(taiwan_travel_permits())
def test_property_valid_taiwan_travel_permits_round_trip(number: str) -> None:
    value = parse_taiwan_travel_permit(number)
    assert value.canonical == number
    assert parse_taiwan_travel_permit(str(value)) == value


@given(hk_macao_travel_permits().flatmap(lambda n: st.tuples(st.just(n), messy_spellings(n))))
def test_property_messy_travel_permit_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    number, messy = pair
    assert parse_hk_macao_travel_permit(messy).canonical == number


@given(st.text())
def test_property_any_text_is_a_travel_permit_or_an_identifier_error(raw: str) -> None:
    for parse in (parse_hk_macao_travel_permit, parse_taiwan_travel_permit):
        with contextlib.suppress(IdentifierError):
            parse(raw)
