"""Writes of the roles chart: tasks and who is responsible, accountable, consulted, informed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter.models import Assignment, Raci, Responsibility
from accord.charter.services._common import audit, changed_fields, permit
from accord.tenancy.models import Body, BodyRole, Membership, Organisation

MAX_ASSIGNMENTS = 40


def _party(network, party: str) -> dict:
    """'org:<id>', 'body:<id>:<role>' or 'member:<id>' → the assignment's party fields.

    Looked up through the scoped managers, so another network's id is simply not found.
    """
    kind, _sep, rest = str(party).partition(":")
    try:
        if kind == "org":
            return {"organisation": Organisation.objects.get(network=network, pk=int(rest))}
        if kind == "body":
            body_id, _sep, role = rest.partition(":")
            if role not in BodyRole.values:
                raise ValueError(role)
            return {"body": Body.objects.get(network=network, pk=int(body_id)),
                    "body_role": role}
        if kind == "member":
            return {"membership": Membership.objects.get(network=network, pk=int(rest))}
    except (ValueError, Organisation.DoesNotExist, Body.DoesNotExist,
            Membership.DoesNotExist):
        pass
    raise ValidationError({"assignments": _("Unknown party: choose an organisation, a body "
                                            "role or a member of this network.")})


def _replace_assignments(responsibility: Responsibility, assignments: list[dict]) -> None:
    if len(assignments) > MAX_ASSIGNMENTS:
        raise ValidationError({"assignments": _("Too many parties for one task.")})
    rows, seen = [], set()
    for item in assignments:
        raci = item.get("raci") if isinstance(item, dict) else None
        if raci not in Raci.values:
            raise ValidationError({"assignments": _("Choose R, A, C or I for each party.")})
        fields = _party(responsibility.network, item.get("party", ""))
        row = Assignment(network=responsibility.network, responsibility=responsibility,
                         raci=raci, **fields)
        if (raci, row.party_key) not in seen:
            seen.add((raci, row.party_key))
            rows.append(row)
    responsibility.assignments.all().delete()
    Assignment.objects.bulk_create(rows)


def _check_deputy(membership: Membership, deputy: Membership | None) -> None:
    if deputy is not None and deputy.network_id != membership.network_id:
        raise ValidationError({"deputy": _("Choose a member of this network.")})


@transaction.atomic
def responsibility_create(*, membership: Membership, task: str, description: str = "",
                          deputy: Membership | None = None,
                          assignments: list[dict] = ()) -> Responsibility:
    """Add a task with its parties. Editors only; audited (task and party count, no names)."""
    permit(membership, "charter.edit")
    _check_deputy(membership, deputy)
    responsibility = Responsibility(network=membership.network, task=task,
                                    description=description, deputy=deputy)
    responsibility.full_clean()
    responsibility.save()
    _replace_assignments(responsibility, list(assignments))
    audit(membership, "responsibility.created", responsibility,
          {"fields": ["task", "description", "deputy", "assignments"]})
    return responsibility


@transaction.atomic
def responsibility_update(*, membership: Membership, responsibility: Responsibility,
                          assignments: list[dict] | None = None, **values) -> Responsibility:
    permit(membership, "charter.edit", responsibility)
    _check_deputy(membership, values.get("deputy"))
    responsibility = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    changed = changed_fields(responsibility, {k: v for k, v in values.items()
                                              if k in ("task", "description", "deputy")})
    responsibility.full_clean()
    responsibility.save()
    if assignments is not None:
        _replace_assignments(responsibility, list(assignments))
        changed.append("assignments")
    audit(membership, "responsibility.updated", responsibility, {"fields": changed})
    return responsibility


@transaction.atomic
def responsibility_delete(*, membership: Membership, responsibility: Responsibility) -> None:
    permit(membership, "charter.edit", responsibility)
    audit(membership, "responsibility.deleted", responsibility, {})
    responsibility.delete()
