"""E-mail in the recipient's language, sent by the background worker after the transaction commits.

Every notice Accord sends goes through `mail_send`, so language, sender and the worker stay the
same everywhere. Bodies are rendered from templates `<name>.txt` (and optional `<name>.html`).
The plain-text part is rendered with autoescaping off: it is not HTML, so a title
"Walk <script> & talk" must read as typed, not "Walk &lt;script&gt; &amp; talk". The HTML part
keeps Django's escaping. Times read in the network's zone when the context names it
(`time_zone`), whoever sends the mail (a page, the worker, a command).
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation


@task()
def deliver_mail(*, to: list[str], subject: str, text: str, html: str = "",
                 attachments: Sequence[tuple[str, str, str]] = ()) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def render_plain_text(template_name: str, context: dict) -> str:
    """A text template rendered without HTML escaping (the text part of an e-mail)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def mail_send(*, to: str | list[str], template: str, context: dict, language: str,
              subject: str, attachments: Sequence[tuple[str, str, str]] = ()) -> None:
    """Render `template` in `language` and queue it for delivery once the transaction commits.

    `subject` is a lazy translatable string; it is rendered in `language` too. Attachments are
    (filename, text content, mimetype), e.g. an iCalendar file.
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
    transaction.on_commit(lambda: deliver_mail.enqueue(
        to=recipients, subject=subject_text, text=text, html=html,
        attachments=list(attachments),
    ))
