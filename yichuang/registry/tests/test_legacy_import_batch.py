"""The batch import leaves exactly the register the unit-by-unit import leaves."""

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from yichuang.ledger.models import Leaf
from yichuang.registry import services
from yichuang.registry.legacy_import import (
    EVENT_TYPE,
    ImportReport,
    batch,
    import_register,
    import_register_per_unit,
    rows,
)
from yichuang.registry.models import Entry, Holding, Party, Unit, UnitProjection
from yichuang.registry.selectors import projection_differences

DATA = Path(__file__).resolve().parent / "data" / "legacy"
HOLDER = "11010519491231002X"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "legacy"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def frozen(monkeypatch):
    """One instant for the whole test, so entries made "now" compare equal across runs."""
    instant = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, columns).writerow(row)


@pytest.fixture
def richer(folder, frozen):
    """The example set plus a standing objection and a unit of another office."""
    _append(
        folder / "restrictions.csv",
        {
            "unit_code": "320684001001GB00002F00010201",
            "kind": "objection",
            "right_kind": "state_land_use_and_house",
            "party_kind": "person",
            "party_name": "陈九",
            "document_type": "resident_id",
            "document_number": "320684199007200052",
            "registered_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "grounds": "买卖合同伪造",
        },
    )
    _append(
        folder / "units.csv",
        {
            "unit_code": "320602001001GB00002F00010101",
            "office": "chongchuan",
            "location": "崇川区人民路1号",
            "planned_use": "住宅",
            "residential": "true",
        },
    )
    _append(
        folder / "rights.csv",
        {
            "unit_code": "320602001001GB00002F00010101",
            "right_kind": "state_land_use_and_house",
            "co_ownership": "sole",
            "holder_kind": "person",
            "holder_name": "钱一",
            "document_type": "resident_id",
            "document_number": HOLDER,
            "registered_on": "2012-05-08",
        },
    )
    return folder


def _named(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every party uid replaced by the party's document."""
    if isinstance(value, dict):
        return {key: _named(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_named(item, names) for item in value]
    return names.get(value, value) if isinstance(value, str) else value


def _register() -> dict[str, Any]:
    """The whole register in a form free of ids, uids and salts."""
    names = {
        str(uid): f"{kind}:{number}"
        for uid, kind, number in Party.objects.values_list(
            "uid", "document_type", "document_number"
        )
    }
    entries = Entry.objects.select_related("unit__office").order_by("unit__code", "seq")
    for entry in entries:
        leaf = Leaf.objects.get(log__origin=entry.ledger_origin, index=entry.ledger_index)
        assert bytes(leaf.data) == services.entry_leaf(entry)[2]
    assert Leaf.objects.filter(log__origin__contains="/register/").count() == len(entries)
    return {
        "parties": sorted(
            Party.objects.values_list("kind", "name", "document_type", "document_number")
        ),
        "units": sorted(
            Unit.objects.values_list(
                "code", "office__code", "location", "planned_use", "is_residential", "land_area"
            )
        ),
        "entries": [
            (
                entry.unit.code,
                entry.seq,
                entry.registration_type,
                _named(entry.content, names),
                entry.legal_basis,
                entry.case_reference,
                entry.registrar_id,
                entry.accepted_at,
                entry.entered_at,
            )
            for entry in entries
        ],
        "states": sorted(
            (p.unit.code, p.last_seq, repr(_named(p.state, names)))
            for p in UnitProjection.objects.select_related("unit")
        ),
        "holdings": sorted(
            (h.unit.code, h.party.document_number, h.right_kind, h.share)
            for h in Holding.objects.select_related("unit", "party")
        ),
    }


def _outcome(report: ImportReport) -> tuple[int, int, set[tuple[str, int, str, str]]]:
    rejected = {(r.file, r.line, r.unit_code, r.reason) for r in report.rejected}
    return report.imported, report.skipped, rejected


def _import_and_undo(cast, folder: Path, importer: Any, **options: Any) -> tuple[Any, Any]:
    """Import, read the register and the outcome, then roll it all back."""
    with transaction.atomic():
        report = importer(folder, actor=cast.registrar_a, **options)
        found = (_register(), _outcome(report))
        assert projection_differences()[1] == []
        transaction.set_rollback(True)
    return found


def test_the_batch_import_enters_exactly_what_the_unit_by_unit_import_enters(cast, richer) -> None:
    by_unit = _import_and_undo(cast, richer, import_register_per_unit)
    in_batches = _import_and_undo(cast, richer, import_register)
    assert in_batches == by_unit
    register, (imported, skipped, rejected) = in_batches
    assert (imported, skipped) == (3, 0)
    assert [entry[2] for entry in register["entries"] if entry[0].endswith("0201")] == [
        "first",
        "seizure",
        "objection",
    ]
    assert (
        "units.csv",
        9,
        "320602001001GB00002F00010101",
        ("registrar_a is not a registrar of office 'chongchuan'"),
    ) in rejected
    assert len(rejected) == 5


@pytest.mark.parametrize("batch_units", [1, 2, 3])
def test_where_batches_end_changes_nothing(cast, richer, batch_units) -> None:
    whole = _import_and_undo(cast, richer, import_register)
    assert _import_and_undo(cast, richer, import_register, batch_units=batch_units) == whole


def test_files_sorted_outside_memory_give_the_same_register(cast, richer, monkeypatch) -> None:
    in_memory = _import_and_undo(cast, richer, import_register)
    monkeypatch.setattr(rows, "RUN_ROWS", 2)
    assert _import_and_undo(cast, richer, import_register, batch_units=2) == in_memory


def test_a_person_first_named_by_a_batch_still_in_flight_is_one_party(cast, richer) -> None:
    # Batches of two, prepared by a worker process while the one before is written:
    # the holder of most units is first named in a batch not yet written.
    in_one = _import_and_undo(cast, richer, import_register)
    assert _import_and_undo(cast, richer, import_register, batch_units=2, workers=1) == in_one
    import_register(richer, actor=cast.registrar_a, batch_units=2, workers=1)
    assert Party.objects.filter(document_number=HOLDER).count() == 1


def test_a_rerun_adds_nothing_and_reports_the_same_rejections(cast, richer) -> None:
    first = import_register(richer, actor=cast.registrar_a, batch_units=2)
    counts = (
        Unit.objects.count(),
        Entry.objects.count(),
        Leaf.objects.count(),
        Party.objects.count(),
    )
    again = import_register(richer, actor=cast.registrar_a, batch_units=2)
    assert (again.imported, again.skipped) == (0, 3)
    assert _outcome(again)[2] == _outcome(first)[2]
    assert (
        Unit.objects.count(),
        Entry.objects.count(),
        Leaf.objects.count(),
        Party.objects.count(),
    ) == counts


def test_each_batch_is_recorded_by_one_audit_event(cast, richer) -> None:
    from yichuang.audit.models import AuditEvent

    # In code order, by twos: 320602…0101 (another office's) and 0101; 0201 and 0301;
    # 0501 and 0601; 0701 and XB…0401. The third batch has nothing to write.
    import_register(richer, actor=cast.registrar_a, batch_units=2)
    events = AuditEvent.objects.filter(event_type=EVENT_TYPE).order_by("id")
    assert [(e.after["first_unit"][-4:], e.after["last_unit"][-4:]) for e in events] == [
        ("0101", "0101"),
        ("0201", "0201"),
        ("0701", "0701"),
    ]
    assert sum(event.after["entries"] for event in events) == Entry.objects.count()
    assert not AuditEvent.objects.filter(event_type__in=["register.entry", "unit.create"]).exists()


def test_the_tables_it_filled_are_analysed_so_one_unit_is_read_by_its_index(cast, folder) -> None:
    def analysed(table: str) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
            else:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                if not cursor.fetchone()[0]:
                    return 0
                cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
            return int(cursor.fetchone()[0])

    import_register(folder, actor=cast.registrar_a)
    for table in ("registry_unit", "registry_entry", "registry_holding", "ledger_leaf"):
        assert analysed(table) > 0, table


def test_a_party_registered_meanwhile_is_used_and_the_batch_prepared_again(
    cast, richer, monkeypatch
) -> None:
    prepare = batch.prepare_batch
    live: list[Party] = []

    def registered_meanwhile(context, pending):
        if not live:
            live.append(
                services.party_register(
                    actor=cast.clerk_a,
                    kind="person",
                    name="钱一",
                    document_type="resident_id",
                    document_number=HOLDER,
                )
            )
        return prepare(context, pending)

    monkeypatch.setattr(batch, "prepare_batch", registered_meanwhile)
    report = import_register(richer, actor=cast.registrar_a)
    assert report.imported == 3
    (party,) = Party.objects.filter(document_number=HOLDER)
    assert party == live[0]
    assert Holding.objects.filter(party=party).count() == 3
    assert projection_differences() == (3, [])
