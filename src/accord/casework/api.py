"""The case work API under a case: /api/v1/n/{network}/cases/{case_id}/assessments, …/reviews,
…/plan, …/interventions, …/referrals (+ …/referrals/{referral_id}/accept|decline). The same
services and selectors as the pages: the case through case_for (case.view), every read of
content through read_facets (channel "api"); a refused category is a 403 problem naming the
reason, a refused assessment a row with `shown: false` and its reason. Strict inputs."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from accord.api.schemas import ObjectId, OrganisationRef, PlainText, StrictInput
from accord.cases.facets import CATEGORIES
from accord.casework import selectors
from accord.casework.models import PlanGoal, Referral
from accord.casework.services import assessments, plans, referrals, reviews
from accord.meetings import selectors as meeting_selectors
from accord.policy import Denied
from accord.tenancy import selectors as tenancy_selectors

router = Router(tags=["case work"])

Level = Literal["low", "medium", "high"]
LevelOrNone = Literal["", "low", "medium", "high"]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
Text = PlainText(4000, 0, multiline=True)


def _case(request, case_id: int):
    return selectors.case_for(request.membership, case_id)


def _refuse(decision) -> None:
    raise Denied(decision, hidden=False)


# Assessments ---------------------------------------------------------------------------------

class IndicatorRatingOut(Schema):
    indicator_id: int
    indicator: str
    domain: str
    rating: str
    decisive: bool
    evidence_for: str
    evidence_against: str
    source: str
    source_reliability: str


class CoRaterOut(Schema):
    membership_id: int
    concern_level: str
    note: str


class AssessmentOut(Schema):
    id: int
    version: int
    assessed_on: date
    organisation: OrganisationRef
    shown: bool
    reason: str = ""
    status: str | None = None
    supersedes_id: int | None = None
    concern_level: str | None = None
    judgement: str | None = None
    scenarios: str | None = None
    missing_information: str | None = None
    client_view: str | None = None
    external: bool | None = None
    external_instrument: str | None = None
    external_done_on: date | None = None
    external_level: str | None = None
    consensus_text: str | None = None
    consensus_level: str | None = None
    ratings: list[IndicatorRatingOut] | None = None
    raters: list[CoRaterOut] | None = None


class IndicatorRatingIn(StrictInput):
    indicator_id: ObjectId
    rating: Literal["absent", "partly", "present", "unknown"]
    decisive: bool = False
    evidence_for: PlainText(2000, 0, multiline=True) = ""
    evidence_against: PlainText(2000, 0, multiline=True) = ""
    source: PlainText(200, 0) = ""
    source_reliability: Literal["high", "medium", "low", "unknown"] = "unknown"


class AssessmentIn(StrictInput):
    assessed_on: date
    concern_level: Level
    status: Literal["draft", "final"] = "final"
    judgement: Text = ""
    scenarios: Text = ""
    missing_information: Text = ""
    client_view: Text = ""
    external: bool = False
    external_instrument: PlainText(120, 0) = ""
    external_done_on: date | None = None
    external_level: LevelOrNone = ""
    ratings: list[IndicatorRatingIn] = Field([], max_length=200)


def _assessment_out(shown) -> dict:
    a = shown.obj
    data = {"id": a.pk, "version": a.version, "assessed_on": a.assessed_on,
            "organisation": a.organisation, "shown": shown.allowed, "reason": shown.reason}
    if not shown.allowed:
        return data
    fields = ("status", "supersedes_id", "concern_level", "judgement", "scenarios",
              "missing_information", "client_view", "external", "external_instrument",
              "external_done_on", "external_level", "consensus_text", "consensus_level")
    data.update({f: getattr(a, f) for f in fields})
    data["ratings"] = [{
        "indicator_id": r.indicator_id, "indicator": r.indicator.label,
        "domain": r.indicator.domain.label, "rating": r.rating, "decisive": r.decisive,
        "evidence_for": r.evidence_for, "evidence_against": r.evidence_against,
        "source": r.source, "source_reliability": r.source_reliability}
        for r in a.ratings.all()]
    data["raters"] = [{"membership_id": r.membership_id, "concern_level": r.concern_level,
                       "note": r.note} for r in a.raters.all()]
    return data


@router.get("/cases/{case_id}/assessments", response=list[AssessmentOut],
            summary="The case's assessments, newest first")
def assessment_list(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    return [_assessment_out(s) for s in selectors.case_assessments(request.membership, case,
                                                                   channel="api")]


@router.post("/cases/{case_id}/assessments", response={201: AssessmentOut},
             summary="Record an assessment for your organisation")
def assessment_create(request, network: Path[str], case_id: ObjectId, payload: AssessmentIn):
    case = _case(request, case_id)
    data = payload.dict()
    ratings = [{**r, "indicator": r.pop("indicator_id")} for r in data.pop("ratings")]
    assessment = assessments.assessment_record(membership=request.membership, case=case,
                                               ratings=ratings, **data)
    shown = selectors.case_assessments(request.membership, case, channel="api",
                                       pk=assessment.pk)[0]
    return Status(201, _assessment_out(shown))


# Reviews -------------------------------------------------------------------------------------

class DomainChangeOut(Schema):
    domain_id: int
    domain: str
    change: int
    level: str


class CaseReviewOut(Schema):
    id: int
    reviewed_on: date
    outcome: str
    concern_level: str
    next_steps: str
    next_review_on: date | None
    event_triggered: bool
    event_reason: str
    changes: list[DomainChangeOut]


class DomainChangeIn(StrictInput):
    domain_id: ObjectId
    change: int = Field(..., ge=-2, le=2)
    level: LevelOrNone = ""


class CaseReviewIn(StrictInput):
    reviewed_on: date
    outcome: Literal["continue", "escalate", "de_escalate", "close"]
    concern_level: LevelOrNone = ""
    next_steps: Text = ""
    event_triggered: bool = False
    event_reason: PlainText(300, 0) = ""
    changes: list[DomainChangeIn] = Field([], max_length=50)


def _review_out(review) -> dict:
    return {**{f: getattr(review, f) for f in (
        "id", "reviewed_on", "outcome", "concern_level", "next_steps", "next_review_on",
        "event_triggered", "event_reason")},
        "changes": [{"domain_id": c.domain_id, "domain": c.domain.label, "change": c.change,
                     "level": c.level} for c in review.changes.all()]}


@router.get("/cases/{case_id}/reviews", response=list[CaseReviewOut],
            summary="The case's reviews, newest first")
def review_list(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    decision, rows = selectors.case_reviews(request.membership, case, channel="api")
    if not decision.allowed:
        _refuse(decision)
    return [_review_out(r) for r in rows]


@router.post("/cases/{case_id}/reviews", response={201: CaseReviewOut}, summary="Record a review")
def review_create(request, network: Path[str], case_id: ObjectId, payload: CaseReviewIn):
    case = _case(request, case_id)
    data = payload.dict()
    changes = [{**c, "domain": c.pop("domain_id")} for c in data.pop("changes")]
    review = reviews.review_record(membership=request.membership, case=case, changes=changes,
                                   **data)
    return Status(201, _review_out(review))


# Plan and interventions ----------------------------------------------------------------------

LifeAreaCode = Literal["housing", "income", "education_work", "family", "social", "health",
                       "meaning", "leisure", "legal", "other"]
GoalState = Literal["open", "in_progress", "achieved", "dropped"]


class PlanGoalOut(Schema):
    id: int
    life_area: str
    text: str
    status: str


class SupportPlanOut(Schema):
    summary: str
    agreed_on: date | None
    goals: list[PlanGoalOut]


class PlanGoalIn(StrictInput):
    id: ObjectId | None = None
    life_area: LifeAreaCode
    text: PlainText(500)
    status: GoalState = "open"


class SupportPlanIn(StrictInput):
    summary: Text = ""
    agreed_on: date | None = None
    goals: list[PlanGoalIn] = Field([], max_length=100)


def _plan_out(view) -> dict:
    if not view.allowed:
        _refuse(view.decision)
    plan = view.plan
    return {"summary": plan.summary if plan else "", "agreed_on": plan.agreed_on if plan else None,
            "goals": view.goals}


@router.get("/cases/{case_id}/plan", response=SupportPlanOut, summary="The case's support plan")
def plan_detail(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    return _plan_out(selectors.case_plan(request.membership, case, channel="api"))


@router.put("/cases/{case_id}/plan", response=SupportPlanOut,
            summary="Save the plan: goals with an id change, goals without one are added")
def plan_put(request, network: Path[str], case_id: ObjectId, payload: SupportPlanIn):
    case = _case(request, case_id)
    plans.plan_update(membership=request.membership, case=case, **payload.dict())
    return _plan_out(selectors.case_plan(request.membership, case, channel="api"))


class InterventionOut(Schema):
    id: int
    title: str
    kind: str
    organisation: OrganisationRef
    goal_id: int | None
    starts_on: date | None
    ends_on: date | None
    status: str
    outcome: str
    decision_id: int | None


class InterventionIn(StrictInput):
    title: PlainText(200)
    kind: Literal["care", "administrative", "criminal_justice", "other"]
    organisation_id: ObjectId
    goal_id: ObjectId | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: Literal["planned", "running", "completed", "stopped"] = "planned"
    outcome: PlainText(2000, 0, multiline=True) = ""
    decision_id: ObjectId | None = None


@router.get("/cases/{case_id}/interventions", response=list[InterventionOut],
            summary="The case's interventions")
def intervention_list(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    view = selectors.case_plan(request.membership, case, channel="api")
    if not view.allowed:
        _refuse(view.decision)
    return view.interventions


@router.post("/cases/{case_id}/interventions", response={201: InterventionOut},
             summary="Record an intervention")
def intervention_create(request, network: Path[str], case_id: ObjectId,
                        payload: InterventionIn):
    case = _case(request, case_id)
    data = payload.dict()
    organisation = tenancy_selectors.organisation_for(request.membership,
                                                      data.pop("organisation_id"), purpose="api")
    goal_id, decision_id = data.pop("goal_id"), data.pop("decision_id")
    goal = None
    if goal_id is not None:
        goal = PlanGoal.objects.filter(pk=goal_id, plan__case=case).first()
        if goal is None:
            raise ValidationError({"goal_id": _("Choose a goal of this case's plan.")})
    decision = (meeting_selectors.decision_for(request.membership, decision_id, purpose="api")
                if decision_id is not None else None)
    intervention = plans.intervention_create(membership=request.membership, case=case,
                                             organisation=organisation, goal=goal,
                                             decision=decision, **data)
    return Status(201, intervention)


# Referrals -----------------------------------------------------------------------------------

class ReferralOut(Schema):
    id: int
    from_organisation: OrganisationRef
    to_organisation: OrganisationRef
    proposed_on: date
    categories: list[str]
    note: str
    state: str
    decided_on: date | None
    decline_reason: str


class ReferralIn(StrictInput):
    to_organisation_id: ObjectId
    categories: list[Category] = Field(..., min_length=1, max_length=len(CATEGORIES))
    note: PlainText(2000, 0, multiline=True) = ""


class ReferralDeclineIn(StrictInput):
    reason: PlainText(2000, multiline=True)


@router.get("/cases/{case_id}/referrals", response=list[ReferralOut],
            summary="The case's referrals")
def referral_list(request, network: Path[str], case_id: ObjectId):
    return selectors.case_referrals(request.membership, _case(request, case_id))


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut},
             summary="Propose a referral to another organisation")
def referral_create(request, network: Path[str], case_id: ObjectId, payload: ReferralIn):
    case = _case(request, case_id)
    to = tenancy_selectors.organisation_for(request.membership, payload.to_organisation_id,
                                            purpose="api")
    return Status(201, referrals.referral_propose(
        membership=request.membership, case=case, to_organisation=to,
        categories=list(payload.categories), note=payload.note))


def _referral(request, case_id: int, referral_id: int) -> Referral:
    # Through referral.view, not the case: the receiving organisation answers before it
    # takes part in the case.
    return selectors.referral_for(request.membership, referral_id, case_id=case_id)


@router.post("/cases/{case_id}/referrals/{referral_id}/accept", response=ReferralOut,
             summary="Accept a referral to your organisation")
def referral_accept(request, network: Path[str], case_id: ObjectId, referral_id: ObjectId):
    return referrals.referral_accept(membership=request.membership,
                                     referral=_referral(request, case_id, referral_id))


@router.post("/cases/{case_id}/referrals/{referral_id}/decline", response=ReferralOut,
             summary="Decline a referral to your organisation, with the reason")
def referral_decline(request, network: Path[str], case_id: ObjectId, referral_id: ObjectId,
                     payload: ReferralDeclineIn):
    return referrals.referral_decline(membership=request.membership,
                                      referral=_referral(request, case_id, referral_id),
                                      reason=payload.reason)
