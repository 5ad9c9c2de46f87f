"""The irreversible steps of a meeting's life, each behind a confirmation page.

Cancelling, marking as held and approving the minutes are asked for on a page of their own
(GET) that says what will happen, and done only when the form comes back with the box
ticked (POST): it works without JavaScript, and a stray or forged click changes nothing.
Reinstating a cancelled meeting undoes a cancellation, so it is a plain button.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors
from accord.meetings import selectors
from accord.meetings.forms import ApprovalForm, ConfirmForm
from accord.meetings.models import Meeting, MeetingState
from accord.meetings.services import circulation
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services._common import network_datetime
from accord.meetings.views._common import in_network_time

NOT_YET_HELD = (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED)


def _to_detail(meeting: Meeting):
    return redirect("meetings:detail", network=meeting.network.slug, pk=meeting.pk)


def _planned(request, pk: int) -> Meeting:
    return selectors.meeting_for(request.membership, pk, action="meeting.plan",
                                 purpose="prepare")


def _posted(request):
    # Bound even when empty: a POST without the box ticked must say what is missing.
    return request.POST if request.method == "POST" else None


def _confirm_page(request, meeting, form, *, step: dict, refusal: str | None = None):
    status = 200 if request.method == "GET" else 400
    if refusal is not None:
        status = 409 if request.method == "POST" else 200
    return render(request, "meetings/confirm.html", {
        "meeting": meeting, "form": form, "step": step, "refusal": refusal}, status=status)


def _confirmed_step(request, meeting, form, service, *, step: dict, refusal=None, done: str,
                    arguments):
    """GET shows the page; POST with the box ticked runs the service, anything else
    shows the page again with the reason, having changed nothing."""
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            service(membership=request.membership, meeting=meeting, **arguments(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _to_detail(meeting)
    return _confirm_page(request, meeting, form, step=step, refusal=refusal)


CANCEL = {
    "title": gettext_lazy("Cancel this meeting?"),
    "consequences": [
        gettext_lazy("Everyone invited receives a cancellation for their calendar."),
        gettext_lazy("The agenda and the minutes can no longer change."),
        gettext_lazy("The chair, the secretary or a coordinator can reinstate the meeting "
                     "later; it must then be published again."),
    ],
    "confirm": gettext_lazy("I understand that the meeting is cancelled for everyone invited."),
    "button": gettext_lazy("Cancel the meeting"),
    "danger": True,
}
HELD = {
    "title": gettext_lazy("Mark this meeting as held?"),
    "consequences": [
        gettext_lazy("The meeting is recorded as having taken place; this cannot be undone."),
        gettext_lazy("It can no longer be cancelled or its agenda published."),
        gettext_lazy("The minutes can then be circulated and approved."),
    ],
    "confirm": gettext_lazy("I understand this cannot be undone: the meeting took place."),
    "button": gettext_lazy("Mark as held"),
}
APPROVE = {
    "title": gettext_lazy("Approve the minutes?"),
    "consequences": [
        gettext_lazy("Every draft entry becomes approved and can no longer change; a "
                     "correction is then an addendum."),
        gettext_lazy("Who was present for each item is frozen: it decides who reads the "
                     "entries for those present."),
        gettext_lazy("The agenda, the attendance and the guests can no longer change."),
    ],
    "confirm": gettext_lazy("I understand this cannot be undone: the minutes are final."),
    "button": gettext_lazy("Approve the minutes"),
}


def _state_refusal(meeting: Meeting, allowed, message: str) -> str | None:
    return None if meeting.state in allowed else message


@in_network_time
def meeting_cancel(request, network: str, pk: int):
    meeting = _planned(request, pk)
    form = ConfirmForm(_posted(request), label=CANCEL["confirm"])
    refusal = _state_refusal(meeting, NOT_YET_HELD, _(
        "Only a meeting that has not taken place can be cancelled."))
    return _confirmed_step(request, meeting, form, meeting_services.meeting_cancel,
                           step=CANCEL, refusal=refusal, done=_("Meeting cancelled."),
                           arguments=lambda form: {})


def _held_refusal(meeting: Meeting) -> str | None:
    if meeting.state not in NOT_YET_HELD:
        return _("This meeting is already held, approved or cancelled.")
    if meeting.starts_at > timezone.now():
        return _("This meeting has not started yet (it starts %(start)s): it can be marked as "
                 "held once it has begun.") % {"start": network_datetime(meeting.network,
                                                                           meeting.starts_at)}
    return None


@in_network_time
def meeting_held(request, network: str, pk: int):
    meeting = _planned(request, pk)
    form = ConfirmForm(_posted(request), label=HELD["confirm"])
    return _confirmed_step(request, meeting, form, meeting_services.meeting_mark_held,
                           step=HELD, refusal=_held_refusal(meeting),
                           done=_("Meeting marked as held."), arguments=lambda form: {})


def _approval(membership, meeting: Meeting) -> tuple[str | None, str | None, object]:
    """What the approval page tells this officer: the way that applies (or why their own
    way is closed), whether a decision must be named, and the decisions on offer."""
    decisions = circulation.approval_decisions(meeting)
    if meeting.state != MeetingState.HELD:
        return None, _("Minutes can be approved once the meeting is marked as held."), decisions
    if membership.pk == meeting.chair_id:
        return _("You approve these minutes as the chair of the meeting."), None, decisions
    closed = circulation.secretary_refusal(meeting)
    if closed is None:
        return (_("You approve these minutes as the secretary: the period for comments "
                  "ended without an objection."), None, decisions)
    if decisions.exists():
        return closed, None, decisions
    return None, closed, decisions


@in_network_time
def minutes_approve(request, network: str, pk: int):
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk, action="meeting.approve_minutes",
                                    purpose="minute")
    way, refusal, decisions = _approval(membership, meeting)
    own_way_closed = (refusal is None and membership.pk != meeting.chair_id
                      and circulation.secretary_refusal(meeting) is not None)
    form = ApprovalForm(_posted(request), label=APPROVE["confirm"],
                        decisions=decisions, decision_required=own_way_closed)
    if not decisions.exists():
        form.fields.pop("decision")
    step = {**APPROVE, "way": way}
    return _confirmed_step(request, meeting, form, circulation.minutes_approve, step=step,
                           refusal=refusal, done=_("Minutes approved."),
                           arguments=lambda form: {"decision": form.cleaned_data.get(
                               "decision")})


@require_POST
@in_network_time
def meeting_reinstate(request, network: str, pk: int):
    """Undo a cancellation: the meeting is scheduled again (and recorded as reinstated)."""
    meeting = _planned(request, pk)
    try:
        meeting_services.meeting_reinstate(membership=request.membership, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Meeting reinstated. Publish the agenda again to invite "
                                    "everyone."))
    return _to_detail(meeting)
