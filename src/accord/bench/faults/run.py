"""`accord bench faults`: each fault is one bounded run against the database DATABASE_URL names,
on 127.0.0.1 only; the report goes to docs/benchmarks.md between its own markers.

Restarting PostgreSQL restarts the whole cluster, so the suite only restarts a cluster it is
told to (`--cluster VERSION/NAME`) and only when DATABASE_URL points at that cluster's port:
run it against a private cluster (docs/faults.md), never a server others use."""

import subprocess
from collections.abc import Callable

from django.conf import settings
from django.db import connections

from accord.bench.faults.accounting import FaultTally

FAULTS = ("database-restart", "worker-killed", "mail-server-down")
NOT_BUILT = {
    "witness-unavailable": "needs signed heads and the witness (speed-and-witness issue)",
    "backup-restore": "needs the witness and crypto-shredding (cases issue)",
    "access-log-fold-killed": "needs the access log (policy decision point issue)",
}


class FaultRefused(Exception):
    """The suite will not restart this cluster (or cannot find it)."""


def cluster_port(cluster: tuple[str, str]) -> int:
    listing = subprocess.run(["pg_lsclusters", "--no-header", *cluster],  # noqa: S603, S607
                             capture_output=True, text=True, check=False)
    fields = listing.stdout.split()
    if listing.returncode != 0 or len(fields) < 3:
        raise FaultRefused(f"No PostgreSQL cluster {'/'.join(cluster)} (pg_lsclusters).")
    return int(fields[2])


def check_target(cluster: tuple[str, str] | None, *, allow_default_port: bool) -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise FaultRefused("The fault suite needs PostgreSQL (set DATABASE_URL).")
    if cluster is None:
        raise FaultRefused("Name the cluster to restart: --cluster VERSION/NAME.")
    port, host = cluster_port(cluster), database.get("HOST") or ""
    if host not in ("127.0.0.1", "localhost", "::1", ""):
        raise FaultRefused("DATABASE_URL must name a server on this machine (loopback).")
    if int(database.get("PORT") or 5432) != port:
        raise FaultRefused(f"DATABASE_URL's port is not cluster {'/'.join(cluster)}'s ({port}).")
    if port == 5432 and not allow_default_port:
        raise FaultRefused("Cluster on port 5432: probably shared; pass --allow-default-port "
                           "only if nobody else uses it.")


def run_faults(*, faults: list[str], cluster: tuple[str, str] | None, users: int,
               seconds: float, port: int, meetings: int, down_seconds: float,
               allow_default_port: bool, log: Callable[[str], None] = print) -> dict:
    from accord.bench.load_plan import largest_network

    if "database-restart" in faults:
        check_target(cluster, allow_default_port=allow_default_port)
    network = largest_network()
    results = {}
    for fault in faults:
        log(f"— {fault}")
        results[fault] = _run_one(fault, network=network, cluster=cluster, users=users,
                                  seconds=seconds, port=port, meetings=meetings,
                                  down_seconds=down_seconds, log=log)
        results[fault].update(_chains(network))
    return {"faults": results, "not_built": NOT_BUILT,
            "command": _command(faults, cluster, users, seconds, meetings, down_seconds)}


def _run_one(fault: str, *, network, cluster, users, seconds, port, meetings, down_seconds,
             log) -> dict:
    from accord.bench.faults import mail

    if fault == "database-restart":
        return _database_restart(network=network, cluster=cluster, users=users,
                                 seconds=seconds, port=port, log=log)
    if fault == "worker-killed":
        return mail.fault_worker_killed(network, meetings=meetings, kills=2, log=log)
    if fault == "mail-server-down":
        return mail.fault_mail_server_down(network, meetings=meetings,
                                           down_seconds=down_seconds, log=log)
    raise ValueError(fault)


def _database_restart(*, network, cluster, users, seconds, port, log) -> dict:
    from accord.bench.faults.database import check_after, drive_with_restart
    from accord.bench.load import _start_server
    from accord.bench.load_plan import plan_users

    log(f"Planning {users} members …")
    network, virtual = plan_users(count=users)
    server = _start_server(port, 4, log)
    try:
        tally, timing = drive_with_restart(virtual, network.slug, port, seconds=seconds,
                                           cluster=cluster, log=log)
        healthy_after = _healthz(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {**summarise(tally), **timing, "users": users, "seconds": seconds,
            "healthz_after": healthy_after,
            **check_after(network=network, attempts=tally.attempts)}


def summarise(tally: FaultTally) -> dict:
    return {"requests": tally.requests, "answered": tally.answered,
            "by_status": dict(sorted(tally.statuses.items())),
            "failed_cleanly": tally.clean_failures, "unclean_failures": len(tally.unclean),
            "unclean_samples": tally.unclean[:10],
            "refused_samples": tally.refused[:5],
            "retried_on_new_connection": tally.retries,
            "idle_connections_reopened": tally.stale_reopened,
            "writes_2xx": sum(200 <= a["http_status"] < 300 for a in tally.attempts)}


def _healthz(port: int) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz")
    return connection.getresponse().status


def _chains(network) -> dict:
    from accord.audit.models import INSTALLATION_CHAIN
    from accord.audit.verification import verify_chain

    connections.close_all()
    reports = [verify_chain(network.pk), verify_chain(INSTALLATION_CHAIN)]
    return {"chains_verify": all(r.intact for r in reports),
            "chain_events": {r.label: r.events_checked for r in reports}}


def _command(faults, cluster, users, seconds, meetings, down_seconds) -> str:
    parts = ["accord bench faults", "--fault " + ",".join(faults)]
    if cluster:
        parts.append(f"--cluster {'/'.join(cluster)}")
    parts += [f"--users {users}", f"--seconds {seconds:g}", f"--meetings {meetings}",
              f"--down-seconds {down_seconds:g}"]
    return " ".join(parts)
