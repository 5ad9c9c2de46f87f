"""Writing the audit chain. Every service that changes something calls `audit_record` inside
its own transaction, so the change and its trail commit or roll back together.

The only other writes are sealing a closed year (`audit_seal_closed_epochs`, also done by the
first event of a new year) and erasing a sealed year after its retention (`audit_erase_epoch`),
the one audited way to delete audit rows.
"""

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord import policy
from accord.audit.guard import event_deletion_allowed
from accord.audit.hashing import checkpoint_hash, event_hash
from accord.audit.models import (
    GENESIS_HASH,
    INSTALLATION_CHAIN,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
)
from accord.audit.selectors import VERIFIED_ACTION
from accord.audit.verification import (
    ERASED_ACTION,
    HEAD_BEHIND,
    HEAD_MISSING,
    AccessReport,
    ChainReport,
    chain_label,
    verify_access,
    verify_chain,
)
from accord.core.request_context import current_request_id

logger = logging.getLogger("accord.audit")
HEAD_REPAIRED_ACTION = "audit.head_repaired"


class ChainHeadBehind(Exception):
    """The chain head stands behind stored events (it was moved back outside the application).

    Every audited write to that chain is refused until `accord audit repair-head` has put the
    head back where the events end; the web answers 503 (see accord.audit.middleware).
    """

    def __init__(self, chain: int, *, epoch: int, seq: int):
        self.chain, self.epoch, self.seq = chain, epoch, seq
        which = ("--installation" if chain == INSTALLATION_CHAIN
                 else f"--network {chain_label(chain)}")
        self.repair_command = f"accord audit repair-head {which}"
        super().__init__(
            f"The audit chain head of {chain_label(chain)} (chain {chain}) is at year {epoch}, "
            f"seq {seq}, but an event is already stored after it: the head was moved back "
            f"outside the application. Audited writes to this chain are refused until it is "
            f"repaired; run `accord audit verify` to see the events, then "
            f"`{self.repair_command}`.")


def _chain_of(network) -> int:
    return network.pk if network is not None else INSTALLATION_CHAIN


def _locked_head(chain: int, year: int) -> AuditChainHead:
    """Lock the chain's head row (creating it for a new chain)."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.get_or_create(chain=chain, defaults={"epoch": year})
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def locked_chain_head(network) -> AuditChainHead:
    """Take the network's chain-head lock for a write that must choose what it chains under
    the lock (the access log's folder); audit_record takes it again, harmlessly."""
    return _locked_head(_chain_of(network), timezone.now().year)


def _refuse_behind(head: AuditChainHead) -> None:
    """Refuse (and alert) instead of colliding with an event the head does not know of."""
    error = ChainHeadBehind(head.chain, epoch=head.epoch, seq=head.seq)
    logger.critical("%s", error)
    raise error


def _advance_to(head: AuditChainHead, year: int) -> AuditCheckpoint | None:
    """Seal the head's epoch when `year` is later, and open `year` from the new checkpoint."""
    if head.epoch >= year:
        return None
    if AuditCheckpoint.objects.filter(chain=head.chain, epoch__gte=head.epoch).exists():
        _refuse_behind(head)  # the head's year is sealed already: it was moved back
    checkpoint = _seal(head)
    head.epoch, head.seq, head.last_hash = year, 0, checkpoint.hash
    head.save()
    return checkpoint


def _seal(head: AuditChainHead) -> AuditCheckpoint:
    previous = (AuditCheckpoint.objects.filter(chain=head.chain, epoch__lt=head.epoch)
                .order_by("-epoch").first())
    checkpoint = AuditCheckpoint(
        chain=head.chain, epoch=head.epoch, final_hash=head.last_hash, count=head.seq,
        sealed_at=timezone.now(),
        start_hash=previous.hash if previous else GENESIS_HASH,
    )
    checkpoint.hash = checkpoint_hash(checkpoint)
    checkpoint.save()
    # A sealed year is signed for the outside witness at once, not only at the next hour.
    transaction.on_commit(_witness_after_sealing)
    return checkpoint


def _witness_after_sealing() -> None:
    from accord.audit.tasks import witness_heads

    witness_heads.enqueue(reason="sealed")


def audit_seal_closed_epochs(*, now: datetime | None = None) -> list[AuditCheckpoint]:
    """Seal every chain whose open epoch is a past year (run by the worker at new year).

    Each chain is sealed in its own transaction under the head's row lock, so writers and
    concurrent sealers never seal the same year twice.
    """
    year = (now or timezone.now()).year
    sealed = []
    for chain in AuditChainHead.objects.filter(epoch__lt=year).values_list("chain", flat=True):
        try:
            with transaction.atomic():
                head = AuditChainHead.objects.select_for_update().get(chain=chain)
                checkpoint = _advance_to(head, year)
        except ChainHeadBehind:
            continue  # logged as critical; the other chains are still sealed
        if checkpoint is not None:
            sealed.append(checkpoint)
    return sealed


def _as_stored(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples become lists, keys strings), so the
    hash computed now equals the hash recomputed from the stored row."""
    return json.loads(json.dumps(value))


def audit_record(
    *,
    network,
    actor=None,
    action: str,
    membership=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: dict[str, Any] | None = None,
    categories: Sequence[str] = (),
    purpose: str = "",
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the network's chain (or the installation's when network is None).

    `membership` names who acted in the network (person and organisation); `actor` (a user)
    is enough where there is no membership (sign-ins) and is taken from the membership when
    not given. Takes the chain head's row lock, so concurrent writers queue instead of forking
    the chain; the event's time is taken under the lock, so times follow the chain's order.
    """
    if membership is not None and actor is None:
        actor = membership.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    with transaction.atomic():
        chain = _chain_of(network)
        head = _locked_head(chain, timezone.now().year)
        now = timezone.now()
        _advance_to(head, now.year)
        # One indexed look-up: is the place the head says is free already taken?
        if (AuditEvent.objects.with_scopes_disabled()
                .filter(chain=chain, epoch=head.epoch, seq=head.seq + 1).exists()):
            _refuse_behind(head)
        event = AuditEvent(
            chain=chain, epoch=head.epoch, seq=head.seq + 1,
            network_id=network.pk if network is not None else None,
            actor_id=getattr(actor, "pk", None),
            actor_membership_id=getattr(membership, "pk", None),
            actor_organisation_id=getattr(membership, "organisation_id", None),
            actor_label=(actor_label if actor_label is not None else str(actor or ""))[:300],
            action=action[:80], object_type=str(object_type)[:80],
            object_id=str(object_id or "")[:80],
            summary=_as_stored(summary or {}), categories=_as_stored(list(categories)),
            purpose=purpose[:500], request_id=current_request_id()[:64], created_at=now,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq, head.last_hash = event.seq, event.hash
        head.save()
    return event


# Erasure ---------------------------------------------------------------------------------


class ErasureRefused(Exception):
    """The epoch may not be erased (yet); the message says why."""


@dataclass(frozen=True)
class Erasure:
    chain: int
    year: int
    count: int
    event: AuditEvent


# The same statement migration 0002 runs: SQLite has no way to switch a trigger off.
_DELETE_EPOCH = "DELETE FROM audit_auditevent WHERE chain = %s AND epoch = %s"
# The reads folded into that year's batches go with them, or they would name batches the
# chain no longer has (and verification would take them for forged).
_DELETE_EPOCH_READS = (
    "DELETE FROM audit_accessrecord WHERE batch_id IN (SELECT id FROM audit_auditevent "
    "WHERE chain = %s AND epoch = %s AND action = 'access.batch')")


def _delete_epoch_events(*, chain: int, year: int) -> int:
    with event_deletion_allowed(), connection.cursor() as cursor:
        cursor.execute(_DELETE_EPOCH_READS, [chain, year])
        cursor.execute(_DELETE_EPOCH, [chain, year])
        return cursor.rowcount


def _check_erasable(*, chain: int, year: int, now: datetime) -> AuditCheckpoint:
    retention = settings.ACCORD_AUDIT_RETENTION_YEARS
    if not AuditCheckpoint.objects.filter(chain=chain, epoch=year).exists():
        raise ErasureRefused(_("%(year)s is not sealed: only a closed, sealed year can be "
                               "erased.") % {"year": year})
    if now.year - year <= retention:
        raise ErasureRefused(
            _("%(year)s is still within its retention period of %(retention)s year(s) after "
              "its end; it can be erased from 1 January %(first)s.")
            % {"year": year, "retention": retention, "first": year + retention + 1}
        )
    events = AuditEvent.objects.with_scopes_disabled().filter(chain=chain)
    if not events.filter(epoch=year).exists():
        raise ErasureRefused(_("%(year)s has no events left to erase.") % {"year": year})
    earlier = events.filter(epoch__lt=year).order_by("epoch").values_list("epoch", flat=True)
    if earlier.exists():
        # Erasing oldest first keeps what remains one unbroken run of years (see verification).
        raise ErasureRefused(_("Erase %(earlier)s first: years are erased oldest first.")
                             % {"earlier": earlier.first()})
    return AuditCheckpoint.objects.get(chain=chain, epoch=year)


def audit_erase_epoch(*, network, year: int, actor=None, actor_label: str = "",
                      now: datetime | None = None) -> Erasure:
    """Delete the events of one sealed year of a chain after its retention period.

    Guarantees: only a sealed year, only after ACCORD_AUDIT_RETENTION_YEARS full years have
    passed since its end (police data under the Law Enforcement Directive: the end of the
    following year), oldest year first, only when the chain verifies intact up to now (erasing
    would destroy the evidence of tampering). The checkpoint stays, so later years still verify;
    the erasure itself is recorded on the same chain as `audit.epoch_erased`, in one transaction
    with the deletion.
    """
    chain = _chain_of(network)
    now = now or timezone.now()
    with transaction.atomic():
        _locked_head(chain, now.year)  # writers queue behind the erasure
        checkpoint = _check_erasable(chain=chain, year=year, now=now)
        report = verify_chain(chain)
        if report.broken is not None:
            raise ErasureRefused(_("The chain is broken, so nothing is erased: %(problem)s")
                                 % {"problem": report.broken.describe()})
        count = _delete_epoch_events(chain=chain, year=year)
        event = audit_record(
            network=network, actor=actor, actor_label=actor_label, action=ERASED_ACTION,
            object_type="audit.auditcheckpoint", object_id=checkpoint.pk,
            summary={"year": year, "count": count, "checkpoint_count": checkpoint.count},
        )
    return Erasure(chain=chain, year=year, count=count, event=event)


# Repairing a moved-back head ---------------------------------------------------------------


class RepairRefused(Exception):
    """The head is not repaired; the message says why."""


@dataclass(frozen=True)
class HeadRepair:
    chain: int
    head_was: dict[str, Any] | None
    head_now: dict[str, Any]
    events_beyond: int
    event: AuditEvent


def _position(epoch: int, seq: int, last_hash: str) -> dict[str, Any]:
    return {"epoch": epoch, "seq": seq, "hash": last_hash}


def _tail_of(chain: int) -> dict[str, Any]:
    """Where the head belongs: on the last stored event, or at the start of the year after the
    last sealed one when that year is later than every event."""
    last = (AuditEvent.objects.with_scopes_disabled().filter(chain=chain)
            .order_by("-epoch", "-seq").values_list("epoch", "seq", "hash").first())
    sealed = (AuditCheckpoint.objects.filter(chain=chain).order_by("-epoch")
              .values_list("epoch", "hash").first())
    if sealed is not None and (last is None or sealed[0] >= last[0]):
        return _position(sealed[0] + 1, 0, sealed[1])
    if last is None:  # pragma: no cover - verify reports no break for an empty chain
        raise RepairRefused(_("The chain has no events: there is nothing to repair."))
    return _position(*last)


def audit_head_repair(*, network, actor=None, actor_label: str = "") -> HeadRepair:
    """Put a chain head that was moved back (or is missing) where the chain's events end, and
    record what it said and what it says now (`audit.head_repaired`).

    Guarantees: only when the only break is the head behind the events (or missing): every
    event up to the last one verifies, so nothing tampered with is blessed; a head ahead of the
    events (deleted events) is evidence and is never moved back. The head moves forward, as its
    database guard requires, under its row lock, in one transaction with the record.
    """
    chain = _chain_of(network)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        report = verify_chain(chain)
        if report.intact:
            raise RepairRefused(_("The chain head already stands where the events end: there "
                                  "is nothing to repair."))
        if report.broken.code not in (HEAD_BEHIND, HEAD_MISSING):
            raise RepairRefused(_("The chain is broken elsewhere, so the head is not moved: "
                                  "%(problem)s") % {"problem": report.broken.describe()})
        tail = _tail_of(chain)
        was = None if head is None else _position(head.epoch, head.seq, head.last_hash)
        if head is None:
            head = AuditChainHead(chain=chain)
        head.epoch, head.seq, head.last_hash = tail["epoch"], tail["seq"], tail["hash"]
        head.save()
        check = verify_chain(chain)
        if not check.intact:  # pragma: no cover - the walk above found nothing else
            raise RepairRefused(check.broken.describe())
        event = audit_record(
            network=network, actor=actor, actor_label=actor_label, action=HEAD_REPAIRED_ACTION,
            object_type="audit.auditchainhead", object_id=head.pk,
            summary={"head_was": was, "head_now": tail,
                     "events_beyond": report.broken.events_beyond},
        )
    logger.warning("Audit chain head of %s repaired: it said %s, now %s (event %s/%s).",
                   chain_label(chain), was, tail, event.epoch, event.seq)
    return HeadRepair(chain=chain, head_was=was, head_now=tail,
                      events_beyond=report.broken.events_beyond, event=event)


# The audit page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    chain: ChainReport
    access: AccessReport

    @property
    def intact(self) -> bool:
        return self.chain.intact and self.access.intact


def audit_chain_verify(*, membership) -> Verification:
    """Verify the network's chain and its access log's batches for its coordinator or privacy
    officer and record the result (`audit.chain_verified`), so the page can show when it was
    last verified and by whom."""
    policy.require(membership, "audit.verify", membership.network, purpose="oversight")
    report = verify_chain(membership.network_id)
    access = verify_access(membership.network_id)
    intact = report.intact and access.intact
    summary: dict[str, Any] = {"result": "intact" if intact else "broken",
                               "events_checked": report.events_checked,
                               "reads_checked": access.records_checked}
    if report.broken is not None:
        summary.update(epoch=report.broken.epoch, seq=report.broken.seq,
                       event_id=report.broken.event_id)
    elif not access.intact:
        first = access.broken[0]
        summary.update(epoch=first.epoch, seq=first.seq, event_id=first.event_id,
                       batches_broken=access.broken_count)
    audit_record(network=membership.network, membership=membership, action=VERIFIED_ACTION,
                 summary=summary)
    return Verification(report, access)


def audit_export_record(*, membership, filters, file_format: str = "csv") -> AuditEvent:
    """Record that the membership exported the network's audit trail, with the filters used."""
    policy.require(membership, "audit.export", membership.network, purpose="export")
    return audit_record(network=membership.network, membership=membership,
                        action="audit.exported",
                        summary={"format": file_format, "filters": filters.as_summary()})
