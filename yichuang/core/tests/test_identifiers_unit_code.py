"""Real estate unit codes (不动产单元代码), 28 characters."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import IdentifierError, UnitCode, parse_unit_code
from yichuang.core.tests.identifier_strategies import messy_spellings, unit_codes

EXAMPLE = "320684413219GB00029F00010002"


def error_of(raw: str) -> IdentifierError:
    """The error ``parse_unit_code`` raises for ``raw``."""
    with pytest.raises(IdentifierError) as caught:
        parse_unit_code(raw)
    return caught.value


def replaced(position: int, char: str, code: str = EXAMPLE) -> str:
    """``code`` with the character at 1-based ``position`` replaced."""
    return code[: position - 1] + char + code[position:]


def test_it_accepts_the_published_example_and_exposes_every_segment() -> None:
    value = parse_unit_code(EXAMPLE)
    assert value == UnitCode(EXAMPLE)
    assert str(value) == EXAMPLE
    assert (value.division, value.district, value.subdistrict) == ("320684", "413", "219")
    assert (value.ownership, value.parcel_type, value.parcel_seq) == ("G", "B", "00029")
    assert (value.fixture_type, value.fixture_no) == ("F", "00010002")
    assert (value.building_no, value.flat_no) == ("0001", "0002")
    assert not value.is_virtual
    assert not value.is_sea_area


def test_it_normalises_lower_case_full_width_and_spaces() -> None:
    assert parse_unit_code("320684 413219 gb00029 f0001 0002").canonical == EXAMPLE
    assert parse_unit_code("３２０６８４413219ＧＢ00029Ｆ00010002").canonical == EXAMPLE


def test_a_virtual_code_has_zeros_in_the_cadastral_district_and_sub_district() -> None:
    value = parse_unit_code("320684000000JC00001W00000000")
    assert value.is_virtual
    assert (value.district, value.subdistrict) == ("000", "000")


@pytest.mark.parametrize("parcel_type", ["G", "H"])
def test_parcel_types_g_and_h_are_sea_areas(parcel_type: str) -> None:
    assert parse_unit_code(replaced(14, parcel_type)).is_sea_area


@pytest.mark.parametrize("fixture_type", ["L", "Q", "W"])
def test_building_and_flat_numbers_exist_only_for_buildings(fixture_type: str) -> None:
    code = replaced(20, fixture_type, "320684413219GB00029F00000000")
    value = parse_unit_code(code)
    assert (value.fixture_type, value.building_no, value.flat_no) == (fixture_type, None, None)


@pytest.mark.parametrize(
    ("position", "char"),
    [(1, "A"), (7, "X"), (12, "-"), (15, "O"), (19, "B"), (21, "F"), (28, "X")],
)
def test_it_requires_digits_where_the_layout_has_numbers(position: int, char: str) -> None:
    error = error_of(replaced(position, char))
    assert (error.code, error.params) == ("digit", {"position": position, "found": char})


def test_it_rejects_an_unknown_ownership_type_at_position_13() -> None:
    error = error_of(replaced(13, "X"))
    assert (error.code, error.params) == (
        "position",
        {"position": 13, "expected": "G/J/Z", "found": "X"},
    )


def test_it_rejects_an_unknown_parcel_type_at_position_14() -> None:
    error = error_of(replaced(14, "Z"))
    assert (error.code, error.params) == (
        "position",
        {"position": 14, "expected": "A/B/C/D/E/F/S/X/W/Y/G/H", "found": "Z"},
    )


def test_it_rejects_an_unknown_fixture_type_at_position_20() -> None:
    error = error_of(replaced(20, "A"))
    assert (error.code, error.params) == (
        "position",
        {"position": 20, "expected": "F/L/Q/W", "found": "A"},
    )


@pytest.mark.parametrize("division", ["000000", "990100", "710100", "810000"])
def test_it_rejects_a_division_code_outside_the_mainland_provinces(division: str) -> None:
    error = error_of(division + EXAMPLE[6:])
    assert (error.code, error.params) == ("division_code", {"position": 1, "found": division})


def test_a_unit_without_fixture_must_have_a_zero_fixture_number() -> None:
    error = error_of("320684413219GB00029W00010002")
    assert (error.code, error.params) == (
        "no_fixture_number",
        {"position": 21, "end": 28, "expected": "00000000", "found": "00010002"},
    )


@pytest.mark.parametrize("length", [19, 27, 29])
def test_it_rejects_a_wrong_length(length: int) -> None:
    error = error_of((EXAMPLE * 2)[:length])
    assert (error.code, error.params) == ("length", {"expected": "28", "found": length})


def test_it_rejects_an_empty_value() -> None:
    assert error_of("").code == "empty"


@given(unit_codes())
def test_property_valid_codes_parse_and_round_trip(code: str) -> None:
    value = parse_unit_code(code)
    assert value.canonical == code
    assert parse_unit_code(str(value)) == value
    assert value.division + value.district + value.subdistrict == code[:12]
    assert value.fixture_no == code[20:]


@given(unit_codes().flatmap(lambda c: st.tuples(st.just(c), messy_spellings(c))))
def test_property_messy_spellings_parse_the_same(pair: tuple[str, str]) -> None:
    code, messy = pair
    assert parse_unit_code(messy).canonical == code


@given(st.text())
def test_property_any_text_is_a_unit_code_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_unit_code(raw)


@given(st.text("0123456789GJZABCFWHgjz ", min_size=26, max_size=30))
def test_property_near_valid_text_is_a_unit_code_or_an_identifier_error(raw: str) -> None:
    with contextlib.suppress(IdentifierError):
        parse_unit_code(raw)
