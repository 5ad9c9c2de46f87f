"""The installation's outgoing e-mail: one row per message, written in the same transaction as
the change that sends it (a transactional outbox), delivered by the worker (accord.core.mail)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
