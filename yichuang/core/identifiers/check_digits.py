"""Check-character algorithms (校验码算法).

* ISO 7064 MOD 11-2 over 17 digits, as used by the resident ID (GB 11643-1999),
  the residence permits for Hong Kong, Macao and Taiwan residents and the 2023
  foreign permanent resident ID card: weights 2^(18-i) mod 11
  (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), check "10X98765432"[sum % 11].
* The MOD 31 scheme of the unified social credit code (GB 32100-2015):
  weights 3^(i-1) mod 31 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28),
  check = alphabet[(31 - sum % 31) % 31].

Both detect every single-character substitution: the weights are non-zero
modulo a prime larger than any difference of two symbol values.
"""

from __future__ import annotations

from yichuang.core.identifiers.errors import ErrorCode, IdentifierError

_MOD11_2_CHECKS = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 symbols of GB 32100-2015 in value order (no I, O, Z, S, V)."""

_USCC_SYMBOLS = frozenset(USCC_ALPHABET)
# Renames each USCC symbol to the base-36 digit of the same value (see _mod31).
_USCC_TO_BASE36 = str.maketrans(USCC_ALPHABET, "0123456789ABCDEFGHIJKLMNOPQRSTU")

BODY_LENGTH = 17
"""Both schemes protect a 17-character body followed by one check character."""


def mod11_2_check_char(body: str) -> str:
    """The MOD 11-2 check character ("0"-"9" or "X") for 17 ASCII digits."""
    if len(body) != BODY_LENGTH or not body.isascii() or not body.isdigit():
        raise ValueError(f"expected {BODY_LENGTH} ASCII digits, got {body!r}")
    return _mod11_2(body)


def mod31_check_char(body: str) -> str:
    """The GB 32100-2015 check character for 17 symbols of :data:`USCC_ALPHABET`."""
    if len(body) != BODY_LENGTH or any(char not in _USCC_SYMBOLS for char in body):
        raise ValueError(f"expected {BODY_LENGTH} symbols of {USCC_ALPHABET}, got {body!r}")
    return _mod31(body)


def require_mod11_2(text: str) -> None:
    """Raise ``check_digit`` unless the 18th character of ``text`` is right.

    ``text`` must already be 17 ASCII digits plus one character.
    """
    expected = _mod11_2(text[:BODY_LENGTH])
    if text[BODY_LENGTH] != expected:
        raise _wrong_check(expected, text[BODY_LENGTH])


def require_mod31(text: str) -> None:
    """Raise ``check_digit`` unless the 18th character of a USCC is right.

    ``text`` must already be 18 symbols of :data:`USCC_ALPHABET`.
    """
    expected = _mod31(text[:BODY_LENGTH])
    if text[BODY_LENGTH] != expected:
        raise _wrong_check(expected, text[BODY_LENGTH])


def _mod11_2(body: str) -> str:
    # The weight of the i-th digit is 2^(18-i) mod 11, and 2 = 13 (mod 11), so
    # the weighted sum is 2 * (the body read as a base-13 numeral) modulo 11:
    # int() does the whole sum in C. Callers guarantee 17 ASCII digits, which
    # matters because int() would also accept letters, signs and underscores.
    return _MOD11_2_CHECKS[2 * int(body, 13) % 11]


def _mod31(body: str) -> str:
    # The weight of the i-th symbol is 3^(i-1) mod 31, and 34 = 3 (mod 31), so
    # the weighted sum is the reversed body read as a base-34 numeral, modulo
    # 31, once each symbol is renamed to the base-36 digit of its value (the
    # alphabet skips I, O, S, V and Z). Callers guarantee alphabet symbols.
    total = int(body.translate(_USCC_TO_BASE36)[::-1], 34)
    return USCC_ALPHABET[-total % 31]


def _wrong_check(expected: str, found: str) -> IdentifierError:
    return IdentifierError(
        ErrorCode.CHECK_DIGIT, position=BODY_LENGTH + 1, expected_check=expected, found=found
    )
