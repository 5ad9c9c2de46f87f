"""Case work pages: parse, call a service or selector, render. The case comes through
selectors.case_for (case.view); a refusal by the policy is the middleware's 403 or 404 page;
a service's ValidationError goes back on its form (400), nothing written."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord import policy
from accord.cases.sections import case_sections
from accord.casework import agenda, forms, selectors
from accord.casework.frameworks import default_framework
from accord.casework.models import Intervention, InterventionStatus, PlanGoal
from accord.casework.sections import SECTIONS
from accord.casework.services import assessments, plans, referrals, reviews
from accord.casework.services._common import settings_of
from accord.core.forms import add_service_errors
from accord.meetings import selectors as meeting_selectors
from accord.meetings.models import Decision
from accord.meetings.views._common import in_network_time
from accord.tenancy.selectors import network_members, network_organisations


def _case(request, case_id: int):
    return selectors.case_for(request.membership, case_id)


def _to_case(network: str, case_id: int, anchor: str = ""):
    response = redirect("casework:case", network=network, case_id=case_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _submit(request, form, call) -> bool:
    """Run the service on a valid form; its refusal goes back on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def case_work(request, network: str, case_id: int):
    """The case's work (the sections case work adds to the case page), on a page of its own."""
    case = _case(request, case_id)
    ours = {s.key for s in SECTIONS}
    sections = []
    for section in case_sections():
        context = section.context(request, request.membership, case) if section.key in ours \
            else None
        if context is not None:
            sections.append((section, render_to_string(section.template, context,
                                                       request=request)))
    return render(request, "casework/case.html", {"case": case, "sections": sections})


# Assessments ---------------------------------------------------------------------------------

def assessment_new(request, network: str, case_id: int):
    case = _case(request, case_id)
    assessments.require_records_assessment(request.membership, case)
    framework = default_framework(case.network)
    framework = type(framework).objects.prefetch_related("domains__indicators").get(
        pk=framework.pk)
    form = forms.AssessmentForm(request.POST or None, framework=framework)
    if _submit(request, form, lambda: assessments.assessment_record(
            membership=request.membership, case=case, framework=framework,
            ratings=[] if form.cleaned_data["external"] else form.ratings(),
            **form.service_fields())):
        messages.success(request, _("Assessment recorded."))
        return _to_case(network, case_id, "assessments")
    return render(request, "casework/assessment_form.html",
                  {"case": case, "form": form, "framework": framework}, status=_status(request))


def _assessment(request, case, pk: int):
    shown = selectors.case_assessments(request.membership, case, pk=pk)
    if not shown:
        raise policy.not_found("case_data.read", purpose="case_work")
    return shown[0]


def _assessment_page(request, case, shown, *, rater_form=None, consensus_form=None,
                     status=200):
    may_record = (shown.allowed and policy.decide(
        request.membership, "case_data.record", selectors.assessment_facet(shown.obj),
        purpose=selectors.PURPOSE).allowed)
    members = network_members(network=case.network).select_related("user")
    return render(request, "casework/assessment.html", {
        "case": case, "shown": shown, "a": shown.obj, "may_record": may_record,
        "rater_form": rater_form or forms.RaterForm(members=members),
        "consensus_form": consensus_form or forms.ConsensusForm(),
    }, status=status if shown.allowed else 403)


def assessment_detail(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    return _assessment_page(request, case, _assessment(request, case, pk))


@require_POST
def assessment_rater(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    shown = _assessment(request, case, pk)
    members = network_members(network=case.network).select_related("user")
    form = forms.RaterForm(request.POST, members=members)
    if _submit(request, form, lambda: assessments.assessment_rater_add(
            membership=request.membership, assessment=shown.obj, **form.cleaned_data)):
        messages.success(request, _("Co-rater recorded."))
        return redirect("casework:assessment", network=network, case_id=case_id, pk=pk)
    return _assessment_page(request, case, shown, rater_form=form, status=400)


@require_POST
def assessment_consensus(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    shown = _assessment(request, case, pk)
    form = forms.ConsensusForm(request.POST)
    if _submit(request, form, lambda: assessments.assessment_consensus_record(
            membership=request.membership, assessment=shown.obj, **form.cleaned_data)):
        messages.success(request, _("Consensus recorded."))
        return redirect("casework:assessment", network=network, case_id=case_id, pk=pk)
    return _assessment_page(request, case, shown, consensus_form=form, status=400)


@require_POST
def assessment_finalise(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    shown = _assessment(request, case, pk)
    try:
        assessments.assessment_finalise(membership=request.membership, assessment=shown.obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessment made final."))
    return redirect("casework:assessment", network=network, case_id=case_id, pk=pk)


# Plan and interventions ----------------------------------------------------------------------

def plan_edit(request, network: str, case_id: int):
    case = _case(request, case_id)
    plans.require_manages(request.membership, case)
    view = selectors.case_plan(request.membership, case)
    plan = view.plan
    which = request.POST.get("form") if request.method == "POST" else None
    plan_form = forms.PlanForm(request.POST if which == "plan" else None, initial={
        "summary": plan.summary if plan else "", "agreed_on": plan.agreed_on if plan else None})
    goal_form = forms.GoalForm(request.POST if which == "goal" else None)
    if which == "plan" and _submit(request, plan_form, lambda: plans.plan_save(
            membership=request.membership, case=case, **plan_form.cleaned_data)):
        messages.success(request, _("Plan saved."))
        return redirect("casework:plan", network=network, case_id=case_id)
    if which == "goal" and _submit(request, goal_form, lambda: plans.plan_goal_add(
            membership=request.membership, case=case, **goal_form.cleaned_data)):
        messages.success(request, _("Goal added."))
        return redirect("casework:plan", network=network, case_id=case_id)
    return render(request, "casework/plan.html", {
        "case": case, "plan": view, "plan_form": plan_form, "goal_form": goal_form,
        "statuses": forms.GoalStatusForm(),
        "intervention_statuses": InterventionStatus.choices}, status=_status(request))


@require_POST
def goal_status(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    goal = PlanGoal.objects.filter(pk=pk, plan__case=case).first()
    if goal is None:
        raise policy.not_found("case.manage", purpose="case_work")
    form = forms.GoalStatusForm(request.POST)
    if _submit(request, form, lambda: plans.plan_goal_update(
            membership=request.membership, goal=goal, status=form.cleaned_data["status"])):
        messages.success(request, _("Goal saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("casework:plan", network=network, case_id=case_id)


def _decisions(membership, network):
    """Case-conference decisions this member may read, newest first."""
    rows = list(Decision.objects.filter(network=network, body__kind="operational")
                .select_related("body").order_by("-decided_at", "-pk")[:100])
    permitted = policy.read_many(membership, "decision.read", rows, purpose="view")
    return Decision.objects.filter(pk__in=[d.pk for d in permitted]).order_by("-decided_at")


def intervention_new(request, network: str, case_id: int):
    case = _case(request, case_id)
    plans.require_manages(request.membership, case)
    # The plan's goals are plan content: offered only to a reader the policy lets see them.
    readable = selectors.case_plan(request.membership, case).allowed
    form = forms.InterventionForm(
        request.POST or None, organisations=network_organisations(network=case.network),
        goals=PlanGoal.objects.filter(plan__case=case) if readable else PlanGoal.objects.none(),
        decisions=_decisions(request.membership, case.network))
    if _submit(request, form, lambda: plans.intervention_create(
            membership=request.membership, case=case, **form.cleaned_data)):
        messages.success(request, _("Intervention recorded."))
        return _to_case(network, case_id, "plan")
    return render(request, "casework/form.html", {
        "case": case, "form": form, "heading": _("New intervention")}, status=_status(request))


@require_POST
def intervention_status(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    intervention = Intervention.objects.filter(pk=pk, case=case).first()
    if intervention is None:
        raise policy.not_found("case.manage", purpose="case_work")
    form = forms.InterventionStatusForm(request.POST)
    if _submit(request, form, lambda: plans.intervention_update(
            membership=request.membership, intervention=intervention, **form.cleaned_data)):
        messages.success(request, _("Intervention saved."))
        return _to_case(network, case_id, "plan")
    return render(request, "casework/form.html", {
        "case": case, "form": form, "heading": intervention.title}, status=400)


# Reviews ---------------------------------------------------------------------------------------

def review_new(request, network: str, case_id: int):
    case = _case(request, case_id)
    plans.require_manages(request.membership, case)
    domains = default_framework(case.network).domains.all()
    form = forms.ReviewForm(request.POST or None, domains=domains)
    if _submit(request, form, lambda: reviews.review_record(
            membership=request.membership, case=case, changes=form.changes(),
            **{k: form.cleaned_data[k] for k in ("reviewed_on", "outcome", "concern_level",
                                                  "next_steps", "event_triggered",
                                                  "event_reason")})):
        messages.success(request, _("Review recorded."))
        return _to_case(network, case_id, "reviews")
    return render(request, "casework/review_form.html", {"case": case, "form": form},
                  status=_status(request))


# Referrals -------------------------------------------------------------------------------------

def referral_new(request, network: str, case_id: int):
    case = _case(request, case_id)
    plans.require_manages(request.membership, case)
    form = forms.ReferralForm(request.POST or None, organisations=network_organisations(
        network=case.network).exclude(pk=request.membership.organisation_id))
    if _submit(request, form, lambda: referrals.referral_propose(
            membership=request.membership, case=case, **form.cleaned_data)):
        messages.success(request, _("Referral proposed."))
        return _to_case(network, case_id, "referrals")
    return render(request, "casework/form.html", {
        "case": case, "form": form, "heading": _("Propose a referral")},
        status=_status(request))


def referrals_incoming(request, network: str):
    return render(request, "casework/referrals.html",
                  {"referrals": selectors.incoming_referrals(request.membership)})


def _referral_page(request, referral, decline_form=None, status=200):
    may_decide = policy.decide(request.membership, "referral.decide", referral,
                               purpose=selectors.PURPOSE)
    return render(request, "casework/referral.html", {
        "referral": referral, "may_decide": may_decide.allowed,
        "shared": selectors.referral_shared(request.membership, referral),
        "decline_form": decline_form or forms.DeclineForm()}, status=status)


def referral_detail(request, network: str, pk: int):
    return _referral_page(request, selectors.referral_for(request.membership, pk))


@require_POST
def referral_accept(request, network: str, pk: int):
    referral = selectors.referral_for(request.membership, pk)
    referrals.referral_accept(membership=request.membership, referral=referral)
    messages.success(request, _("Referral accepted: your organisation now takes part in the "
                                "case."))
    return redirect("casework:referral", network=network, pk=pk)


@require_POST
def referral_decline(request, network: str, pk: int):
    referral = selectors.referral_for(request.membership, pk)
    form = forms.DeclineForm(request.POST)
    if _submit(request, form, lambda: referrals.referral_decline(
            membership=request.membership, referral=referral, **form.cleaned_data)):
        messages.success(request, _("Referral declined."))
        return redirect("casework:referral", network=network, pk=pk)
    policy.require(request.membership, "referral.decide", referral, purpose=selectors.PURPOSE)
    return _referral_page(request, referral, decline_form=form, status=400)


# Settings --------------------------------------------------------------------------------------

def intervals_edit(request, network: str):
    """The network's review intervals by concern level (coordinators)."""
    policy.require(request.membership, "network.administer", request.network,
                   purpose="administer")
    current = settings_of(request.network)
    form = forms.IntervalsForm(request.POST or None, initial={
        "high_weeks": current.high_weeks, "medium_months": current.medium_months,
        "low_months": current.low_months})
    if _submit(request, form, lambda: reviews.casework_settings_update(
            membership=request.membership, **form.cleaned_data)):
        messages.success(request, _("Review intervals saved."))
        return redirect("casework:intervals", network=network)
    return render(request, "casework/intervals.html", {"form": form}, status=_status(request))


# Agenda ----------------------------------------------------------------------------------------

@require_POST
@in_network_time
def agenda_review_add(request, network: str, meeting_id: int, case_id: int):
    """One click: a case due for review becomes a case item of the case conference's agenda."""
    meeting = meeting_selectors.meeting_for(request.membership, meeting_id,
                                            action="meeting.plan", purpose="prepare")
    try:
        agenda.agenda_review_add(membership=request.membership, meeting=meeting,
                                 case_id=case_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Case review added to the agenda."))
    return redirect("meetings:agenda", network=network, pk=meeting_id)
