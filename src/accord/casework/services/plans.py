"""The support plan and its interventions: case.manage (the case's coordinator, the lead
organisation's case workers, network coordinators). Checked, written and audited together."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.casework.models import Intervention, PlanGoal, SupportPlan
from accord.casework.services._common import audit
from accord.tenancy.models import Membership


def require_manages(membership: Membership, case) -> None:
    policy.require(membership, "case.manage", case, purpose="case_work")


def _plan(case) -> SupportPlan:
    plan = SupportPlan.objects.filter(case=case).first()
    return plan or SupportPlan.objects.create(network=case.network, case=case)


@transaction.atomic
def plan_save(*, membership: Membership, case, summary: str = "",
              agreed_on: date | None = None) -> SupportPlan:
    """The case's one current plan, created on first save."""
    require_manages(membership, case)
    plan = _plan(case)
    plan.summary, plan.agreed_on, plan.updated_at = summary, agreed_on, timezone.now()
    plan.full_clean()
    plan.save()
    audit(membership, "support_plan.saved", plan, case=case.pk)
    return plan


@transaction.atomic
def plan_goal_add(*, membership: Membership, case, life_area: str, text: str,
                  status: str = "open") -> PlanGoal:
    require_manages(membership, case)
    plan = _plan(case)
    goal = PlanGoal(network=case.network, plan=plan, life_area=life_area, text=text,
                    status=status)
    goal.full_clean()
    goal.save()
    audit(membership, "plan_goal.added", goal, case=case.pk, life_area=life_area)
    return goal


@transaction.atomic
def plan_goal_update(*, membership: Membership, goal: PlanGoal, status: str) -> PlanGoal:
    require_manages(membership, goal.plan.case)
    before, goal.status = goal.status, status
    goal.full_clean()
    goal.save(update_fields=["status"])
    audit(membership, "plan_goal.updated", goal, status=[before, status])
    return goal


def _check_decision(intervention: Intervention) -> None:
    """The decision that agreed it is a case conference's (an operational body's)."""
    if intervention.decision_id and intervention.decision.body.kind != "operational":
        raise ValidationError({"decision": _("Choose a decision of a case conference.")})


@transaction.atomic
def intervention_create(*, membership: Membership, case, organisation, kind: str, title: str,
                        starts_on: date | None = None, ends_on: date | None = None,
                        status: str = "planned", outcome: str = "", goal: PlanGoal | None = None,
                        decision=None) -> Intervention:
    """An intervention of the case, owned by one organisation, optionally serving a plan goal
    and linking the case-conference decision that agreed it."""
    require_manages(membership, case)
    intervention = Intervention(
        network=case.network, case=case, organisation=organisation, kind=kind, title=title,
        starts_on=starts_on, ends_on=ends_on, status=status, outcome=outcome, goal=goal,
        decision=decision)
    intervention.full_clean()
    _check_decision(intervention)
    intervention.save()
    audit(membership, "intervention.created", intervention, case=case.pk, kind=kind,
          status=status, organisation=organisation.pk,
          decision=decision.pk if decision else None)
    return intervention


@transaction.atomic
def intervention_update(*, membership: Membership, intervention: Intervention, status: str,
                        outcome: str = "", ends_on: date | None = None) -> Intervention:
    require_manages(membership, intervention.case)
    before = intervention.status
    intervention.status, intervention.outcome = status, outcome
    intervention.ends_on = ends_on or intervention.ends_on
    intervention.full_clean()
    intervention.save(update_fields=["status", "outcome", "ends_on"])
    audit(membership, "intervention.updated", intervention, status=[before, status])
    return intervention


@transaction.atomic
def plan_update(*, membership: Membership, case, summary: str = "",
                agreed_on: date | None = None, goals: list[dict] | None = None) -> SupportPlan:
    """The whole plan at once (the API's PUT): its summary and date, goals named by id changed,
    goals without an id added. A goal left out stays: a plan's history is not deleted."""
    plan = plan_save(membership=membership, case=case, summary=summary, agreed_on=agreed_on)
    existing = {g.pk: g for g in plan.goals.all()}
    for entry in goals or []:
        if entry.get("id") is None:
            plan_goal_add(membership=membership, case=case, life_area=entry["life_area"],
                          text=entry["text"], status=entry.get("status", "open"))
            continue
        goal = existing.get(entry["id"])
        if goal is None:
            raise ValidationError({"goals": _("Name only goals of this case's plan.")})
        goal.life_area, goal.text = entry["life_area"], entry["text"]
        goal.status = entry.get("status", goal.status)
        goal.full_clean()
        goal.save()
        audit(membership, "plan_goal.updated", goal, status=goal.status)
    return plan
