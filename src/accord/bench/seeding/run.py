"""`accord bench seed`: the whole profile, step by step, with the time each step took."""

import time
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.db import connection
from django_scopes import scopes_disabled
from psycopg import sql

from accord.bench.seeding.audit import seed_audit
from accord.bench.seeding.cases import seed_cases
from accord.bench.seeding.charter import seed_charter
from accord.bench.seeding.copying import reset_sequences
from accord.bench.seeding.meetings import seed_meetings
from accord.bench.seeding.people import seed_people
from accord.bench.seeding.shape import Profile, network_shapes
from accord.tenancy.models import Network

# The data covers about three years up to the day of seeding.
HISTORY = timedelta(days=3 * 365)
SEEDED_APPS = ("accounts", "tenancy", "charter", "meetings", "cases", "audit")


class SeedRefused(Exception):
    """The database is not one the seeder may fill; the message says why and what to do."""


def check_database() -> None:
    if connection.vendor != "postgresql":
        raise SeedRefused(
            "accord bench seed needs PostgreSQL (it loads rows with COPY and the benchmark "
            "measures PostgreSQL). Set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/accord_bench_small, and run `accord migrate`.")
    with scopes_disabled():
        if Network.objects.exists():
            raise SeedRefused(
                f"The database {connection.settings_dict['NAME']!r} already holds networks. "
                "Seed into an empty, migrated database: dropdb/createdb it and run "
                "`accord migrate` first (audit rows are append-only, so nothing is overwritten).")


def seed(profile: Profile, *, now: datetime | None = None, show: bool = True,
         log=print) -> dict:
    """Fill the empty PostgreSQL database with `profile`; return counts and step timings."""
    check_database()
    now = now or datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    start = (now - HISTORY).replace(hour=8)
    shapes = network_shapes(profile)
    timings = {}
    with scopes_disabled():
        began = time.perf_counter()
        nets = seed_people(profile, shapes, start=start)
        timings["people"] = _lap(began, log, "networks, organisations, people, bodies")
        began = time.perf_counter()
        seed_charter(profile, nets, start=start)
        timings["charter"] = _lap(began, log, "charter documents, goals, glossary")
        began = time.perf_counter()
        seed_meetings(profile, nets, start=start, now=now, show=show)
        timings["meetings"] = _lap(began, log, "meetings, minutes, decisions, actions")
        began = time.perf_counter()
        seed_cases(profile, nets, start=start, now=now, show=show)
        timings["cases"] = _lap(began, log, "cases, participants, workers, steps")
        began = time.perf_counter()
        seed_audit(profile, nets, start=start, now=now, show=show)
        timings["audit"] = _lap(began, log, "audit chains")
        began = time.perf_counter()
        _finish()
        timings["analyse"] = _lap(began, log, "sequences and ANALYZE")
    return {"counts": table_counts(), "seconds": timings}


def _lap(began: float, log, what: str) -> float:
    seconds = round(time.perf_counter() - began, 1)
    log(f"  {what}: {seconds} s")
    return seconds


def seeded_models():
    return [m for label in SEEDED_APPS for m in apps.get_app_config(label).get_models()]


def _finish() -> None:
    reset_sequences(seeded_models())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def table_counts() -> dict[str, int]:
    """Estimated for big tables would do, but exact counts make the seed's output checkable."""
    counts = {}
    with connection.cursor() as cursor:
        for model in seeded_models():
            cursor.cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(
                sql.Identifier(model._meta.db_table)))
            counts[model._meta.label] = cursor.cursor.fetchone()[0]
    return {k: v for k, v in counts.items() if v}
