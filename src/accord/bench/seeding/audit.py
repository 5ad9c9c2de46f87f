"""Audit events forming valid hash chains, one chain per network plus the installation's.

Each chain runs from the profile's start to now in time order; every calendar year before the
current one is sealed by a checkpoint that the next year's first event links to, exactly as
`audit_record` and `audit_seal_closed_epochs` would have left them, so `accord audit verify`
passes. The hashes come from accord.audit.hashing, the definition the verifier uses.
"""

import json
from datetime import datetime, timedelta

from accord.audit.hashing import (
    EVENT_FIELDS,
    OPTIONAL_EVENT_FIELDS,
    checkpoint_hash,
    event_digest,
)
from accord.audit.models import (
    GENESIS_HASH,
    INSTALLATION_CHAIN,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
)
from accord.bench.progress import Progress
from accord.bench.seeding.copying import Table, copy_tuples
from accord.bench.seeding.people import Net, Person
from accord.bench.seeding.shape import Profile, installation_events, rng_for

# (action, object type, summary, categories, purpose): the everyday mix of a network's trail.
NETWORK_ACTIONS = (
    ("meeting.created", "meetings.meeting", {"fields": ["title", "starts_at", "body"]}, [], ""),
    ("agenda_item.created", "meetings.agendaitem", {"fields": ["title", "kind"]}, [], ""),
    ("minutes.entry_written", "meetings.minuteentry", {"fields": ["text", "visibility"]}, [], ""),
    ("minutes.entry_updated", "meetings.minuteentry", {"fields": ["text"]}, [], ""),
    ("attendance.changed", "meetings.attendance", {"fields": ["status"]}, [], ""),
    ("decision.vote_cast", "meetings.decision", {"fields": ["vote"]}, [], ""),
    ("action_item.status_changed", "meetings.actionitem", {"fields": ["status"]}, [], ""),
    ("read", "meetings.minuteentry", {}, ["minutes"], "meeting preparation"),
    ("read", "meetings.meeting", {}, ["minutes"], "minutes download"),
    ("charter_version.edited", "charter.charterversion", {"fields": ["body"]}, [], ""),
    ("body_membership.added", "tenancy.bodymembership", {"fields": ["role"]}, [], ""),
    ("membership.roles_changed", "tenancy.membership", {"fields": ["roles"]}, [], ""),
)
INSTALLATION_ACTIONS = (
    ("auth.signed_in", "accounts.user", {"fields": []}, [], ""),
    ("auth.signed_in", "accounts.user", {"fields": []}, [], ""),
    ("auth.signed_out", "accounts.user", {"fields": []}, [], ""),
    ("auth.sign_in_failed", "accounts.user", {"fields": []}, [], ""),
)
_ID, _HASH = "id", "hash"
_BATCH = 20_000


def seed_audit(profile: Profile, nets: list[Net], *, start: datetime, now: datetime,
               show: bool = True) -> int:
    events = Table(AuditEvent)
    everyone = [p for net in nets for p in net.people]
    chains = [(INSTALLATION_CHAIN, None, everyone, installation_events(profile),
               INSTALLATION_ACTIONS)]
    chains += [(net.id, net.id, net.people, net.shape.audit_events, NETWORK_ACTIONS)
               for net in nets]
    total = sum(c[3] for c in chains)
    heads, checkpoints = [], []
    with Progress("audit events", total, enabled=show) as bar:
        for chain, network_id, people, count, actions in chains:
            head, sealed = _ChainWriter(profile, events, chain, network_id, people, actions,
                                        start=start, now=now).write(count, bar)
            heads.append(head)
            checkpoints.extend(sealed)
    AuditCheckpoint.objects.bulk_create(checkpoints)
    AuditChainHead.objects.bulk_create(heads)
    return total


class _ChainWriter:
    def __init__(self, profile, table: Table, chain, network_id, people: list[Person],
                 actions, *, start, now):
        self.table, self.chain, self.network_id = table, chain, network_id
        self.people, self.actions = people, actions
        self.start, self.now = start, now
        self.rng = rng_for(profile, "audit", chain)
        self.position = {name: i for i, name in enumerate(table.names)}
        self.summaries = [json.dumps(a[2], sort_keys=True) for a in actions]
        self.categories = [json.dumps(a[3]) for a in actions]

    def write(self, count: int, bar: Progress) -> tuple[AuditChainHead, list[AuditCheckpoint]]:
        span = (self.now - self.start).total_seconds()
        offsets = sorted(self.rng.random() * span for _ in range(count))
        self.ids = iter(self.table.take_ids(count))
        self.epoch, self.seq, self.prev = self.start.year, 0, GENESIS_HASH
        self.sealed: list[AuditCheckpoint] = []
        batch = []
        for offset in offsets:
            batch.append(self._event(self.start + timedelta(seconds=offset)))
            if len(batch) >= _BATCH:
                self._copy(batch, bar)
                batch = []
        self._copy(batch, bar)
        while self.epoch < self.now.year:
            self._seal()
        head = AuditChainHead(chain=self.chain, epoch=self.epoch, seq=self.seq,
                              last_hash=self.prev)
        return head, self.sealed

    def _seal(self) -> None:
        """Close the current year as `audit_record` does when the first event of a new one
        arrives: a checkpoint, then the next year starts from the checkpoint's hash."""
        checkpoint = AuditCheckpoint(
            chain=self.chain, epoch=self.epoch, final_hash=self.prev, count=self.seq,
            sealed_at=datetime(self.epoch + 1, 1, 1, tzinfo=self.start.tzinfo),
            start_hash=self.sealed[-1].hash if self.sealed else GENESIS_HASH)
        checkpoint.hash = checkpoint_hash(checkpoint)
        self.sealed.append(checkpoint)
        self.epoch, self.seq, self.prev = self.epoch + 1, 0, checkpoint.hash

    def _event(self, created_at: datetime) -> tuple:
        while created_at.year > self.epoch:
            self._seal()
        self.seq += 1
        which = self.rng.randrange(len(self.actions))
        action, object_type, summary, categories, purpose = self.actions[which]
        actor = self.people[self.rng.randrange(len(self.people))]
        values = {
            "chain": self.chain, "epoch": self.epoch, "seq": self.seq,
            "network_id": self.network_id, "actor_id": actor.user_id, "actor_label": actor.name,
            "action": action, "object_type": object_type,
            "object_id": str(self.rng.randint(1, 400_000)), "summary": summary,
            "categories": categories, "purpose": purpose,
            "request_id": f"{self.rng.getrandbits(64):016x}", "created_at": created_at,
            "prev_hash": self.prev,
            # The installation's events (sign-ins) have no membership, a network's have one.
            "actor_membership_id": actor.membership_id if self.network_id else None,
            "actor_organisation_id": actor.organisation_id if self.network_id else None,
        }
        digest = event_digest([values[name] for name in EVENT_FIELDS + OPTIONAL_EVENT_FIELDS])
        self.prev = digest
        values["summary"], values["categories"] = self.summaries[which], self.categories[which]
        values[_ID], values[_HASH] = next(self.ids), digest
        return tuple(values[name] for name in self.table.names)

    def _copy(self, batch: list[tuple], bar: Progress) -> None:
        if batch:
            copy_tuples(self.table.model._meta.db_table, self.table.columns, batch)
            bar.advance(len(batch))
