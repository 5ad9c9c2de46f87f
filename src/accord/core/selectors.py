"""Reads of the installation's own state that pages show."""

from accord.core.models import MailStatus, OutgoingMail


def mail_delayed() -> bool:
    """Is an e-mail waiting for a retry because the mail server refused it? The mail server is
    the installation's, shared by every network, so this says nothing about anyone's mail."""
    return OutgoingMail.objects.filter(status=MailStatus.QUEUED, attempts__gt=0).exists()
