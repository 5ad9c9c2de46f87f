"""Writes of goals (target agreements) and their reviews."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import CLOSING_ASSESSMENTS, Goal, GoalReview
from accord.charter.services._common import add_months, audit, changed_fields, permit
from accord.tenancy.models import Membership, Organisation

GOAL_FIELDS = ("statement", "indicators", "owner_organisation", "review_interval_months",
               "next_review_on")


def _check_owner(membership: Membership, owner: Organisation | None) -> None:
    if owner is not None and owner.network_id != membership.network_id:
        raise ValidationError({"owner_organisation": _("Choose an organisation of this network.")})


@transaction.atomic
def goal_create(*, membership: Membership, statement: str, indicators: str = "",
                owner_organisation: Organisation | None = None,
                review_interval_months: int = 6, next_review_on: date | None = None) -> Goal:
    """Create a goal; its first review falls one interval from today unless given. Audited."""
    permit(membership, "charter.edit")
    _check_owner(membership, owner_organisation)
    goal = Goal(network=membership.network, statement=statement, indicators=indicators,
                owner_organisation=owner_organisation,
                review_interval_months=review_interval_months,
                next_review_on=next_review_on
                or add_months(timezone.localdate(), review_interval_months))
    goal.full_clean()
    goal.save()
    audit(membership, "goal.created", goal, {"fields": list(GOAL_FIELDS)})
    return goal


@transaction.atomic
def goal_update(*, membership: Membership, goal: Goal, **values) -> Goal:
    permit(membership, "charter.edit", goal)
    unknown = set(values) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    _check_owner(membership, values.get("owner_organisation"))
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = changed_fields(goal, values)
    if changed:
        goal.full_clean()
        goal.save()
        audit(membership, "goal.updated", goal, {"fields": changed})
    return goal


@transaction.atomic
def goal_review_record(*, membership: Membership, goal: Goal, assessment: str,
                       reviewed_on: date, evidence: str = "") -> GoalReview:
    """Record a review and move the goal's next review one interval on (none once achieved or
    dropped). A review cannot predate the goal or lie in the future. Audited."""
    permit(membership, "charter.edit", goal)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if reviewed_on < timezone.localtime(goal.created_at).date():
        raise ValidationError({"reviewed_on": _(
            "The review date is before the goal was agreed (%(created)s). Check the date.")
            % {"created": timezone.localtime(goal.created_at).date().isoformat()}})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The review date cannot be in the future.")})
    review = GoalReview(network=goal.network, goal=goal, assessment=assessment,
                        evidence=evidence, reviewed_on=reviewed_on, reviewed_by=membership)
    review.full_clean()
    review.save()
    goal.next_review_on = (None if assessment in CLOSING_ASSESSMENTS
                           else add_months(reviewed_on, goal.review_interval_months))
    goal.save(update_fields=["next_review_on"])
    audit(membership, "goal_review.recorded", review,
          {"goal": goal.pk, "assessment": assessment, "fields": ["evidence", "reviewed_on"]})
    return review
