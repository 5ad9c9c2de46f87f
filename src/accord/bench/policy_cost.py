"""What the decision point costs (issue 9, "Performance"): one decision, a
list of 50 decided in bulk, each sampled many times in this process against the profile's
database."""

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from accord.bench.targets import Context

SAMPLES = 2000
LIST_SIZE = 50


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {"median_ms": round(at(0.5) * 1000, 4), "p95_ms": round(at(0.95) * 1000, 4)}


def _sample(call: Callable[[], Any], samples: int) -> dict[str, float]:
    for _ in range(10):
        call()
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return _percentiles(times)


def _resources(context: Context) -> tuple[str, list[Any]]:
    """The measured network's meetings when meetings are behind the policy, else the network."""
    from accord.meetings.models import Meeting
    from accord.policy.entities import adapter_for
    from accord.tenancy.models import Network

    meetings = list(Meeting.objects.filter(network_id=context.network)
                    .order_by("-starts_at")[:LIST_SIZE])
    try:
        adapter_for(meetings[0])
        return "meeting.see", meetings
    except (LookupError, IndexError):
        return "network.view", [Network.objects.get(pk=context.network)] * LIST_SIZE


def measure_policy(context: Context, *, samples: int = SAMPLES) -> dict:
    from accord.policy import decide, decide_many
    from accord.tenancy.models import Membership

    with scopes_disabled():
        membership = Membership.objects.select_related("network").get(pk=context.membership)
    with scope(network=context.network):
        action, resources = _resources(context)
        decide(membership, action, resources[0], purpose="view")  # the principal, built once
        one = _sample(lambda: decide(membership, action, resources[0], purpose="view"), samples)
        with CaptureQueriesContext(connection) as queries:
            decide_many(membership, action, resources, purpose="view")
        many = _sample(lambda: decide_many(membership, action, resources, purpose="view"),
                       max(samples // 20, 50))
    # An audited read's cost is measured beside it (measure.measure_audited_read).
    return {"action": action, "decide": one,
            "decide_many": {**many, "objects": len(resources), "queries": len(queries)}}
