"""Seeding a tiny profile and measuring it: PostgreSQL only (COPY, and what is measured)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_scopes import scopes_disabled

from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.verification import verify_chains
from accord.bench.measure import measure_profile
from accord.bench.report import render
from accord.bench.run import compare
from accord.bench.seeding.run import seed
from accord.bench.seeding.shape import Profile
from accord.bench.targets import TARGETS
from accord.meetings.models import Meeting, MinuteEntry
from accord.tenancy.models import Network

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="accord bench seed loads PostgreSQL through COPY; set "
                              "DATABASE_URL to a PostgreSQL server to run these"),
]
TINY = Profile(networks=3, meetings=10, audit_events=200, seed=3)


def _seed_tiny() -> dict:
    return seed(TINY, show=False, log=lambda message: None)


def test_tiny_profile_has_the_asked_counts_and_every_chain_verifies():
    result = _seed_tiny()
    with scopes_disabled():
        assert Network.objects.count() == 3
        assert Meeting.objects.count() == 10
        assert AuditEvent.objects.count() == 200
        assert AuditChainHead.objects.count() == 4  # three networks and the installation
        visibilities = set(MinuteEntry.objects.values_list("visibility", flat=True))
    assert result["counts"]["meetings.Meeting"] == 10
    reports = list(verify_chains())
    assert sum(r.events_checked for r in reports) == 200
    assert all(r.intact for r in reports), [r.broken for r in reports if not r.intact]
    assert visibilities <= {"network", "present", "not_recorded"} and "network" in visibilities


def test_the_same_seed_gives_the_same_data():
    _seed_tiny()
    with scopes_disabled():
        first = list(AuditEvent.objects.order_by("id").values_list("hash", flat=True))
    assert len(first) == 200
    # A second seed into the same database is refused rather than mixed in.
    with pytest.raises(CommandError, match="already holds networks"):
        call_command("bench", "seed", "--networks", "3", "--meetings", "10",
                     "--audit-events", "200", "--quiet")


def test_bench_run_on_tiny_data_reports_every_figure():
    _seed_tiny()
    measured = measure_profile(requests=1, log=lambda message: None)
    result = compare({"small": measured, "large": measured})
    assert set(result["results"]) == {t.name for t in TARGETS}
    for name, row in result["results"].items():
        assert row["status"] == 200, name
        assert {"queries", "median_ms", "p95_ms", "floor_median_ms", "growth",
                "vs_floor", "checks"} <= set(row), name
        assert row["floor_rows"] >= 0 and row["vs_floor"] > 0
    audit = result["audit_verify"]
    assert audit["intact"] and audit["verify_events_per_second"] > 0
    assert audit["raw_hashlib_events_per_second"] > 0 and audit["share_of_raw"] > 0
    read = result["audited_read"]
    assert read["locks"] == 0 and read["queries"] == 1
    assert read["one"]["p95_ms"] > 0 and read["page_of_50"]["p95_ms"] > 0
    assert result["reidentification"].startswith("not built yet")
    assert result["pii_scan"].startswith("not built yet")
    policy = result["policy"]["small"]
    assert policy["decide"]["p95_ms"] > 0 and policy["decide_many"]["objects"] > 0
    assert result["audited_read"]["one"]["p95_ms"] > 0
    assert "Policy decision point" in render({**result, "command": "accord bench run"})
