"""Importing an old register from CSV: checked row by row, whole units or nothing."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from yichuang.audit.models import AuditEvent
from yichuang.registry.models import Entry, Unit
from yichuang.registry.selectors import projection_differences

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


def test_good_units_are_imported_and_bad_ones_rejected_with_reasons(cast, folder) -> None:
    summary = _run(folder)
    assert summary.startswith("imported 2 units, skipped 0 already on the register, rejected 3")
    assert set(Unit.objects.values_list("code", flat=True)) == {
        "320684001001GB00002F00010101",
        "320684001001GB00002F00010201",
    }
    reasons = {
        row["unit_code"]: (row["file"], row["line"], row["reason"]) for row in _rejections(folder)
    }
    assert reasons["320684001001GB00002F00010301"][:2] == ("rights.csv", "6")
    assert "校验码" in reasons["320684001001GB00002F00010301"][2]
    assert "第13位" in reasons["320684001001XB00002F00010401"][2]
    assert reasons["320684001001GB00002F00010501"][2] == "no office with code 'nowhere'"


def test_history_is_entered_through_the_rules_with_mortgage_and_seizure(cast, folder) -> None:
    _run(folder)
    first = Unit.objects.get(code="320684001001GB00002F00010101")
    assert list(
        Entry.objects.filter(unit=first).values_list("registration_type", flat=True).order_by("seq")
    ) == ["first", "mortgage"]
    assert Entry.objects.get(unit=first, seq=1).case_reference == "海房权证海字第2012-00123号"
    second = Unit.objects.get(code="320684001001GB00002F00010201")
    assert list(
        Entry.objects.filter(unit=second)
        .values_list("registration_type", flat=True)
        .order_by("seq")
    ) == ["first", "seizure"]
    assert projection_differences() == (2, [])
    assert AuditEvent.objects.filter(event_type="register.entry").count() == 4


def test_a_rerun_adds_nothing_already_imported(cast, folder) -> None:
    _run(folder)
    counts = (Unit.objects.count(), Entry.objects.count())
    assert _run(folder).startswith("imported 0 units, skipped 2")
    assert (Unit.objects.count(), Entry.objects.count()) == counts


def test_a_file_without_its_columns_is_refused_before_anything_is_written(cast, folder) -> None:
    (folder / "rights.csv").write_text("unit_code,holder_name\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"rights\.csv: missing columns"):
        _run(folder)
    assert not Unit.objects.exists()


def test_an_unknown_registrar_is_refused(db, folder) -> None:
    with pytest.raises(CommandError, match="no active user"):
        call_command("registry_import", str(folder), registrar="nobody")
