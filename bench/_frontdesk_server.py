"""The server side of the front-desk benchmark (``bench/frontdesk.py``).

gunicorn serving the platform with production settings, and what is measured
around it while the load runs: the CPU the server, the database and the rest
of the machine spend (from /proc), and what the database's sessions are doing
(from ``pg_stat_activity``): running, waiting for a row lock, or waiting for
the write-ahead log. The leading underscore keeps ``python -m bench`` from
taking this module for a benchmark of its own.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


class Server:
    """gunicorn on a free loopback port, production settings behind a TLS-terminating proxy."""

    def __init__(self, database_url: str, *, workers: int, threads: int) -> None:
        self.port = _free_port()
        self.workers, self.threads = workers, threads
        self.log = VAR / "bench-frontdesk-gunicorn.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "YICHUANG_ENV": "production",
            "YICHUANG_DEBUG": "False",
            "YICHUANG_SECRET_KEY": secrets.token_urlsafe(48),
            "YICHUANG_ALLOWED_HOSTS": "127.0.0.1",
            "YICHUANG_BEHIND_TLS_PROXY": "True",
            # Persistent connections, kept long enough that a database session
            # usually outlives a round and its CPU time can be read.
            "YICHUANG_DB_CONN_MAX_AGE": "600",
            "YICHUANG_STATIC_ROOT": str(VAR / "bench-frontdesk-static"),
            # Every ticket comes from one kiosk, and each clerk clicks faster than
            # any person could: the limits are not what is measured.
            "YICHUANG_KIOSK_RATE": "1000000/m",
            "YICHUANG_API_USER_RATE": "1000000/min",
            "YICHUANG_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "gunicorn_workers": self.workers,
            "worker_class": "gthread" if self.threads > 1 else "sync",
            "threads_per_worker": self.threads,
            "settings": (
                "YICHUANG_ENV=production behind a TLS proxy (X-Forwarded-Proto), "
                "YICHUANG_DB_CONN_MAX_AGE=600, rate limits raised out of the way"
            ),
        }

    def __enter__(self) -> Server:
        # The sign-in page needs the production static manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            cwd=ROOT,
            env=self.env,
        )
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "yichuang.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--backlog=2048",
        ]
        if self.threads > 1:
            command += ["--worker-class=gthread", f"--threads={self.threads}"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/healthz", headers={"X-Forwarded-Proto": "https"}
        )
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                with urllib.request.urlopen(request, timeout=2):  # noqa: S310 (loopback http)
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in 60 s; see {self.log}")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def pids(self) -> list[int]:
        """The master and its workers."""
        assert self.process is not None
        master = self.process.pid
        return [master] + [pid for pid, parent in _processes() if parent == master]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _processes() -> list[tuple[int, int]]:
    """(pid, parent pid) of every process visible in /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found.append((int(entry.name), int(fields[1])))
    return found


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """User plus system CPU seconds of each process still alive."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def _machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot, summed over its cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


def database_pids(database_url: str) -> list[int]:
    """The benchmark database's sessions and PostgreSQL's own background processes.

    Sessions of other databases on the same server (other people's tests) are
    left out, so their work is counted as the rest of the machine.
    """
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND (datname = current_database() OR backend_type <> 'client backend')"
        ).fetchall()
    return [int(row[0]) for row in rows]


def autovacuum_is_on(database_url: str) -> bool:
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute("SHOW autovacuum").fetchone()
    return row is not None and row[0] == "on"


def analyze(database_url: str) -> None:
    """Refresh the planner's statistics, as autovacuum would on a server where it is on."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def checkpoints(database_url: str) -> int:
    """How many checkpoints the PostgreSQL server has made since its statistics were reset.

    A checkpoint another session forces (CREATE DATABASE does) makes every
    commit on the server wait for its flush: the noise a shared server adds.
    """
    with psycopg.connect(database_url, autocommit=True) as connection:
        try:
            row = connection.execute(
                "SELECT num_timed + num_requested FROM pg_stat_checkpointer"
            ).fetchone()
        except psycopg.errors.UndefinedTable:  # before PostgreSQL 17
            row = connection.execute(
                "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
            ).fetchone()
    assert row is not None
    return int(row[0])


class CpuMeter:
    """CPU spent between :meth:`start` and :meth:`stop` by the server and by the database,
    and the checkpoints made meanwhile."""

    def __init__(self, server: Server, database_url: str) -> None:
        self.server, self.database_url = server, database_url

    def start(self) -> None:
        self.server_before = _cpu_by_pid(self.server.pids())
        self.database_before = _cpu_by_pid(database_pids(self.database_url))
        self.machine_before = _machine_busy_seconds()
        self.checkpoints_before = checkpoints(self.database_url)
        self.started = time.perf_counter()

    def stop(self) -> dict[str, float]:
        """CPU seconds of the server, the database, and everything on the machine."""
        wall = time.perf_counter() - self.started
        made = checkpoints(self.database_url) - self.checkpoints_before
        busy = _machine_busy_seconds() - self.machine_before
        database_now = database_pids(self.database_url)
        return {
            "server": _spent(self.server_before, self.server.pids()),
            "database": _spent(self.database_before, database_now),
            "machine": busy,
            "wall": wall,
            "checkpoints": made,
        }


def _spent(before: dict[int, float], now: list[int]) -> float:
    """CPU spent since ``before`` by those processes and by the ones in ``now`` started since.

    A process that ended in between counts nothing: /proc has forgotten it.
    """
    after = _cpu_by_pid(sorted(set(before) | set(now)))
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


class SessionSampler(threading.Thread):
    """Samples what the benchmark database's active sessions wait for, 20 times a second."""

    INTERVAL = 0.05

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.stopping = threading.Event()
        self.samples = 0
        self.states: Counter[str] = Counter()

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self.stopping.wait(self.INTERVAL):
                rows = connection.execute(
                    "SELECT wait_event_type, wait_event FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'active' "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                for wait_type, event in rows:
                    self.states[_session_state(wait_type, event)] += 1

    def summary(self) -> dict[str, float]:
        """The mean number of sessions in each state over the samples."""
        self.stopping.set()
        self.join()
        return {state: round(n / max(self.samples, 1), 2) for state, n in self.states.items()}


def _session_state(wait_type: str | None, event: str | None) -> str:
    if wait_type is None:
        return "running"
    if wait_type == "Lock":
        return f"waiting_for_lock_{event}"
    if wait_type == "IO" and event and event.startswith("WAL"):
        return "waiting_for_wal_flush"
    return f"waiting_{wait_type}_{event}".lower()
