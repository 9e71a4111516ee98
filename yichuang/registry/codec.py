"""Register values to JSON and back, exactly (登记数据的存储格式).

Entries are stored as JSON and a unit's projection too; rebuilding a unit
reads them back, so the round trip must be exact: ``decode(T, encode(x)) == x``
for every rules value. One generic codec serves every frozen dataclass of
:mod:`yichuang.registry.rules`, guided by its type hints:

- ``Fraction`` as ``"n/d"``, ``Decimal`` as its string, dates and times as ISO
  8601 (times must be aware), enums by value;
- tuples and frozensets as lists (frozensets sorted, so equal sets encode
  equally);
- a union of dataclasses (a payload) as an object with ``"type"`` naming the
  class, so the type of a stored payload can never be guessed wrong.

Pure: no Django import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
TYPE_KEY = "type"


_PLAIN = frozenset({str, int, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order; None for any other class."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(field.name for field in dataclasses.fields(cls))


def encode(value: Any) -> Any:
    """A JSON-ready form of a rules value."""
    cls: type = type(value)
    if cls in _PLAIN:
        return value
    names = _field_names(cls)
    if names is not None:
        return {TYPE_KEY: cls.__name__, **{name: encode(getattr(value, name)) for name in names}}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a register time must be timezone-aware")
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted((encode(item) for item in value), key=repr)
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    raise TypeError(f"cannot store a {type(value).__name__} in the register")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(kind: Any, data: Any) -> Any:
    """The rules value of type ``kind`` that :func:`encode` turned into ``data``."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(typing.get_args(kind), data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(decode(item, element) for element in data)
    if origin is frozenset:
        item = typing.get_args(kind)[0]
        return frozenset(decode(item, element) for element in data)
    if dataclasses.is_dataclass(kind):
        return _decode_dataclass(kind, data)
    return _decode_scalar(kind, data)


def _decode_union(options: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in options:
        return None
    classes: list[type] = [
        option
        for option in options
        if isinstance(option, type) and dataclasses.is_dataclass(option)
    ]
    if classes and isinstance(data, dict):
        for option in classes:
            if option.__name__ == data.get(TYPE_KEY):
                return _decode_dataclass(option, data)
        raise ValueError(f"unknown stored type {data.get(TYPE_KEY)!r}")
    non_null = [option for option in options if option is not type(None)]
    if len(non_null) != 1:
        raise TypeError(f"cannot tell which of {non_null} was stored")
    return decode(non_null[0], data)


def _decode_dataclass(cls: Any, data: dict[str, Any]) -> Any:
    if data.get(TYPE_KEY) != cls.__name__:
        raise ValueError(f"stored {data.get(TYPE_KEY)!r} where {cls.__name__} was expected")
    hints = _hints(cls)
    values = {
        field.name: decode(hints[field.name], data[field.name])
        for field in dataclasses.fields(cls)
        if field.init and field.name in data
    }
    return cls(**values)


def _decode_scalar(kind: Any, data: Any) -> Any:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is Fraction:
        return Fraction(data)
    if kind is Decimal:
        return Decimal(data)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    if kind in (bool, int, str):
        if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
            raise ValueError(f"stored {data!r} where {kind.__name__} was expected")
        return data
    raise TypeError(f"no stored form for {kind!r}")


def decode_as(cls: type[T], data: Any) -> T:
    """:func:`decode` for a dataclass, typed."""
    value: T = decode(cls, data)
    return value
