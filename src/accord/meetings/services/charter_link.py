"""The loop with the charter app: the decision procedure in force, and adopting a version.

Charter is imported lazily so the meetings app stands on its own while charter evolves.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.meetings.models import Decision, Procedure
from accord.meetings.services.errors import NotAllowed, Refused


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


def proposed_versions(*, network):
    """Charter versions a decision of this network may adopt: the proposed ones."""
    from accord.charter.models import CharterVersion, VersionStatus

    return (CharterVersion.objects.filter(network=network, status=VersionStatus.PROPOSED)
            .select_related("document").order_by("document__title", "-number"))


def version_named(decision: Decision):
    """The charter version a decision adopts (or would adopt), for its page."""
    if not decision.adopts_charter_version_id:
        return None
    from accord.charter.models import CharterVersion

    return (CharterVersion.objects.select_related("document")
            .filter(pk=decision.adopts_charter_version_id).first())


def check_adoptable(*, membership, version_id: int) -> None:
    """A decision may name only a proposed version of its own network (another network's is
    simply not found), and only someone who may adopt charter texts may put it."""
    from accord import policy

    version = proposed_versions(network=membership.network).filter(pk=version_id).first()
    if version is None:
        raise ValidationError({"adopts_charter_version_id": _(
            "Choose a proposed charter version of this network.")})
    if not policy.decide(membership, "charter_version.adopt", version,
                         purpose="charter").allowed:
        raise NotAllowed(_("Only a coordinator or the chair or secretary of the steering group "
                           "may put a charter version to a decision."))


def adopt_version(*, decision: Decision, membership) -> None:
    """An adopted decision adopts the charter version it names, by the decision's body on the
    day of the decision; the version records the decision. Charter's own service checks and
    audits it inside the same transaction, so a refusal there undoes the whole outcome."""
    from accord.charter.models import CharterVersion
    from accord.charter.services.documents import version_adopt
    from accord.policy import Denied

    version = CharterVersion.objects.get(pk=decision.adopts_charter_version_id)
    try:
        version_adopt(membership=membership, version=version, body=decision.body,
                      adopted_on=timezone.localdate(decision.decided_at),
                      decision_id=decision.pk)
    except Denied:
        raise NotAllowed(_("Only a coordinator or the chair or secretary of the steering "
                           "group may adopt a charter version.")) from None
    except ValidationError as error:
        raise Refused(_("The charter version cannot be adopted: %(reason)s")
                      % {"reason": " ".join(error.messages)}) from None


def goals_due_for_review(*, network, before):
    """Goals the charter wants reviewed, to pre-fill goal-review agenda items."""
    try:
        from accord.charter.selectors import goals_due_for_review as due
    except ImportError:
        return []
    return list(due(network=network, before=before))
