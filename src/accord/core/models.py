"""The one base of every network-owned row (DESIGN.md, mechanism 1: network scope).

It lives in core, not beside Network in tenancy, so that every app can derive from it without
importing tenancy (the API's tokens and tenancy itself included); its `network` key names the
model by label. A `network` foreign key without this base is refused at start-up
(core/checks.py, accord.E010).

Also the installation's outgoing e-mail: one row per message, written in the same transaction
as the change that sends it (a transactional outbox), delivered by the worker (accord.core.mail).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def network_scoped(**extra) -> models.Manager:
    """The one way a network-owned model gets its manager: a query outside the active
    network's scope raises instead of leaking across networks."""
    return ScopedManager(network="network", **extra)


class NetworkOwned(models.Model):
    """A row of one network, which may point only at rows of the same network.

    A subclass may declare `network` again (its own related_name) and its own manager, as long
    as the manager is `network_scoped(...)`; its clean() calls super().clean().
    """

    network = models.ForeignKey("tenancy.Network", on_delete=models.CASCADE, related_name="+")

    objects = network_scoped()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        validate_same_network(self)


def _network_owned_keys(instance: models.Model) -> list[str]:
    return [field.name for field in instance._meta.concrete_fields
            if field.many_to_one and field.name != "network"
            and issubclass(field.related_model, NetworkOwned)]


def validate_same_network(instance: models.Model, *fields: str) -> None:
    """Every key of `instance` to another network-owned row (or only `fields`) points into the
    instance's own network; else one error per key. An empty key is the field's own business.
    A row already loaded is not fetched again."""
    errors = {}
    for field in fields or _network_owned_keys(instance):
        if getattr(instance, f"{field}_id", None) is None or instance.network_id is None:
            continue
        if getattr(instance, field).network_id != instance.network_id:
            errors[field] = _("Choose an entry of this network.")
    if errors:
        raise ValidationError(errors)

class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    # The idempotency key: the same key is the same e-mail, however often a task runs again.
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=998)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices,
                              default=MailStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # Which process is sending it ("host:pid:…"), so a worker killed mid-send can be told
    # from one still talking to the mail server (accord.core.workers).
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="core_mail_due_idx")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
