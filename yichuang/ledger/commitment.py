"""What a ledger leaf is: a salted commitment to a record, never the record itself.

The ledger is published to auditors, so it must not reveal a register entry
(an owner's name, an ID number, a mortgage). Each leaf therefore commits to
the record with a random 32-byte salt: whoever holds the record and its salt
(the owner's receipt, the office's database) can prove the record is in the
log; everybody else sees 32 bytes that reveal nothing, and cannot confirm a
guessed record without the salt.

Format, version 1 (an auditor can reimplement it from this alone):

``canonical_record(record)``
    The record as JSON, encoded as UTF-8:

    * values are objects, arrays, strings, integers, ``true``, ``false`` and
      ``null`` only. Floats are refused (their text form is not canonical
      across languages: give decimals as strings, e.g. ``"120.50"``), and so
      are dates (give ISO 8601 strings). Integers must lie within
      ±(2**53 − 1), so that every JSON implementation reads them exactly;
    * object keys are strings, sorted by Unicode code point, without
      duplicates;
    * no whitespace outside strings: ``{"a":1,"b":[true,null]}``;
    * integers in decimal without leading zeros or ``+``;
    * strings in double quotes, with every character written as itself in
      UTF-8 except: ``"`` → ``\\"``, ``\\`` → ``\\\\``, U+0008 → ``\\b``,
      U+000C → ``\\f``, U+000A → ``\\n``, U+000D → ``\\r``, U+0009 → ``\\t``,
      and the other code points below U+0020 → ``\\u00xx`` (lowercase hex).
      Lone surrogates are refused (they are not UTF-8).

``commitment(record, salt)``
    ``SHA-256(salt || canonical_record(record))``, 32 bytes; ``salt`` is
    exactly 32 bytes from a cryptographic random source.

``leaf_data(kind=..., record=..., salt=...)``
    The ASCII bytes ``"yichuang/leaf/v1\\n" + kind + "\\n" + hex(commitment)``:
    the version line, the kind of record (one or more runs of ``a``–``z``
    joined by single hyphens, at most 64 characters, e.g. ``register-entry``
    or ``audit-event``), and the commitment as 64 lowercase hexadecimal
    digits. No trailing newline. These bytes are the Merkle leaf (see
    :mod:`yichuang.ledger.merkle`: its leaf hash is SHA-256(0x00 || bytes)).

The kind is in the leaf so that a proof about an audit event can never be
passed off as a proof about a register entry with the same commitment.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

SALT_SIZE = 32
COMMITMENT_SIZE = 32
LEAF_VERSION = b"yichuang/leaf/v1"
MAX_SAFE_INTEGER = 2**53 - 1

_KIND = re.compile(r"[a-z]+(?:-[a-z]+)*")
_MAX_KIND_LENGTH = 64
_COMMITMENT_HEX = re.compile(r"[0-9a-f]{64}")


class UncommittableRecordError(ValueError):
    """The record holds a value that has no canonical form (a float, a date...)."""


def _check_value(value: object, where: str) -> None:
    """Refuse anything canonical JSON cannot represent exactly, naming where it is."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise UncommittableRecordError(
                f"{where}: integer {value} is beyond ±(2**53 − 1); give it as a string"
            )
        return
    if isinstance(value, str):
        _check_string(value, where)
        return
    if isinstance(value, list):
        for position, item in enumerate(value):
            _check_value(item, f"{where}[{position}]")
        return
    if isinstance(value, dict):
        _check_object(value, where)
        return
    if isinstance(value, float):
        raise UncommittableRecordError(
            f"{where}: floats are not allowed; give decimals as strings, e.g. '120.50'"
        )
    raise UncommittableRecordError(
        f"{where}: {type(value).__name__} is not allowed; use str, int, bool, None, "
        "list or dict (dates as ISO 8601 strings)"
    )


def _check_object(value: Mapping[Any, object], where: str) -> None:
    for key, item in value.items():
        if not isinstance(key, str):
            raise UncommittableRecordError(f"{where}: key {key!r} is not a string")
        _check_string(key, f"{where} key")
        _check_value(item, f"{where}[{key!r}]")


def _check_string(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UncommittableRecordError(f"{where}: string is not valid Unicode") from None


def canonical_record(record: Mapping[str, object]) -> bytes:
    """The canonical JSON bytes of ``record`` (see the module docstring)."""
    if not isinstance(record, Mapping):
        raise UncommittableRecordError(f"a record is a mapping, not {type(record).__name__}")
    plain = dict(record)
    _check_object(plain, "record")
    text = json.dumps(
        plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def new_salt() -> bytes:
    """32 fresh bytes from the operating system's cryptographic random source."""
    return secrets.token_bytes(SALT_SIZE)


def commitment(record: Mapping[str, object], salt: bytes) -> bytes:
    """SHA-256(salt || canonical_record(record))."""
    if not isinstance(salt, bytes) or len(salt) != SALT_SIZE:
        raise ValueError(f"a salt is exactly {SALT_SIZE} bytes")
    return hashlib.sha256(salt + canonical_record(record)).digest()


def check_kind(kind: str) -> str:
    """Return ``kind`` if it is a valid record kind, else raise ValueError."""
    if not isinstance(kind, str) or len(kind) > _MAX_KIND_LENGTH or _KIND.fullmatch(kind) is None:
        raise ValueError(
            f"record kind {kind!r} must be lowercase words a-z joined by single hyphens "
            f"(at most {_MAX_KIND_LENGTH} characters)"
        )
    return kind


def leaf_data_for_commitment(*, kind: str, commitment: bytes) -> bytes:
    """The leaf bytes for a commitment already computed (what the log stores)."""
    if not isinstance(commitment, bytes) or len(commitment) != COMMITMENT_SIZE:
        raise ValueError("a commitment is a 32-byte SHA-256 digest")
    return b"\n".join((LEAF_VERSION, check_kind(kind).encode("ascii"), commitment.hex().encode()))


def leaf_data(*, kind: str, record: Mapping[str, object], salt: bytes) -> bytes:
    """The Merkle leaf committing to ``record`` under ``salt`` as a ``kind``."""
    return leaf_data_for_commitment(kind=kind, commitment=commitment(record, salt))


def parse_leaf_data(data: bytes) -> tuple[str, bytes]:
    """Split version-1 leaf bytes into (kind, commitment); ValueError if malformed."""
    parts = data.split(b"\n")
    if len(parts) != 3 or parts[0] != LEAF_VERSION:
        raise ValueError("not a yichuang/leaf/v1 leaf")
    kind = check_kind(parts[1].decode("ascii", errors="replace"))
    digest = parts[2].decode("ascii", errors="replace")
    if _COMMITMENT_HEX.fullmatch(digest) is None:
        raise ValueError("leaf commitment is not 64 lowercase hex digits")
    return kind, bytes.fromhex(digest)
