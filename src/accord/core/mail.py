"""E-mail in the recipient's language, sent by the background worker after the transaction commits.

Nothing is lost and nothing is sent twice: `mail_send` writes the message to the outbox
(`OutgoingMail`) in the caller's transaction, so it exists exactly when the change that sends it
does; the worker delivers it under a row lock, retries with a doubling back-off while the mail
server is down, and takes over a message whose sender was killed. The one window left is a
worker killed after the mail server accepted a message and before the row says so: then the
message is sent again with the same Message-ID (docs/faults.md).

Every notice Accord sends goes through `mail_send`, so language, sender and the worker stay the
same everywhere. Bodies are rendered from templates `<name>.txt` (and optional `<name>.html`).
The plain-text part is rendered with autoescaping off: it is not HTML, so a title
"Walk <script> & talk" must read as typed, not "Walk &lt;script&gt; &amp; talk". The HTML part
keeps Django's escaping. Times read in the network's zone when the context names it
(`time_zone`), whoever sends the mail (a page, the worker, a command).
"""

import hashlib
import logging
import smtplib
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from accord.core.models import MailStatus, OutgoingMail
from accord.core.workers import current_worker_id, worker_alive

logger = logging.getLogger(__name__)

# What a mail server that is down, refusing or overloaded raises; anything else is a bug.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)
RETRY_CAP = timedelta(hours=1)
SWEEP_BATCH = 500


@task()
def deliver_mail(*, key: str = "", **legacy) -> str:
    """Deliver the queued e-mail `key` (a task queued before the outbox carries the message
    itself in `legacy` and is sent as it was)."""
    if not key:
        _message(**legacy).send()
        return "sent"
    return mail_deliver(key=key)


@task()
def retry_due_mail() -> int:
    """Every ACCORD_SCHEDULE_SECONDS (`accord worker`): queue delivery of e-mails whose retry
    is due, whose first delivery task was lost, or whose sender died mid-send. Harmless when
    they are already on their way: delivery claims each e-mail under a row lock."""
    now = timezone.now()
    keys = []
    for mail in (OutgoingMail.objects.filter(status__in=[MailStatus.QUEUED, MailStatus.SENDING],
                                             next_attempt_at__lte=now)
                 .order_by("next_attempt_at").only("key", "status", "attempts", "created_at",
                                                   "claimed_by", "claimed_at")[:SWEEP_BATCH]):
        if mail.status == MailStatus.SENDING:
            if worker_alive(mail.claimed_by, since=mail.claimed_at):
                continue
        elif mail.attempts == 0 and now - mail.created_at < timedelta(minutes=1):
            continue  # its own delivery task is still ahead in the queue
        keys.append(mail.key)
    for key in keys:
        deliver_mail.enqueue(key=key)
    return len(keys)


@task()
def prune_sent_mail(*, days: int = 7) -> int:
    """Daily: forget delivered e-mails after `days` (they name their recipients). A week is
    longer than any task runs again, so their keys still stop a late duplicate."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutgoingMail.objects.filter(status=MailStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted


def _message(*, to: list[str], subject: str, text: str, html: str = "",
             attachments: Sequence[Sequence[str]] = (), headers=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers,
                                     from_email=settings.DEFAULT_FROM_EMAIL)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def message_id(key: str) -> str:
    """The same Message-ID for every attempt of one e-mail: should a worker die between the
    mail server's acceptance and recording it, the one resend is recognisable as the same
    message (mail clients show messages with one Message-ID once)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@accord.invalid>"


def _claim(key: str) -> OutgoingMail | None:
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(key=key).first()
        if mail is None or mail.status in (MailStatus.SENT, MailStatus.FAILED):
            return None
        if mail.status == MailStatus.SENDING and worker_alive(mail.claimed_by,
                                                              since=mail.claimed_at):
            return None  # another process is talking to the mail server about it now
        if mail.status == MailStatus.QUEUED and mail.next_attempt_at > timezone.now():
            return None  # waiting out its back-off; the sweep queues it when due
        mail.status, mail.claimed_by = MailStatus.SENDING, current_worker_id()
        mail.claimed_at, mail.attempts = timezone.now(), mail.attempts + 1
        mail.save(update_fields=["status", "claimed_by", "claimed_at", "attempts"])
    return mail


def retry_delay(attempts: int) -> timedelta:
    """Doubling from ACCORD_MAIL_RETRY_SECONDS, at most an hour apart."""
    base = timedelta(seconds=settings.ACCORD_MAIL_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), RETRY_CAP)


def _postpone(mail: OutgoingMail, error: Exception) -> str:
    given_up = mail.attempts >= settings.ACCORD_MAIL_MAX_ATTEMPTS
    status = MailStatus.FAILED if given_up else MailStatus.QUEUED
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=status, next_attempt_at=timezone.now() + retry_delay(mail.attempts),
        last_error=f"{type(error).__name__}: {error}"[:300], claimed_by="")
    log = logger.error if given_up else logger.warning
    log("E-mail %s not delivered (attempt %d%s): %s", mail.pk, mail.attempts,
        ", giving up" if given_up else ", will retry", error)
    return status


def mail_deliver(*, key: str) -> str:
    """Send the e-mail `key` once: "sent", "queued" (to retry after a back-off), "failed"
    (after ACCORD_MAIL_MAX_ATTEMPTS) or "skipped" (sent already, or being sent)."""
    mail = _claim(key)
    if mail is None:
        return "skipped"
    message = _message(to=mail.to, subject=mail.subject, text=mail.text, html=mail.html,
                       attachments=mail.attachments, headers={"Message-ID": message_id(key)})
    try:
        message.send()
    except DELIVERY_ERRORS as error:
        return _postpone(mail, error)
    # The body goes once it is sent: it may hold a sign-in link or a guest's code, and only
    # the key (against a late duplicate) and the fact of sending are needed afterwards.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=timezone.now(), last_error="", text="", html="",
        attachments=[])
    return "sent"


def render_plain_text(template_name: str, context: dict) -> str:
    """A text template rendered without HTML escaping (the text part of an e-mail)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def mail_send(*, to: str | list[str], template: str, context: dict, language: str,
              subject: str, attachments: Sequence[tuple[str, str, str]] = (),
              key: str = "") -> OutgoingMail:
    """Render `template` in `language`, store it in the outbox in the caller's transaction and
    queue its delivery once the transaction commits.

    `subject` is a lazy translatable string; it is rendered in `language` too. Attachments are
    (filename, text content, mimetype), e.g. an iCalendar file. `key` is the idempotency key:
    a task that may run twice (a reminder run again after its worker was killed) names each
    e-mail, and a second call with the same key sends nothing more. Without a key each call is
    a new e-mail, which is right for a web request: its transaction commits once or not at all.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    zone = context.get("time_zone") or timezone.get_current_timezone()
    with translation.override(language), timezone.override(zone):
        text = render_plain_text(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
        subject_text = " ".join(str(subject).split())
    mail, created = OutgoingMail.objects.get_or_create(
        key=key[:200] or f"once:{uuid.uuid4().hex}",
        defaults={"to": recipients, "subject": subject_text[:998], "text": text, "html": html,
                  "attachments": [list(a) for a in attachments]})
    if created:
        transaction.on_commit(lambda: deliver_mail.enqueue(key=mail.key))
    return mail
