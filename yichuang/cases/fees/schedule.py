"""The fee schedule (收费标准): versioned data, refused whole if any item is unlawful.

The schedule lives in ``yichuang/cases/data/fee_schedule.json`` so that a change
of fee is a reviewed change of data. Each version has an effective date; the
schedule that binds a case is the one in force on the day it was accepted.

Loading refuses the whole file, naming the item, when an item has no legal
basis, a negative amount, a duplicate or unknown code, or a field the loader
does not know: a silently ignored field could be a condition someone believed
was applied.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from yichuang.cases.fees.codes import Payer, RegistrationType, Treatment
from yichuang.cases.fees.items import POLICY_ITEMS, TYPE_ITEMS, ZERO_ITEMS, ItemCode

__all__ = [
    "FeeItem",
    "FeeSchedule",
    "NoScheduleInForceError",
    "ScheduleError",
    "default_schedules",
    "load_schedules",
    "parse_schedules",
    "schedule_in_force",
]

_DOCUMENT_FIELDS = frozenset({"schedules"})
_VERSION_FIELDS = frozenset({"version", "effective_from", "basis", "note", "items"})
_VERSION_REQUIRED = frozenset({"version", "effective_from", "basis", "items"})
_ITEM_FIELDS = frozenset(
    {"code", "label", "amount", "basis", "confirmed", "treatment", "payer", "note"}
)
_ITEM_REQUIRED = frozenset({"code", "label", "amount", "basis", "confirmed"})
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScheduleError(ValueError):
    """A fee schedule that may not be loaded; ``item`` names the offending item."""

    def __init__(self, message: str, *, version: str | None = None, item: str | None = None):
        self.version = version
        # str() turns an ItemCode into its bare code, as written in the JSON.
        self.item = None if item is None else str(item)
        where = "fee schedule"
        if version is not None:
            where += f" {version}"
        if self.item is not None:
            where += f", item {self.item!r}"
        super().__init__(f"{where}: {message}")


class NoScheduleInForceError(LookupError):
    """No version of the schedule was in force on the date asked about."""


@dataclass(frozen=True, slots=True)
class FeeItem:
    """One row of the schedule (收费项目): an amount in yuan and the law it rests on.

    ``treatment`` and ``payer`` are set only on the items that decide how a kind
    of case is charged (registration types and circumstances); ``confirmed`` is
    false where the project's domain reference has not confirmed the row, and
    ``note`` says which default was chosen and why.
    """

    code: ItemCode
    label: str
    amount: Decimal
    basis: str
    confirmed: bool
    treatment: Treatment | None = None
    payer: Payer | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """One version of the fee schedule (收费标准版本), in force from ``effective_from``."""

    version: str
    effective_from: dt.date
    basis: str
    items: Mapping[ItemCode, FeeItem]
    note: str = ""

    def item(self, code: ItemCode) -> FeeItem:
        """The item with ``code``; every known code is present in a loaded schedule."""
        return self.items[code]

    def for_type(self, registration_type: RegistrationType) -> FeeItem:
        """The item saying how ``registration_type`` is charged and who pays."""
        return self.items[TYPE_ITEMS[registration_type]]

    def unconfirmed(self) -> tuple[FeeItem, ...]:
        """The rows that rest on a default rather than a confirmed reading of the law."""
        return tuple(item for item in self.items.values() if not item.confirmed)


def _text(value: object, what: str, *, version: str | None, item: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScheduleError(f"{what} must be a non-empty string", version=version, item=item)
    return value.strip()


def _amount(value: object, *, version: str, item: str) -> Decimal:
    # A JSON number would be read as a binary float, which cannot hold most
    # amounts in fen exactly.
    if not isinstance(value, str):
        raise ScheduleError('amount must be a string such as "80"', version=version, item=item)
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise ScheduleError(
            f"amount {value!r} is not a number", version=version, item=item
        ) from None
    if not amount.is_finite():
        raise ScheduleError(f"amount {value!r} is not a number", version=version, item=item)
    if amount.is_signed():
        raise ScheduleError(f"amount {value!r} is negative", version=version, item=item)
    if amount != amount.quantize(Decimal("0.01")):
        raise ScheduleError(f"amount {value!r} has fractions of a fen", version=version, item=item)
    return amount


def _fields(
    raw: Mapping[str, object],
    allowed: frozenset[str],
    required: frozenset[str],
    *,
    version: str | None,
    item: str | None = None,
) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ScheduleError(f"unknown field(s) {', '.join(unknown)}", version=version, item=item)
    missing = sorted(required - set(raw))
    if missing:
        if "basis" in missing:
            raise ScheduleError("no legal basis", version=version, item=item)
        raise ScheduleError(f"missing field(s) {', '.join(missing)}", version=version, item=item)


def _item(raw: object, *, version: str, position: int) -> FeeItem:
    if not isinstance(raw, dict):
        raise ScheduleError(f"item #{position} is not an object", version=version)
    name = raw.get("code")
    label_for_errors = name if isinstance(name, str) else f"#{position}"
    _fields(raw, _ITEM_FIELDS, _ITEM_REQUIRED, version=version, item=label_for_errors)
    code_text = _text(name, "code", version=version, item=label_for_errors)
    try:
        code = ItemCode(code_text)
    except ValueError:
        raise ScheduleError(
            "unknown code: the fee rules never apply it, so it could only be charged off-schedule",
            version=version,
            item=code_text,
        ) from None
    basis = raw.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        raise ScheduleError("no legal basis", version=version, item=code)
    label = _text(raw["label"], "label", version=version, item=code)
    if not _CHINESE.search(label):
        raise ScheduleError("label must be in Chinese", version=version, item=code)
    amount = _amount(raw["amount"], version=version, item=code)
    if code in ZERO_ITEMS and amount != 0:
        raise ScheduleError(
            "amount must be 0: this item only ever shows what is not charged",
            version=version,
            item=code,
        )
    confirmed = raw["confirmed"]
    if not isinstance(confirmed, bool):
        raise ScheduleError("confirmed must be true or false", version=version, item=code)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ScheduleError("note must be a string", version=version, item=code)
    return FeeItem(
        code=code,
        label=label,
        amount=amount,
        basis=basis.strip(),
        confirmed=confirmed,
        treatment=_treatment(raw, code, version=version),
        payer=_payer(raw, code, version=version),
        note=note.strip(),
    )


def _treatment(raw: Mapping[str, object], code: ItemCode, *, version: str) -> Treatment | None:
    value = raw.get("treatment")
    if code not in POLICY_ITEMS:
        if value is not None:
            raise ScheduleError(
                "treatment applies only to types and circumstances", version=version, item=code
            )
        return None
    if value is None:
        raise ScheduleError("missing field(s) treatment", version=version, item=code)
    try:
        return Treatment(str(value))
    except ValueError:
        choices = ", ".join(t.value for t in Treatment)
        raise ScheduleError(
            f"treatment {value!r} is not one of {choices}", version=version, item=code
        ) from None


def _payer(raw: Mapping[str, object], code: ItemCode, *, version: str) -> Payer | None:
    value = raw.get("payer")
    if code not in TYPE_ITEMS.values():
        if value is not None:
            raise ScheduleError(
                "payer applies only to registration types", version=version, item=code
            )
        return None
    if value is None:
        raise ScheduleError("missing field(s) payer", version=version, item=code)
    try:
        return Payer(str(value))
    except ValueError:
        choices = ", ".join(p.value for p in Payer)
        raise ScheduleError(
            f"payer {value!r} is not one of {choices}", version=version, item=code
        ) from None


def _version(raw: object, *, position: int) -> FeeSchedule:
    if not isinstance(raw, dict):
        raise ScheduleError(f"schedule #{position} is not an object")
    name = raw.get("version")
    version = name.strip() if isinstance(name, str) and name.strip() else f"#{position}"
    _fields(raw, _VERSION_FIELDS, _VERSION_REQUIRED, version=version)
    version = _text(name, "version", version=version)
    effective = raw["effective_from"]
    if not isinstance(effective, str) or not _DATE.fullmatch(effective):
        raise ScheduleError("effective_from must be a date written YYYY-MM-DD", version=version)
    try:
        effective_from = dt.date.fromisoformat(effective)
    except ValueError:
        raise ScheduleError(
            f"effective_from {effective!r} is not a date", version=version
        ) from None
    basis = _text(raw["basis"], "basis", version=version)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ScheduleError("note must be a string", version=version)
    rows = raw["items"]
    if not isinstance(rows, list):
        raise ScheduleError("items must be a list", version=version)
    items: dict[ItemCode, FeeItem] = {}
    for index, row in enumerate(rows, start=1):
        item = _item(row, version=version, position=index)
        if item.code in items:
            raise ScheduleError("duplicate code", version=version, item=item.code)
        items[item.code] = item
    missing = [code for code in ItemCode if code not in items]
    if missing:
        raise ScheduleError(
            "missing item(s) the fee rules need: " + ", ".join(missing),
            version=version,
            item=missing[0],
        )
    return FeeSchedule(version, effective_from, basis, MappingProxyType(items), note.strip())


def parse_schedules(document: object) -> tuple[FeeSchedule, ...]:
    """Validate a parsed schedule document; the versions come back by effective date.

    Raises :class:`ScheduleError` naming the first offending version and item.
    """
    if not isinstance(document, dict):
        raise ScheduleError("the document must be an object with a 'schedules' list")
    _fields(document, _DOCUMENT_FIELDS, _DOCUMENT_FIELDS, version=None)
    rows = document["schedules"]
    if not isinstance(rows, list) or not rows:
        raise ScheduleError("'schedules' must be a non-empty list")
    schedules = [_version(row, position=index) for index, row in enumerate(rows, start=1)]
    seen_versions: set[str] = set()
    seen_dates: dict[dt.date, str] = {}
    for schedule in schedules:
        if schedule.version in seen_versions:
            raise ScheduleError("duplicate version", version=schedule.version)
        seen_versions.add(schedule.version)
        if schedule.effective_from in seen_dates:
            raise ScheduleError(
                f"in force from the same day as {seen_dates[schedule.effective_from]}",
                version=schedule.version,
            )
        seen_dates[schedule.effective_from] = schedule.version
    return tuple(sorted(schedules, key=lambda s: s.effective_from))


def load_schedules(path: Path | None = None) -> tuple[FeeSchedule, ...]:
    """Read and validate the schedule file (the packaged one unless ``path`` is given)."""
    if path is None:
        text = (
            resources.files("yichuang.cases")
            .joinpath("data", "fee_schedule.json")
            .read_text(encoding="utf-8")
        )
    else:
        text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScheduleError(f"not valid JSON: {error}") from None
    return parse_schedules(document)


@functools.cache
def default_schedules() -> tuple[FeeSchedule, ...]:
    """The packaged schedule, read once per process."""
    return load_schedules()


def schedule_in_force(on: dt.date, schedules: Sequence[FeeSchedule] | None = None) -> FeeSchedule:
    """The version in force on ``on`` (the local date a case was accepted).

    Raises :class:`NoScheduleInForceError` for a date before the first version.
    """
    if isinstance(on, dt.datetime):
        # A datetime would silently pick the UTC date; the caller knows the local one.
        raise TypeError("pass the local date (UTC+8) on which the case was accepted")
    candidates = [s for s in (schedules or default_schedules()) if s.effective_from <= on]
    if not candidates:
        raise NoScheduleInForceError(f"no fee schedule was in force on {on.isoformat()}")
    return max(candidates, key=lambda s: s.effective_from)
