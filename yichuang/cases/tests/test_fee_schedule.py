"""The fee schedule as data: what the packaged file says, and what loading refuses.

Every refusal names the offending item, so a reviewer knows which row to fix.
The refusals are tested by mutating a copy of the packaged document, so each
test differs from a valid schedule by exactly the fault it names.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from yichuang.cases.fees import (
    FeeSchedule,
    ItemCode,
    NoScheduleInForceError,
    Payer,
    ScheduleError,
    Treatment,
    default_schedules,
    load_schedules,
    parse_schedules,
    schedule_in_force,
)
from yichuang.cases.fees.items import POLICY_ITEMS, TYPE_ITEMS, ZERO_ITEMS

DATA = Path(__file__).resolve().parents[1] / "data" / "fee_schedule.json"
PACKAGED: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))


def document() -> dict[str, Any]:
    """A fresh copy of the packaged document, safe to mutate."""
    return copy.deepcopy(PACKAGED)


def row(doc: dict[str, Any], code: str, version: int = 0) -> dict[str, Any]:
    items: list[dict[str, Any]] = doc["schedules"][version]["items"]
    return next(item for item in items if item["code"] == code)


def refused(doc: object) -> ScheduleError:
    with pytest.raises(ScheduleError) as caught:
        parse_schedules(doc)
    return caught.value


def current() -> FeeSchedule:
    return schedule_in_force(dt.date(2024, 6, 1))


# The packaged schedule -------------------------------------------------------


def test_the_packaged_schedule_loads_with_every_item_the_rules_need() -> None:
    schedules = default_schedules()
    assert len(schedules) == 1
    schedule = schedules[0]
    assert schedule.version == "2017-1"
    assert schedule.effective_from == dt.date(2017, 3, 15)
    assert set(schedule.items) == set(ItemCode)


def test_every_packaged_item_cites_a_legal_basis_and_has_a_chinese_label() -> None:
    for item in current().items.values():
        assert item.basis.strip(), item.code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in item.label), item.code
        assert ("〔2016〕" in item.basis) or ("民法典" in item.basis), item.code


def test_the_packaged_amounts_are_the_reference_figures() -> None:
    schedule = current()
    amounts = {code: schedule.item(code).amount for code in ItemCode}
    assert amounts[ItemCode.REGISTRATION_RESIDENTIAL] == Decimal("80")
    assert amounts[ItemCode.REGISTRATION_NON_RESIDENTIAL] == Decimal("550")
    assert amounts[ItemCode.REGISTRATION_ANCILLARY] == Decimal("80")
    assert amounts[ItemCode.CERTIFICATE_EXTRA] == Decimal("10")
    assert amounts[ItemCode.CERTIFICATE_COST_ONLY] == Decimal("10")
    assert all(amounts[code] == 0 for code in ZERO_ITEMS)


def test_only_the_rows_the_reference_confirms_are_marked_confirmed() -> None:
    schedule = current()
    confirmed = {item.code for item in schedule.items.values() if item.confirmed}
    assert confirmed == {
        ItemCode.REGISTRATION_RESIDENTIAL,
        ItemCode.REGISTRATION_NON_RESIDENTIAL,
        ItemCode.TYPE_FIRST,
        ItemCode.TYPE_CHANGE,
    }
    assert {item.code for item in schedule.unconfirmed()} == set(ItemCode) - confirmed


def test_the_unconfirmed_rows_carry_the_documented_defaults() -> None:
    schedule = current()
    assert schedule.item(ItemCode.TYPE_ADVANCE_NOTICE).treatment is Treatment.FREE
    assert schedule.item(ItemCode.TYPE_OBJECTION).treatment is Treatment.FREE
    assert schedule.item(ItemCode.TYPE_CORRECTION).treatment is Treatment.FREE
    assert schedule.item(ItemCode.BETWEEN_SPOUSES).treatment is Treatment.CERTIFICATE_COST_ONLY
    assert (
        schedule.item(ItemCode.TYPE_CERTIFICATE_REISSUE).treatment
        is Treatment.CERTIFICATE_COST_ONLY
    )
    assert schedule.item(ItemCode.HOMESTEAD).treatment is Treatment.CERTIFICATE_COST_ONLY
    assert schedule.item(ItemCode.TYPE_TRANSFER).payer is Payer.NEW_HOLDER
    assert schedule.item(ItemCode.TYPE_MORTGAGE).payer is Payer.NEW_HOLDER
    for code in (
        ItemCode.TYPE_ADVANCE_NOTICE,
        ItemCode.TYPE_OBJECTION,
        ItemCode.BETWEEN_SPOUSES,
        ItemCode.TYPE_CERTIFICATE_REISSUE,
        ItemCode.HOMESTEAD,
        ItemCode.TYPE_TRANSFER,
    ):
        assert not schedule.item(code).confirmed, code


def test_every_registration_type_has_a_treatment_and_a_payer() -> None:
    schedule = current()
    for registration_type, code in TYPE_ITEMS.items():
        item = schedule.for_type(registration_type)
        assert item.code is code
        assert item.treatment is not None
        assert item.payer is not None
    for code in POLICY_ITEMS:
        assert schedule.item(code).treatment is not None


def test_the_packaged_document_parses_to_the_same_schedule() -> None:
    assert parse_schedules(document()) == default_schedules()


def test_load_schedules_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "fees.json"
    path.write_text(json.dumps(PACKAGED, ensure_ascii=False), encoding="utf-8")
    assert load_schedules(path) == default_schedules()


def test_load_schedules_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "fees.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ScheduleError, match="not valid JSON"):
        load_schedules(path)


# Refusals that name the item -------------------------------------------------


def test_an_item_without_a_legal_basis_is_refused_by_name() -> None:
    doc = document()
    del row(doc, "registration.residential")["basis"]
    error = refused(doc)
    assert error.item == "registration.residential"
    assert error.version == "2017-1"
    assert "no legal basis" in str(error)
    assert "registration.residential" in str(error)


@pytest.mark.parametrize("basis", ["", "   ", None, 2559])
def test_an_item_with_an_empty_basis_is_refused_by_name(basis: object) -> None:
    doc = document()
    row(doc, "proof")["basis"] = basis
    error = refused(doc)
    assert error.item == "proof"
    assert "no legal basis" in str(error)


@pytest.mark.parametrize("amount", ["-10", "-0", "-0.01"])
def test_a_negative_amount_is_refused_by_name(amount: str) -> None:
    doc = document()
    row(doc, "certificate.extra")["amount"] = amount
    error = refused(doc)
    assert error.item == "certificate.extra"
    assert "negative" in str(error)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (80, "must be a string"),
        (80.0, "must be a string"),
        ("eighty", "not a number"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("80.001", "fractions of a fen"),
    ],
)
def test_an_amount_that_is_not_yuan_and_fen_is_refused(amount: object, message: str) -> None:
    doc = document()
    row(doc, "registration.non_residential")["amount"] = amount
    error = refused(doc)
    assert error.item == "registration.non_residential"
    assert message in str(error)


def test_amounts_in_fen_are_accepted() -> None:
    doc = document()
    row(doc, "certificate.extra")["amount"] = "10.50"
    schedule = parse_schedules(doc)[0]
    assert schedule.item(ItemCode.CERTIFICATE_EXTRA).amount == Decimal("10.50")


def test_a_duplicate_code_is_refused_by_name() -> None:
    doc = document()
    items = doc["schedules"][0]["items"]
    items.append(copy.deepcopy(row(doc, "registration.residential")))
    error = refused(doc)
    assert error.item == "registration.residential"
    assert "duplicate code" in str(error)


@pytest.mark.parametrize("field", ["per_area", "rate_per_square_metre", "condition"])
def test_an_unknown_item_field_is_refused_by_name(field: str) -> None:
    doc = document()
    row(doc, "registration.residential")[field] = True
    error = refused(doc)
    assert error.item == "registration.residential"
    assert f"unknown field(s) {field}" in str(error)


def test_an_unknown_version_field_is_refused() -> None:
    doc = document()
    doc["schedules"][0]["region"] = "全国"
    error = refused(doc)
    assert error.version == "2017-1"
    assert "unknown field(s) region" in str(error)


def test_an_unknown_document_field_is_refused() -> None:
    doc = document()
    doc["comment"] = "x"
    assert "unknown field(s) comment" in str(refused(doc))


def test_an_unknown_code_is_refused_as_off_schedule() -> None:
    doc = document()
    doc["schedules"][0]["items"].append(
        {"code": "survey", "label": "测绘费", "amount": "100", "basis": "无", "confirmed": False}
    )
    error = refused(doc)
    assert error.item == "survey"
    assert "off-schedule" in str(error)


def test_a_schedule_missing_an_item_the_rules_need_is_refused() -> None:
    doc = document()
    items = doc["schedules"][0]["items"]
    items.remove(row(doc, "type.seizure"))
    error = refused(doc)
    assert error.item == "type.seizure"
    assert "missing item(s)" in str(error)


@pytest.mark.parametrize(
    "code", ["proof", "certificate.first", "type.seizure", "exemption.social_housing"]
)
def test_an_item_the_law_fixes_at_zero_cannot_be_priced(code: str) -> None:
    doc = document()
    row(doc, code)["amount"] = "5"
    error = refused(doc)
    assert error.item == code
    assert "must be 0" in str(error)


Mutation = Callable[[dict[str, Any]], None]


@pytest.mark.parametrize(
    ("code", "mutate", "message"),
    [
        ("type.transfer", lambda r: r.pop("treatment"), "missing field(s) treatment"),
        ("type.transfer", lambda r: r.update(treatment="by_area"), "treatment 'by_area'"),
        ("registration.residential", lambda r: r.update(treatment="free"), "treatment applies"),
        ("type.transfer", lambda r: r.pop("payer"), "missing field(s) payer"),
        ("type.transfer", lambda r: r.update(payer="bank"), "payer 'bank'"),
        ("circumstance.homestead", lambda r: r.update(payer="applicant"), "payer applies"),
        ("proof", lambda r: r.update(label="proof"), "label must be in Chinese"),
        ("proof", lambda r: r.update(label=" "), "label must be a non-empty string"),
        ("proof", lambda r: r.update(confirmed="yes"), "confirmed must be true or false"),
        ("proof", lambda r: r.pop("confirmed"), "missing field(s) confirmed"),
        ("proof", lambda r: r.update(note=3), "note must be a string"),
    ],
)
def test_malformed_items_are_refused_by_name(code: str, mutate: Mutation, message: str) -> None:
    doc = document()
    mutate(row(doc, code))
    error = refused(doc)
    assert error.item == code
    assert message in str(error)


def test_an_item_that_is_not_an_object_is_refused_by_position() -> None:
    doc = document()
    doc["schedules"][0]["items"].insert(0, "registration.residential")
    assert "item #1 is not an object" in str(refused(doc))


@pytest.mark.parametrize("effective", ["2017/03/15", "20170315", "2017-02-30", 20170315, None])
def test_an_effective_date_that_is_not_a_date_is_refused(effective: object) -> None:
    doc = document()
    doc["schedules"][0]["effective_from"] = effective
    error = refused(doc)
    assert error.version == "2017-1"
    assert "effective_from" in str(error)


@pytest.mark.parametrize("broken", [[], {}, "schedules", None])
def test_a_document_without_schedules_is_refused(broken: object) -> None:
    assert "fee schedule" in str(refused({"schedules": broken}))


def test_a_document_that_is_not_an_object_is_refused() -> None:
    assert "must be an object" in str(refused([PACKAGED]))


# Versions and the schedule in force --------------------------------------------


def with_second_version(
    version: str = "2030-1", effective: str = "2030-01-01", residential: str = "100"
) -> dict[str, Any]:
    doc = document()
    second = copy.deepcopy(doc["schedules"][0])
    second["version"] = version
    second["effective_from"] = effective
    for item in second["items"]:
        if item["code"] == "registration.residential":
            item["amount"] = residential
    doc["schedules"].insert(0, second)  # file order must not matter
    return doc


def test_versions_come_back_in_effective_order() -> None:
    schedules = parse_schedules(with_second_version())
    assert [s.version for s in schedules] == ["2017-1", "2030-1"]


def test_the_schedule_in_force_is_the_latest_that_started_on_or_before_the_date() -> None:
    schedules = parse_schedules(with_second_version())
    assert schedule_in_force(dt.date(2029, 12, 31), schedules).version == "2017-1"
    assert schedule_in_force(dt.date(2030, 1, 1), schedules).version == "2030-1"
    later = schedule_in_force(dt.date(2031, 5, 1), schedules)
    assert later.item(ItemCode.REGISTRATION_RESIDENTIAL).amount == Decimal("100")
    assert schedule_in_force(dt.date(2017, 3, 15), schedules).version == "2017-1"


def test_no_schedule_is_in_force_before_the_first_version() -> None:
    with pytest.raises(NoScheduleInForceError, match="2017-03-14"):
        schedule_in_force(dt.date(2017, 3, 14))


def test_the_lookup_wants_the_local_date_not_a_datetime() -> None:
    with pytest.raises(TypeError, match="local date"):
        schedule_in_force(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def test_the_lookup_defaults_to_the_packaged_schedule() -> None:
    assert schedule_in_force(dt.date(2024, 1, 1)) is default_schedules()[0]


def test_two_versions_with_the_same_name_are_refused() -> None:
    error = refused(with_second_version(version="2017-1"))
    assert "duplicate version" in str(error)


def test_two_versions_in_force_from_the_same_day_are_refused() -> None:
    error = refused(with_second_version(effective="2017-03-15"))
    assert "fee schedule 2017-1: in force from the same day as 2030-1" in str(error)
