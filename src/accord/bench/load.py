"""`accord bench load`: gunicorn on 127.0.0.1 and simulated members in threads.

A small generator of its own (threads and http.client) rather than Locust: Locust runs on
gevent, which monkey-patches the whole process, and this command also plans the users and
checks the data through Django and psycopg in the same process. Each simulated member waits
0.5 to 1.5 s between requests (a person reading), 80 % of requests read pages and API lists,
20 % write: minutes edits, action status changes and votes, all through the API.

Bounded: it stops at the time limit or the request cap, whichever comes first, and only ever
talks to 127.0.0.1.

Keep-alive, like a browser: each member reuses one connection. gunicorn closes a connection
that stays idle past its keep-alive (2 s) while the member is thinking, and a request sent just
as it closes fails without any answer. A browser then resends on a new connection; so does
this generator, under two conditions that make the retry safe even for writes:
- the connection was reused (it had carried a complete exchange before): a fresh connection
  that fails is a real failure and counts as an error;
- the failure happened before any byte of a response arrived: the request could not be sent
  (broken pipe, reset while sending) or the server closed the connection without writing a
  status line (`RemoteDisconnected`, which http.client raises only when the status line read
  returned no byte at all), or reset the connection before the status line (the same close,
  with the request still unread in the server's buffer, turns into a reset). A server
  closing an idle keep-alive connection has not read the request, so it cannot have acted
  on it. Errors while reading an answer that had begun, and
  any error on the retry, count as errors.
Before reusing an idle connection the generator also checks, as urllib3 does, whether the
server has already closed it (the socket reads as EOF), and opens a new one if so. If a worker
ever died after a write was applied but before answering, a resend would not be silent: the
minutes edit carries a lock version (409 on the second try) and the data check compares the
stored rows with the answers received.
"""

import http.client
import json
import os
import random
import select
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from accord.bench.load_check import check_writes
from accord.bench.load_plan import VirtualUser, plan_users

HOST = "127.0.0.1"  # loopback only, by design
WRITE_SHARE = 0.2
THINK = (0.5, 1.5)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    writes: list[dict] = field(default_factory=list)
    requests: int = 0
    retries: int = 0  # requests resent once on a new connection (see the module docstring)
    stale_reopened: int = 0  # idle connections found closed by the server before reuse

    def record(self, kind: str, seconds: float, status: int, path: str,
               detail: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
            if not 200 <= status < 400:
                self.errors.append(f"{status} {path} {detail}".rstrip())


def run_load(*, users: int, minutes: float, max_requests: int, port: int, threads: int,
             log: Callable[[str], None] = print) -> dict:
    log(f"Planning {users} members and signing them in …")
    network, virtual = plan_users(count=users)
    server = _start_server(port, threads, log)
    try:
        tally = _drive(virtual, network.slug, port, seconds=minutes * 60,
                       max_requests=max_requests, log=log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log("Checking the data …")
    check = check_writes(network=network, writes=tally.writes)
    return _summary(tally, check, users=users, threads=threads, minutes=minutes)


def _start_server(port: int, threads: int, log) -> subprocess.Popen:
    env = {**os.environ, "ACCORD_DEBUG": "0"}
    command = [sys.executable, "-c", "from accord.cli import main; main()", "serve",
               "--bind", f"{HOST}:{port}", "--workers", "2", "--threads", str(threads)]
    log(f"Starting gunicorn: 2 workers x {threads} threads on {HOST}:{port}")
    # ACCORD_BENCH_SERVER_LOG names a file for gunicorn's log (to explain an error).
    log_path = os.environ.get("ACCORD_BENCH_SERVER_LOG")
    server_log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(command, env=env, stdout=server_log,  # noqa: S603
                              stderr=server_log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def _drive(virtual: list[VirtualUser], slug: str, port: int, *, seconds: float,
           max_requests: int, log) -> Tally:
    tally = Tally()
    stop_at = time.monotonic() + seconds
    workers = [threading.Thread(target=_member, args=(u, slug, port, stop_at, max_requests,
                                                      tally, n), daemon=True)
               for n, u in enumerate(virtual)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 120)
    log(f"{tally.requests} requests, {len(tally.errors)} errors")
    return tally


class _Connection:
    """One member's keep-alive connection to gunicorn, reopened when the server closed it."""

    def __init__(self, port: int, tally: Tally):
        self.port, self.tally = port, tally
        self.http = self._open()
        self.reused = False  # has this connection carried a complete exchange?

    def _open(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=60)

    def reopen(self) -> None:
        self.http.close()
        self.http, self.reused = self._open(), False

    def dropped(self) -> bool:
        """The server closed the idle connection (it reads as EOF, or has stray bytes)."""
        sock = self.http.sock
        if sock is None:
            return False
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)

    def exchange(self, method: str, path: str, body, headers) -> tuple[int, bytes]:
        if self.reused and self.dropped():
            with self.tally.lock:
                self.tally.stale_reopened += 1
            self.reopen()
        try:
            return self._once(method, path, body, headers)
        except _NoAnswer:
            if not self.reused:
                raise
        with self.tally.lock:
            self.tally.retries += 1
        self.reopen()
        return self._once(method, path, body, headers)

    def _once(self, method: str, path: str, body, headers) -> tuple[int, bytes]:
        try:
            self.http.request(method, path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as error:
            raise _NoAnswer(error) from error  # the request did not get out
        try:
            response = self.http.getresponse()
        except http.client.RemoteDisconnected as error:
            raise _NoAnswer(error) from error  # closed without a single byte of an answer
        except ConnectionResetError as error:
            # Reset before the status line: the server closed the idle connection with the
            # request unread in its buffer, which the kernel answers with RST instead of FIN.
            # Chromium resends on a reused connection for this error too.
            raise _NoAnswer(error) from error
        payload = response.read()
        self.last_headers = response.headers  # the fault suite reads Retry-After from it
        self.reused = not response.will_close
        if response.will_close:
            self.reopen()
        return response.status, payload


class _NoAnswer(Exception):
    """The request failed before any byte of a response arrived."""


def _member(user: VirtualUser, slug: str, port: int, stop_at: float, max_requests: int,
            tally: Tally, n: int) -> None:
    rng = random.Random(n)  # noqa: S311 - a simulated person's choices, not secrets
    connection = _Connection(port, tally)
    cookie = f"{settings.SESSION_COOKIE_NAME}={user.session_cookie}"
    while time.monotonic() < stop_at and tally.requests < max_requests:
        time.sleep(rng.uniform(*THINK))
        if rng.random() < WRITE_SHARE and _has_write(user):
            kind, method, path, body = _write(user, slug, rng)
        else:
            kind, method, path, body = "read", "GET", rng.choice(user.reads), None
        headers = ({"Authorization": f"Bearer {user.token}", "Content-Type": "application/json"}
                   if path.startswith("/api/") else {"Cookie": cookie})
        began, detail = time.perf_counter(), ""
        try:
            status, payload = connection.exchange(method, path, body, headers)
        except (_NoAnswer, OSError, http.client.HTTPException) as error:
            # 599: the generator's code for a request that got no answer at all.
            connection.reopen()
            status, payload = 599, b""
            detail = f"{type(error.__cause__ or error).__name__}: {error}"[:120]
        tally.record(kind, time.perf_counter() - began, status, path, detail)
        if kind != "read" and 200 <= status < 300:
            _remember(user, kind, path, body, payload, tally)


def _has_write(user: VirtualUser) -> bool:
    return bool(user.entries or user.actions or user.open_votes)


def _write(user: VirtualUser, slug: str, rng) -> tuple[str, str, str, bytes]:
    api = f"/api/v1/n/{slug}"
    kinds = [k for k, have in (("minutes", user.entries), ("action", user.actions),
                               ("vote", user.open_votes)) if have]
    kind = rng.choice(kinds)
    if kind == "minutes":
        entry = rng.choice(user.entries)
        text = f"Load test edit {rng.getrandbits(32):08x}: the partners reviewed the item."
        body = {"text": text, "visibility": "network", "lock_version": entry[2]}
        return kind, "PUT", f"{api}/meetings/{entry[0]}/minute-entries/{entry[1]}", \
            json.dumps(body).encode()
    if kind == "action":
        action = rng.choice(user.actions)
        status = rng.choice(["open", "in_progress"])
        return kind, "POST", f"{api}/action-items/{action}/status", \
            json.dumps({"status": status}).encode()
    decision = user.open_votes.pop()
    return kind, "POST", f"{api}/decisions/{decision}/votes", \
        json.dumps({"choice": rng.choice(["yes", "no", "abstain"])}).encode()


def _remember(user: VirtualUser, kind: str, path: str, body: bytes, payload: bytes,
              tally: Tally) -> None:
    sent = json.loads(body)
    target = int(path.rstrip("/").split("/")[-1 if kind == "minutes" else -2])
    record = {"kind": kind, "id": target, "membership": user.membership_id, **sent}
    if kind == "minutes":
        answer = json.loads(payload)
        for entry in user.entries:
            if entry[1] == target:
                entry[2] = answer["lock_version"]
        record["lock_version"] = answer["lock_version"]
    with tally.lock:
        tally.writes.append(record)


def _summary(tally: Tally, check: dict, *, users: int, threads: int, minutes: float) -> dict:
    latencies = sorted(tally.latencies) or [0.0]

    def pct(share: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000, 1)

    seconds = minutes * 60
    return {
        "users": users, "gunicorn": f"2 workers x {threads} threads (gthread)",
        "think_time_s": list(THINK), "seconds": seconds, "requests": tally.requests,
        "requests_per_second": round(tally.requests / seconds, 1),
        "by_kind": tally.by_kind, "writes_2xx": len(tally.writes),
        "p50_ms": round(statistics.median(latencies) * 1000, 1), "p95_ms": pct(0.95),
        "p99_ms": pct(0.99), "errors": len(tally.errors),
        "error_samples": tally.errors[:10], "retried_on_new_connection": tally.retries,
        "idle_connections_reopened": tally.stale_reopened,
        "data_check": check,
    }
