"""Fault 1: PostgreSQL restarted (`pg_ctlcluster VERSION NAME restart`) while members work.

The members are the load test's (accord.bench.load_plan): gunicorn on 127.0.0.1, each member
on its own keep-alive connection, 80 % reads and 20 % writes of rows no other member writes.
After the run the bench process reconnects, compares every row with the writes answered 2xx,
counts duplicate votes and verifies the audit chains."""

import http.client
import random
import subprocess
import threading
import time

from django.conf import settings
from django.db import connections
from django.db.models import Count
from django_scopes import scopes_disabled

from accord.audit.models import INSTALLATION_CHAIN
from accord.audit.verification import verify_chain
from accord.bench.faults.accounting import FaultTally, expected_states
from accord.bench.load import THINK, WRITE_SHARE, _Connection, _has_write, _NoAnswer, _write
from accord.bench.load_plan import VirtualUser
from accord.meetings.models import ActionItem, BallotCast, MinuteEntry, Vote


def restart_cluster(cluster: tuple[str, str]) -> float:
    """Restart the named cluster; returns how long the command took (seconds)."""
    began = time.monotonic()
    subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True,  # noqa: S603, S607
                   capture_output=True, timeout=120)
    return time.monotonic() - began


def drive_with_restart(virtual: list[VirtualUser], slug: str, port: int, *, seconds: float,
                       cluster: tuple[str, str], log) -> tuple[FaultTally, dict]:
    tally = FaultTally()
    stop_at = time.monotonic() + seconds
    members = [threading.Thread(target=_member, args=(u, slug, port, stop_at, tally, n),
                                daemon=True) for n, u in enumerate(virtual)]
    for member in members:
        member.start()
    time.sleep(seconds / 3)
    log(f"Restarting PostgreSQL cluster {'/'.join(cluster)} …")
    before = tally.requests
    took = restart_cluster(cluster)
    log(f"Restarted in {took:.1f} s; {tally.requests - before} requests meanwhile")
    for member in members:
        member.join(timeout=seconds + 120)
    return tally, {"restart_seconds": round(took, 1)}


def _member(user: VirtualUser, slug: str, port: int, stop_at: float, tally: FaultTally,
            n: int) -> None:
    rng = random.Random(n)  # noqa: S311 - a simulated person's choices, not secrets
    connection = _Connection(port, tally=tally)
    cookie = f"{settings.SESSION_COOKIE_NAME}={user.session_cookie}"
    while time.monotonic() < stop_at:
        time.sleep(rng.uniform(*THINK))
        write = None
        if rng.random() < WRITE_SHARE and _has_write(user):
            kind, method, path, body = _write(user, slug, rng)
            write = _write_record(user, kind, path, body)
        else:
            kind, method, path, body = "read", "GET", rng.choice(user.reads), None
        headers = ({"Authorization": f"Bearer {user.token}", "Content-Type": "application/json"}
                   if path.startswith("/api/") else {"Cookie": cookie})
        retry_after, detail = None, ""
        try:
            status, payload = connection.exchange(method, path, body, headers)
            retry_after = connection.last_headers.get("Retry-After")
        except (_NoAnswer, OSError, http.client.HTTPException) as error:
            connection.reopen()
            status, payload = 599, b""
            detail = f"{type(error.__cause__ or error).__name__}: {error}"[:120]
        if write is not None and kind == "minutes" and 200 <= status < 300:
            _follow_lock_version(user, write, payload)
        if write is not None and kind == "vote" and status >= 500:
            user.open_votes.append(write["id"])  # a member tries again after a 503
        tally.record(status=status, retry_after=retry_after, path=path, write=write,
                     detail=detail)


def _write_record(user: VirtualUser, kind: str, path: str, body: bytes) -> dict:
    import json

    sent = json.loads(body)
    target = int(path.rstrip("/").split("/")[-1 if kind == "minutes" else -2])
    return {"kind": kind, "id": target, "membership": user.membership_id, **sent}


def _follow_lock_version(user: VirtualUser, write: dict, payload: bytes) -> None:
    import json

    version = json.loads(payload)["lock_version"]
    write["lock_version"] = version
    for entry in user.entries:
        if entry[1] == write["id"]:
            entry[2] = version


def check_after(*, network, attempts: list[dict]) -> dict:
    """Lost writes, duplicate votes and the chains, read through a fresh connection."""
    connections.close_all()  # the bench's own connection died with the restart
    lost = []
    with scopes_disabled():
        for (kind, pk, membership), row in expected_states(attempts).items():
            if not _holds(kind, pk, membership, row):
                lost.append(f"{kind} {pk}")
        duplicate_votes = (Vote.objects.values("decision_id", "voter_id")
                           .annotate(n=Count("id")).filter(n__gt=1).count()
                           + BallotCast.objects.values("decision_id", "voter_id")
                           .annotate(n=Count("id")).filter(n__gt=1).count())
    chains = [verify_chain(network.pk), verify_chain(INSTALLATION_CHAIN)]
    return {"rows_checked": len(expected_states(attempts)), "lost_writes": len(lost),
            "lost_samples": lost[:10], "duplicated_side_effects": duplicate_votes,
            "chains": {r.label: {"events": r.events_checked, "intact": r.intact}
                       for r in chains},
            "chains_verify": all(r.intact for r in chains)}


def _holds(kind: str, pk: int, membership: int, row: dict) -> bool:
    candidates = [row["confirmed"], *row["maybe"]]
    if kind == "minutes":
        return MinuteEntry.objects.filter(pk=pk, text__in=[c["text"] for c in candidates]) \
            .exists()
    if kind == "action":
        return ActionItem.objects.filter(pk=pk,
                                         status__in=[c["status"] for c in candidates]).exists()
    if kind == "vote":
        return (Vote.objects.filter(decision_id=pk, voter_id=membership).exists()
                or BallotCast.objects.filter(decision_id=pk, voter_id=membership).exists())
    raise ValueError(kind)
