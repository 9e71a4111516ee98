"""Leaves commit to records with a salt; the byte format is pinned for outside auditors."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.ledger.commitment import (
    UncommittableRecordError,
    canonical_record,
    check_kind,
    commitment,
    leaf_data,
    leaf_data_for_commitment,
    new_salt,
    parse_leaf_data,
)

RECORD = {
    "unit": "不动产单元 110101001001GB00001F00010001",
    "owners": [{"name": "张三", "share": "1/2"}, {"name": "李四", "share": "1/2"}],
    "area_m2": "89.50",
    "floor": 12,
    "mortgaged": False,
    "note": None,
}
# Written out by hand from the format in the module docstring.
CANONICAL = (
    '{"area_m2":"89.50","floor":12,"mortgaged":false,"note":null,'
    '"owners":[{"name":"张三","share":"1/2"},{"name":"李四","share":"1/2"}],'
    '"unit":"不动产单元 110101001001GB00001F00010001"}'
).encode()
SALT = bytes(range(32))
COMMITMENT_HEX = "75a68d4832e8aa6ab0b06f68fbe74fdc1b4db4dc674ecc61b09fadc3751096fd"


def test_a_record_has_one_canonical_form_byte_for_byte() -> None:
    assert canonical_record(RECORD) == CANONICAL


def test_key_order_of_the_input_does_not_matter() -> None:
    assert canonical_record(dict(reversed(list(RECORD.items())))) == CANONICAL


def test_keys_sort_by_code_point() -> None:
    # U+FFFF sorts before U+10000 by code point (UTF-16 order would differ).
    record = {"\U00010000": 1, "\uffff": 2, "b": 3, "B": 4, "é": 5}
    assert canonical_record(record) == '{"B":4,"b":3,"é":5,"\uffff":2,"\U00010000":1}'.encode()


def test_strings_escape_only_quotes_backslashes_and_control_characters() -> None:
    record = {"s": 'a"b\\c\n\r\t\b\f\x01\x1f\x7f\u2028不'}
    expected = '{"s":"a\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\u2028不"}'
    assert canonical_record(record) == expected.encode()


def test_the_commitment_is_the_hash_of_salt_and_canonical_record() -> None:
    assert commitment(RECORD, SALT) == hashlib.sha256(SALT + CANONICAL).digest()
    assert commitment(RECORD, SALT).hex() == COMMITMENT_HEX


def test_leaf_data_is_version_kind_and_hex_commitment() -> None:
    expected = b"yichuang/leaf/v1\nregister-entry\n" + COMMITMENT_HEX.encode()
    assert leaf_data(kind="register-entry", record=RECORD, salt=SALT) == expected
    assert parse_leaf_data(expected) == ("register-entry", bytes.fromhex(COMMITMENT_HEX))
    assert leaf_data_for_commitment(kind="register-entry", commitment=commitment(RECORD, SALT)) == (
        expected
    )


def test_another_salt_or_kind_gives_another_leaf() -> None:
    leaf = leaf_data(kind="register-entry", record=RECORD, salt=SALT)
    assert leaf_data(kind="audit-event", record=RECORD, salt=SALT) != leaf
    assert leaf_data(kind="register-entry", record=RECORD, salt=bytes(32)) != leaf


def test_salts_are_32_fresh_random_bytes() -> None:
    salts = {new_salt() for _ in range(100)}
    assert len(salts) == 100
    assert all(len(salt) == 32 for salt in salts)


@pytest.mark.parametrize("salt", [b"", bytes(31), bytes(33), "00" * 32])
def test_a_salt_of_the_wrong_size_is_refused(salt: object) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        commitment(RECORD, salt)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "complaint"),
    [
        ({"area": 89.5}, r"record\['area'\]: floats are not allowed"),
        ({"a": [{"b": 1.0}]}, r"record\['a'\]\[0\]\['b'\]: floats"),
        ({"area": Decimal("89.5")}, "Decimal is not allowed"),
        ({"on": datetime.date(2024, 5, 1)}, "date is not allowed"),
        ({"t": (1, 2)}, "tuple is not allowed"),
        ({"s": {1, 2}}, "set is not allowed"),
        ({"b": b"bytes"}, "bytes is not allowed"),
        ({"n": 2**53}, "beyond"),
        ({"n": -(2**53)}, "beyond"),
        ({"s": "\ud800"}, "not valid Unicode"),
        ({"nested": {1: "x"}}, "key 1 is not a string"),
        ({"\udc80": 1}, "not valid Unicode"),
    ],
)
def test_values_without_a_canonical_form_are_refused_by_path(record: dict, complaint: str) -> None:
    with pytest.raises(UncommittableRecordError, match=complaint):
        canonical_record(record)


def test_the_largest_safe_integers_are_allowed() -> None:
    assert canonical_record({"n": 2**53 - 1, "m": -(2**53 - 1)}) == (
        b'{"m":-9007199254740991,"n":9007199254740991}'
    )


def test_a_record_must_be_a_mapping() -> None:
    with pytest.raises(UncommittableRecordError, match="mapping"):
        canonical_record([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["register-entry", "audit-event", "a", "a-b-c"])
def test_kinds_are_lowercase_words_joined_by_hyphens(kind: str) -> None:
    assert check_kind(kind) == kind


@pytest.mark.parametrize(
    "kind", ["", "-a", "a-", "a--b", "Register", "a_b", "a b", "a\n", "条目", "x" * 65, "a1"]
)
def test_other_kinds_are_refused(kind: str) -> None:
    with pytest.raises(ValueError, match="record kind"):
        leaf_data(kind=kind, record=RECORD, salt=SALT)


@pytest.mark.parametrize(
    "data",
    [
        b"yichuang/leaf/v2\nregister-entry\n" + b"0" * 64,
        b"yichuang/leaf/v1\nregister-entry\n" + b"0" * 64 + b"\n",
        b"yichuang/leaf/v1\nregister-entry\n" + b"A" * 64,
        b"yichuang/leaf/v1\nregister-entry\n" + b"0" * 63,
        b"yichuang/leaf/v1\nRegister\n" + b"0" * 64,
    ],
)
def test_malformed_leaf_data_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"leaf|kind"):
        parse_leaf_data(data)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53 - 1), 2**53 - 1)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"])), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(record=st.dictionaries(st.text(max_size=6), json_values, max_size=5))
def test_canonical_json_reads_back_as_the_same_record(record: dict) -> None:
    canonical = canonical_record(record)
    assert json.loads(canonical.decode("utf-8")) == record
    assert canonical_record(json.loads(canonical)) == canonical
    assert canonical_record(dict(reversed(record.items()))) == canonical
