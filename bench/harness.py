"""Shared machinery for the benchmarks in ``bench/``.

Every benchmark measures its subject *and* a raw baseline in the same run, so
that a result stays meaningful on a noisy machine: the target is the ratio.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"

SCALES = ("quick", "full")


def current_scale() -> str:
    """The scale chosen by ``make bench`` (quick) or ``make bench-full`` (full)."""
    scale = os.environ.get("BENCH_SCALE", "quick")
    if scale not in SCALES:
        raise SystemExit(f"BENCH_SCALE must be one of {SCALES}, not {scale!r}")
    return scale


def median_seconds(fn: Callable[[], object], *, repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls of ``fn``."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) of ``samples`` by the nearest-rank method."""
    if not samples:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    ordered = sorted(samples)
    rank = math.ceil(fraction * len(ordered))
    return ordered[rank - 1]


def write_result(
    name: str,
    *,
    scale: str,
    metrics: dict[str, Any],
    baseline: dict[str, Any],
    targets: dict[str, Any],
) -> Path:
    """Write ``bench/results/<name>.json`` and return its path.

    ``targets`` maps a target's name to ``{"value": measured, "limit": wanted,
    "op": "<=" or ">=", "met": bool}`` so a reader sees at once what passed.
    """
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {
        "name": name,
        "scale": scale,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "metrics": metrics,
        "baseline": baseline,
        "targets": targets,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def target(value: float, *, limit: float, op: str) -> dict[str, Any]:
    """One entry of ``targets`` for :func:`write_result`."""
    if op not in ("<=", ">="):
        raise ValueError(op)
    met = value <= limit if op == "<=" else value >= limit
    return {"value": round(value, 4), "limit": limit, "op": op, "met": met}


PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def scratch_database(engine: str, name: str) -> str:
    """A new, empty database for one benchmark: a file in var/ or a PostgreSQL database."""
    root = Path(__file__).resolve().parent.parent
    if engine == "sqlite":
        path = root / "var" / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return PG_SERVER.rsplit("/", 1)[0] + f"/{name}"


def django_on(url: str, **environment: str) -> None:
    """Configure Django on ``url`` (plus any settings variables) and migrate it."""
    root = Path(__file__).resolve().parent.parent
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
    os.environ["YICHUANG_LEDGER_KEY_DIR"] = str(root / "var" / "bench-keys")
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
