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


@task()
def fold_access_log(network_id: int | None = None, force: bool = True) -> int:
    """Fold waiting read records into their networks' chains; returns how many were folded.

    Every minute (accord.core.schedule) for every network, whatever waits; and for one
    network when about 1,000 of its reads wait (enqueued by access_record, with force=False,
    so that several such triggers fold once).
    """
    from accord.audit.access import access_fold
    from accord.audit.models import network_model

    Network = network_model()

    network = Network.objects.filter(pk=network_id).first() if network_id is not None else None
    if network_id is not None and network is None:
        return 0
    return sum(batch.count for batch in access_fold(network=network, force=force))


@task()
def witness_heads(reason: str = "hourly") -> int:
    """Sign every chain head for the outside witness (hourly, and when a year is sealed).

    A witness that cannot be written is tried twice more, a little later; if it still fails,
    the failure is recorded (the audit page warns the privacy officers) and the next hourly
    run signs the heads as they are then, so nothing the witness should hold is lost.
    """
    import time

    from accord.audit.witness import witness_sign

    for attempt in range(3):
        try:
            return witness_sign(reason=reason).heads
        except OSError:
            if attempt == 2:
                raise
            time.sleep(2 ** attempt)
    return 0
