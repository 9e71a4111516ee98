"""Strict readers for settings taken from environment variables.

A wrong value stops start-up with a message that names the variable, so an
operator never runs with a silently misread configuration. No Django import:
``settings.py`` uses these before Django is configured.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

_MISSING = object()


class EnvError(Exception):
    """A variable is missing or holds a value its reader refuses."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    value = source.get(name)
    if value is None:
        return None
    return value.strip()


def env_str(
    name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """A string; without a default the variable is required and may not be empty."""
    value = _raw(name, environ)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"{name} is required but not set")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """Exactly ``True`` or ``False`` (any case); anything else is refused."""
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise EnvError(f"{name} must be True or False, not {value!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole number, optionally within bounds."""
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value, 10)
    except ValueError:
        raise EnvError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"{name} must be at least {minimum}, not {number}")
    if maximum is not None and number > maximum:
        raise EnvError(f"{name} must be at most {maximum}, not {number}")
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks between commas are refused."""
    value = _raw(name, environ)
    if value is None or value == "":
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise EnvError(f"{name} has an empty item: {value!r}")
    return items


def env_choice(
    name: str,
    default: str,
    *,
    choices: tuple[str, ...],
    environ: Mapping[str, str] | None = None,
) -> str:
    """One of a fixed set of words."""
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    if value not in choices:
        raise EnvError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value
