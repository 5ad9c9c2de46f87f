"""Measure one profile (the database DATABASE_URL names): every registered target, the floor
beside it, and audit verification against raw hashlib.

Requests go through Django's test Client in this process ("server time": the middleware, the
view, the template and every query, without a network between). Queries are counted in a
separate pass so the timed requests run without the debug cursor.
"""

import hashlib
import platform
import statistics
import time
from collections.abc import Callable

import django
from django.conf import settings
from django.db import connection, models, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from accord.audit.access import access_record
from accord.audit.hashing import EVENT_FIELDS, OPTIONAL_EVENT_FIELDS, event_canonical_bytes
from accord.audit.models import AuditEvent
from accord.audit.verification import verify_chain
from accord.bench.policy_cost import measure_policy
from accord.bench.targets import TARGETS, Context, Target
from accord.meetings.models import Meeting, MeetingState
from accord.tenancy.models import Membership, Network, Role
from accord.testing.factories import pass_both_factors

WARM_UP = 3
NOT_BUILT = "not built yet (issue: privacy guard)"


def measure_profile(*, requests: int = 30, log: Callable[[str], None] = print,
                    audit_limit: int | None = None) -> dict:
    with override_settings(ROOT_URLCONF="accord.bench.floor_urls", DEBUG=False,
                           ALLOWED_HOSTS=["testserver"]):
        context = choose_context()
        clients = {"coordinator": signed_in(context),
                   "case_worker": signed_in(context, membership=context.case_worker
                                            or context.membership)}
        targets = {}
        for target in TARGETS:
            log(f"  {target.name} …")
            targets[target.name] = measure_target(clients[target.actor], context, target,
                                                  requests=requests)
    return {
        "database": connection.settings_dict["NAME"],
        "context": context.__dict__,
        "sizes": sizes(context),
        "targets": targets,
        "audit_verify": measure_audit_verify(context.network, limit=audit_limit),
        "audited_read": measure_audited_read(context, requests=max(requests, 30)),
        "policy": measure_policy(context),
        "vault": _vault(context),
        "reidentification": NOT_BUILT,
        "pii_scan": NOT_BUILT,
        "environment": environment(),
    }


def _vault(context: Context) -> dict:
    # Decrypting one identity and rotating the keys (issue 10, "Performance").
    from accord.bench.vault_cost import measure_vault
    from accord.tenancy.models import Network

    return measure_vault(Network.objects.get(pk=context.network))


def choose_context() -> Context:
    """The largest network (most meetings), its coordinator, and its latest meeting with
    approved minutes: the heaviest ordinary view of the installation."""
    with scopes_disabled():
        network = max(Network.objects.all(),
                      key=lambda n: Meeting.objects.filter(network=n).count())
        # Filtered in Python: SQLite has no JSON containment (the N+1 guard runs there too).
        membership = next(m for m in Membership.objects.filter(network=network).order_by("pk")
                          if Role.COORDINATOR in m.roles)
        meeting = (Meeting.objects.filter(network=network, state=MeetingState.MINUTES_APPROVED)
                   .order_by("-starts_at").first())
        worker, case = _case_worker(network)
    return Context(slug=network.slug, network=network.pk, membership=membership.pk,
                   user=membership.user_id, organisation=membership.organisation_id,
                   meeting=meeting.pk, case_worker=worker.pk if worker else 0,
                   case_worker_organisation=worker.organisation_id if worker else 0,
                   case=case.pk if case else 0)


def _case_worker(network):
    """A case worker of the network who works on a case they do not coordinate, and the
    latest such case (None, None when the register is empty)."""
    from accord.cases.models import CaseWorker

    seat = (CaseWorker.objects.filter(network=network).exclude(
        case__coordinator_id=models.F("membership_id")).select_related("membership", "case")
        .order_by("-case__signal_received_on", "-case_id").first())
    if seat is not None:
        return seat.membership, seat.case
    # A register too small to have such a worker: its latest case, as the coordinator sees it.
    from accord.cases.models import Case

    return None, Case.objects.filter(network=network).order_by("-signal_received_on").first()


def signed_in(context: Context, membership: int | None = None) -> Client:
    with scopes_disabled():
        membership = Membership.objects.select_related("user").get(
            pk=membership or context.membership)
    return pass_both_factors(Client(), membership.user)


def sizes(context: Context) -> dict[str, int]:
    with scopes_disabled():
        return {
            "networks": Network.objects.count(),
            "meetings_in_network": Meeting.objects.filter(network_id=context.network).count(),
            "members_in_network": Membership.objects.filter(network_id=context.network).count(),
            "audit_events_in_network": AuditEvent.objects.filter(
                network_id=context.network).count(),
            "audit_events": AuditEvent.objects.count(),
        }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(_percentile(values, 0.95) * 1000, 2)}


def measure_target(client: Client, context: Context, target: Target, *, requests: int) -> dict:
    path = target.path(context)
    for _ in range(WARM_UP):
        response = client.get(path)
    # The request_started signal empties the query log; start from empty so nothing is lost.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Read now: the captured list is a slice of the log, which the next request empties.
    queries = [q["sql"] for q in captured.captured_queries]
    size = len(response.content)
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - began)
    floor = measure_floor(client, target, context, size=size, requests=requests)
    result = {"path": path, "kind": target.kind, "status": response.status_code,
              "bytes": size, "queries": len(queries), **_ms(times),
              "floor": floor}
    result["repeated_queries"] = _repeated(queries)
    result["vs_floor"] = (round(result["median_ms"] / floor["median_ms"], 2)
                          if floor["median_ms"] else None)
    return result


def _repeated(queries: list[str]) -> int:
    """Queries whose text (with literals) repeats a previous one's shape: an N+1 smell."""
    import re

    shapes = [re.sub(r"\b\d+\b", "?", q) for q in queries]
    return len(shapes) - len(set(shapes))


def measure_floor(client: Client, target: Target, context: Context, *, size: int,
                  requests: int) -> dict:
    """One hand-written query for the same rows, then a minimal view answering as many bytes."""
    params = context.params()
    floor_path = f"/bench-floor/{size}/"
    rows, times = 0, []
    for n in range(WARM_UP + requests):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(target.floor_sql, params)
            rows = len(cursor.fetchall())
        client.get(floor_path)
        if n >= WARM_UP:
            times.append(time.perf_counter() - began)
    return {"rows": rows, **_ms(times)}


def measure_audit_verify(network_id: int, *, limit: int | None = None) -> dict:
    """`accord audit verify` on the network's chain against raw hashlib over the same bytes.

    The raw side gets the canonical bytes prepared beforehand and only hashes them: the upper
    bound of any verifier in Python. The verifier's side includes reading the rows.
    """
    began = time.perf_counter()
    report = verify_chain(network_id)
    verify_seconds = time.perf_counter() - began
    with scopes_disabled():
        rows = (AuditEvent.objects.filter(chain=network_id).order_by("epoch", "seq")
                .values_list(*EVENT_FIELDS, *OPTIONAL_EVENT_FIELDS))
        if limit:
            rows = rows[:limit]
        payloads = [event_canonical_bytes(values) for values in rows.iterator(chunk_size=5000)]
    began = time.perf_counter()
    for payload in payloads:
        hashlib.sha256(payload).hexdigest()
    raw_seconds = time.perf_counter() - began
    verify_rate = report.events_checked / verify_seconds if verify_seconds else 0.0
    raw_rate = len(payloads) / raw_seconds if raw_seconds else 0.0
    return {"events": report.events_checked, "intact": report.intact,
            "verify_seconds": round(verify_seconds, 2),
            "verify_events_per_second": round(verify_rate),
            "raw_hashlib_events_per_second": round(raw_rate),
            "share_of_raw": round(verify_rate / raw_rate, 3) if raw_rate else None}


def measure_audited_read(context: Context, *, requests: int) -> dict:
    """What recording a read adds to a request: `access_record` for one object and for a
    list page of 50, each in a transaction rolled back afterwards (the bench data stays as
    seeded, and no fold runs). Also whether it took any lock: a read must take none."""
    with scopes_disabled():
        membership = Membership.objects.get(pk=context.membership)

    def record(ids: list[int]) -> None:
        access_record(membership=membership, object_type="meetings.minuteentry",
                      object_ids=ids, categories=["minutes"], purpose="bench",
                      effect="permit", rule="bench")

    result = {}
    for name, ids in (("one", [1]), ("page_of_50", list(range(1, 51)))):
        times = []
        for n in range(WARM_UP + requests):
            with transaction.atomic():
                began = time.perf_counter()
                record(ids)
                elapsed = time.perf_counter() - began
                transaction.set_rollback(True)
            if n >= WARM_UP:
                times.append(elapsed)
        result[name] = _ms(times)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        record([1])
        transaction.set_rollback(True)
    result["locks"] = sum("FOR UPDATE" in q["sql"] for q in captured.captured_queries)
    result["queries"] = len(captured.captured_queries)
    return result


def environment() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import os

    return {"load_average_1m": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "django": django.get_version(),
            "postgresql": postgres, "cpu": _cpu_model(), "cores": _cores(),
            "ram_gib": _ram_gib(), "debug": settings.DEBUG}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _ram_gib() -> float:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
        return round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return 0.0
