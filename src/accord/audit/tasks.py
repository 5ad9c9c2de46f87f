"""Background work of the audit chain, run by `accord worker`."""

from django.tasks import task

from accord.audit.services import audit_seal_closed_epochs


@task()
def seal_closed_epochs() -> int:
    """Seal every chain whose open year has ended; returns how many were sealed.

    The first event of a new year seals its chain anyway; this seals the quiet ones too, so a
    year's checkpoint exists soon after New Year even for a network that wrote nothing.
    """
    return len(audit_seal_closed_epochs())
