"""Writing the audit chain. Every service that changes something calls `audit_record` inside
its own transaction, so the change and its trail commit or roll back together."""

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accord.audit.hashing import checkpoint_hash, event_hash
from accord.audit.models import (
    GENESIS_HASH,
    INSTALLATION_CHAIN,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
)
from accord.core.request_context import current_request_id


def _chain_of(network) -> int:
    return network.pk if network is not None else INSTALLATION_CHAIN


def _locked_head(chain: int, epoch: int) -> AuditChainHead:
    """Lock the chain's head row; on a new year seal the previous one first."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.get_or_create(chain=chain, defaults={"epoch": epoch})
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    if head.epoch < epoch:
        checkpoint = _seal(head)
        head.epoch, head.seq, head.last_hash = epoch, 0, checkpoint.hash
    return head


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
    return checkpoint


def audit_seal_closed_epochs(*, now=None) -> list[AuditCheckpoint]:
    """Seal every chain whose open epoch is a past year (run by the worker at new year)."""
    year = (now or timezone.now()).year
    sealed = []
    for chain in AuditChainHead.objects.filter(epoch__lt=year).values_list("chain", flat=True):
        with transaction.atomic():
            head = AuditChainHead.objects.select_for_update().get(chain=chain)
            if head.epoch < year:
                sealed.append(_seal(head))
                head.epoch, head.seq, head.last_hash = year, 0, sealed[-1].hash
                head.save()
    return sealed


def audit_record(
    *,
    network,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: dict[str, Any] | None = None,
    categories: Sequence[str] = (),
    purpose: str = "",
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the network's chain (or the installation's when network is None).

    Takes the chain head's row lock, so concurrent writers queue instead of forking the chain.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    now = timezone.now()
    with transaction.atomic():
        chain = _chain_of(network)
        head = _locked_head(chain, now.year)
        event = AuditEvent(
            chain=chain, epoch=head.epoch, seq=head.seq + 1,
            network_id=network.pk if network is not None else None,
            actor_id=getattr(actor, "pk", None),
            actor_label=(actor_label if actor_label is not None else str(actor or ""))[:300],
            action=action, object_type=object_type, object_id=str(object_id or ""),
            summary=summary or {}, categories=list(categories), purpose=purpose[:500],
            request_id=current_request_id(), created_at=now, prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq, head.last_hash = event.seq, event.hash
        head.save()
    return event


def audit_read(
    *, network, actor, obj: models.Model | None = None, object_type: str = "",
    object_id: str | int = "", categories: Sequence[str], purpose: str,
) -> AuditEvent:
    """The read-audit hook: a read of sensitive data leaves the same trail as a change."""
    return audit_record(
        network=network, actor=actor, action="read", obj=obj, object_type=object_type,
        object_id=object_id, categories=categories, purpose=purpose,
    )
