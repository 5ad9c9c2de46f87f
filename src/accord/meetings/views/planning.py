"""Pages of meeting planning (issue 16): the date poll, replies, and the e-mails' answer links.

The answer links (/planning/…) stand outside /n/<network>/: the link's signature names the
member, so the person answers without signing in. A link opens a page with one button, and
an unusable link (changed, for a closed poll, a meeting no longer ahead) is a 410 page that
says why and stores nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled
from icalendar import Calendar as ICalendar

from accord import policy
from accord.core.forms import add_service_errors
from accord.meetings import planning_links, planning_selectors, selectors
from accord.meetings.models import (
    AnsweredVia,
    DateAnswerChoice,
    DateOption,
    DatePoll,
    Meeting,
    ReplyAnswer,
)
from accord.meetings.planning_forms import DateAnswersForm, DatePollForm, ReplyForm
from accord.meetings.services import planning
from accord.meetings.services.errors import Refused
from accord.meetings.views._common import in_network_time
from accord.policy import Denied
from accord.tenancy.models import Membership


@in_network_time
def date_poll(request, network: str, pk: int):
    """The poll: the best dates, the member's own answers, everyone's (if visible)."""
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk)
    if not DatePoll.objects.filter(meeting=meeting).exists():
        if selectors.may(membership, "meeting.plan", meeting, purpose="prepare"):
            return redirect("meetings:date-poll-new", network=network, pk=pk)
        return render(request, "meetings/planning/no_poll.html", {"meeting": meeting},
                      status=404)
    poll = planning_selectors.date_poll_for(membership, pk)
    board = planning_selectors.poll_board(membership, poll)
    form = DateAnswersForm(request.POST or None, options=[r.option for r in board.rows],
                           mine=board.mine)
    if request.method == "POST":
        # Who may answer is asked before the form: a refusal says why, whatever was posted.
        policy.require(membership, "date_poll.answer", poll, purpose="prepare")
    if request.method == "POST" and form.is_valid():
        try:
            planning.date_answers_set(membership=membership, poll=poll, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("meetings:date-poll", network=network, pk=pk)
    return render(request, "meetings/planning/poll.html", {
        "meeting": meeting, "poll": poll, "board": board, "form": form,
        "choices": DateAnswerChoice,
    }, status=400 if request.method == "POST" else 200)


@in_network_time
def date_poll_new(request, network: str, pk: int):
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk, action="meeting.plan", purpose="prepare")
    form = DatePollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planning.date_poll_create(membership=membership, meeting=meeting,
                                      **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dates are proposed; the body's members are "
                                        "asked by e-mail."))
            return redirect("meetings:date-poll", network=network, pk=pk)
    return render(request, "meetings/planning/poll_form.html", {
        "meeting": meeting, "form": form}, status=400 if request.method == "POST" else 200)


@require_POST
@in_network_time
def date_poll_choose(request, network: str, pk: int):
    poll = planning_selectors.date_poll_for(request.membership, pk, action="meeting.plan")
    option = DateOption.objects.filter(poll=poll, pk=_int(request.POST.get("option"))).first()
    if option is None:
        messages.error(request, _("Choose one of this poll's dates."))
        return redirect("meetings:date-poll", network=network, pk=pk)
    try:
        planning.date_poll_choose(membership=request.membership, poll=poll, option=option)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:date-poll", network=network, pk=pk)
    messages.success(request, _("The meeting is moved to the chosen date."))
    return redirect("meetings:detail", network=network, pk=pk)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@in_network_time
def replies(request, network: str, pk: int):
    """The member's own reply; for the organisers, who comes per organisation."""
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk)
    may_reply = selectors.may(membership, "meeting.reply", meeting, purpose="prepare")
    mine = planning_selectors.reply_of(membership, meeting)
    deputies = planning_selectors.deputies_offered(membership)
    form = ReplyForm(request.POST or None, deputies=deputies, initial={
        "answer": getattr(mine, "answer", None), "deputy": getattr(mine, "deputy", None),
        "note": getattr(mine, "note", "")})
    if request.method == "POST":
        if not may_reply:
            policy.require(membership, "meeting.reply", meeting, purpose="prepare")
        if form.is_valid():
            try:
                planning.reply_set(membership=membership, meeting=meeting,
                                   **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your reply is saved."))
                return redirect("meetings:replies", network=network, pk=pk)
    planner = selectors.may(membership, "meeting.plan", meeting, purpose="prepare")
    return render(request, "meetings/planning/replies.html", {
        "meeting": meeting, "form": form if may_reply else None, "mine": mine,
        "planner": planner,
        "turnout": planning_selectors.turnout(meeting) if planner else [],
        "replies": planning_selectors.replies_for(membership, meeting) if planner else [],
    }, status=400 if request.method == "POST" else 200)


# The e-mails' links --------------------------------------------------------------------------

def _gone(request, message: str) -> HttpResponse:
    return render(request, "meetings/planning/link_gone.html", {"message": message},
                  status=410)


def _link_member(claim) -> Membership | None:
    person = Membership.objects.select_related("user", "network").filter(
        pk=claim.membership_id, network_id=claim.network_id).first()
    return person if person is not None and person.is_active else None


@never_cache
def poll_link(request, token: str):
    claim = planning_links.poll_claim(token)
    if claim is None or claim.answer not in DateAnswerChoice.values:
        return _gone(request, _("This link is not valid."))
    with scope(network=claim.network_id):
        person = _link_member(claim)
        option = DateOption.objects.select_related("poll__meeting__network").filter(
            pk=claim.target_id, network_id=claim.network_id).first()
        if person is None or option is None:
            return _gone(request, _("This link is not valid."))
        poll = option.poll
        if not poll.is_open:
            return _gone(request, _("This date poll is closed: answers are no longer taken."))
        context = {"meeting": poll.meeting, "person": person, "option": option,
                   "answer": DateAnswerChoice(claim.answer).label,
                   "time_zone": poll.meeting.network.time_zone}
        if request.method != "POST":
            return render(request, "meetings/planning/link_confirm.html",
                          {**context, "kind": "poll"})
        try:
            planning.date_answers_set(membership=person, poll=poll,
                                      answers={option.pk: claim.answer},
                                      via=AnsweredVia.EMAIL)
        except planning.PollClosed as closed:
            return _gone(request, closed.message)
        except Denied:
            return _gone(request, _("This link is not valid."))
        return render(request, "meetings/planning/link_done.html", {**context, "kind": "poll"})


@never_cache
def reply_link(request, token: str):
    claim = planning_links.reply_claim(token)
    if claim is None or claim.answer not in (ReplyAnswer.ATTENDING, ReplyAnswer.REMOTE,
                                             ReplyAnswer.EXCUSED):
        return _gone(request, _("This link is not valid."))
    with scope(network=claim.network_id):
        person = _link_member(claim)
        meeting = Meeting.objects.select_related("network", "body").filter(
            pk=claim.target_id, network_id=claim.network_id).first()
        if person is None or meeting is None:
            return _gone(request, _("This link is not valid."))
        if meeting.state not in planning.OPEN_STATES:
            return _gone(request, _("This meeting is no longer ahead: replies are closed."))
        context = {"meeting": meeting, "person": person,
                   "answer": ReplyAnswer(claim.answer).label,
                   "time_zone": meeting.network.time_zone}
        if request.method != "POST":
            return render(request, "meetings/planning/link_confirm.html",
                          {**context, "kind": "reply"})
        try:
            planning.reply_set(membership=person, meeting=meeting, answer=claim.answer,
                               via=AnsweredVia.EMAIL)
        except Refused as refused:
            return _gone(request, refused.message)
        except Denied:
            return _gone(request, _("This link is not valid."))
        return render(request, "meetings/planning/link_done.html", {**context, "kind": "reply"})


# The calendar's reply (iTIP REPLY, RFC 5546) --------------------------------------------------

# What the calendar's participation status means as a reply. TENTATIVE counts as coming (the
# organiser plans with them) and keeps the calendar's word in the note.
PARTSTATS = {"ACCEPTED": ReplyAnswer.ATTENDING, "TENTATIVE": ReplyAnswer.ATTENDING,
             "DECLINED": ReplyAnswer.EXCUSED}
ITIP_MAX_BYTES = 64 * 1024


def _plain(status: int, text: str = "") -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@never_cache
@require_POST
def itip_reply(request, token: str):
    """A calendar's REPLY to an invitation, posted by the mail gateway that receives the
    organiser address's mail: the token in the address names the meeting and the member, the
    calendar's ATTENDEE must be that member, and its PARTSTAT becomes their reply."""
    claim = planning_links.itip_claim(token)
    if claim is None:
        return _plain(404)
    if request.content_type != "text/calendar":
        return _plain(415, "Send the calendar as text/calendar.")
    if len(request.body) > ITIP_MAX_BYTES:
        return _plain(413)
    meeting_id, membership_id = claim
    with scopes_disabled():
        network_id = Meeting.objects.filter(pk=meeting_id).values_list(
            "network_id", flat=True).first()
    if network_id is None:
        return _plain(404)
    with scope(network=network_id):
        return _itip_apply(request.body, meeting_id, membership_id)


def _itip_apply(body: bytes, meeting_id: int, membership_id: int) -> HttpResponse:
    meeting = Meeting.objects.select_related("network", "body").get(pk=meeting_id)
    person = Membership.objects.select_related("user").filter(pk=membership_id).first()
    if person is None or not person.is_active:
        return _plain(404)
    partstat, problem = _itip_partstat(body, meeting, person.user.email)
    if problem:
        return _plain(400, problem)
    try:
        planning.reply_set(membership=person, meeting=meeting, answer=PARTSTATS[partstat],
                           note="TENTATIVE" if partstat == "TENTATIVE" else "",
                           via=AnsweredVia.ITIP)
    except Refused as refused:
        return _plain(409, str(refused.message))
    except Denied:
        return _plain(404)
    return _plain(204)


def _itip_partstat(body: bytes, meeting: Meeting, email: str) -> tuple[str, str]:
    """(PARTSTAT, "") of the member's answer in the calendar, or ("", what is wrong)."""
    try:
        calendar = ICalendar.from_ical(body)
    except ValueError:
        return "", "Not an iCalendar object."
    if str(calendar.get("method", "")).upper() != "REPLY":
        return "", "Only METHOD:REPLY is accepted."
    events = calendar.walk("VEVENT")
    if len(events) != 1 or str(events[0].get("uid", "")) != meeting.ics_uid():
        return "", "The calendar does not answer this meeting."
    attendees = events[0].get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    for attendee in attendees:
        if attendee is not None and str(attendee).lower().removeprefix("mailto:") \
                == email.lower():
            partstat = str(attendee.params.get("PARTSTAT", "")).upper()
            if partstat in PARTSTATS:
                return partstat, ""
            return "", "Answer with PARTSTAT ACCEPTED, TENTATIVE or DECLINED."
    return "", "The calendar's attendee is not the person invited."
