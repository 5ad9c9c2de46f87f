"""E-mail in the recipient's language, sent by the background worker after the transaction commits.

Every notice Accord sends goes through `mail_send`, so language, sender and the worker stay the
same everywhere. Bodies are rendered from templates `<name>.txt` (and optional `<name>.html`).
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


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


def mail_send(*, to: str | list[str], template: str, context: dict, language: str,
              subject: str, attachments: Sequence[tuple[str, str, str]] = ()) -> None:
    """Render `template` in `language` and queue it for delivery once the transaction commits.

    `subject` is a lazy translatable string; it is rendered in `language` too. Attachments are
    (filename, text content, mimetype), e.g. an iCalendar file.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language):
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
        subject_text = " ".join(str(subject).split())
    transaction.on_commit(lambda: deliver_mail.enqueue(
        to=recipients, subject=subject_text, text=text, html=html,
        attachments=list(attachments),
    ))
