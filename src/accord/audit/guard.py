"""The database's refusal to rewrite the audit trail (DESIGN.md, mechanism 4), in one place.

Events and checkpoints are append-only: PostgreSQL refuses their updates and deletes through
pgtrigger's `append_only` trigger (declared on the models); SQLite (the demo) through the
equivalent triggers defined here and installed by migration 0002. The access log's records
(AccessRecord) likewise, except for the one change folding makes: `batch_id` set once, from
NULL (migration 0005 on SQLite; pgtrigger's triggers on PostgreSQL).

The chain head may only move forward: a new head position is later than the old one (a higher
seq in the same year, or a later year) and carries the hash of what is stored there (the event
at that seq, or for seq 0 the checkpoint the year starts from); the head row is never deleted.
Without this, one UPDATE moving the head back made verification stop early and every later
write collide with an existing event. Both databases get the same rule from the SQL below,
installed by migration 0003.

Every code path that must get around a guard goes through a context manager below, so there is
one definition of the guard and one way around it, each saying when it may be used.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pgtrigger
from django.db import connection

EVENTS, CHECKPOINTS, HEAD = "audit_auditevent", "audit_auditcheckpoint", "audit_auditchainhead"
ACCESS = "audit_accessrecord"
TABLES = (EVENTS, CHECKPOINTS)  # the append-only tables (the access log has its own rule)
OPERATIONS = ("update", "delete")
APPEND_ONLY_MESSAGE = "audit rows are append-only"
HEAD_MESSAGE = ("the audit chain head may only move forward, to a stored event or checkpoint; "
                "repair it with: accord audit repair-head")

Execute = Callable[[str], object]


@dataclass(frozen=True)
class SqliteTrigger:
    name: str
    table: str
    operation: str  # "update" or "delete"
    refuse_when: str = ""  # an SQL condition on OLD/NEW; empty: always refuse
    message: str = APPEND_ONLY_MESSAGE


# The head may move to (epoch, seq) only when that is later than where it is, and only onto
# the hash stored there. Names in this SQL are the constants above only, never input.
_HEAD_MOVES_FORWARD = f"""(
    NEW.id = OLD.id AND NEW.chain = OLD.chain
    AND (NEW.epoch > OLD.epoch OR (NEW.epoch = OLD.epoch AND NEW.seq > OLD.seq))
    AND (
        (NEW.seq > 0 AND EXISTS (
            SELECT 1 FROM {EVENTS} AS event WHERE event.chain = NEW.chain
            AND event.epoch = NEW.epoch AND event.seq = NEW.seq
            AND event.hash = NEW.last_hash))
        OR (NEW.seq = 0 AND EXISTS (
            SELECT 1 FROM {CHECKPOINTS} AS checkpoint WHERE checkpoint.chain = NEW.chain
            AND checkpoint.epoch < NEW.epoch AND checkpoint.hash = NEW.last_hash))
    )
)"""  # noqa: S608

# The access log's records are append-only too, except that folding sets `batch_id` once,
# from NULL, and nothing else with it. Every other column is listed: a test compares the list
# with the model, so a new column cannot slip past the guard.
ACCESS_FIXED_COLUMNS = (
    "id", "network_id", "at", "membership_id", "user_id", "organisation_id", "actor_label",
    "object_type", "object_id", "categories", "purpose", "effect", "rule", "request_id",
    "leaf_hash",
)


def _access_update_refused(distinct: str) -> str:
    changed = " OR ".join(f"OLD.{column} {distinct} NEW.{column}"
                          for column in ACCESS_FIXED_COLUMNS)
    return f"OLD.batch_id IS NOT NULL OR NEW.batch_id IS NULL OR {changed}"


ACCESS_UPDATE_REFUSED_PG = _access_update_refused("IS DISTINCT FROM")
ACCESS_UPDATE_REFUSED_SQLITE = _access_update_refused("IS NOT")

APPEND_ONLY = tuple(SqliteTrigger(f"{table}_append_only_{operation}", table, operation)
                    for table in TABLES for operation in OPERATIONS)
ACCESS_APPEND_ONLY = (
    SqliteTrigger(f"{ACCESS}_append_only_update", ACCESS, "update",
                  refuse_when=ACCESS_UPDATE_REFUSED_SQLITE),
    SqliteTrigger(f"{ACCESS}_append_only_delete", ACCESS, "delete"),
)
HEAD_FORWARD_ONLY = (
    SqliteTrigger(f"{HEAD}_forward_only_update", HEAD, "update",
                  refuse_when=f"NOT {_HEAD_MOVES_FORWARD}", message=HEAD_MESSAGE),
    SqliteTrigger(f"{HEAD}_forward_only_delete", HEAD, "delete", message=HEAD_MESSAGE),
)
ALL_SQLITE = APPEND_ONLY + HEAD_FORWARD_ONLY + ACCESS_APPEND_ONLY
PG_ACCESS_TRIGGERS = ("audit.AccessRecord:append_only_update",
                      "audit.AccessRecord:append_only_delete")


def _create_statement(trigger: SqliteTrigger) -> str:
    when = f" WHEN {trigger.refuse_when}" if trigger.refuse_when else ""
    return (f"CREATE TRIGGER IF NOT EXISTS {trigger.name} "
            f"BEFORE {trigger.operation.upper()} ON {trigger.table}{when} "
            f"BEGIN SELECT RAISE(ABORT, '{trigger.message}'); END;")


def _drop_statement(trigger: SqliteTrigger) -> str:
    return f"DROP TRIGGER IF EXISTS {trigger.name}"


def sqlite_install(execute: Execute, *, triggers=ALL_SQLITE) -> None:
    """Create the SQLite triggers; `execute` runs one SQL statement (a cursor or schema editor)."""
    for trigger in triggers:
        statement = _create_statement(trigger)
        execute(statement)


def sqlite_remove(execute: Execute, *, triggers=ALL_SQLITE) -> None:
    for trigger in triggers:
        statement = _drop_statement(trigger)
        execute(statement)


# PostgreSQL: the same rule for the head, as a PL/pgSQL trigger function. (The events' and
# checkpoints' append-only triggers are pgtrigger's, declared on the models.)
PG_HEAD_FUNCTION = "audit_chain_head_forward_only"
PG_HEAD_TRIGGER = "audit_chain_head_forward_only"


def _pg_function_statement() -> str:
    # No "%" anywhere: the statement may go through an executor that formats parameters.
    where = "'chain ' || OLD.chain || ': head at ' || OLD.epoch || '/' || OLD.seq"
    return (f"CREATE OR REPLACE FUNCTION {PG_HEAD_FUNCTION}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $guard$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN "
            f"RAISE EXCEPTION '{HEAD_MESSAGE}' USING DETAIL = {where} || ', refused delete'; "
            f"END IF; "
            f"IF NOT {_HEAD_MOVES_FORWARD} THEN "
            f"RAISE EXCEPTION '{HEAD_MESSAGE}' USING DETAIL = {where} "
            f"|| ', refused move to ' || NEW.epoch || '/' || NEW.seq; "
            f"END IF; "
            f"RETURN NEW; END; $guard$")


def _pg_trigger_statement() -> str:
    return (f"CREATE TRIGGER {PG_HEAD_TRIGGER} BEFORE UPDATE OR DELETE ON {HEAD} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_HEAD_FUNCTION}()")


def _pg_drop_trigger_statement() -> str:
    return f"DROP TRIGGER IF EXISTS {PG_HEAD_TRIGGER} ON {HEAD}"


def _pg_drop_function_statement() -> str:
    return f"DROP FUNCTION IF EXISTS {PG_HEAD_FUNCTION}()"


def head_guard_install(execute: Execute, vendor: str) -> None:
    """Install the head's forward-only guard (migration 0003, and tests that put it back)."""
    if vendor == "sqlite":
        sqlite_install(execute, triggers=HEAD_FORWARD_ONLY)
    elif vendor == "postgresql":
        for statement in (_pg_function_statement(), _pg_drop_trigger_statement(),
                          _pg_trigger_statement()):
            execute(statement)


def head_guard_remove(execute: Execute, vendor: str) -> None:
    """Drop the head's guard: what migration 0003 undoes, and what a database superuser could
    do (the tests do it to show that verification still finds a moved-back head)."""
    if vendor == "sqlite":
        sqlite_remove(execute, triggers=HEAD_FORWARD_ONLY)
    elif vendor == "postgresql":
        for statement in (_pg_drop_trigger_statement(), _pg_drop_function_statement()):
            execute(statement)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def event_deletion_allowed() -> Iterator[None]:
    """Row deletes of audit events and of the read records folded into them, inside the
    caller's transaction only (erasure of a sealed epoch after its retention): if anything
    fails, the guard is back as it was. The head is not touched by an erasure (it stays in the
    open year), so its guard stands; updates stay refused."""
    if not connection.in_atomic_block:
        raise RuntimeError("the append-only guard may only be lifted inside a transaction")
    if connection.vendor == "postgresql":
        with pgtrigger.ignore("audit.AuditEvent:append_only",
                              "audit.AccessRecord:append_only_delete"):
            yield
        return
    if connection.vendor != "sqlite":  # pragma: no cover - no other database is supported
        raise RuntimeError(f"no append-only guard known for {connection.vendor}")
    only_deletes = tuple(t for t in APPEND_ONLY + ACCESS_APPEND_ONLY
                         if t.table in (EVENTS, ACCESS) and t.operation == "delete")
    sqlite_remove(_execute, triggers=only_deletes)
    try:
        yield
    finally:
        sqlite_install(_execute, triggers=only_deletes)


@contextmanager
def whole_database_erasable() -> Iterator[None]:
    """For erasing a whole development or test database (`accord demo`'s reset, the flush after
    a browser journey), never for production data. PostgreSQL's flush is a TRUNCATE, which the
    row triggers do not refuse; SQLite's is a DELETE per table, so its triggers (events,
    checkpoints and the chain head) step aside."""
    if connection.vendor != "sqlite":
        yield
        return
    sqlite_remove(_execute)
    try:
        yield
    finally:
        sqlite_install(_execute)
