"""Benchmark: a morning rush at the front desk, through the HTTP API.

The platform runs as in production: gunicorn on a scratch PostgreSQL database,
production settings behind a TLS-terminating proxy (the proxy's header is sent,
the proxy itself left out), persistent database connections. The load comes
from separate processes over loopback (``bench/_frontdesk_load.py``).

A. The rush: 1,000 kiosk ticket requests from 32 clients at once, with some
   applicants asking twice and an agent asking for more applicants than the
   cap. Afterwards the database holds no number twice, no applicant with two
   open tickets for one service, no agent over the cap, and every number a
   201 answered.
B. Latency at an offered 50 tickets/s, open loop (20 s quick, 60 s full).
   Target: p99 ≤ 100 ms.
C. The highest sustained ticket rate (closed loop, enough clients to keep
   every worker busy) against the bare ``/healthz`` rate of the same server
   with the same clients, in alternating rounds; medians over the rounds.
   Target: ratio ≥ 0.3. Each round also records the CPU the server, the
   database and the load spent per request, the cores other processes took
   meanwhile (the machine may be shared), and what the database sessions were
   doing: running, waiting for a row lock, or waiting for the log flush.
D. Ten clerks sign in (session and CSRF) and call the next ticket at ten
   windows at once until the queue is empty: no ticket called twice.

Last, in this process and without contention, where one ticket request's
time goes: CPU here and in the database session, time in SQL and in the
commit, and how long the request holds the office's ticket counter row and
audit log row, which every ticket of the office waits for in turn.

Knobs for experiments (defaults are what the result quotes):
BENCH_FRONTDESK_WORKERS, BENCH_FRONTDESK_THREADS (gthread when above 1),
BENCH_FRONTDESK_CLIENTS and BENCH_FRONTDESK_LOAD_PROCESSES (phase C).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from bench._frontdesk_load import ticket_body
from bench._frontdesk_server import CpuMeter, Server, SessionSampler, analyze, autovacuum_is_on
from bench.harness import (
    current_scale,
    django_on,
    percentile,
    scratch_database,
    target,
    write_result,
)

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "yichuang_bench_frontdesk"
PASSWORD = "bench-password-0123"  # noqa: S105 (a scratch database)

WORKERS = int(os.environ.get("BENCH_FRONTDESK_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_FRONTDESK_THREADS", "1"))
SATURATING_CLIENTS = int(os.environ.get("BENCH_FRONTDESK_CLIENTS", "16"))
LOAD_PROCESSES = int(os.environ.get("BENCH_FRONTDESK_LOAD_PROCESSES", "1"))

RUSH_REQUESTS, RUSH_CLIENTS, RUSH_REPEATS, AGENT_PRINCIPALS = 1000, 32, 20, 5
OPEN_RATE, OPEN_CLIENTS = 50, 16
OPEN_SECONDS = {"quick": 20, "full": 60}
ROUNDS = {"quick": 3, "full": 5}
ROUND_SECONDS = {"quick": 5, "full": 10}
WINDOWS, WINDOW_TICKETS = 10, {"quick": 200, "full": 500}
PROFILED_REQUESTS = {"quick": 200, "full": 500}
LOAD_START_SECONDS = 1.5  # for the load processes to start before the clock runs
WARM_UP_TICKETS = 64

# Disjoint ranges of people (see _frontdesk_load.resident_id) for each phase.
AGENT, AGENT_FIRST_PRINCIPAL, WARM_UP_FIRST = 900_000, 910_000, 950_000
OPEN_FIRST, OFFICE_B_FIRST, PROFILE_FIRST, CLOSED_FIRST = 100_000, 200_000, 300_000, 1_000_000
CLOSED_SPAN = 200_000


def _setup() -> dict[str, Any]:
    """The scratch database with the cast, a kiosk at each office and ten staffed windows at B."""
    url = scratch_database("postgresql", DATABASE)
    django_on(
        url,
        YICHUANG_DEBUG="False",
        YICHUANG_DB_CONN_MAX_AGE="60",
        YICHUANG_KIOSK_RATE="1000000/m",
    )
    from yichuang.accounts import services as accounts
    from yichuang.accounts.cast import cast_create
    from yichuang.accounts.models import ServiceType
    from yichuang.accounts.roles import Role
    from yichuang.frontdesk.services.access import queue_settings_for
    from yichuang.frontdesk.services.kiosks import kiosk_register

    cast = cast_create(password=PASSWORD)
    office_a, office_b = cast.offices["office_a"], cast.offices["office_b"]
    _kiosk, token_a = kiosk_register(actor=cast.people["head_a"], office=office_a, name="A")
    _kiosk, token_b = kiosk_register(actor=cast.people["head_b"], office=office_b, name="B")
    general = ServiceType.objects.get(code="general")
    windows = [office_b.windows.get(number=1)] + [
        accounts.window_create(
            actor=cast.people["admin"],
            office=office_b,
            number=number,
            name="综合受理",
            service_types=[general],
        )
        for number in range(3, WINDOWS + 2)
    ]
    clerks = []
    for n, window in enumerate(windows, 1):
        clerk = accounts.staff_create(
            actor=cast.people["admin"],
            username=f"bench_clerk_{n}",
            full_name=f"窗口{n}",
            password=PASSWORD,
            roles=[Role.CLERK],
            office=office_b,
        )
        clerks.append({"username": clerk.username, "password": PASSWORD, "window": window.pk})
    return {
        "url": url,
        "office_a": office_a.code,
        "office_b": office_b.code,
        "token_a": token_a,
        "token_b": token_b,
        "clerks": clerks,
        "agent_cap": queue_settings_for(office_a).agent_principal_cap,
    }


# The load ------------------------------------------------------------------------


def _load(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run each job in its own load process, all at once; their reports in order."""
    start_at = time.time() + LOAD_START_SECONDS
    return _collect(_spawn(jobs, start_at))


def _spawn(jobs: list[dict[str, Any]], start_at: float) -> list[subprocess.Popen[str]]:
    processes = []
    for job in jobs:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench._frontdesk_load"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps({"start_at": start_at, **job}))
        process.stdin.close()
        processes.append(process)
    return processes


def _collect(processes: list[subprocess.Popen[str]]) -> list[dict[str, Any]]:
    reports = []
    for process in processes:
        assert process.stdout is not None
        output = process.stdout.read()
        if process.wait() != 0:
            raise SystemExit("a load process failed")
        reports.append(json.loads(output))
    return reports


def _kiosk(server: Server, setup: dict[str, Any], office: str) -> dict[str, Any]:
    return {
        "port": server.port,
        "path": f"/api/frontdesk/offices/{setup[office]}/kiosk/tickets",
        "headers": {"X-Kiosk-Token": setup["token_a" if office == "office_a" else "token_b"]},
    }


def _latency(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
        "max_ms": round(max(samples), 2),
    }


def _warm_up(server: Server, setup: dict[str, Any]) -> None:
    """Every worker past its first requests (imports, schemas, connections) before measuring."""
    kiosk = _kiosk(server, setup, "office_a")
    requests = [
        {"path": kiosk["path"], "body": ticket_body(WARM_UP_FIRST + n)}
        for n in range(WARM_UP_TICKETS)
    ]
    _load([{"job": "batch", "clients": 8, "requests": requests, **kiosk}])
    _load(
        [
            {
                "job": "closed",
                "kind": "healthz",
                "clients": 8,
                "seconds": 2,
                "first_person": 0,
                **kiosk,
            }
        ]
    )


# A. The rush -----------------------------------------------------------------------


def _rush_people(cap: int) -> list[tuple[int, int | None]]:
    """(person, agent) of each request: new applicants, some again, and one agent's many."""
    rng = random.Random(2026)
    first_time = list(range(RUSH_REQUESTS - RUSH_REPEATS - AGENT_PRINCIPALS))
    people: list[tuple[int, int | None]] = [(p, None) for p in first_time]
    people += [(p, None) for p in rng.sample(first_time, RUSH_REPEATS)]
    people += [(AGENT_FIRST_PRINCIPAL + n, AGENT) for n in range(AGENT_PRINCIPALS)]
    assert cap < AGENT_PRINCIPALS, "the agent must ask for more applicants than the cap"
    rng.shuffle(people)
    return people


def phase_rush(server: Server, setup: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    kiosk = _kiosk(server, setup, "office_a")
    people = _rush_people(setup["agent_cap"])
    requests = [
        {"path": kiosk["path"], "body": ticket_body(person, agent=agent)}
        for person, agent in people
    ]
    (report,) = _load([{"job": "batch", "clients": RUSH_CLIENTS, "requests": requests, **kiosk}])
    answers = report["answers"]
    numbers = {
        person: a["number"]
        for (person, _), a in zip(people, answers, strict=True)
        if a["status"] == 201
    }
    refusals = Counter(a.get("code", str(a["status"])) for a in answers if a["status"] != 201)
    wrong_existing = sum(
        1
        for (person, _), a in zip(people, answers, strict=True)
        if a.get("code") == "duplicate" and a.get("existing") != numbers.get(person)
    )
    expected_issued = RUSH_REQUESTS - RUSH_REPEATS - AGENT_PRINCIPALS + setup["agent_cap"]
    issued = [a["number"] for a in answers if a["status"] == 201]
    checks = _ticket_checks(setup["office_a"], setup["agent_cap"], issued)
    checks["unexpected_answers"] = (
        abs(len(issued) - expected_issued)
        + abs(refusals.pop("duplicate", 0) - RUSH_REPEATS)
        + abs(refusals.pop("agent_cap", 0) - (AGENT_PRINCIPALS - setup["agent_cap"]))
        + sum(refusals.values())
        + wrong_existing
    )
    metrics = {
        "requests": RUSH_REQUESTS,
        "clients": RUSH_CLIENTS,
        "issued": len(issued),
        "refused": dict(Counter(a.get("code", a["status"]) for a in answers if a["status"] != 201)),
        "seconds": round(report["seconds"], 2),
        "requests_per_second": round(RUSH_REQUESTS / report["seconds"], 1),
        **_latency([a["ms"] for a in answers]),
        "checks": checks,
    }
    return metrics, checks


def _ticket_checks(office_code: str, cap: int, issued: list[str]) -> dict[str, int]:
    """The per-office, per-person and numbering invariants, read from the database."""
    from django.db.models import Count, Max
    from django.utils import timezone

    from yichuang.frontdesk.models import Ticket

    today = timezone.localdate()
    tickets = Ticket.objects.filter(day=today)
    opened = tickets.filter(status__in=Ticket.OPEN_STATUSES)
    office = tickets.filter(office__code=office_code)
    stored = set(office.values_list("display", flat=True))
    top = office.filter(service_type__code="general").aggregate(top=Max("number"), n=Count("pk"))
    return {
        "duplicate_numbers": tickets.values("office", "day", "display")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
        "principals_with_two_open_tickets": opened.values(
            "office", "day", "service_type", "principal_key"
        )
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
        "agents_over_cap": opened.exclude(agent_key="")
        .values("day", "agent_key")
        .annotate(n=Count("principal_key", distinct=True))
        .filter(n__gt=cap)
        .count(),
        "answered_numbers_missing": len(set(issued) - stored),
        "numbers_answered_twice": len(issued) - len(set(issued)),
        "numbers_skipped": (top["top"] or 0) - top["n"],
    }


# B. Open loop --------------------------------------------------------------------------


def phase_open_loop(server: Server, setup: dict[str, Any], seconds: int) -> dict[str, Any]:
    job = {
        "job": "open",
        "rate": OPEN_RATE,
        "seconds": seconds,
        "clients": OPEN_CLIENTS,
        "first_person": OPEN_FIRST,
        **_kiosk(server, setup, "office_a"),
    }
    meter = CpuMeter(server, setup["url"])
    start_at = time.time() + LOAD_START_SECONDS
    processes = _spawn([job], start_at)
    time.sleep(max(0.0, start_at - time.time()))
    meter.start()
    (report,) = _collect(processes)
    cpu = meter.stop()
    others = cpu["machine"] - cpu["server"] - cpu["database"] - report["client_cpu_seconds"]
    return {
        "offered_per_second": OPEN_RATE,
        "seconds": seconds,
        "requests": len(report["latencies_ms"]),
        "statuses": report["statuses"],
        "client_send_late_ms_max": round(report["send_late_ms_max"], 2),
        **_latency(report["latencies_ms"]),
        "other_processes_cores": round(max(0.0, others) / cpu["wall"], 2),
        "database_checkpoints": cpu["checkpoints"],
    }


# C. Saturation ---------------------------------------------------------------------------


def _closed_round(
    server: Server, setup: dict[str, Any], kind: str, seconds: int, first_person: int
) -> dict[str, Any]:
    kiosk = _kiosk(server, setup, "office_a")
    jobs = [
        {
            "job": "closed",
            "kind": kind,
            "clients": SATURATING_CLIENTS // LOAD_PROCESSES,
            "seconds": seconds,
            "first_person": first_person + n * (CLOSED_SPAN // LOAD_PROCESSES),
            **kiosk,
        }
        for n in range(LOAD_PROCESSES)
    ]
    meter, sessions = CpuMeter(server, setup["url"]), SessionSampler(setup["url"])
    start_at = time.time() + LOAD_START_SECONDS
    processes = _spawn(jobs, start_at)
    time.sleep(max(0.0, start_at - time.time()))
    meter.start()
    sessions.start()
    reports = _collect(processes)
    cpu, waits = meter.stop(), sessions.summary()
    requests = sum(r["requests"] for r in reports)
    statuses: Counter[str] = Counter()
    for r in reports:
        statuses.update(r["statuses"])
    load = sum(r["client_cpu_seconds"] for r in reports)
    others = max(0.0, cpu["machine"] - cpu["server"] - cpu["database"] - load)
    return {
        "per_second": round(requests / max(r["seconds"] for r in reports), 1),
        "requests": requests,
        "statuses": dict(statuses),
        **_latency(sorted(s for r in reports for s in r["latencies_ms"])),
        "cpu_ms_per_request": {
            "server": round(cpu["server"] * 1000 / requests, 3),
            "database": round(cpu["database"] * 1000 / requests, 3),
            "load": round(load * 1000 / requests, 3),
        },
        # Cores busy with anything else on the machine (other people's work): the noise.
        "other_processes_cores": round(others / cpu["wall"], 2),
        "database_checkpoints": cpu["checkpoints"],
        "database_sessions": waits,
    }


def phase_saturation(
    server: Server, setup: dict[str, Any], rounds: int, seconds: int
) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {"ticket": [], "healthz": []}
    for n in range(rounds):
        for kind in runs:
            first = CLOSED_FIRST + n * CLOSED_SPAN
            runs[kind].append(_closed_round(server, setup, kind, seconds, first))
    tickets = statistics.median(r["per_second"] for r in runs["ticket"])
    healthz = statistics.median(r["per_second"] for r in runs["healthz"])
    paired = [t["per_second"] / h["per_second"] for t, h in zip(*runs.values(), strict=True)]
    cpu = {
        kind: statistics.median(sum(r["cpu_ms_per_request"].values()) for r in rounds)
        for kind, rounds in runs.items()
    }
    return {
        "clients": SATURATING_CLIENTS,
        "load_processes": LOAD_PROCESSES,
        "round_seconds": seconds,
        "tickets_per_second": tickets,
        "healthz_per_second": healthz,
        "ratio": round(tickets / healthz, 4),
        "ratio_of_paired_rounds_median": round(statistics.median(paired), 4),
        # What the ratio would be were both held by CPU alone: independent of how much
        # of the machine other processes took during the rounds.
        "cpu_ms_per_request_all_processes": {k: round(v, 3) for k, v in cpu.items()},
        "ratio_implied_by_cpu": round(cpu["healthz"] / cpu["ticket"], 4),
        "rounds": runs,
    }


# D. Ten windows ----------------------------------------------------------------------------


def phase_windows(
    server: Server, setup: dict[str, Any], count: int
) -> tuple[dict[str, Any], dict[str, int]]:
    kiosk = _kiosk(server, setup, "office_b")
    requests = [
        {"path": kiosk["path"], "body": ticket_body(OFFICE_B_FIRST + n)} for n in range(count)
    ]
    (issued,) = _load([{"job": "batch", "clients": RUSH_CLIENTS, "requests": requests, **kiosk}])
    not_issued = sum(1 for a in issued["answers"] if a["status"] != 201)
    (report,) = _load([{"job": "windows", "port": server.port, "clerks": setup["clerks"]}])
    called = [call["ticket"] for call in report["calls"]]
    checks = _calling_checks(setup["office_b"], called)
    checks["tickets_not_issued"] = not_issued
    checks["unexpected_answers"] = sum(
        n for status, n in report["statuses"].items() if status not in ("200", "204")
    ) + abs(report["statuses"].get("204", 0) - WINDOWS)
    metrics = {
        "windows": WINDOWS,
        "tickets": count,
        "calls": len(called),
        "seconds": round(report["seconds"], 2),
        "calls_per_second": round(len(called) / report["seconds"], 1),
        "call_next": _latency([call["ms"] for call in report["calls"]]),
        "checks": checks,
    }
    return metrics, checks


def _calling_checks(office_code: str, called: list[int]) -> dict[str, int]:
    from django.db.models import Count

    from yichuang.frontdesk.models import CallEvent, Ticket

    tickets = Ticket.objects.filter(office__code=office_code)
    return {
        "tickets_called_twice": CallEvent.objects.filter(office__code=office_code)
        .values("ticket")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
        "tickets_answered_twice": len(called) - len(set(called)),
        "tickets_left_uncalled": tickets.filter(calls__isnull=True).count(),
        "tickets_still_in_hand": tickets.filter(
            status__in=(Ticket.Status.CALLED, Ticket.Status.SERVING)
        ).count(),
    }


# Where a ticket's time goes ---------------------------------------------------------------


def ticket_profile(setup: dict[str, Any], count: int) -> dict[str, Any]:
    """Tickets one after another in this process, no contention: where a request's time goes.

    CPU of this process (Django, the service, the driver) and of its database
    session, time in SQL statements and in the commit, and how long the
    request holds the office's ticket counter row and audit log row: from the
    statement that locks the row to the end of the commit. The audit log append
    has a fast path when the process remembers the log's head; a server worker
    whose colleagues appended since takes the locking path, so both are measured.
    The service alone and ``/healthz`` are timed the same way for comparison.
    """
    return {
        "requests": count,
        "api_head_remembered": _profile(setup, PROFILE_FIRST, count, forget_heads=False),
        "api_head_stale": _profile(setup, PROFILE_FIRST + count, count, forget_heads=True),
        "service_alone_cpu_ms": _service_cpu_ms(setup, PROFILE_FIRST + 2 * count, count),
        "healthz_cpu_ms": _healthz_cpu_ms(count),
    }


LOCKED_ROWS = {"frontdesk_ticketcounter": "counter_row", "ledger_log": "audit_log_row"}


def _profile(
    setup: dict[str, Any], first: int, count: int, *, forget_heads: bool
) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from yichuang.ledger import services as ledger

    client = Client(headers={"X-Kiosk-Token": setup["token_a"]})
    path = f"/api/frontdesk/offices/{setup['office_a']}/kiosk/tickets"
    client.get("/healthz")  # opens the connection the session CPU is read from
    backend = connection.connection.info.backend_pid
    watch = _StatementWatch()
    figures: dict[str, list[float]] = {"request": [], "cpu": []}
    database = _process_cpu(backend)
    with connection.execute_wrapper(watch):
        for n in range(count):
            if forget_heads:
                ledger._heads.clear()
            watch.begin()
            cpu, started = time.process_time(), time.perf_counter()
            response = client.post(path, ticket_body(first + n), "application/json")
            figures["request"].append(time.perf_counter() - started)
            figures["cpu"].append(time.process_time() - cpu)
            assert response.status_code == 201, response.content
            watch.end()
    return {
        **{f"{name}_ms": _median_ms(values) for name, values in figures.items()},
        # /proc counts in ticks of 10 ms: a mean over the requests, not a median.
        "database_cpu_ms_mean": round((_process_cpu(backend) - database) * 1000 / count, 2),
        **{f"{name}_ms": _median_ms(values) for name, values in watch.figures.items()},
        "statements": statistics.median(watch.statements),
    }


class _StatementWatch:
    """An execute wrapper: time in statements, the commit, and how long the rows stay locked."""

    def __init__(self) -> None:
        self.figures: dict[str, list[float]] = {
            "sql": [],
            "commit": [],
            **{f"{name}_held": [] for name in LOCKED_ROWS.values()},
        }
        self.statements: list[int] = []

    def begin(self) -> None:
        self.sql, self.count, self.locked, self.last_end = 0.0, 0, set[str](), 0.0

    def end(self) -> None:
        self.figures["sql"].append(self.sql)
        self.statements.append(self.count)

    def __call__(self, execute: Any, text: str, params: Any, many: bool, context: Any) -> Any:
        from django.db import transaction

        started = time.perf_counter()
        for table, name in LOCKED_ROWS.items():
            if name not in self.locked and table in text and "UPDATE" in text.upper():
                if not self.locked:
                    transaction.on_commit(self._committed)
                self.locked.add(name)
                transaction.on_commit(
                    partial(_held_until_now, self.figures[f"{name}_held"], started)
                )
        try:
            return execute(text, params, many, context)
        finally:
            self.last_end = time.perf_counter()
            self.sql += self.last_end - started
            self.count += 1

    def _committed(self) -> None:
        self.figures["commit"].append(time.perf_counter() - self.last_end)


def _held_until_now(times: list[float], since: float) -> None:
    times.append(time.perf_counter() - since)


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _service_cpu_ms(setup: dict[str, Any], first: int, count: int) -> float:
    """CPU of ``ticket_issue`` alone, called directly with the applicant already parsed."""
    from yichuang.accounts.models import Office, ServiceType
    from yichuang.frontdesk.models import Kiosk, Ticket
    from yichuang.frontdesk.services import tickets

    office = Office.objects.get(code=setup["office_a"])
    kiosk = Kiosk.objects.get(office=office)
    general = ServiceType.objects.get(code="general")
    spent = []
    for n in range(count):
        body = ticket_body(first + n)
        applicant = tickets.applicant_parse(
            document_type="resident_id", document_number=body["document_number"], name="王小明"
        )
        started = time.process_time()
        tickets.ticket_issue(
            actor=None,
            office=office,
            service_type=general,
            channel=Ticket.Channel.KIOSK,
            applicant=applicant,
            kiosk=kiosk,
        )
        spent.append(time.process_time() - started)
    return _median_ms(spent)


def _healthz_cpu_ms(count: int) -> float:
    from django.test import Client

    client, spent = Client(), []
    for _ in range(count):
        started = time.process_time()
        assert client.get("/healthz").status_code == 200
        spent.append(time.process_time() - started)
    return _median_ms(spent)


def _median_ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 2)


# The run ---------------------------------------------------------------------------------


def run() -> dict[str, Any]:
    scale = current_scale()
    setup = _setup()
    from django.db import connections

    connections.close_all()  # the server's workers open their own
    # Without statistics the planner takes the duplicate check through the index of
    # the day's numbers, reading every ticket of the office that day; a server without
    # autovacuum (a test server) gets them between the phases instead.
    autovacuum = autovacuum_is_on(setup["url"])
    refresh = partial(_refresh_statistics, setup["url"], autovacuum)
    with Server(setup["url"], workers=WORKERS, threads=THREADS) as server:
        _warm_up(server, setup)
        refresh()
        rush, rush_checks = phase_rush(server, setup)
        refresh()
        open_loop = phase_open_loop(server, setup, OPEN_SECONDS[scale])
        refresh()
        saturation = phase_saturation(server, setup, ROUNDS[scale], ROUND_SECONDS[scale])
        refresh()
        windows, window_checks = phase_windows(server, setup, WINDOW_TICKETS[scale])
    refresh()
    profile = ticket_profile(setup, PROFILED_REQUESTS[scale])
    return {
        "server": server.describe()
        | {"database_autovacuum": autovacuum, "analyzed_between_phases": not autovacuum},
        "rush": rush,
        "open_loop": open_loop,
        "saturation": saturation,
        "windows": windows,
        "ticket_request_profile": profile,
        "correctness": {
            **{f"rush_{k}": v for k, v in rush_checks.items()},
            "open_loop_unexpected_answers": _unexpected(open_loop["statuses"], "201"),
            "saturation_unexpected_answers": sum(
                _unexpected(r["statuses"], "201" if kind == "ticket" else "200")
                for kind, rounds in saturation["rounds"].items()
                for r in rounds
            ),
            **{f"windows_{k}": v for k, v in window_checks.items()},
        },
    }


def _unexpected(statuses: dict[str, int], wanted: str) -> int:
    return sum(n for status, n in statuses.items() if status != wanted)


def _refresh_statistics(database_url: str, autovacuum: bool) -> None:
    if not autovacuum:
        analyze(database_url)


def main() -> int:
    scale = current_scale()
    metrics = run()
    saturation = metrics["saturation"]
    correctness = {
        k: v for k, v in metrics.pop("correctness").items() if k != "rush_numbers_skipped"
    }
    targets = {name: target(value, limit=0, op="<=") for name, value in correctness.items()}
    targets["open_loop_p99_ms"] = target(metrics["open_loop"]["p99_ms"], limit=100.0, op="<=")
    targets["tickets_vs_healthz_rate"] = target(saturation["ratio"], limit=0.3, op=">=")
    path = write_result(
        "frontdesk",
        scale=scale,
        metrics=metrics,
        baseline={
            "healthz_per_second": saturation["healthz_per_second"],
            "healthz_per_second_rounds": [r["per_second"] for r in saturation["rounds"]["healthz"]],
        },
        targets=targets,
    )
    print(path.read_text())
    return 0 if all(targets[name]["met"] for name in correctness) else 1


if __name__ == "__main__":
    raise SystemExit(main())
