"""Benchmark: the ledger in the database, on SQLite and on PostgreSQL.

1. Proof latency: inclusion and consistency proofs from a log of n stored
   leaves (1,000,000 quick; 10,000,000 full), through the same selectors the
   API uses. Target: p99 ≤ 5 ms on each engine. The log is loaded with the
   engine's fastest bulk path (COPY on PostgreSQL, executemany in one
   transaction on SQLite), hashes computed in Python.
2. Appending in single-row transactions on PostgreSQL (each with its own
   commit) against the raw single-row commit rate of the same database on the
   same connection settings. Target: ratio ≥ 0.6. SQLite is reported too.

Each engine runs in its own process with its own scratch database
(``yichuang_bench`` on the PostgreSQL of TEST_POSTGRES_URL; a file in var/).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

from bench.harness import (
    current_scale,
    django_on,
    percentile,
    scratch_database,
    target,
    write_result,
)

ROOT = Path(__file__).resolve().parent.parent
STORED = {"quick": 1_000_000, "full": 10_000_000}
PROOFS = {"quick": 2_000, "full": 5_000}
APPENDS = {"quick": 1_000, "full": 5_000}
ROUNDS = 3
ORIGIN = "bench.local/office/register/2026"
OWNER = "bench.local/office"


def _levels(leaf_hashes: list[bytes]) -> list[list[bytes]]:
    """Every level of perfect-subtree hashes, level 0 being the leaf hashes."""
    from yichuang.ledger import merkle

    levels = [leaf_hashes]
    while len(levels[-1]) > 1:
        below = levels[-1]
        pairs = iter(below[: len(below) - len(below) % 2])
        levels.append([merkle.hash_children(a, b) for a, b in zip(pairs, pairs, strict=True)])
    return levels


def _load(count: int) -> Any:
    """Store a log of ``count`` leaves directly, as an import would."""
    from django.db import connection, transaction
    from django.utils import timezone

    from yichuang.ledger import merkle
    from yichuang.ledger.models import Log

    rng = random.Random(6962)
    data = [rng.randbytes(90) for _ in range(count)]
    levels = _levels(merkle.leaf_hashes(data))
    frontier = b"".join(
        levels[(end - start).bit_length() - 1][start >> ((end - start).bit_length() - 1)]
        for start, end in merkle._perfect_subtrees(0, count)
    )
    now = timezone.now()
    with transaction.atomic():
        log = Log.objects.create(origin=ORIGIN, owner=OWNER, tree_size=count, frontier=frontier)
        leaf_rows = ((log.pk, i, levels[0][i], data[i], now) for i in range(count))
        node_rows = (
            (log.pk, level, index, node)
            for level in range(1, len(levels))
            for index, node in enumerate(levels[level])
        )
        if connection.vendor == "postgresql":
            _copy(
                connection, "ledger_leaf (log_id, index, leaf_hash, data, appended_at)", leaf_rows
            )
            _copy(connection, "ledger_node (log_id, level, index, hash)", node_rows)
        else:
            with connection.cursor() as cursor:
                cursor.executemany(
                    'INSERT INTO ledger_leaf (log_id, "index", leaf_hash, data, appended_at) '
                    "VALUES (%s, %s, %s, %s, %s)",
                    cast(Any, leaf_rows),  # an iterator: SQLite's executemany streams it
                )
                cursor.executemany(
                    'INSERT INTO ledger_node (log_id, level, "index", hash) '
                    "VALUES (%s, %s, %s, %s)",
                    cast(Any, node_rows),
                )
    # Measure the steady state, not the checkpoint and autovacuum storm a bulk
    # load leaves behind: an office's log grows by single appends.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Log.objects.get(pk=log.pk), data


def _copy(connection: Any, target_columns: str, rows: Any) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {target_columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _proof_latencies(log: Any, count: int, proofs: int) -> dict[str, float]:
    from yichuang.ledger import selectors

    rng = random.Random(9162)
    inclusion, consistency = [], []
    for _ in range(proofs):
        index = rng.randrange(count)
        started = time.perf_counter()
        selectors.inclusion_proof(log=log, index=index, tree_size=count)
        inclusion.append((time.perf_counter() - started) * 1000)
        old = rng.randrange(1, count)
        started = time.perf_counter()
        selectors.consistency_proof(log=log, size1=old, size2=count)
        consistency.append((time.perf_counter() - started) * 1000)
    return {
        "inclusion_p50_ms": round(statistics.median(inclusion), 3),
        "inclusion_p99_ms": round(percentile(inclusion, 0.99), 3),
        "consistency_p50_ms": round(statistics.median(consistency), 3),
        "consistency_p99_ms": round(percentile(consistency, 0.99), 3),
    }


def _append_rates(appends: int) -> dict[str, float]:
    """Median per-second rates of raw single-row commits and of ledger appends."""
    from django.db import connection, transaction

    from yichuang.ledger import services

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (id integer PRIMARY KEY, data bytea)")
    raw_rates, ledger_rates = [], []
    for round_number in range(ROUNDS):
        started = time.perf_counter()
        for i in range(appends):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_raw (id, data) VALUES (%s, %s)",
                    [round_number * appends + i, b"x" * 90],
                )
        raw_rates.append(appends / (time.perf_counter() - started))
        started = time.perf_counter()
        for i in range(appends):
            with transaction.atomic():
                services.leaf_append(
                    origin=f"{OWNER}/append/{round_number}", owner=OWNER, data=i.to_bytes(90, "big")
                )
        ledger_rates.append(appends / (time.perf_counter() - started))
    return {
        "raw_commits_per_second": round(statistics.median(raw_rates), 1),
        "ledger_appends_per_second": round(statistics.median(ledger_rates), 1),
    }


def run_engine(engine: str) -> None:
    """In a child process: one engine's measurements, printed as a Python dict."""
    scale = current_scale()
    django_on(scratch_database(engine, "yichuang_bench_ledger"))
    started = time.perf_counter()
    log, _data = _load(STORED[scale])
    load_seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "stored_leaves": STORED[scale],
        "load_seconds": round(load_seconds, 1),
    }
    result.update(_proof_latencies(log, STORED[scale], PROOFS[scale]))
    result.update(_append_rates(APPENDS[scale]))
    print(repr(result))


def main() -> None:
    scale = current_scale()
    metrics: dict[str, Any] = {}
    for engine in ("sqlite", "postgresql"):
        output = (
            subprocess.run(
                [sys.executable, "-m", "bench.ledger_store", engine],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        metrics[engine] = eval(output, {"__builtins__": {}})  # noqa: S307 (our own child's repr)
    pg, lite = metrics["postgresql"], metrics["sqlite"]
    targets = {
        f"{engine}_{kind}_p99_ms": target(metrics[engine][f"{kind}_p99_ms"], limit=5.0, op="<=")
        for engine in ("sqlite", "postgresql")
        for kind in ("inclusion", "consistency")
    }
    ratio = pg["ledger_appends_per_second"] / pg["raw_commits_per_second"]
    targets["postgresql_append_vs_raw_commit"] = target(ratio, limit=0.6, op=">=")
    baseline = {
        "postgresql_raw_commits_per_second": pg["raw_commits_per_second"],
        "sqlite_raw_commits_per_second": lite["raw_commits_per_second"],
    }
    path = write_result(
        "ledger_store", scale=scale, metrics=metrics, baseline=baseline, targets=targets
    )
    print(path.read_text())


if __name__ == "__main__":
    if len(sys.argv) == 2:
        run_engine(sys.argv[1])
    else:
        main()
