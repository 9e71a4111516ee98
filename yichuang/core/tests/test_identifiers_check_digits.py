"""Check-character algorithms: MOD 11-2 (GB 11643) and MOD 31 (GB 32100)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    USCC_ALPHABET,
    mod11_2_check_char,
    mod31_check_char,
)
from yichuang.core.tests.identifier_strategies import (
    USCC_SYMBOLS,
    digit_strings,
    mod11_2_reference,
    mod31_reference,
)


@pytest.mark.parametrize(
    ("number", "check"),
    [("360426199101010071", "1"), ("11010519491231002X", "X")],
)
def test_mod11_2_gives_the_published_check_of_resident_ids(number: str, check: str) -> None:
    assert mod11_2_check_char(number[:17]) == check


def test_mod31_gives_the_published_check_of_a_uscc() -> None:
    assert mod31_check_char("91110000600037341") == "L"


def test_the_uscc_alphabet_has_31_symbols_without_i_o_z_s_v() -> None:
    assert USCC_ALPHABET == USCC_SYMBOLS
    assert len(USCC_ALPHABET) == 31
    assert not set("IOZSV") & set(USCC_ALPHABET)


@pytest.mark.parametrize(
    "body", ["", "1234567890123456", "123456789012345678", "1234567890123456X"]
)
def test_mod11_2_refuses_a_body_that_is_not_17_digits(body: str) -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        mod11_2_check_char(body)


def test_mod11_2_refuses_non_ascii_digits() -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        mod11_2_check_char("1101051949123100\u0662")


@pytest.mark.parametrize("body", ["9111000060003734", "9111000060003734I", "911100006000373411"])
def test_mod31_refuses_a_body_that_is_not_17_alphabet_symbols(body: str) -> None:
    with pytest.raises(ValueError, match="17 symbols"):
        mod31_check_char(body)


@given(digit_strings(17))
def test_property_mod11_2_agrees_with_an_independent_implementation(body: str) -> None:
    assert mod11_2_check_char(body) == mod11_2_reference(body)


@given(st.text(USCC_SYMBOLS, min_size=17, max_size=17))
def test_property_mod31_agrees_with_an_independent_implementation(body: str) -> None:
    assert mod31_check_char(body) == mod31_reference(body)


@given(digit_strings(17))
def test_property_mod11_2_makes_the_weighted_sum_congruent_to_one(body: str) -> None:
    # ISO 7064 definition: sum of a_i * 2^(i-1) over all 18 positions, counted
    # from the right with the check as position 1, is 1 modulo 11.
    check = mod11_2_check_char(body)
    values = [int(char) for char in body] + [10 if check == "X" else int(check)]
    total = sum(value * pow(2, 17 - index, 11) for index, value in enumerate(values))
    assert total % 11 == 1


@given(st.text(USCC_SYMBOLS, min_size=17, max_size=17))
def test_property_mod31_makes_the_weighted_sum_divisible_by_31(body: str) -> None:
    code = body + mod31_check_char(body)
    weights = [pow(3, index, 31) for index in range(17)] + [1]
    assert (
        sum(USCC_SYMBOLS.index(char) * w for char, w in zip(code, weights, strict=True)) % 31 == 0
    )
