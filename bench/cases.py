"""Benchmark: the cases work screens at city scale (100,000 open cases at one office).

Target (issue #6): the clerk's intake screen and the work queues answer in
≤ 100 ms server time with a bounded number of queries. Here each page's p99
must be ≤ 100 ms; the bound on queries is tested in
``yichuang/cases/tests/test_case_pages.py`` and only reported here.

The data (``bench/_cases_data.py``), on a scratch PostgreSQL database:

* the demo cast, and units at office A, each opened and first registered to
  an owner of its own through the registry services;
* a few hundred cases made through the case services and walked to every open
  state (accepted, in review, suspended, approved, entered, certificate made
  out), so rows exactly as the services write them exist;
* then the bulk: N open cases at office A (20,000 quick; 100,000 full) over
  the open states, each with its two applicants, the "open" step of its
  timeline, an open suspension when suspended, and an escalation when its
  clock has run out or nearly (as ``cases_escalate`` would raise). These are
  stored directly with ``bulk_create``, not through the services, which
  would take hours at this scale: their fields are copied from service-made
  cases of the same registration, their applicants are a pool of a few
  thousand parties and the units' owners, their numbers follow the office's
  counter, their due dates come from the clock rules on the office's
  calendar, and every constraint of the tables holds. Their later timeline
  steps and audit events are not written. Then VACUUM ANALYZE, as autovacuum
  would have run on a live server.

The measurement runs in a fresh process that loads ``yichuang.wsgi`` as a
gunicorn worker does, then asks through Django's test client, signed in as
the user who works each page (no network, no server): warm, the server time
of each request (p50, p90, p99), how many queries it made, the full garbage
collections that fell inside the timed requests, and the CPU other processes
took meanwhile (the machine may be shared). Pages: the intake screen beside
a ticket clerk A is serving, each work queue's first page, page 50 of the
review queue, the cases index (a clerk's and the head's), and a case page
(one made by the services, one from the bulk).

A second fresh process measures the same pages with the URLconf loaded and
``gc.freeze()`` called before the first request: the change proposed when the
full garbage collections of the loaded application (some 127,000 objects
scanned each time) are what breaks the p99.

The same-run baseline: a bare ``/healthz`` through the same client, and the
review queue's first page as one raw SQL query on a cursor. EXPLAIN ANALYZE
of the review queue's queries and of the head's list of escalations goes into
the result too.

``BENCH_CASES_OPEN`` sets N for an experiment (the result says which N).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.harness import (
    current_scale,
    django_on,
    percentile,
    scratch_database,
    target,
    write_result,
)

if TYPE_CHECKING:
    from django.test import Client

    from yichuang.accounts.models import Office
    from yichuang.cases.models import Case
    from yichuang.frontdesk.models import Ticket

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "bench_cases"
PASSWORD = "bench-password-0123"  # noqa: S105 (a scratch database)

OPEN_CASES = {"quick": 20_000, "full": 100_000}
UNITS = {"quick": 400, "full": 1_000}
REQUESTS = {"quick": 200, "full": 500}
WARM_UP = 20
LIMIT_MS = 100.0
DEEP_PAGE = 50

RAW_QUEUE = (
    "SELECT id, reference, title, unit_code, state, due_on, accepted_at, limit_days "
    "FROM cases_case WHERE office_id = %s AND state IN ({states}) "
    "ORDER BY due_on, opened_at, id LIMIT 50"
)


@dataclass(frozen=True)
class Page:
    """One page measured: its name, who asks for it, and its address."""

    name: str
    username: str
    url: str


# The measuring process -----------------------------------------------------------


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p90_ms": round(percentile(samples, 0.90), 3),
        "p99_ms": round(percentile(samples, 0.99), 3),
        "max_ms": round(max(samples), 3),
    }


class FullCollections:
    """The full (generation 2) garbage collections while it is active: how many, how long."""

    def __init__(self) -> None:
        self.durations: list[float] = []
        self._started = 0.0
        self.active = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self.active or info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.durations.append((time.perf_counter() - self._started) * 1000)

    def report(self) -> dict[str, Any]:
        return {
            "full_gc_count": len(self.durations),
            "full_gc_ms_max": round(max(self.durations, default=0.0), 1),
            "full_gc_ms_total": round(sum(self.durations), 1),
        }


class CpuShare:
    """The cores this process, the benchmark database and everything else used meanwhile."""

    def __init__(self) -> None:
        self.database_url = os.environ["DATABASE_URL"]

    def start(self) -> None:
        from bench._frontdesk_server import _cpu_by_pid, _machine_busy_seconds, database_pids

        self.pids = database_pids(self.database_url)
        self.database = sum(_cpu_by_pid(self.pids).values())
        self.machine = _machine_busy_seconds()
        self.own = time.process_time()
        self.started = time.perf_counter()

    def stop(self) -> dict[str, float]:
        from bench._frontdesk_server import _cpu_by_pid, _machine_busy_seconds

        wall = time.perf_counter() - self.started
        own = time.process_time() - self.own
        database = sum(_cpu_by_pid(self.pids).values()) - self.database
        machine = _machine_busy_seconds() - self.machine
        return {
            "this_process_cores": round(own / wall, 2),
            "database_cores": round(database / wall, 2),
            "other_processes_cores": round(max(0.0, machine - own - database) / wall, 2),
        }


def _timed(client: Client, url: str, count: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each of ``count`` requests, after WARM_UP untimed ones."""
    for _ in range(WARM_UP):
        client.get(url)
    walls, cpus = [], []
    for _ in range(count):
        cpu = time.process_time()
        started = time.perf_counter()
        response = client.get(url)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return walls, cpus


def _queries(client: Client, url: str) -> dict[str, Any]:
    """How many queries a request makes (asked twice, to show it holds), and the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, captured, content = [], [], b""
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url).content
        counts.append(len(queries))
        captured = list(queries.captured_queries)
    slowest = sorted(captured, key=lambda q: float(q["time"] or 0), reverse=True)[:3]
    return {
        "queries": counts[-1],
        "queries_stable": len(set(counts)) == 1,
        "queue_rows": content.count(b'data-testid="queue-row"'),
        "slowest_queries": [
            {"ms": round(float(q["time"] or 0) * 1000, 1), "sql": q["sql"][:200]} for q in slowest
        ],
    }


def _clients(usernames: set[str]) -> dict[str, Client]:
    from django.test import Client

    from yichuang.accounts.models import User

    clients = {}
    for username in sorted(usernames):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    return clients


def _measure_page(client: Client, page: Page, count: int) -> dict[str, Any]:
    collections, share = FullCollections(), CpuShare()
    gc.callbacks.append(collections)
    try:
        share.start()
        collections.active = True
        walls, cpus = _timed(client, page.url, count)
        collections.active = False
        cores = share.stop()
    finally:
        gc.callbacks.remove(collections)
    return {
        "user": page.username,
        "url": page.url,
        "requests": count,
        **_summary(walls),
        "cpu_p50_ms": round(statistics.median(cpus), 3),
        **collections.report(),
        **cores,
        **_queries(client, page.url),
    }


def _measure(pages: list[Page], count: int) -> dict[str, Any]:
    clients = _clients({page.username for page in pages})
    result = {}
    for page in pages:
        result[page.name] = found = _measure_page(clients[page.username], page, count)
        print(
            f"{page.name}: p50 {found['p50_ms']} p99 {found['p99_ms']} ms, "
            f"{found['queries']} queries, {found['full_gc_count']} full GCs",
            file=sys.stderr,
            flush=True,
        )
    return result


def _raw_queue(office_pk: int, count: int) -> dict[str, float]:
    """The review queue's first page as one SQL query on a cursor, warm."""
    from django.db import connection

    from yichuang.cases.selectors import QUEUES

    states = QUEUES["review"][0]
    sql = RAW_QUEUE.format(states=", ".join(["%s"] * len(states)))

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [office_pk, *states])
            if len(cursor.fetchall()) != 50:
                raise SystemExit("the raw queue query did not find 50 cases")

    for _ in range(WARM_UP):
        run()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return _summary(samples)


def _healthz(count: int) -> dict[str, float]:
    walls, _cpus = _timed(_clients({"clerk_a"})["clerk_a"], "/healthz", count)
    return _summary(walls)


def measure(mode: str) -> None:
    """The measuring process: load the application, measure, print the result as JSON.

    ``mode`` is "deployed" (as ``yichuang.wsgi`` runs today, with the
    baselines) or "gc_frozen" (the URLconf loaded, so every view module is
    imported, and then ``gc.freeze()``: the change proposed to ``yichuang.wsgi``).
    """
    spec = json.loads(sys.stdin.read())
    import yichuang.wsgi  # noqa: F401 (loads the application as a gunicorn worker does)

    if mode == "gc_frozen":
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (imports every view and what it imports)
        gc.freeze()
    pages = [Page(**page) for page in spec["pages"]]
    result: dict[str, Any] = {"pages": _measure(pages, spec["requests"])}
    if mode == "deployed":
        result["healthz"] = _healthz(spec["requests"])
        result["raw_review_queue_query"] = _raw_queue(spec["office"], spec["requests"])
    print(json.dumps(result))


def _in_fresh_process(mode: str, spec: dict[str, Any]) -> dict[str, Any]:
    from django.db import connections

    connections.close_all()
    output = subprocess.run(
        [sys.executable, "-m", "bench.cases", mode],
        input=json.dumps(spec),
        stdout=subprocess.PIPE,
        check=True,
        text=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# The run -------------------------------------------------------------------------


def _seconds(since: float) -> float:
    return round(time.perf_counter() - since, 1)


def _build(cast: Any, scale: str, count: int) -> tuple[dict[str, Any], dict[str, list[Case]]]:
    """The data, and how long each part took."""
    from bench import _cases_data as data

    load: dict[str, Any] = {}
    started = time.perf_counter()
    units = data.units_create(cast, UNITS[scale])
    load["units_through_services_seconds"] = _seconds(started)
    started = time.perf_counter()
    made = data.service_cases_create(cast, units)
    load["service_cases_seconds"] = _seconds(started)
    started = time.perf_counter()
    load["bulk_rows"] = data.bulk_cases_create(data.bulk_context(cast, units, made), count)
    load["bulk_cases_seconds"] = _seconds(started)
    started = time.perf_counter()
    data.vacuum()
    load["vacuum_analyze_seconds"] = _seconds(started)
    return load, made


def _pages(ticket: Ticket, service_case: Case, bulk_case: Case) -> list[Page]:
    from django.urls import reverse

    def queue(name: str) -> str:
        return reverse("cases:queue", args=[name])

    review = queue("review")
    return [
        Page("intake_with_ticket", "clerk_a", f"{reverse('cases:intake')}?ticket={ticket.pk}"),
        Page("queue_intake", "clerk_a", queue("intake")),
        Page("queue_review", "reviewer_a", review),
        Page(f"queue_review_page_{DEEP_PAGE}", "reviewer_a", f"{review}?page={DEEP_PAGE}"),
        Page("queue_entry", "registrar_a", queue("entry")),
        Page("queue_collection", "clerk_a", queue("collection")),
        Page("cases_index_clerk", "clerk_a", reverse("cases:index")),
        Page("cases_index_head", "head_a", reverse("cases:index")),
        Page("case_page", "reviewer_a", reverse("cases:case", args=[service_case.reference])),
        Page("case_page_bulk", "reviewer_a", reverse("cases:case", args=[bulk_case.reference])),
    ]


def _bulk_example(office: Office) -> Case:
    """An in-review case from the bulk, in the middle of the queue."""
    from yichuang.cases.models import Case

    cases = Case.objects.filter(
        office=office, state="in_review", submission_key__startswith="bulk-"
    )
    return cases.order_by("due_on", "opened_at", "pk")[cases.count() // 2]


def _explain(office: Office) -> dict[str, list[str]]:
    """EXPLAIN ANALYZE of the review queue (first and deep page, count) and the head's list."""
    from django.db import connection

    from yichuang.cases.selectors import QUEUE_PAGE, QUEUES, escalations_open, queue_cases

    cases = queue_cases(office=office, queue="review")
    deep = (DEEP_PAGE - 1) * QUEUE_PAGE
    states = QUEUES["review"][0]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM cases_case "
            f"WHERE office_id = %s AND state IN ({', '.join(['%s'] * len(states))})",
            [office.pk, *states],
        )
        count_plan = [row[0] for row in cursor.fetchall()]
    return {
        "review_page_1": cases[:QUEUE_PAGE].explain(analyze=True, buffers=True).splitlines(),
        f"review_page_{DEEP_PAGE}": cases[deep : deep + QUEUE_PAGE]
        .explain(analyze=True, buffers=True)
        .splitlines(),
        "review_count": count_plan,
        "escalations_on_the_heads_index": escalations_open(office=office)[:20]
        .explain(analyze=True, buffers=True)
        .splitlines(),
    }


def _database() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers')")
        row = cursor.fetchone()
    return {
        "server": row[0] if row else "",
        "shared_buffers": row[1] if row else "",
        "vacuum_analyzed_after_load": True,
        "settings": "YICHUANG_DEBUG=False; yichuang.wsgi loaded; requests through "
        "django.test.Client in that process (no network, no server)",
    }


def _brief(measured: dict[str, Any]) -> dict[str, Any]:
    keys = ("p50_ms", "p90_ms", "p99_ms", "max_ms", "queries", "full_gc_count", "full_gc_ms_max")
    return {
        name: {key: page[key] for key in (*keys, "other_processes_cores")}
        for name, page in measured["pages"].items()
    }


PASSES = {
    "pages": "as yichuang.wsgi runs today (the targets are read from this pass)",
    "pages_with_gc_frozen": "the URLconf loaded and gc.freeze() called before the first request",
}


def main() -> None:
    """Build the data, measure the pages and the baseline, write bench/results/cases.json."""
    from bench import _cases_data as data

    scale = current_scale()
    count = int(os.environ.get("BENCH_CASES_OPEN", OPEN_CASES[scale]))
    django_on(
        scratch_database("postgresql", DATABASE),
        YICHUANG_DEBUG="False",
        YICHUANG_DB_CONN_MAX_AGE="600",
    )
    from yichuang.accounts.cast import cast_create

    cast = cast_create(password=PASSWORD)
    office = cast.offices["office_a"]
    load, made = _build(cast, scale, count)
    print(f"built: {load}", file=sys.stderr, flush=True)
    pages = _pages(data.served_ticket(cast), made["in_review"][0], _bulk_example(office))
    spec: dict[str, Any] = {"pages": [asdict(page) for page in pages], "office": office.pk}
    spec["requests"] = REQUESTS[scale]
    deployed = _in_fresh_process("deployed", spec)
    frozen = _in_fresh_process("gc_frozen", spec)
    measured, raw, healthz = (
        deployed["pages"],
        deployed["raw_review_queue_query"],
        deployed["healthz"],
    )
    review = measured["queue_review"]
    metrics = {
        "open_cases_in_bulk": count,
        "service_cases": sum(len(cases) for cases in made.values()),
        "counts": data.counts(office),
        "load": load,
        "database": _database(),
        "passes": PASSES,
        "pages": measured,
        "pages_with_gc_frozen": _brief(frozen),
        "ratios": {
            "queue_review_p50_vs_raw_query_p50": round(review["p50_ms"] / raw["p50_ms"], 1),
            "queue_review_p50_vs_healthz_p50": round(review["p50_ms"] / healthz["p50_ms"], 1),
        },
        "explain": _explain(office),
    }
    targets = {
        f"{name}_p99_ms": target(page["p99_ms"], limit=LIMIT_MS, op="<=")
        for name, page in measured.items()
    }
    path = write_result(
        "cases",
        scale=scale,
        metrics=metrics,
        baseline={"healthz": healthz, "raw_review_queue_query": raw},
        targets=targets,
    )
    print(path.read_text())


if __name__ == "__main__":
    if len(sys.argv) == 2:
        measure(sys.argv[1])
    else:
        main()
