"""`accord bench load`: gunicorn on 127.0.0.1 and simulated members in threads.

A small generator of its own (threads and http.client) rather than Locust: Locust runs on
gevent, which monkey-patches the whole process, and this command also plans the users and
checks the data through Django and psycopg in the same process. Each simulated member waits
0.5 to 1.5 s between requests (a person reading), 80 % of requests read pages and API lists,
20 % write: minutes edits, action status changes and votes, all through the API.

Bounded: it stops at the time limit or the request cap, whichever comes first, and only ever
talks to 127.0.0.1.
"""

import http.client
import json
import os
import random
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

    def record(self, kind: str, seconds: float, status: int, path: str) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
            if not 200 <= status < 400:
                self.errors.append(f"{status} {path}")


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
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,  # noqa: S603
                              stderr=subprocess.DEVNULL)
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


def _member(user: VirtualUser, slug: str, port: int, stop_at: float, max_requests: int,
            tally: Tally, n: int) -> None:
    rng = random.Random(n)  # noqa: S311 - a simulated person's choices, not secrets
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    cookie = f"{settings.SESSION_COOKIE_NAME}={user.session_cookie}"
    while time.monotonic() < stop_at and tally.requests < max_requests:
        time.sleep(rng.uniform(*THINK))
        if rng.random() < WRITE_SHARE and _has_write(user):
            kind, method, path, body = _write(user, slug, rng)
        else:
            kind, method, path, body = "read", "GET", rng.choice(user.reads), None
        headers = ({"Authorization": f"Bearer {user.token}", "Content-Type": "application/json"}
                   if path.startswith("/api/") else {"Cookie": cookie})
        began = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            status, payload = 599, str(error).encode()
        tally.record(kind, time.perf_counter() - began, status, path)
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
        "p99_ms": pct(0.99), "errors": len(tally.errors), "error_samples": tally.errors[:10],
        "data_check": check,
    }
