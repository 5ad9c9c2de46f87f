"""Helpers for audit tests: a clock set to a chosen day, and a way to bypass the database's
append-only guard the way an attacker with database access would."""

import itertools
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest import mock

import pgtrigger
import pytest
from django.db import connection

from accord.audit.guard import (
    ACCESS,
    CHECKPOINTS,
    EVENTS,
    HEAD,
    PG_ACCESS_TRIGGERS,
    head_guard_install,
    head_guard_remove,
    sqlite_install,
    sqlite_remove,
    whole_database_erasable,
)


@contextmanager
def clock(year: int, month: int = 6, day: int = 1):
    """timezone.now() on that day, a microsecond later on each call."""
    start = datetime(year, month, day, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    with mock.patch("django.utils.timezone.now",
                    side_effect=lambda: start + timedelta(microseconds=next(ticks))):
        yield


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def guard_bypassed():
    """What someone with direct database access could do: switch the triggers off (the
    events', the checkpoints', the chain head's and the access log's), and put them back
    afterwards."""
    if connection.vendor == "postgresql":
        head_guard_remove(_execute, "postgresql")
        try:
            with pgtrigger.ignore("audit.AuditEvent:append_only",
                                  "audit.AuditCheckpoint:append_only", *PG_ACCESS_TRIGGERS):
                yield
        finally:
            head_guard_install(_execute, "postgresql")
        return
    sqlite_remove(_execute)
    try:
        yield
    finally:
        sqlite_install(_execute)


def raw_sql(sql: str, params=()):
    with guard_bypassed(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def write_events():
    """write_events(network, n, year=...) appends n events to the network's chain."""
    from accord.audit.services import audit_record

    def write(network, n: int, *, year: int | None = None, action: str = "body.updated"):
        def append():
            return [audit_record(network=network, actor=None, actor_label="Test Clerk",
                                 action=action, object_type="tenancy.body", object_id=i,
                                 summary={"fields": ["name"]}) for i in range(n)]
        if year is None:
            return append()
        with clock(year):
            return append()
    return write


@pytest.fixture
def audit_rows_erased_afterwards(transactional_db):
    """For a transaction=True test that writes audit rows: on SQLite the database flush after
    it deletes row by row, which the triggers refuse, so the audit tables are emptied first
    (PostgreSQL's flush truncates, which row triggers do not see)."""
    yield
    if connection.vendor != "sqlite":
        return
    with whole_database_erasable(), connection.cursor() as cursor:
        for table in (ACCESS, EVENTS, CHECKPOINTS, HEAD):
            cursor.execute(f"DELETE FROM {table}")  # constants only
