from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord import policy
from accord.core.forms import add_service_errors
from accord.meetings import selectors
from accord.meetings.forms import (
    DecisionForm,
    OutcomeTextsForm,
    RecordOutcomeForm,
    VoteForm,
    WrittenDecisionForm,
)
from accord.meetings.models import DecisionOutcome, MeetingState, Procedure, VoteMode
from accord.meetings.services import charter_link, decisions
from accord.meetings.views._common import in_network_time
from accord.meetings.visibility import bodies_planned_by, bodies_read_by, minutes_search


def _to_decision(decision):
    return redirect("meetings:decision", network=decision.network.slug, pk=decision.pk)


@in_network_time
def register(request, network: str):
    membership = request.membership
    body = request.GET.get("body", "")
    rows = selectors.decisions_register(
        membership=membership, body_id=int(body) if body.isdigit() else None,
        outcome=request.GET.get("outcome", "")[:12],
        procedure=request.GET.get("procedure", "")[:24], query=request.GET.get("q", "")[:100])
    return render(request, "meetings/decisions.html", {
        "decisions": rows[:200], "bodies": bodies_read_by(membership),
        "outcomes": DecisionOutcome.choices, "procedures": Procedure.choices,
        "filters": request.GET,
        "may_put_written": bodies_planned_by(membership).exists(),
        "minute_hits": minutes_search(membership=membership,
                                      query=request.GET.get("q", "")[:100])[:50],
    })


@in_network_time
def decision_create(request, network: str, pk: int):
    meeting = selectors.meeting_for(request.membership, pk, action="meeting.decide",
                                    purpose="minute")
    decisions.require_not_cancelled(meeting)  # says why before the form is filled in
    form = DecisionForm(request.POST or None, items=meeting.items.all(),
                        charter_versions=charter_link.proposed_versions(network=request.network))
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_create(membership=request.membership,
                                                 body=meeting.body, meeting=meeting,
                                                 **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _to_decision(decision)
    return render(request, "meetings/decision_form.html", {"meeting": meeting, "form": form},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def written_create(request, network: str):
    """Put a motion to a body's voting members without a meeting (written procedure)."""
    membership = request.membership
    selectors.require_some_body(membership, "body.plan_meetings")
    bodies = bodies_planned_by(membership)
    form = WrittenDecisionForm(
        request.POST or None, bodies=bodies,
        charter_versions=charter_link.proposed_versions(network=request.network))
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_create(membership=membership,
                                                 **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The motion is put to the body's voting members."))
            return _to_decision(decision)
    return render(request, "meetings/decision_form.html", {"form": form, "written": True},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def decision_detail(request, network: str, pk: int):
    membership = request.membership
    decision = selectors.decision_for(membership, pk)
    named = decision.vote_mode == VoteMode.NAMED
    cancelled = decision.meeting is not None and decision.meeting.state == MeetingState.CANCELLED
    # Who may vote is the policy's rule (decision.vote): a seat with a voting right, and in a
    # meeting presence for the item. Its reason tells a seated member who left the room.
    right = policy.decide(membership, "decision.vote", decision, purpose="view")
    seated = decision.has_vote and (right.allowed
                                    or right.missing == "meetings.vote_present_only")
    return render(request, "meetings/decision.html", {
        "decision": decision,
        "facts": decisions.vote_facts(decision),
        # A secret vote shows neither who voted nor, until it closes, the tally.
        "votes": decision.votes.select_related("voter__user") if named else [],
        "may_vote": decisions.may_vote(membership, decision),
        "has_voted": seated and decisions.has_voted(membership, decision),
        "not_in_the_room": seated and decision.voting_open and not right.allowed,
        "decides": _decides(membership, decision) and not cancelled,
        "cancelled": cancelled,
        "vote_form": VoteForm(), "close_form": OutcomeTextsForm(),
        "record_form": RecordOutcomeForm(),
        "charter_version": charter_link.version_named(decision),
    })


def _decides(membership, decision) -> bool:
    return selectors.may(membership, "decision.decide", decision)


@require_POST
@in_network_time
def vote(request, network: str, pk: int):
    decision = selectors.decision_for(request.membership, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or abstain."))
        return _to_decision(decision)
    decisions.vote_cast(membership=request.membership, decision=decision,
                        choice=form.cleaned_data["choice"])
    messages.success(request, _("Your vote is recorded."))
    return _to_decision(decision)


@require_POST
@in_network_time
def close(request, network: str, pk: int):
    decision = selectors.decision_for(request.membership, pk)
    form = OutcomeTextsForm(request.POST)
    if form.is_valid():
        decisions.voting_close(membership=request.membership, decision=decision,
                               **form.cleaned_data)
        messages.success(request, _("The vote is closed and the outcome recorded."))
    return _to_decision(decision)


@require_POST
@in_network_time
def record(request, network: str, pk: int):
    decision = selectors.decision_for(request.membership, pk)
    form = RecordOutcomeForm(request.POST)
    if form.is_valid():
        decisions.decision_record(membership=request.membership, decision=decision,
                                  **form.cleaned_data)
        messages.success(request, _("The outcome is recorded."))
    else:
        messages.error(request, _("Choose the outcome."))
    return _to_decision(decision)
