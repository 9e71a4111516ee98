"""Importing an old register from CSV: checked row by row, whole units or nothing."""

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from yichuang.accounts.calendar import office_calendar
from yichuang.audit.models import AuditEvent
from yichuang.registry.models import Entry, Party, Unit
from yichuang.registry.rules import Status, UnitView, unit_state_as_of
from yichuang.registry.selectors import projection_differences, unit_state

DATA = Path(__file__).resolve().parent / "data" / "legacy"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "legacy"
    shutil.copytree(DATA, target)
    return target


def _run(folder) -> str:
    out = io.StringIO()
    call_command(
        "registry_import", str(folder), registrar="registrar_a", stdout=out, stderr=io.StringIO()
    )
    return out.getvalue().strip()


def _rejections(folder) -> list[dict[str, str]]:
    with (folder / "rejected.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _add_restriction(folder, **values: str) -> None:
    with (folder / "restrictions.csv").open(encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    with (folder / "restrictions.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, columns).writerow(values)


def _objection(unit_code: str, registered_on: dt.date, **values: str) -> dict[str, str]:
    return {
        "unit_code": unit_code,
        "kind": "objection",
        "right_kind": "state_land_use_and_house",
        "party_kind": "person",
        "party_name": "陈九",
        "document_type": "resident_id",
        "document_number": "320684199007200052",
        "registered_on": registered_on.isoformat(),
        "grounds": "买卖合同伪造",
        **values,
    }


def _today_view(code: str) -> UnitView:
    unit = Unit.objects.select_related("projection", "office").get(code=code)
    return unit_state_as_of(
        unit_state(unit=unit), timezone.localdate(), office_calendar(unit.office)
    )


def _uid(document_number: str) -> str:
    return str(Party.objects.get(document_number=document_number).uid)


def test_good_units_are_imported_and_bad_ones_rejected_with_reasons(cast, folder) -> None:
    summary = _run(folder)
    assert summary.startswith("imported 3 units, skipped 0 already on the register, rejected 4")
    assert set(Unit.objects.values_list("code", flat=True)) == {
        "320684001001GB00002F00010101",
        "320684001001GB00002F00010201",
        "320684001001GB00002F00010701",
    }
    reasons = {
        row["unit_code"]: (row["file"], row["line"], row["reason"]) for row in _rejections(folder)
    }
    assert reasons["320684001001GB00002F00010301"][:2] == ("rights.csv", "6")
    assert "校验码" in reasons["320684001001GB00002F00010301"][2]
    assert "第13位" in reasons["320684001001XB00002F00010401"][2]
    assert reasons["320684001001GB00002F00010501"][2] == "no office with code 'nowhere'"
    assert reasons["320684001001GB00002F00010601"][:2] == ("restrictions.csv", "5")
    assert reasons["320684001001GB00002F00010601"][2].startswith(
        "refused by the rules: holders_missing"
    )
    assert "320684001001GB00002F00010701" not in reasons


def test_history_is_entered_through_the_rules_with_mortgage_and_seizure(cast, folder) -> None:
    _run(folder)
    first = Unit.objects.get(code="320684001001GB00002F00010101")
    assert list(
        Entry.objects.filter(unit=first).values_list("registration_type", flat=True).order_by("seq")
    ) == ["first", "mortgage", "advance_notice"]
    assert Entry.objects.get(unit=first, seq=1).case_reference == "海房权证海字第2012-00123号"
    second = Unit.objects.get(code="320684001001GB00002F00010201")
    assert list(
        Entry.objects.filter(unit=second)
        .values_list("registration_type", flat=True)
        .order_by("seq")
    ) == ["first", "seizure"]
    # The 2020 objection on the third unit was entered at its own time: lapsed today.
    (objection,) = _today_view("320684001001GB00002F00010701").objections
    assert objection.status != Status.ACTIVE
    assert projection_differences() == (3, [])
    # The entries' own records are their ledger leaves; one audit event records the batch.
    (event,) = AuditEvent.objects.filter(event_type="registry.import_batch")
    assert event.office == cast.office_a
    assert {key: event.after[key] for key in ("first_unit", "last_unit", "units", "entries")} == {
        "first_unit": "320684001001GB00002F00010101",
        "last_unit": "320684001001GB00002F00010701",
        "units": 3,
        "entries": 7,
    }
    assert event.after["source"] == str(folder)
    assert not AuditEvent.objects.filter(event_type="register.entry").exists()


def test_an_old_advance_notice_is_the_buyers_and_lapsed_90_days_after_it_was_possible(
    cast, folder
) -> None:
    _run(folder)
    (view,) = _today_view("320684001001GB00002F00010101").notices
    assert view.notice.holders == {_uid("320684198503120049")}
    assert view.notice.obligors == {_uid("11010519491231002X")}
    assert view.notice.possible_from == dt.date(2019, 3, 1)
    assert (view.status, view.deadline) == (Status.LAPSED, dt.date(2019, 5, 30))


def test_an_objection_within_its_15_days_is_imported_and_stands(cast, folder) -> None:
    today = timezone.localdate()
    _add_restriction(folder, **_objection("320684001001GB00002F00010201", today))
    assert _run(folder).startswith("imported 3 units")
    (view,) = _today_view("320684001001GB00002F00010201").objections
    assert view.objection.applicant == _uid("320684199007200052")
    assert (view.objection.grounds, view.status) == ("买卖合同伪造", Status.ACTIVE)
    unit = Unit.objects.get(code="320684001001GB00002F00010201")
    assert list(
        Entry.objects.filter(unit=unit).values_list("registration_type", flat=True).order_by("seq")
    ) == ["first", "seizure", "objection"]


def test_an_objection_past_its_15_days_is_imported_lapsed(cast, folder) -> None:
    registered = timezone.localdate() - dt.timedelta(days=40)
    _add_restriction(folder, **_objection("320684001001GB00002F00010201", registered))
    assert _run(folder).startswith("imported 3 units")
    (view,) = _today_view("320684001001GB00002F00010201").objections
    assert view.status != Status.ACTIVE
    entry = Entry.objects.get(
        unit__code="320684001001GB00002F00010201", registration_type="objection"
    )
    assert timezone.localdate(entry.entered_at) == registered


def test_an_objection_on_a_right_not_registered_is_refused_by_the_rules(cast, folder) -> None:
    today = timezone.localdate()
    row = _objection("320684001001GB00002F00010101", today, right_kind="homestead_use")
    _add_restriction(folder, **row)
    assert _run(folder).startswith("imported 2 units")
    (rejection,) = [r for r in _rejections(folder) if r["line"] == "7"]
    assert rejection["reason"].startswith("refused by the rules: right_not_registered")
    assert not Unit.objects.filter(code="320684001001GB00002F00010101").exists()


def test_an_advance_notice_on_a_seized_unit_is_refused_by_the_rules(cast, folder) -> None:
    notice = {
        "unit_code": "320684001001GB00002F00010201",
        "kind": "advance_notice",
        "right_kind": "state_land_use_and_house",
        "party_name": "冯八",
        "document_type": "resident_id",
        "document_number": "320684198503120049",
        "registered_on": "2019-01-02",
        "notice_kind": "transfer",
    }
    _add_restriction(folder, **notice)
    _run(folder)
    (rejection,) = [r for r in _rejections(folder) if r["line"] == "7"]
    assert rejection["reason"].startswith("refused by the rules: unit_seized")
    assert not Unit.objects.filter(code="320684001001GB00002F00010201").exists()


def test_a_rerun_adds_nothing_already_imported(cast, folder) -> None:
    _run(folder)
    counts = (Unit.objects.count(), Entry.objects.count())
    assert _run(folder).startswith("imported 0 units, skipped 3")
    assert (Unit.objects.count(), Entry.objects.count()) == counts


def test_a_file_without_its_columns_is_refused_before_anything_is_written(cast, folder) -> None:
    (folder / "rights.csv").write_text("unit_code,holder_name\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"rights\.csv: missing columns"):
        _run(folder)
    assert not Unit.objects.exists()


def test_an_unknown_registrar_is_refused(db, folder) -> None:
    with pytest.raises(CommandError, match="no active user"):
        call_command("registry_import", str(folder), registrar="nobody")
