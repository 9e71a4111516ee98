"""Benchmark: importing a city's register from CSV files (R19), against a raw bulk load.

A synthetic city of N units (100,000 quick; at full scale 10,000,000 on
PostgreSQL and 1,000,000 on SQLite) is written as
sorted CSV files (``bench/_registry_import_data.py``, kept in
``var/bench-import/`` for the next run) and imported by ``manage.py
registry_import`` (the batch import) into a scratch database, on PostgreSQL
and on SQLite. In the same run, the raw baseline: the very rows the import
wrote (parties, units, states, holdings, entries, ledger leaves and nodes, audit
events) loaded again into plain tables of the same columns (no index, no
constraint, no trigger), by COPY on PostgreSQL and by one executemany per
table in one transaction on SQLite. Targets: import units/s ≥ 0.25 of the raw
load's units/s; peak memory of the import (all its processes) under 2 GB.

The baseline loads the rows of at most the first 1,000,000 units (a rate is a
rate; a copy of a whole city would need the disk twice over). Afterwards the
imported units' states are rebuilt from their entries and compared
(``projection_differences``: all units at quick scale, a sample at full), a
sample of entries is checked against their ledger leaves, and units drawn from
the whole city are read through the API (signed in, warm; the p99 target of
``bench/registry.py``, ≤ 10 ms, here on the imported city).

``BENCH_IMPORT_UNITS`` overrides N; ``BENCH_IMPORT_ENGINES`` (e.g.
``postgresql``) the engines; ``BENCH_IMPORT_WORKERS`` the command's workers.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._registry_import_data import write_city
from bench.harness import current_scale, django_on, scratch_database, target, write_result
from bench.registry import lookups

ROOT = Path(__file__).resolve().parent.parent
# Units per engine and scale: a 10-million-unit city on PostgreSQL, and on SQLite
# (a single file, for a small office) a million at full scale.
UNITS = {
    "quick": {"sqlite": 100_000, "postgresql": 100_000},
    "full": {"sqlite": 1_000_000, "postgresql": 10_000_000},
}
BASELINE_UNITS = 1_000_000
LOOKUP_UNITS = 20_000
LOOKUPS = 5_000
REBUILD_SAMPLE = 20_000
LEAF_SAMPLE = 2_000
TABLES = (
    "registry_party",
    "registry_unit",
    "registry_unitprojection",
    "registry_holding",
    "registry_entry",
    "ledger_leaf",
    "ledger_node",
    "audit_auditevent",
)
MEMORY_LIMIT_MB = 2048


def _units(engine: str) -> int:
    return int(os.environ.get("BENCH_IMPORT_UNITS") or UNITS[current_scale()][engine])


def _folder(units: int) -> Path:
    return ROOT / "var" / "bench-import" / str(units)


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc (Linux)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                stack.extend(int(child) for child in children.read_text().split())
            except OSError:
                continue
    return found


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc (Linux)."""
    total = 0
    for pid in _descendants(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _run_import(folder: Path) -> dict[str, Any]:
    """The command in its own process: wall time, and the peak memory of its process tree."""
    command = [
        sys.executable,
        "manage.py",
        "registry_import",
        str(folder),
        "--registrar",
        "registrar_a",
        "--rejected",
        str(folder.parent / f"rejected-{os.getpid()}.csv"),
    ]
    if os.environ.get("BENCH_IMPORT_WORKERS"):
        command += ["--workers", os.environ["BENCH_IMPORT_WORKERS"]]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(1.0):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"registry_import failed ({process.returncode})")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "summary": output.strip().splitlines()[-1],
        "seconds": round(elapsed, 1),
        "peak_rss_mb_all_processes": round(peak[0] / 1024, 1),
        "max_rss_mb_largest_process": round(largest / 1024, 1),
    }


def _counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump(table: str, limit: int, path: Path) -> None:
    """The first ``limit`` rows of ``table`` into ``path``, as the engine reads them back."""
    from django.db import connection

    with path.open("wb") as handle, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY (SELECT * FROM {table} LIMIT {limit}) TO STDOUT"
            ) as copy:
                for block in copy:
                    handle.write(block)
            return
        cursor.execute(f"SELECT * FROM {table} LIMIT {limit}")
        while rows := cursor.fetchmany(5_000):
            pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _blocks(path: Path) -> Any:
    with path.open("rb") as handle:
        while True:
            try:
                yield from pickle.load(handle)  # noqa: S301 (written just before)
            except EOFError:
                return


def _load(table: str, path: Path) -> None:
    """Load a dump into the plain table ``raw_<table>`` (inside the caller's transaction)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                path.open("rb") as handle,
                cursor.cursor.copy(f"COPY raw_{table} FROM STDIN") as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
            return
        cursor.execute(f"SELECT * FROM raw_{table} LIMIT 0")
        marks = ", ".join("?" * len(cursor.description))
        raw = connection.connection.cursor()
        raw.executemany(f"INSERT INTO raw_{table} VALUES ({marks})", _blocks(path))


def _raw_load(units: int, counts: dict[str, int]) -> dict[str, Any]:
    """Seconds to load the rows of the first units again into plain tables, in one transaction."""
    from django.db import connection, transaction

    share = min(1.0, BASELINE_UNITS / units)
    limits = {table: math.ceil(counts[table] * share) for table in TABLES}
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as work, connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS raw_{table}")
            if connection.vendor == "postgresql":
                cursor.execute(f"CREATE TABLE raw_{table} (LIKE {table})")
            else:
                cursor.execute(f"CREATE TABLE raw_{table} AS SELECT * FROM {table} WHERE 0")
            _dump(table, limits[table], Path(work) / table)
        started = time.perf_counter()
        with transaction.atomic():
            for table in TABLES:
                _load(table, Path(work) / table)
        seconds = time.perf_counter() - started
        for table in TABLES:
            cursor.execute(f"DROP TABLE raw_{table}")
    loaded = round(units * share)
    return {
        "units": loaded,
        "rows": sum(limits.values()),
        "seconds": round(seconds, 2),
        "units_per_second": round(loaded / seconds, 1),
        "rows_per_second": round(sum(limits.values()) / seconds, 1),
    }


def _checks(units: int) -> dict[str, Any]:
    """Rebuild states from entries (all or a sample), and prove a sample of entries' leaves."""
    from yichuang.ledger.models import Leaf
    from yichuang.registry.models import Entry, Unit
    from yichuang.registry.selectors import projection_differences
    from yichuang.registry.services import entry_leaf

    rng = random.Random(4)
    codes = None
    if units > 100_000:
        ids = rng.sample(range(1, units + 1), REBUILD_SAMPLE)
        codes = list(Unit.objects.filter(id__in=ids).values_list("code", flat=True))
    started = time.perf_counter()
    checked, differing = projection_differences(unit_codes=codes)
    rebuild_seconds = time.perf_counter() - started
    entries = Entry.objects.count()
    sample = Entry.objects.filter(
        id__in=rng.sample(range(1, entries + 1), min(LEAF_SAMPLE, entries))
    ).select_related("unit__office")
    proved = sum(
        bytes(Leaf.objects.get(log__origin=e.ledger_origin, index=e.ledger_index).data)
        == entry_leaf(e)[2]
        for e in sample
    )
    return {
        "rebuild_units_checked": checked,
        "rebuild_units_differing": len(differing),
        "rebuild_seconds": round(rebuild_seconds, 1),
        "leaves_checked": len(sample),
        "leaves_proving_their_entry": proved,
    }


def _lookups_on_city(cast: Any, units: int) -> dict[str, Any]:
    """Look-ups through the API of units drawn at random from the whole imported city."""
    from yichuang.registry.models import Unit

    ids = random.Random(7).sample(range(1, units + 1), min(LOOKUP_UNITS, units))
    codes = list(Unit.objects.filter(id__in=ids).values_list("code", flat=True))
    return lookups(cast, codes, LOOKUPS)


def run_engine(engine: str) -> None:
    units = _units(engine)
    folder = _folder(units)
    # One user asks thousands of times a minute here; the per-user limit is not measured.
    django_on(
        scratch_database(engine, "yichuang_bench_import"), YICHUANG_API_USER_RATE="1000000/min"
    )
    from yichuang.accounts.cast import cast_create

    cast = cast_create(password="bench-password-0123")  # noqa: S106 (a scratch database)
    imported = _run_import(folder)
    counts = _counts()
    raw = _raw_load(units, counts)
    rate = units / imported["seconds"]
    result = {
        "units": units,
        "import": imported,
        "import_units_per_second": round(rate, 1),
        "rows_written": counts,
        "raw_load": raw,
        "ratio_to_raw_load": round(rate / raw["units_per_second"], 4),
        **_checks(units),
        **_lookups_on_city(cast, units),
    }
    print(json.dumps(result))


def _engines() -> list[str]:
    chosen = os.environ.get("BENCH_IMPORT_ENGINES", "sqlite,postgresql")
    return [engine.strip() for engine in chosen.split(",") if engine.strip()]


def main() -> None:
    metrics: dict[str, Any] = {}
    targets = {}
    for engine in _engines():
        units = _units(engine)
        started = time.perf_counter()
        city = write_city(_folder(units), units)
        print(f"city of {units} units ready in {time.perf_counter() - started:.0f} s", flush=True)
        output = subprocess.run(
            [sys.executable, "-m", "bench.registry_import", engine],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
        found = json.loads(output.splitlines()[-1])
        metrics[engine] = {"city": city.__dict__, **found}
        targets[f"{engine}_import_vs_raw_bulk_load"] = target(
            found["ratio_to_raw_load"], limit=0.25, op=">="
        )
        targets[f"{engine}_import_peak_rss_mb"] = target(
            found["import"]["peak_rss_mb_all_processes"], limit=MEMORY_LIMIT_MB, op="<="
        )
        targets[f"{engine}_lookup_p99_ms_on_imported_city"] = target(
            found["lookup_p99_ms"], limit=10.0, op="<="
        )
    path = write_result(
        "registry_import",
        scale=current_scale(),
        metrics=metrics,
        baseline={
            f"{engine}_raw_load_units_per_second": metrics[engine]["raw_load"]["units_per_second"]
            for engine in _engines()
        },
        targets=targets,
    )
    print(path.read_text())


if __name__ == "__main__":
    if len(sys.argv) == 2:
        run_engine(sys.argv[1])
    else:
        main()
