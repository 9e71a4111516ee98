"""Benchmark: the register through its service layer and its API.

1. Registrations on PostgreSQL through ``register_entry_record`` (each with its
   entry, projection, register leaf, audit event and audit leaf, committed one
   by one), from several writer processes on several units at once, against the
   raw single-row commit rate of the same database. Target: ratio ≥ 0.3.
2. A unit's current state by code through the API (in process, signed in,
   warm) with N units on the register (10,000 quick; 10,000,000 full), on
   SQLite and PostgreSQL. Target: p99 ≤ 10 ms. The units are stored directly
   in bulk; the measurement is of reading.

Each engine runs in its own process with a scratch database.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import (
    current_scale,
    django_on,
    percentile,
    scratch_database,
    target,
    write_result,
)

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"quick": 10_000, "full": 10_000_000}
LOOKUPS = {"quick": 2_000, "full": 5_000}
WRITERS = 4
REGISTRATIONS_EACH = {"quick": 150, "full": 1_000}


def _setup(engine: str) -> Any:
    # One user asks thousands of times a minute here; the per-user limit is not measured.
    django_on(
        scratch_database(engine, "yichuang_bench_registry"),
        YICHUANG_API_USER_RATE="1000000/min",
    )
    from yichuang.accounts.cast import cast_create

    return cast_create(password="bench-password-0123")  # noqa: S106 (a scratch database)


def _bulk_units(cast: Any, count: int) -> list[str]:
    """``count`` units with one owner each, stored directly (projection and holding)."""
    from django.db import transaction

    from yichuang.registry import codec
    from yichuang.registry.models import Holding, Party, Unit, UnitProjection
    from yichuang.registry.rules import CoOwnership, RightKind, UnitState
    from yichuang.registry.rules.state import Holder, Right

    owner = Party.objects.create(
        kind="person",
        name="王小明",
        document_type="resident_id",
        document_number="11010519491231002X",
    )
    codes = [
        f"320684{i // 100000:03d}{(i // 1000) % 100:03d}GB{i % 100000:05d}F00010001"
        for i in range(count)
    ]
    office = cast.offices["office_a"]
    for start in range(0, count, 5000):
        chunk = codes[start : start + 5000]
        with transaction.atomic():
            units = Unit.objects.bulk_create(
                Unit(
                    code=code,
                    office=office,
                    location=f"海门区示例路{n}号",
                    planned_use="住宅",
                    is_residential=True,
                )
                for n, code in enumerate(chunk, start)
            )
            states = [
                UnitState(
                    unit=unit.code,
                    rights=(
                        Right(
                            kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                            holders=(Holder(str(owner.uid)),),
                            form=CoOwnership.SOLE,
                            created_seq=1,
                            changed_seq=1,
                        ),
                    ),
                )
                for unit in units
            ]
            UnitProjection.objects.bulk_create(
                UnitProjection(unit=unit, last_seq=1, state=codec.encode(state))
                for unit, state in zip(units, states, strict=True)
            )
            Holding.objects.bulk_create(
                Holding(unit=unit, party=owner, right_kind="state_land_use_and_house")
                for unit in units
            )
    return codes


def lookups(cast: Any, codes: list[str], count: int, rounds: int = 3) -> dict[str, Any]:
    """Median over ``rounds`` of the p50 and p99 of ``count`` look-ups of random units."""
    from django.test import Client

    client = Client()
    client.force_login(cast.people["registrar_a"])
    rng = random.Random(22)
    for code in rng.sample(codes, min(200, len(codes))):  # warm up
        client.get(f"/api/registry/units/{code}")
    p50s, p99s = [], []
    for _ in range(rounds):
        samples = []
        for _ in range(count):
            code = rng.choice(codes)
            started = time.perf_counter()
            response = client.get(f"/api/registry/units/{code}")
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        p50s.append(statistics.median(samples))
        p99s.append(percentile(samples, 0.99))
    return {
        "lookup_p50_ms": round(statistics.median(p50s), 3),
        "lookup_p99_ms": round(statistics.median(p99s), 3),
        "lookup_p99_ms_rounds": [round(value, 3) for value in p99s],
    }


def _raw_commit_rate(count: int) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (id integer PRIMARY KEY, data bytea)")
    started = time.perf_counter()
    for i in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_raw (id, data) VALUES (%s, %s)", [i, b"x" * 90])
    return count / (time.perf_counter() - started)


def _service_units(cast: Any, count: int) -> list[str]:
    """``count`` units opened and first registered through the services."""
    import datetime as dt

    from yichuang.registry import services
    from yichuang.registry.rules import (
        CoOwnership,
        FirstRegistration,
        RegistrationRequest,
        RightKind,
    )
    from yichuang.registry.rules.state import Holder

    registrar = cast.people["registrar_a"]
    owner = services.party_register(
        actor=registrar,
        kind="person",
        name="李华",
        document_type="resident_id",
        document_number="360426199101010071",
    )
    codes = []
    for n in range(count):
        unit = services.unit_create(
            actor=registrar,
            office=cast.offices["office_a"],
            code=f"320684999001GB{n:05d}F00010001",
            location=f"海门区基准路{n}号",
            planned_use="住宅",
            is_residential=True,
        )
        at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        services.register_entry_record(
            actor=registrar,
            unit=unit,
            legal_basis="bench",
            request=RegistrationRequest(
                payload=FirstRegistration(
                    right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                    holders=(Holder(str(owner.uid)),),
                    form=CoOwnership.SOLE,
                ),
                accepted_at=at,
                applicants=frozenset({str(owner.uid)}),
            ),
        )
        codes.append(unit.code)
    return codes


def _write(writer: int, codes: list[str], each: int, barrier: Any) -> None:
    """One writer process: seizure orders on its own units, one transaction each."""
    import datetime as dt

    from yichuang.accounts.models import User
    from yichuang.registry import services
    from yichuang.registry.models import Unit
    from yichuang.registry.rules import RegistrationRequest, SeizureOrder

    registrar = User.objects.get(username="registrar_a")
    units = list(Unit.objects.select_related("office").filter(code__in=codes[writer::WRITERS]))
    barrier.wait()
    for n in range(each):
        at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        services.register_entry_record(
            actor=registrar,
            unit=units[n % len(units)],
            legal_basis="bench",
            request=RegistrationRequest(
                payload=SeizureOrder(
                    court="海门区人民法院", document=f"执{writer}-{n}", served_at=at
                ),
                accepted_at=at,
            ),
        )


def _registration_rate(codes: list[str], each: int) -> float:
    """Registrations per second from WRITERS processes (as server workers would be)."""
    import multiprocessing

    from django.db import connections

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS + 1)
    connections.close_all()  # each process opens its own
    workers = [
        context.Process(target=_write, args=(w, codes, each, barrier)) for w in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if any(worker.exitcode != 0 for worker in workers):
        raise SystemExit("a writer process failed")
    return WRITERS * each / elapsed


def run_engine(engine: str) -> None:
    scale = current_scale()
    cast = _setup(engine)
    started = time.perf_counter()
    codes = _bulk_units(cast, UNITS[scale])
    result: dict[str, Any] = {
        "units": UNITS[scale],
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    result.update(lookups(cast, codes, LOOKUPS[scale]))
    if engine == "postgresql":
        written = _service_units(cast, WRITERS * 20)
        result["registrations_per_second"] = round(
            _registration_rate(written, REGISTRATIONS_EACH[scale]), 1
        )
        result["raw_commits_per_second"] = round(_raw_commit_rate(2000), 1)
        from django.core.management import call_command

        # The registrations must leave every unit they touched rebuildable.
        call_command("registry_rebuild", unit=written, stdout=sys.stderr)
    print(json.dumps(result))


def main() -> None:
    scale = current_scale()
    metrics = {}
    for engine in ("sqlite", "postgresql"):
        output = (
            subprocess.run(
                [sys.executable, "-m", "bench.registry", engine],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        metrics[engine] = json.loads(output)
    pg = metrics["postgresql"]
    targets = {
        f"{engine}_lookup_p99_ms": target(metrics[engine]["lookup_p99_ms"], limit=10.0, op="<=")
        for engine in metrics
    }
    ratio = pg["registrations_per_second"] / pg["raw_commits_per_second"]
    targets["postgresql_registrations_vs_raw_commit"] = target(ratio, limit=0.3, op=">=")
    path = write_result(
        "registry",
        scale=scale,
        metrics=metrics,
        baseline={"postgresql_raw_commits_per_second": pg["raw_commits_per_second"]},
        targets=targets,
    )
    print(path.read_text())


if __name__ == "__main__":
    if len(sys.argv) == 2:
        run_engine(sys.argv[1])
    else:
        main()
