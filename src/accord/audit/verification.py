"""Verifying the audit chain (DESIGN.md, mechanism 4): find the first broken link.

Per chain, per epoch (calendar year), in sequence order, every event must
- carry the next sequence number (no gaps: nothing deleted in the middle),
- hash to its stored hash (nothing altered),
- point to the previous event's hash, the first event of a year to the previous year's
  checkpoint (or the genesis hash).
Each sealed year must end at its checkpoint's final hash and count, and each checkpoint must
hash correctly and start from the previous checkpoint. The open year must end exactly at the
chain head: events short of the head mean the last events were deleted; events (or a sealed
year) beyond the head mean the head was moved back, and each such event is named. The head
never bounds what is read. A sealed year without events is
accepted only when an `audit.epoch_erased` event on the chain covers it and no earlier year
still has events (years are erased oldest first).

Verification reads every network's chain, so it runs outside any network scope, here only.
Rows are streamed with only the columns hashed, so millions of events need little memory. On
PostgreSQL they come straight from a server-side cursor as tuples: Django's per-row converters
took about a third of the time (see _driver_rows).
"""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain as chain_rows
from itertools import groupby

from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accord.audit.access import BATCH_ACTION
from accord.audit.hashing import (
    ACCESS_FIELDS,
    EVENT_FIELDS,
    OPTIONAL_EVENT_FIELDS,
    access_leaf_hash_of,
    checkpoint_hash,
    event_digest,
    merkle_root,
)
from accord.audit.models import (
    GENESIS_HASH,
    INSTALLATION_CHAIN,
    AccessRecord,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    network_model,
)

CHUNK_SIZE = 2000
ERASED_ACTION = "audit.epoch_erased"
# ChainBreak.code of the breaks `accord audit repair-head` repairs: events lie beyond the head,
# or the chain has events but no head. Any other break has no code.
HEAD_BEHIND, HEAD_MISSING = "head_behind", "head_missing"
BEYOND_LISTED = 10  # events beyond the head named one by one, then "and N more"
_COLUMNS = ("id", "hash", *EVENT_FIELDS, *OPTIONAL_EVENT_FIELDS)
_EPOCH, _SEQ, _PREV = (2 + EVENT_FIELDS.index(name) for name in ("epoch", "seq", "prev_hash"))
_JSON_COLUMNS = (2 + EVENT_FIELDS.index("summary"), 2 + EVENT_FIELDS.index("categories"))
# What JSONField.from_db_value does (json.loads), minus the whitespace checks around the value:
# PostgreSQL writes jsonb without surrounding whitespace.
_raw_decode = json.JSONDecoder().raw_decode


@dataclass(frozen=True)
class ChainBreak:
    """The first broken link of a chain: where it is and what is wrong."""

    chain: int
    label: str
    epoch: int | None
    seq: int | None
    event_id: int | None
    problem: str
    code: str = ""  # HEAD_BEHIND, HEAD_MISSING, or "" for any other break
    events_beyond: int = 0  # with HEAD_BEHIND: how many events lie beyond the head

    def describe(self) -> str:
        where = [f"chain {self.label}"]
        if self.epoch is not None:
            where.append(_("year %(epoch)s") % {"epoch": self.epoch})
        if self.seq is not None:
            where.append(_("seq %(seq)s") % {"seq": self.seq})
        if self.event_id is not None:
            where.append(_("event id %(id)s") % {"id": self.event_id})
        return f"{', '.join(where)}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: int
    label: str
    events_checked: int
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


class _Broken(Exception):
    def __init__(self, problem: str, *, epoch=None, seq=None, event_id=None, code="",
                 events_beyond=0):
        super().__init__(problem)
        self.problem, self.epoch, self.seq, self.event_id = problem, epoch, seq, event_id
        self.code, self.events_beyond = code, events_beyond


def chain_label(chain: int) -> str:
    """The network's slug, or "installation" for the installation's own chain."""
    if chain == INSTALLATION_CHAIN:
        return "installation"
    slug = network_model().objects.filter(pk=chain).values_list("slug", flat=True).first()
    return slug or f"network-{chain} (deleted)"


def all_chains() -> list[int]:
    """Every chain that has a head, a checkpoint, an event or a read record."""
    with scopes_disabled():
        chains = set(AuditChainHead.objects.values_list("chain", flat=True))
        chains |= set(AuditCheckpoint.objects.order_by().values_list("chain", flat=True)
                      .distinct())
        chains |= set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
        # A network whose reads were never folded has records but perhaps no event yet.
        chains |= set(AccessRecord.objects.order_by().values_list("network_id", flat=True)
                      .distinct())
    return sorted(chains)


def verify_chains(chains: Iterable[int] | None = None) -> Iterator[ChainReport]:
    for chain in all_chains() if chains is None else chains:
        yield verify_chain(chain)


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Head, checkpoints and events read as of one moment, so that events written meanwhile
    are neither missed nor taken for events beyond the head. PostgreSQL: a read-only
    repeatable-read transaction; SQLite: any transaction keeps its read snapshot. Inside the
    caller's transaction (erasure and repair, which hold the head's lock) its reads decide."""
    connection = connections[router.db_for_read(AuditEvent)]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def verify_chain(chain: int) -> ChainReport:
    """Walk every event of one chain and check that its head stands where they end; stop at
    the first break."""
    walk = _Walk(chain)
    try:
        with scopes_disabled(), _one_snapshot():
            walk.run()
    except _Broken as broken:
        label = chain_label(chain)
        return ChainReport(chain, label, walk.checked, ChainBreak(
            chain, label, broken.epoch, broken.seq, broken.event_id, broken.problem,
            broken.code, broken.events_beyond))
    return ChainReport(chain, chain_label(chain), walk.checked, None)


class _Walk:
    """One pass over one chain. `checked` counts the events whose links were verified."""

    def __init__(self, chain: int):
        self.chain = chain
        self.checked = 0
        self.start_hash = GENESIS_HASH  # what the next epoch must start from
        self.events_seen = False
        self.head: tuple[int, int, str] = (0, 0, GENESIS_HASH)
        self.beyond: list[tuple[int, int, int]] = []  # (epoch, seq, id) past the head, first few
        self.beyond_count = 0

    def run(self) -> None:
        head = (AuditChainHead.objects.filter(chain=self.chain)
                .values_list("epoch", "seq", "last_hash").first())
        if head is None and not self._any_rows():
            return
        # Every event and checkpoint is read, not only those up to the head: a head moved back
        # must not hide what lies beyond it (verify_chain reads all of it in one snapshot).
        # Without a head the links are still checked, so a repair never blesses a broken one.
        self.head = head or (0, 0, GENESIS_HASH)
        checkpoints = {cp.epoch: cp for cp in AuditCheckpoint.objects.filter(chain=self.chain)}
        self.erased_through = self._erased_through()
        pending = sorted(checkpoints)
        unsealed = None  # (epoch, last seq, last hash, first row) of a year without checkpoint
        for epoch, rows in groupby(self._rows(), key=lambda row: row[_EPOCH]):
            while pending and pending[0] < epoch:
                self._not_after_unsealed(unsealed)
                self._sealed_epoch(checkpoints[pending.pop(0)], iter(()))
            self._not_after_unsealed(unsealed)
            if pending and pending[0] == epoch:
                self._sealed_epoch(checkpoints[pending.pop(0)], rows)
            else:
                # The group is consumed once: its first row, then the rest after it.
                first = next(rows)
                last_seq, last_hash = self._events(
                    epoch, chain_rows((first,), rows))  # noqa: B031
                unsealed = (epoch, last_seq, last_hash, first)
        for epoch in pending:
            self._not_after_unsealed(unsealed)
            self._sealed_epoch(checkpoints[epoch], iter(()))
        if head is None:
            raise _Broken(_("the chain has events but no chain head"), code=HEAD_MISSING,
                          events_beyond=self.beyond_count)
        self._check_head(unsealed, last_sealed=max(checkpoints, default=None))

    @staticmethod
    def _not_after_unsealed(unsealed) -> None:
        """Only the last year may be open: an unsealed year followed by another is a break."""
        if unsealed is not None:
            epoch, _last_seq, _last_hash, first = unsealed
            raise _Broken(_("this year has events but was never sealed (checkpoint missing)"),
                          epoch=epoch, seq=first[_SEQ], event_id=first[0])

    def _check_head(self, unsealed, *, last_sealed: int | None) -> None:
        """The head must stand exactly where the events end: behind them it hides events (and
        the next write would collide with one), ahead of them the last events were deleted."""
        head_epoch, head_seq, head_hash = self.head
        if unsealed is not None:
            epoch, last_seq, last_hash, _first = unsealed
            if head_epoch > epoch:
                self._not_after_unsealed(unsealed)
            if (head_epoch, head_seq) < (epoch, last_seq):
                self._behind(sealed=None)
        elif last_sealed is not None and head_epoch <= last_sealed:
            self._behind(sealed=last_sealed)
        else:
            epoch, last_seq, last_hash = head_epoch, 0, self.start_hash
        if last_seq < head_seq:
            raise _Broken(_("the chain head is at seq %(head)s but the events end at seq "
                            "%(last)s: the last events were deleted")
                          % {"head": head_seq, "last": last_seq}, epoch=epoch, seq=last_seq + 1)
        if last_hash != head_hash:
            raise _Broken(_("the last event does not match the chain head's hash"),
                          epoch=epoch, seq=last_seq)

    def _behind(self, *, sealed: int | None) -> None:
        head_epoch, head_seq, head_hash = self.head
        says = (_("the chain head says year %(epoch)s, seq %(seq)s, hash %(hash)s")
                % {"epoch": head_epoch, "seq": head_seq, "hash": head_hash[:12]})
        if not self.beyond:
            raise _Broken(_("year %(year)s is already sealed but %(says)s: the head was moved "
                            "back; repair it with `accord audit repair-head`")
                          % {"year": sealed, "says": says}, epoch=sealed, code=HEAD_BEHIND)
        listed = ", ".join(_("year %(epoch)s seq %(seq)s (event id %(id)s)")
                           % {"epoch": epoch, "seq": seq, "id": event_id}
                           for epoch, seq, event_id in self.beyond)
        more = self.beyond_count - len(self.beyond)
        if more:
            listed += " " + _("and %(count)s more") % {"count": more}
        epoch, seq, event_id = self.beyond[0]
        raise _Broken(_("%(count)s event(s) lie beyond the chain head: %(events)s; %(says)s. "
                        "The head was moved back; repair it with `accord audit repair-head`")
                      % {"count": self.beyond_count, "events": listed, "says": says},
                      epoch=epoch, seq=seq, event_id=event_id, code=HEAD_BEHIND,
                      events_beyond=self.beyond_count)

    def _any_rows(self) -> bool:
        return (AuditEvent.objects.with_scopes_disabled().filter(chain=self.chain).exists()
                or AuditCheckpoint.objects.filter(chain=self.chain).exists())

    def _rows(self) -> Iterator[tuple]:
        rows = (AuditEvent.objects.with_scopes_disabled().filter(chain=self.chain)
                .order_by("epoch", "seq").values_list(*_COLUMNS))
        if connections[rows.db].vendor == "postgresql":
            return _driver_rows(rows)
        return rows.iterator(chunk_size=CHUNK_SIZE)

    def _erased_through(self) -> int | None:
        """The latest year an erasure on this chain covers (erasures go oldest first)."""
        years = []
        for summary in (AuditEvent.objects.with_scopes_disabled()
                        .filter(chain=self.chain, action=ERASED_ACTION)
                        .values_list("summary", flat=True)):
            year = summary.get("year") if isinstance(summary, dict) else None
            if isinstance(year, int):
                years.append(year)
        return max(years, default=None)

    def _events(self, epoch: int, rows: Iterable[tuple]) -> tuple[int, str]:
        """Check one epoch's events; return its last seq and hash."""
        expected_prev, seq = self.start_hash, 0
        head_position = self.head[:2]
        for row in rows:
            seq += 1
            stored_hash = row[1]
            if row[_SEQ] != seq:
                raise _Broken(_("sequence gap: expected seq %(seq)s here, so events before "
                                "this one were deleted") % {"seq": seq}, **_where(epoch, row))
            if event_digest(row[2:]) != stored_hash:
                raise _Broken(_("the event's content does not match its hash (row altered)"),
                              **_where(epoch, row))
            if row[_PREV] != expected_prev:
                raise _Broken(_("the event does not link to the hash before it (prev_hash "
                                "differs)"), **_where(epoch, row))
            if (epoch, seq) > head_position:
                self.beyond_count += 1
                if len(self.beyond) < BEYOND_LISTED:
                    self.beyond.append((epoch, seq, row[0]))
            expected_prev = stored_hash
            self.checked += 1
            self.events_seen = True
        return seq, expected_prev

    def _sealed_epoch(self, checkpoint: AuditCheckpoint, rows: Iterator[tuple]) -> None:
        epoch = checkpoint.epoch
        if checkpoint_hash(checkpoint) != checkpoint.hash:
            raise _Broken(_("the year's checkpoint does not match its hash (checkpoint "
                            "altered)"), epoch=epoch)
        if checkpoint.start_hash != self.start_hash:
            raise _Broken(_("the year's checkpoint does not start from the previous "
                            "checkpoint"), epoch=epoch)
        events_before = self.events_seen
        last_seq, last_hash = self._events(epoch, rows)
        if last_seq == 0 and checkpoint.count > 0:
            self._check_erased(epoch, checkpoint.count, events_before)
        elif last_seq != checkpoint.count:
            raise _Broken(_("the year ends at seq %(last)s but its checkpoint counts %(count)s "
                            "events: the last events were deleted")
                          % {"last": last_seq, "count": checkpoint.count},
                          epoch=epoch, seq=last_seq + 1)
        elif last_hash != checkpoint.final_hash:
            raise _Broken(_("the year's last event does not match its checkpoint's final "
                            "hash"), epoch=epoch, seq=last_seq)
        self.start_hash = checkpoint.hash

    def _check_erased(self, epoch: int, count: int, events_before: bool) -> None:
        if self.erased_through is None or epoch > self.erased_through:
            raise _Broken(_("all %(count)s events of this year are missing and no erasure is "
                            "recorded") % {"count": count}, epoch=epoch, seq=1)
        if events_before:
            raise _Broken(_("this year's events are missing while earlier years remain "
                            "(years are erased oldest first)"), epoch=epoch, seq=1)


def _where(epoch: int, row) -> dict:
    return {"epoch": epoch, "seq": row[_SEQ], "event_id": row[0]}


def _driver_rows(rows: QuerySet) -> Iterator[list]:
    """The query's rows as psycopg returns them, from a server-side cursor: the same values
    Django's values_list gives, without its per-row converters. Django's PostgreSQL backend
    loads jsonb as text (JSONField decodes it), so the two JSON columns are decoded here; the
    timestamps arrive as aware datetimes either way."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK_SIZE):
            for row in chunk:
                row = list(row)
                for column in _JSON_COLUMNS:
                    row[column] = _raw_decode(row[column])[0]
                yield row


# The access log's batches ------------------------------------------------------------------
# Each `access.batch` event of a chain (itself verified by the walk above) names the Merkle
# root, count and first/last ids of the records folded into it. Its records are read back by
# their batch, their leaves recomputed from their content and the root rebuilt: a record
# deleted, added or altered changes the count or the root, and the batch is named with its
# place in the chain and the time its records span. Records not folded yet are only counted.

BROKEN_BATCHES_LISTED = 10


@dataclass(frozen=True)
class BatchBreak:
    event_id: int | None
    epoch: int | None
    seq: int | None
    first_at: str
    last_at: str
    problem: str

    def describe(self) -> str:
        if self.event_id is None:
            return self.problem
        return (_("batch event id %(id)s (year %(epoch)s, seq %(seq)s; reads from %(first)s "
                  "to %(last)s): %(problem)s")
                % {"id": self.event_id, "epoch": self.epoch, "seq": self.seq,
                   "first": self.first_at, "last": self.last_at, "problem": self.problem})


@dataclass(frozen=True)
class AccessReport:
    chain: int
    batches_checked: int
    records_checked: int
    unfolded: int
    broken: list[BatchBreak]
    broken_count: int = 0

    @property
    def intact(self) -> bool:
        return not self.broken


def verify_access(chain: int) -> AccessReport:
    """Rebuild the Merkle root of every batch of the chain's access log from its records."""
    with scopes_disabled(), _one_snapshot():
        batches = (AuditEvent.objects.with_scopes_disabled()
                   .filter(chain=chain, action=BATCH_ACTION).order_by("id")
                   .values_list("id", "epoch", "seq", "summary").iterator(chunk_size=CHUNK_SIZE))
        records = (AccessRecord.objects.filter(network_id=chain, batch__isnull=False)
                   .order_by("batch_id", "id")
                   .values_list("batch_id", "id", "leaf_hash", *ACCESS_FIELDS)
                   .iterator(chunk_size=CHUNK_SIZE))
        check = _BatchCheck(ACCESS_FIELDS)
        check.run(batches, records)
        unfolded = AccessRecord.objects.filter(network_id=chain, batch__isnull=True).count()
    return AccessReport(chain, check.batches, check.records, unfolded,
                        check.broken[:BROKEN_BATCHES_LISTED], len(check.broken))


class _BatchCheck:
    def __init__(self, fields: tuple[str, ...]):
        self.fields = fields
        self.batches = self.records = 0
        self.broken: list[BatchBreak] = []

    def run(self, batches: Iterable[tuple], records: Iterable[tuple]) -> None:
        """A merge of both streams, each ordered by the batch event's id."""
        records = iter(records)
        pending = next(records, None)
        for event_id, epoch, seq, summary in batches:
            while pending is not None and pending[0] < event_id:
                pending = self._orphans(pending, records)
            group = []
            while pending is not None and pending[0] == event_id:
                group.append(pending)
                pending = next(records, None)
            self._batch(event_id, epoch, seq, summary if isinstance(summary, dict) else {},
                        group)
        while pending is not None:
            pending = self._orphans(pending, records)

    def _orphans(self, first: tuple, records: Iterator[tuple]) -> tuple | None:
        """Records that name a batch this chain does not have: put there from outside."""
        batch_id, count = first[0], 1
        pending = next(records, None)
        while pending is not None and pending[0] == batch_id:
            count += 1
            pending = next(records, None)
        self.records += count
        self.broken.append(BatchBreak(None, None, None, "", "", _(
            "%(count)s read record(s) (first id %(id)s) name batch event id %(batch)s, which "
            "is not a batch of this chain: records were added or moved")
            % {"count": count, "id": first[1], "batch": batch_id}))
        return pending

    def _batch(self, event_id: int, epoch: int, seq: int, summary: dict,
               group: list[tuple]) -> None:
        self.batches += 1
        self.records += len(group)
        leaves, altered = [], []
        for row in group:
            leaf = access_leaf_hash_of(dict(zip(self.fields, row[3:], strict=True)))
            leaves.append(leaf)
            if leaf != row[2]:
                altered.append(row[1])
        problem = self._problem(summary, group, leaves, altered)
        if problem:
            self.broken.append(BatchBreak(event_id, epoch, seq, str(summary.get("first_at", "")),
                                          str(summary.get("last_at", "")), problem))

    @staticmethod
    def _problem(summary: dict, group: list[tuple], leaves: list[str],
                 altered: list[int]) -> str:
        expected = summary.get("count")
        if isinstance(expected, int) and len(group) < expected:
            return (_("%(missing)s of its %(count)s read records are missing (deleted)")
                    % {"missing": expected - len(group), "count": expected})
        if isinstance(expected, int) and len(group) > expected:
            return (_("it holds %(extra)s read record(s) more than the %(count)s folded "
                      "(added)") % {"extra": len(group) - expected, "count": expected})
        if altered:
            return (_("read record(s) altered: id %(ids)s no longer match their leaf hash")
                    % {"ids": ", ".join(map(str, altered[:BEYOND_LISTED]))})
        ids = [row[1] for row in group]
        if ids and (ids[0], ids[-1]) != (summary.get("first_id"), summary.get("last_id")):
            return _("its records' ids differ from those folded (records replaced)")
        if merkle_root(leaves) != summary.get("root"):
            return _("its records do not rebuild the batch's Merkle root (records altered or "
                     "replaced)")
        return ""
