"""The loop with the charter app: the decision procedure in force, and adopting a version.

Charter is imported lazily so the meetings app stands on its own while charter evolves.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from accord.meetings.models import Decision, Procedure


@dataclass(frozen=True)
class ProcedureInForce:
    procedure: str
    version_id: int | None


def procedure_in_force(*, network) -> ProcedureInForce:
    """The adopted decision-procedure document's version, recorded with each decision. Its
    text is prose, so the procedure itself defaults to a simple majority until it is chosen."""
    version = None
    if apps.is_installed("accord.charter"):
        try:
            from accord.charter.selectors import adopted_version_of_kind
        except ImportError:  # charter without selectors yet
            adopted_version_of_kind = None
        if adopted_version_of_kind is not None:
            version = adopted_version_of_kind(network=network, kind="decision_procedure")
    return ProcedureInForce(Procedure.SIMPLE_MAJORITY, getattr(version, "pk", None))


def adopt_version(*, decision: Decision, membership) -> None:
    """An adopted decision adopts the charter version it names (charter's own service checks
    and audits it, inside the same transaction)."""
    from accord.charter.models import CharterVersion
    from accord.charter.services.documents import version_adopt

    version = CharterVersion.objects.get(pk=decision.adopts_charter_version_id)
    version_adopt(membership=membership, version=version, body=decision.body,
                  adopted_on=timezone.localdate(), decision_id=decision.pk)


def goals_due_for_review(*, network, before):
    """Goals the charter wants reviewed, to pre-fill goal-review agenda items."""
    try:
        from accord.charter.selectors import goals_due_for_review as due
    except ImportError:
        return []
    return list(due(network=network, before=before))
