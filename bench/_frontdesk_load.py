"""The load process of the front-desk benchmark (``bench/frontdesk.py``).

It runs apart from the server and from the process that set the database up,
and imports nothing of Django, so its CPU goes to HTTP alone. It reads one job
as JSON on standard input and writes what it measured as JSON on standard
output. Run as ``python -m bench._frontdesk_load``; the leading underscore
keeps ``python -m bench`` from taking it for a benchmark of its own.

Jobs:

* ``batch``: send a given list of requests from ``clients`` threads; answer
  every response, in the order of the list.
* ``open``: open loop, request *i* scheduled at ``start + i / rate`` whatever
  the answers; each latency runs from the scheduled moment, so a slow server
  cannot hide its queue behind a slow client.
* ``closed``: ``clients`` threads each sending the next request as soon as the
  last is answered, for ``seconds``; tickets or the bare ``/healthz``.
* ``windows``: clerks sign in through the sign-in page (session and CSRF),
  wait for each other, then call the next ticket at their windows and mark it
  not come, until the queue is empty.
"""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import queue
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter
from typing import Any

from yichuang.core.identifiers.check_digits import mod11_2_check_char

FIRST_BIRTHDAY = dt.date(1950, 1, 1)
PEOPLE_PER_BIRTHDAY = 1000


def resident_id(person: int) -> str:
    """A distinct valid resident ID number for each ``person`` (0 up to about 27 million)."""
    born = FIRST_BIRTHDAY + dt.timedelta(days=person // PEOPLE_PER_BIRTHDAY)
    body = f"110101{born:%Y%m%d}{person % PEOPLE_PER_BIRTHDAY:03d}"
    return body + mod11_2_check_char(body)


def ticket_body(person: int, *, agent: int | None = None) -> dict[str, str]:
    """A kiosk ticket request for ``person`` (general service), with an agent if given."""
    body = {
        "service_type": "general",
        "document_type": "resident_id",
        "document_number": resident_id(person),
        "name": "王小明",
    }
    if agent is not None:
        body |= {"agent_document_number": resident_id(agent), "agent_name": "郑涛"}
    return body


class Connection:
    """One client's HTTP/1.1 connection to the server, reopened when the server closes it."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port = port
        self.headers = {"X-Forwarded-Proto": "https", **headers}
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.kept_alive = False

    def send(
        self,
        method: str,
        path: str,
        body: object = None,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> tuple[int, bytes, http.client.HTTPMessage]:
        wanted = {**self.headers, **(headers or {})}
        data: bytes | None = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            wanted["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            wanted["Content-Type"] = "application/json"
        try:
            self.http.request(method, path, body=data, headers=wanted)
            response = self.http.getresponse()
            content = response.read()
        except (ConnectionError, http.client.HTTPException):
            self.http.close()
            if not self.kept_alive:
                raise
            # The server closed an idle kept-alive connection as the request left: it
            # never saw the request, so sending it again on a new connection is safe.
            self.kept_alive = False
            return self.send(method, path, body, headers, form)
        self.kept_alive = not response.will_close
        if response.will_close:
            self.http.close()
        return response.status, content, response.msg


def _answer(status: int, content: bytes) -> dict[str, Any]:
    """What the benchmark keeps of a response: the status and the ticket or refusal fields."""
    kept: dict[str, Any] = {"status": status}
    try:
        document = json.loads(content) if content else None
    except ValueError:
        return kept
    if isinstance(document, dict):
        for field in ("id", "number", "code", "existing", "window"):
            if field in document:
                kept[field] = document[field]
    return kept


def _wait_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)


def batch(job: dict[str, Any]) -> dict[str, Any]:
    items: list[dict[str, Any]] = job["requests"]
    answers: list[dict[str, Any]] = [{} for _ in items]
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(items)):
        todo.put(index)

    def client() -> None:
        connection = Connection(job["port"], job["headers"])
        while True:
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            item = items[index]
            started = time.perf_counter()
            status, content, _msg = connection.send("POST", item["path"], item["body"])
            answers[index] = _answer(status, content) | {
                "ms": (time.perf_counter() - started) * 1000
            }

    _wait_until(job["start_at"])
    started = time.perf_counter()
    _run_threads(client, job["clients"])
    return {"answers": answers, "seconds": time.perf_counter() - started}


def open_loop(job: dict[str, Any]) -> dict[str, Any]:
    rate, count = job["rate"], int(job["rate"] * job["seconds"])
    due: queue.SimpleQueue[tuple[int, float] | None] = queue.SimpleQueue()
    latencies: list[float] = [0.0] * count
    late: list[float] = [0.0] * count
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def client() -> None:
        connection = Connection(job["port"], job["headers"])
        while (item := due.get()) is not None:
            index, scheduled = item
            late[index] = (time.perf_counter() - scheduled) * 1000
            status, _content, _msg = connection.send(
                "POST", job["path"], ticket_body(job["first_person"] + index)
            )
            latencies[index] = (time.perf_counter() - scheduled) * 1000
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=client) for _ in range(job["clients"])]
    for thread in threads:
        thread.start()
    _wait_until(job["start_at"])
    cpu, start = time.process_time(), time.perf_counter()
    for index in range(count):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        due.put((index, scheduled))
    for _ in threads:
        due.put(None)
    for thread in threads:
        thread.join()
    return {
        "latencies_ms": latencies,
        "send_late_ms_max": max(late),
        "statuses": {str(k): v for k, v in statuses.items()},
        "seconds": time.perf_counter() - start,
        "client_cpu_seconds": time.process_time() - cpu,
    }


def closed_loop(job: dict[str, Any]) -> dict[str, Any]:
    people = itertools.count(job["first_person"])
    people_lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    deadline = job["start_at"] + job["seconds"]
    tickets = job["kind"] == "ticket"

    def client() -> None:
        connection = Connection(job["port"], job["headers"])
        mine: list[float] = []
        seen: Counter[int] = Counter()
        while time.time() < deadline:
            started = time.perf_counter()
            if tickets:
                with people_lock:
                    person = next(people)
                status, _content, _msg = connection.send("POST", job["path"], ticket_body(person))
            else:
                status, _content, _msg = connection.send("GET", "/healthz")
            mine.append((time.perf_counter() - started) * 1000)
            seen[status] += 1
        with people_lock:
            latencies.extend(mine)
            statuses.update(seen)

    _wait_until(job["start_at"])
    cpu = time.process_time()
    started = time.time()
    _run_threads(client, job["clients"])
    return {
        "requests": len(latencies),
        "seconds": time.time() - started,
        "latencies_ms": sorted(latencies),
        "statuses": {str(k): v for k, v in statuses.items()},
        "client_cpu_seconds": time.process_time() - cpu,
    }


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(message: http.client.HTTPMessage) -> dict[str, str]:
    found = {}
    for header in message.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _sign_in(connection: Connection, username: str, password: str) -> dict[str, str]:
    """Sign in through the sign-in page; the headers a signed-in API call then needs."""
    origin = f"https://127.0.0.1:{connection.port}"
    status, page, message = connection.send("GET", "/staff/login/")
    found = CSRF_FIELD.search(page)
    if status != 200 or found is None:
        raise RuntimeError(f"sign-in page answered {status}")
    cookies = _cookies(message)
    status, _page, message = connection.send(
        "POST",
        "/staff/login/",
        form={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": found.group(1).decode(),
        },
        headers={
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Origin": origin,
            "Referer": f"{origin}/staff/login/",
        },
    )
    cookies |= _cookies(message)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"sign-in of {username} answered {status}")
    return {
        "Cookie": f"csrftoken={cookies['csrftoken']}; sessionid={cookies['sessionid']}",
        "X-CSRFToken": cookies["csrftoken"],
        "Origin": origin,
        "Referer": f"{origin}/staff/",
    }


def windows(job: dict[str, Any]) -> dict[str, Any]:
    clerks: list[dict[str, Any]] = job["clerks"]
    barrier = threading.Barrier(len(clerks))
    calls: list[list[dict[str, Any]]] = [[] for _ in clerks]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    timing: dict[str, float] = {}

    def clerk(n: int) -> None:
        connection = Connection(job["port"], {})
        headers = _sign_in(connection, clerks[n]["username"], clerks[n]["password"])
        window = clerks[n]["window"]
        seen: Counter[int] = Counter()
        if barrier.wait() == 0:
            timing["start"] = time.perf_counter()
        while True:
            started = time.perf_counter()
            status, content, _msg = connection.send(
                "POST", f"/api/frontdesk/windows/{window}/call-next", headers=headers
            )
            ms = (time.perf_counter() - started) * 1000
            seen[status] += 1
            if status != 200:
                break
            ticket = _answer(status, content)
            calls[n].append({"window": window, "ticket": ticket["id"], "ms": ms})
            status, _content, _msg = connection.send(
                "POST", f"/api/frontdesk/tickets/{ticket['id']}/no-show", headers=headers
            )
            seen[status] += 1
            if status != 200:
                break
        with lock:
            statuses.update(seen)

    _run_threads(clerk, len(clerks), numbered=True)
    return {
        "calls": [call for mine in calls for call in mine],
        "statuses": {str(k): v for k, v in statuses.items()},
        "seconds": time.perf_counter() - timing["start"],
    }


def _run_threads(work: Any, count: int, *, numbered: bool = False) -> None:
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n) if numbered else work()
        except BaseException as error:  # reported to the parent below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


JOBS = {"batch": batch, "open": open_loop, "closed": closed_loop, "windows": windows}


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(JOBS[job["job"]](job), sys.stdout)


if __name__ == "__main__":
    main()
