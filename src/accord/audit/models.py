"""The audit chain (DESIGN.md, mechanism 4).

Events are append-only and hash-chained per network (the installation's own events, such as
sign-ins, form chain 0) and per calendar year (an epoch). A closed year is sealed by a
checkpoint that the next year's first event links to, so a year's events can be erased after
their legal retention while everything that remains still verifies.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accord.audit.guard import ACCESS_UPDATE_REFUSED_PG

GENESIS_HASH = "0" * 64
INSTALLATION_CHAIN = 0


class AppendOnlyError(Exception):
    """An audit row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows are append-only")

    def delete(self):
        raise AppendOnlyError("audit rows are append-only")

    _raw_delete = delete


class AppendOnlyModel(models.Model):
    # Rows of the audit trail: not network-owned rows (core.checks, accord.E010) but evidence
    # the database refuses to change, read across networks by the verifier and the folder.
    audit_trail = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows are append-only")


append_only_triggers = [
    pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
]


class AuditEvent(AppendOnlyModel):
    chain = models.BigIntegerField(db_index=True)  # the network's id, or 0 for the installation
    epoch = models.PositiveSmallIntegerField()  # calendar year (UTC)
    seq = models.PositiveIntegerField()  # 1, 2, 3 … within (chain, epoch)
    network = models.ForeignKey("tenancy.Network", null=True, on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    actor_label = models.CharField(max_length=300, blank=True)
    # The membership that acted (person and organisation), when the writer named one; the
    # organisation is kept beside it so the trail names it even if memberships are rearranged.
    actor_membership = models.ForeignKey("tenancy.Membership", null=True,
                                         on_delete=models.DO_NOTHING, db_constraint=False,
                                         related_name="+")
    actor_organisation = models.ForeignKey("tenancy.Organisation", null=True,
                                           on_delete=models.DO_NOTHING, db_constraint=False,
                                           related_name="+")
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    # What changed, by field name; never the sensitive values themselves.
    summary = models.JSONField(default=dict)
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = ScopedManager(network="network",
                            _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain", "epoch", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "epoch", "seq"], name="unique_audit_position")
        ]
        indexes = [
            models.Index(fields=["network", "-created_at"], name="audit_network_time"),
            # "What happened to tenancy.body 12": exact, not a scan of the network's trail.
            models.Index(fields=["network", "object_type", "object_id"], name="audit_object"),
        ]
        triggers = append_only_triggers

    def __str__(self) -> str:
        return f"{self.action} ({self.chain}/{self.epoch}/{self.seq})"


class AuditCheckpoint(AppendOnlyModel):
    """The seal of one closed epoch of one chain: what it ended with and what it started from."""

    chain = models.BigIntegerField()
    epoch = models.PositiveSmallIntegerField()
    start_hash = models.CharField(max_length=64)
    final_hash = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    sealed_at = models.DateTimeField(default=timezone.now)
    hash = models.CharField(max_length=64)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()

    class Meta:
        ordering = ["chain", "epoch"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "epoch"], name="unique_audit_checkpoint")
        ]
        triggers = append_only_triggers

    def __str__(self) -> str:
        return f"checkpoint {self.chain}/{self.epoch}"


class AuditChainHead(models.Model):
    """The lock writers take so concurrent events never fork a chain; also the expected tail."""

    chain = models.BigIntegerField(unique=True)
    epoch = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"head {self.chain}/{self.epoch}/{self.seq}"


class Effect(models.TextChoices):
    """What the policy decided about a read (accord.policy's Decision.effect)."""

    PERMIT = "permit", _("Permitted")
    DENY = "deny", _("Denied")
    REVIEW = "review", _("Needs review")


class AccessRecordQuerySet(AppendOnlyQuerySet):
    def fold_into(self, event_id: int) -> int:
        """Mark these unfolded records as folded into the batch event: the one update the
        database lets through (see accord.audit.guard)."""
        return models.QuerySet.update(self.filter(batch__isnull=True), batch_id=event_id)


class AccessRecord(AppendOnlyModel):
    """One read of sensitive data (DESIGN.md, mechanism 4): who read which object, for what
    purpose, and on which decision of the policy.

    Written without the chain lock, so readers never wait on writers; folded into the
    network's chain in batches, each an `access.batch` event carrying the Merkle root of its
    records' leaf hashes (accord.audit.access). The person and organisation are stored beside
    the membership so the record still names them once the membership has ended.
    """

    network = models.ForeignKey("tenancy.Network", on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    membership = models.ForeignKey("tenancy.Membership", null=True, on_delete=models.DO_NOTHING,
                                   db_constraint=False, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    organisation = models.ForeignKey("tenancy.Organisation", null=True,
                                     on_delete=models.DO_NOTHING, db_constraint=False,
                                     related_name="+")
    actor_label = models.CharField(max_length=300, blank=True)  # a guest has no membership
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=500)
    effect = models.CharField(max_length=16, choices=Effect.choices)
    rule = models.CharField(max_length=200, blank=True)  # the id of the deciding policy
    request_id = models.CharField(max_length=64, blank=True)
    leaf_hash = models.CharField(max_length=64)
    # The access.batch event this record was folded into; NULL until then, set once.
    batch = models.ForeignKey(AuditEvent, null=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")

    objects = ScopedManager(network="network",
                            _manager_class=models.Manager.from_queryset(AccessRecordQuerySet))

    class Meta:
        verbose_name = _("read record")
        verbose_name_plural = _("read records")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["network", "object_type", "object_id"], name="access_object"),
            models.Index(fields=["batch", "id"], name="access_batch"),
            models.Index(fields=["network", "id"], condition=models.Q(batch__isnull=True),
                         name="access_unfolded"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only_delete", operation=pgtrigger.Delete),
            # Folding sets `batch` once, from NULL; every other change is refused.
            pgtrigger.Protect(name="append_only_update", operation=pgtrigger.Update,
                              condition=pgtrigger.Condition(ACCESS_UPDATE_REFUSED_PG)),
        ]

    def __str__(self) -> str:
        return f"read of {self.object_type} {self.object_id} ({self.pk})"


class WitnessRun(models.Model):
    """One signing of the chain heads for the outside witness (accord.audit.witness): where
    the entries went, or why they could not be written (the audit page warns about it)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    ok = models.BooleanField()
    reason = models.CharField(max_length=40)
    heads = models.PositiveIntegerField(default=0)
    location = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"witness run {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


def network_model() -> type[models.Model]:
    """tenancy.Network, reached through the events' key: the audit trail lies beneath tenancy
    (every app records into it), so it names the networks' model without importing it."""
    return AuditEvent._meta.get_field("network").related_model
