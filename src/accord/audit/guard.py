"""The database's refusal to change or delete audit rows (DESIGN.md, mechanism 4), in one place.

PostgreSQL: pgtrigger's `append_only` trigger on both audit tables (declared on the models).
SQLite (the demo): equivalent triggers, defined here and installed by migration 0002.
Every code path that must remove audit rows goes through a context manager below, so there is
one definition of the guard and one way around it, each saying when it may be used.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pgtrigger
from django.db import connection

TABLES = ("audit_auditevent", "audit_auditcheckpoint")
OPERATIONS = ("update", "delete")


def _trigger_name(table: str, operation: str) -> str:
    return f"{table}_append_only_{operation}"


def _create_statement(table: str, operation: str) -> str:
    # Names come from the constants above only, never from input.
    return (f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(table, operation)} "
            f"BEFORE {operation.upper()} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;")


def _drop_statement(table: str, operation: str) -> str:
    return f"DROP TRIGGER IF EXISTS {_trigger_name(table, operation)}"


def sqlite_install(execute, *, tables=TABLES, operations=OPERATIONS) -> None:
    """Create the SQLite triggers; `execute` runs one SQL statement (a cursor or schema editor)."""
    for table in tables:
        for operation in operations:
            statement = _create_statement(table, operation)
            execute(statement)


def sqlite_remove(execute, *, tables=TABLES, operations=OPERATIONS) -> None:
    for table in tables:
        for operation in operations:
            statement = _drop_statement(table, operation)
            execute(statement)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def event_deletion_allowed() -> Iterator[None]:
    """Row deletes of audit events, inside the caller's transaction only (erasure of a sealed
    epoch after its retention): if anything fails, the guard is back as it was."""
    if not connection.in_atomic_block:
        raise RuntimeError("the append-only guard may only be lifted inside a transaction")
    if connection.vendor == "postgresql":
        with pgtrigger.ignore("audit.AuditEvent:append_only"):
            yield
        return
    if connection.vendor != "sqlite":  # pragma: no cover - no other database is supported
        raise RuntimeError(f"no append-only guard known for {connection.vendor}")
    only_event_deletes = {"tables": ("audit_auditevent",), "operations": ("delete",)}
    sqlite_remove(_execute, **only_event_deletes)
    try:
        yield
    finally:
        sqlite_install(_execute, **only_event_deletes)


@contextmanager
def whole_database_erasable() -> Iterator[None]:
    """For erasing a whole development or test database (`accord demo`'s reset, the flush after
    a browser journey), never for production data. PostgreSQL's flush is a TRUNCATE, which the
    row triggers do not refuse; SQLite's is a DELETE per table, so its triggers step aside."""
    if connection.vendor != "sqlite":
        yield
        return
    sqlite_remove(_execute)
    try:
        yield
    finally:
        sqlite_install(_execute)
