"""Reads of case work. A case comes through `case_for` (case.view), a referral through
`referral_for` (referral.view). Every read of assessment, plan, intervention or review content
goes through cases.access.read_facets: an assessment is CaseFacet(case, "assessment", its
organisation), the plan, its interventions and the reviews are CaseFacet(case, "plan_status").
A refused facet is returned with its decision, so that pages and the API show the reason
instead of the content."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from accord import policy
from accord.cases import selectors as case_selectors
from accord.cases.access import read_facets
from accord.cases.facets import CATEGORIES, CaseFacet
from accord.cases.models import Case
from accord.casework.models import (
    Assessment,
    AssessmentStatus,
    IndicatorRating,
    Intervention,
    PlanGoal,
    Referral,
    ReferralState,
    Review,
    ReviewDomainChange,
    SupportPlan,
)
from accord.policy import Decision
from accord.tenancy.models import Membership

PURPOSE = "case_work"


@dataclass
class Shown:
    """An object with the decision on its facet: its content only where `allowed`."""

    obj: Any
    decision: Decision

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def reason(self) -> str:
        return self.decision.reason


def case_for(membership: Membership, pk: int, *, action: str = "case.view",
             purpose: str = PURPOSE) -> Case:
    """The register's one case selector, asked for case work's purpose."""
    return case_selectors.case_for(membership, pk, action=action, purpose=purpose)


def plan_facet(case: Case) -> CaseFacet:
    return CaseFacet(case, "plan_status")


def assessment_facet(assessment: Assessment) -> CaseFacet:
    return CaseFacet(assessment.case, "assessment", assessment.organisation)


def _read(membership, facets: list[CaseFacet], channel: str) -> dict[str, Decision]:
    unique = list({f.pk: f for f in facets}.values())
    return {f.pk: d for f, d in read_facets(membership, unique, purpose=PURPOSE,
                                            channel=channel)}


def case_assessments(membership: Membership, case: Case, *, channel: str = "page",
                     pk: int | None = None) -> list[Shown]:
    """The case's assessments, newest first, each with its organisation's facet decided (one
    decision per organisation, one call for all)."""
    rows = (Assessment.objects.filter(case=case).select_related(
        "organisation", "assessor__user", "framework", "supersedes")
        .prefetch_related(Prefetch("ratings", IndicatorRating.objects.select_related(
            "indicator__domain")), "raters__membership__user"))
    if pk is not None:
        rows = rows.filter(pk=pk)
    assessments = list(rows)
    for a in assessments:
        a.case = case
    decisions = _read(membership, [assessment_facet(a) for a in assessments], channel)
    return [Shown(a, decisions[assessment_facet(a).pk]) for a in assessments]


@dataclass
class PlanView:
    decision: Decision
    plan: SupportPlan | None = None
    goals: list[PlanGoal] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


def case_plan(membership: Membership, case: Case, *, channel: str = "page") -> PlanView:
    decision = _read(membership, [plan_facet(case)], channel)[plan_facet(case).pk]
    if not decision.allowed:
        return PlanView(decision)
    plan = SupportPlan.objects.filter(case=case).first()
    goals = list(plan.goals.all()) if plan else []
    interventions = list(Intervention.objects.filter(case=case).select_related(
        "organisation", "goal", "decision__meeting"))
    return PlanView(decision, plan, goals, interventions)


def case_reviews(membership: Membership, case: Case, *,
                 channel: str = "page") -> tuple[Decision, list[Review]]:
    decision = _read(membership, [plan_facet(case)], channel)[plan_facet(case).pk]
    if not decision.allowed:
        return decision, []
    return decision, list(Review.objects.filter(case=case).select_related("reviewer__user")
                          .prefetch_related(Prefetch("changes", ReviewDomainChange.objects
                                                     .select_related("domain"))))


def may_record_assessment(membership: Membership, case: Case) -> bool:
    facet = CaseFacet(case, "assessment", membership.organisation)
    return policy.decide(membership, "case_data.record", facet, purpose=PURPOSE).allowed


def may_manage(membership: Membership, case: Case) -> bool:
    return policy.decide(membership, "case.manage", case, purpose=PURPOSE).allowed


def final_assessments(shown: list[Shown]) -> list[Assessment]:
    return [s.obj for s in shown if s.allowed and s.obj.status == AssessmentStatus.FINAL]


# Referrals -----------------------------------------------------------------------------------

def referral_for(membership: Membership, pk: int, *, action: str = "referral.view",
                 case_id: int | None = None) -> Referral:
    """A referral, through referral.view: the receiving organisation sees it before it takes
    part in the case (and so before it may open the case)."""
    lookup = {"pk": pk} if case_id is None else {"pk": pk, "case_id": case_id}
    return policy.fetch(membership, Referral.objects.select_related(
        "case__lead_organisation", "case__network", "from_organisation", "to_organisation",
        "proposed_by__user", "decided_by__user"), action=action, purpose=PURPOSE, **lookup)


def _visible(membership: Membership, referrals: list[Referral]) -> list[Referral]:
    decisions = policy.decide_many(membership, "referral.view", referrals, purpose=PURPOSE)
    return [r for r, d in zip(referrals, decisions, strict=True) if d.allowed]


def case_referrals(membership: Membership, case: Case) -> list[Referral]:
    rows = list(Referral.objects.filter(case=case).select_related(
        "from_organisation", "to_organisation", "proposed_by__user", "decided_by__user"))
    for r in rows:
        r.case = case
    return _visible(membership, rows)


def incoming_referrals(membership: Membership) -> list[Referral]:
    """Referrals to the member's organisation, waiting ones first (pre-filtered by the
    receiving organisation, then decided in bulk)."""
    rows = list(Referral.objects.filter(network_id=membership.network_id,
                                        to_organisation_id=membership.organisation_id)
                .select_related("case", "from_organisation", "to_organisation")
                .order_by("-proposed_on", "-pk")[:200])
    rows.sort(key=lambda r: r.state != ReferralState.PROPOSED)
    return _visible(membership, rows)


@dataclass
class SharedCategory:
    code: str
    label: str
    decision: Decision
    content: Any = None


def referral_shared(membership: Membership, referral: Referral, *,
                    channel: str = "page") -> list[SharedCategory]:
    """What went with an accepted referral, category by category, as the policy answers for
    this member now: the content where permitted, the reason where not. Before the receiving
    organisation accepts, nothing of the case's data is read."""
    if referral.state != ReferralState.ACCEPTED:
        return []
    case = referral.case
    facets = [CaseFacet(case, code, referral.from_organisation if code == "assessment"
                        else None) for code in referral.categories if code in CATEGORIES]
    shown = []
    for facet, decision in read_facets(membership, facets, purpose=PURPOSE, channel=channel):
        content = _content(facet, referral) if decision.allowed else None
        shown.append(SharedCategory(facet.category, str(CATEGORIES[facet.category]), decision,
                                    content))
    return shown


def _content(facet: CaseFacet, referral: Referral) -> Any:
    """What a permitted category shows on the referral (the case page holds the rest)."""
    case = facet.case
    if facet.category == "signal":
        return case.signal_summary
    if facet.category == "assessment":
        return (Assessment.objects.filter(case=case, organisation=referral.from_organisation,
                                          status=AssessmentStatus.FINAL)
                .order_by("-version").first())
    if facet.category == "plan_status":
        return SupportPlan.objects.filter(case=case).prefetch_related("goals").first()
    return None
