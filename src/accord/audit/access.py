"""The access log (DESIGN.md, mechanism 4): every read of sensitive data, recorded without the
chain lock, then folded into the network's chain in Merkle-rooted batches.

`access_record` is what the policy's read helper calls (one call may record a whole list page:
one row per object). It is one INSERT and nothing else: no chain-head lock, no transaction of
its own, so on PostgreSQL readers never queue behind writers and on SQLite a read outside a
transaction stays a single-statement write.

`access_fold` turns a network's unfolded records into one chained `access.batch` event whose
summary carries the Merkle tree hash (RFC 6962) of the records' leaf hashes, their count, the
first and last record ids and times; each folded record then points to its batch. It runs
every minute (accord.core.schedule), when about 1,000 records of a network wait (checked on
insert), and when a worker stops. The folder takes the chain-head lock, as every chained write
does, so two folders never fold the same records twice.

`accord audit verify` rebuilds every batch's root from its records (accord.audit.verification).
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import connections, router, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.audit.hashing import access_leaf_hash, merkle_root
from accord.audit.models import AccessRecord, AuditEvent, Effect
from accord.core.request_context import current_request_id

logger = logging.getLogger("accord.audit")

BATCH_ACTION = "access.batch"
BATCH_OBJECT_TYPE = "audit.accessrecord"
FOLD_EVERY = 1000  # unfolded records of one network that call for a fold at once
FOLD_AFTER = timedelta(minutes=1)  # ... or the age of its oldest unfolded record
CHECK_EVERY = 100  # the 1,000 is counted when a new record's id crosses a multiple of this
MAX_BATCH = 10_000  # records per batch event; a larger backlog becomes several batches


def _stored(value) -> list[str]:
    return [str(item) for item in value]


def access_record(*, membership, object_type: str, object_ids: Sequence[str | int],
                  categories: Sequence[str], purpose: str, effect: str, rule: str,
                  network=None, actor_label: str = "") -> None:
    """Record that `membership` read each of `object_ids` (of `object_type`), on the policy's
    decision (`effect`, `rule`), for `purpose`.

    One INSERT of one row per object, in the caller's transaction if there is one (the read
    and its record commit together), else on its own; no lock is taken. A guest, who has no
    membership, passes membership=None with the network and an `actor_label` naming them.
    """
    if effect not in Effect.values:
        raise ValueError(f"unknown effect {effect!r}")
    network_id = membership.network_id if membership is not None else network.pk
    now = timezone.now()
    shared = {
        "network_id": network_id, "at": now,
        "membership_id": getattr(membership, "pk", None),
        "user_id": getattr(membership, "user_id", None),
        "organisation_id": getattr(membership, "organisation_id", None),
        "actor_label": (actor_label or "")[:300], "object_type": object_type[:80],
        "categories": _stored(categories), "purpose": purpose[:500], "effect": effect,
        "rule": rule[:200], "request_id": current_request_id()[:64],
    }
    records = []
    for object_id in dict.fromkeys(str(pk)[:80] for pk in object_ids):  # once each, in order
        record = AccessRecord(object_id=object_id, **shared)
        record.leaf_hash = access_leaf_hash(record)
        records.append(record)
    if not records:
        return
    _fold_when_due(network_id, _insert(records))


INSERT_CHUNK = 1000  # rows per statement: within SQLite's limit of bound parameters
_PER_ROW = ("object_id", "leaf_hash")  # what differs between the rows of one call
_PG_CASTS = {"at": "::timestamptz", "categories": "::jsonb"}  # the SELECT list is untyped


def _insert(records: list[AccessRecord]) -> list[int]:
    """The records of one access_record call, which differ only in _PER_ROW, as one
    INSERT … SELECT … RETURNING id, written here rather than by bulk_create: binding every
    field of every row (700 parameters for a list page of 50) took most of the time of
    recording a read, twice what this takes. The fields all rows share are bound once, the
    object ids and leaf hashes per row (_per_row). Values are prepared by each field as the
    ORM prepares them, so a row reads back as it was hashed. Outside any network scope on
    purpose: guests' reads come from outside one."""
    connection = connections[router.db_for_write(AccessRecord)]
    quote = connection.ops.quote_name
    shared = [field for field in _insert_fields() if field.name not in _PER_ROW]
    casts = _PG_CASTS if connection.vendor == "postgresql" else {}
    columns = ", ".join(quote(field.column) for field in (*shared, *(
        AccessRecord._meta.get_field(name) for name in _PER_ROW)))
    select = ", ".join(f"%s{casts.get(field.name, '')}" for field in shared)
    first = records[0]
    shared_params = [field.get_db_prep_save(getattr(first, field.attname), connection)
                     for field in shared]
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(records), INSERT_CHUNK):
            chunk = records[start:start + INSERT_CHUNK]
            rows, params = _per_row(chunk)
            cursor.execute(
                f"INSERT INTO {quote(AccessRecord._meta.db_table)} ({columns}) "  # noqa: S608
                f"SELECT {select}, v.column1, v.column2 FROM {rows} "
                f"RETURNING {quote('id')}", [*shared_params, *params])
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _per_row(chunk: list[AccessRecord]) -> tuple[str, list]:
    """The rows' own values as a relation v(column1, column2): a VALUES list, whose columns
    PostgreSQL and SQLite both name so. (Two arrays through unnest() were no faster.)"""
    rows = ", ".join(["(%s, %s)"] * len(chunk))
    return f"(VALUES {rows}) AS v", [value for record in chunk
                                     for value in (record.object_id, record.leaf_hash)]


def _insert_fields() -> list:
    """Every stored field but the id (the database's) and the batch (NULL until folded)."""
    return [field for field in AccessRecord._meta.concrete_fields
            if not field.primary_key and field.name != "batch"]


def _fold_when_due(network_id: int, ids: Iterable[int | None]) -> None:
    """About every CHECK_EVERY records (when an id crosses a multiple of it), ask one indexed
    question: do FOLD_EVERY records of this network wait? Then fold after the commit, in the
    worker (the immediate backend runs it at once)."""
    ids = [pk for pk in ids if pk is not None]
    if not ids or max(ids) // CHECK_EVERY == (min(ids) - 1) // CHECK_EVERY:
        return
    with scopes_disabled():
        waiting = (AccessRecord.objects.filter(network_id=network_id, batch__isnull=True)
                   .order_by("id")[FOLD_EVERY - 1:FOLD_EVERY].exists())
    if waiting:
        from accord.audit.tasks import fold_access_log

        transaction.on_commit(lambda: fold_access_log.enqueue(network_id=network_id))


# Folding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    event: AuditEvent
    count: int
    root: str


def access_fold(*, network=None, force: bool = False) -> list[Batch]:
    """Fold the unfolded records of `network` (or of every network) into its chain.

    Without `force` a network is folded only when FOLD_EVERY records wait or the oldest has
    waited FOLD_AFTER; with it, whatever waits (the minute's task, a stopping worker). Each
    network is folded in its own transaction under its chain head's lock.
    """
    if network is not None:
        network_ids = [network.pk]
    else:
        with scopes_disabled():
            network_ids = sorted(set(AccessRecord.objects.filter(batch__isnull=True)
                                     .order_by().values_list("network_id", flat=True)
                                     .distinct()))
    batches = []
    for network_id in network_ids:
        if force or _due(network_id):
            batches.extend(_fold_network(network_id))
    return batches


def _unfolded(network_id: int):
    return AccessRecord.objects.filter(network_id=network_id, batch__isnull=True)


def _due(network_id: int) -> bool:
    with scopes_disabled():
        unfolded = _unfolded(network_id).order_by("id")
        oldest = unfolded.values_list("at", flat=True).first()
        if oldest is None:
            return False
        return (oldest <= timezone.now() - FOLD_AFTER
                or unfolded[FOLD_EVERY - 1:FOLD_EVERY].exists())


def _fold_network(network_id: int) -> list[Batch]:
    from accord.audit.models import network_model

    Network = network_model()

    batches = []
    with scopes_disabled():
        network = Network.objects.filter(pk=network_id).first()
        if network is None:
            logger.error("Read records of a deleted network %s cannot be folded", network_id)
            return []
        while batch := _fold_once(network):
            batches.append(batch)
    return batches


def _fold_once(network) -> Batch | None:
    """One batch of up to MAX_BATCH records, oldest first, in one transaction: the records
    are chosen under the head's lock, so a concurrent folder waits and then finds them folded;
    a record committed meanwhile with a lower id is simply in the next batch."""
    from accord.audit.services import audit_record, locked_chain_head

    with transaction.atomic():
        locked_chain_head(network)
        rows = list(_unfolded(network.pk).order_by("id")
                    .values_list("id", "at", "leaf_hash")[:MAX_BATCH])
        if not rows:
            return None
        ids = [row[0] for row in rows]
        times = [row[1] for row in rows]
        root = merkle_root([row[2] for row in rows])
        event = audit_record(
            network=network, actor=None, actor_label="access log", action=BATCH_ACTION,
            object_type=BATCH_OBJECT_TYPE,
            summary={"root": root, "count": len(rows), "first_id": ids[0], "last_id": ids[-1],
                     "first_at": min(times).isoformat(), "last_at": max(times).isoformat()},
        )
        folded = 0
        for start in range(0, len(ids), 500):  # bounded IN lists
            folded += AccessRecord.objects.filter(id__in=ids[start:start + 500]).fold_into(
                event.pk)
        if folded != len(ids):  # pragma: no cover - the lock makes this impossible
            raise RuntimeError("read records were folded by someone else meanwhile")
    return Batch(event=event, count=len(rows), root=root)


def fold_on_worker_stop(**kwargs) -> None:
    """Receiver of accord.core.signals.worker_stopping: what waits is folded now rather than
    by the next worker's minute."""
    batches = access_fold(force=True)
    if batches:
        logger.info("Folded %s read records at worker stop", sum(b.count for b in batches))
