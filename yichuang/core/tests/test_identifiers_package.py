"""Package-wide guarantees of ``yichuang.core.identifiers``: purity and error codes."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import yichuang.core.identifiers as identifiers
from yichuang.core.identifiers import ErrorCode, IdentifierError
from yichuang.core.tests.identifier_strategies import ERROR_EXAMPLES

PACKAGE = Path(identifiers.__file__).parent


def test_every_error_code_has_an_example() -> None:
    assert set(ERROR_EXAMPLES) == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_is_reachable(code: ErrorCode) -> None:
    with pytest.raises(IdentifierError) as caught:
        ERROR_EXAMPLES[code]()
    assert caught.value.code is code


def test_an_identifier_error_is_a_value_error_with_a_short_english_message() -> None:
    error = IdentifierError(ErrorCode.CHECK_DIGIT, position=18, expected_check="7", found="1")
    assert isinstance(error, ValueError)
    assert str(error) == "check_digit (position=18, expected_check='7', found='1')"
    assert str(IdentifierError(ErrorCode.EMPTY)) == "empty"


def test_an_identifier_error_survives_pickling_with_code_and_params() -> None:
    error = IdentifierError(ErrorCode.DIGIT, position=3, found="A")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.code, copy.params, str(copy)) == (error.code, error.params, str(error))


def test_error_codes_are_plain_strings_for_clients() -> None:
    assert ErrorCode.CHECK_DIGIT == "check_digit"
    assert all(code.value == code.value.lower() for code in ErrorCode)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_package_imports_neither_django_nor_pydantic(path: Path) -> None:
    for name in _imported_modules(path):
        assert name.split(".")[0] not in {"django", "ninja", "pydantic", "pydantic_core"}, name


def test_the_package_exports_what_it_declares() -> None:
    assert all(hasattr(identifiers, name) for name in identifiers.__all__)
