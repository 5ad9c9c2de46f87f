"""The planning API (issue 16): a meeting's date poll and its answers, and the replies to its
invitation. Same services, selectors and policy as the pages (meetings/views/planning.py):

- /api/v1/n/{network}/meetings/{meeting_id}/date-poll: GET the poll with its best dates, POST
  to propose dates, PUT to choose one (the meeting moves);
- …/date-poll/answers: GET the answers one may read, POST one's own;
- /api/v1/n/{network}/meetings/{meeting_id}/replies: GET the replies (organisers: all, others
  their own), POST one's own.

An answer after the poll closed is a 409 problem, a date of another poll or a deputy of
another organisation or network a 422 problem; either way nothing is stored.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from accord.api.schemas import DateTimeIn, ObjectId, PlainText, StrictInput
from accord.meetings import planning_selectors, selectors
from accord.meetings.api import refusals
from accord.meetings.models import (
    AnsweredVia,
    AnswersVisibility,
    DateAnswer,
    DateAnswerChoice,
    DateOption,
    ReplyAnswer,
)
from accord.meetings.services import planning
from accord.tenancy.models import Membership

router = Router(tags=["meeting planning"])

POLL = "/meetings/{meeting_id}/date-poll"


# Schemas -----------------------------------------------------------------------------------

class DateOptionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    # The tallies and rank are there for those who may read the answers, otherwise null.
    rank: int | None
    yes: int | None
    if_need_be: int | None
    no: int | None
    voting_members_available: int | None
    missing_organisation_ids: list[int] | None


class DatePollOut(Schema):
    id: int
    meeting_id: int
    is_open: bool
    closes_at: datetime | None
    answers_visibility: str
    chosen_option_id: int | None
    required_organisation_ids: list[int] | None
    options: list[DateOptionOut]
    my_answers: dict[int, str]


class DateOptionIn(StrictInput):
    starts_at: DateTimeIn
    ends_at: DateTimeIn


# An empty list is the service's to refuse (after the policy), with its own message.
class DatePollIn(StrictInput):
    options: list[DateOptionIn] = Field(..., max_length=planning.MAX_OPTIONS)
    closes_at: DateTimeIn | None = None
    answers_visibility: AnswersVisibility = AnswersVisibility.BODY


class ChooseIn(StrictInput):
    chosen_option_id: ObjectId


class DateAnswerOut(Schema):
    option_id: int
    membership_id: int
    name: str
    answer: str
    answered_at: datetime


class DateAnswerIn(StrictInput):
    option_id: ObjectId
    answer: DateAnswerChoice


class DateAnswersIn(StrictInput):
    answers: list[DateAnswerIn] = Field(..., max_length=planning.MAX_OPTIONS)


class ReplyOut(Schema):
    membership_id: int
    name: str
    organisation: str
    answer: str
    deputy_id: int | None
    deputy_name: str | None
    note: str
    via: str
    answered_at: datetime


class ReplyIn(StrictInput):
    answer: ReplyAnswer
    deputy_id: ObjectId | None = None
    note: PlainText(500, min_length=0) = ""


# Helpers -----------------------------------------------------------------------------------

def _poll(request, meeting_id: int, action: str = "meeting.see"):
    return planning_selectors.date_poll_for(request.membership, meeting_id, action=action)


TALLIES = ("rank", "yes", "if_need_be", "no", "voting_members_available",
           "missing_organisation_ids")


def _tallies(row, shown: bool) -> dict:
    if not shown:
        return dict.fromkeys(TALLIES)
    return {"rank": row.rank, "yes": row.yes, "if_need_be": row.if_need_be, "no": row.no,
            "voting_members_available": row.voting_available,
            "missing_organisation_ids": [o.pk for o in row.missing]}


def _poll_out(request, poll) -> dict:
    board = planning_selectors.poll_board(request.membership, poll)
    shown = board.may_read_answers
    return {
        "id": poll.pk, "meeting_id": poll.meeting_id, "is_open": poll.is_open,
        "closes_at": poll.closes_at, "answers_visibility": poll.answers_visibility,
        "chosen_option_id": poll.chosen_id,
        "required_organisation_ids": [o.pk for o in board.required] if shown else None,
        "options": [{"id": row.option.pk, "starts_at": row.option.starts_at,
                     "ends_at": row.option.ends_at, **_tallies(row, shown)}
                    for row in board.rows],
        "my_answers": {k: v for k, v in board.mine.items() if v},
    }


def _answers_out(rows) -> list[dict]:
    return [{"option_id": a.option_id, "membership_id": a.membership_id,
             "name": a.membership.user.full_name, "answer": a.answer,
             "answered_at": a.answered_at} for a in rows]


def _reply_out(reply) -> dict:
    return {"membership_id": reply.membership_id, "name": reply.membership.user.full_name,
            "organisation": reply.membership.organisation.name, "answer": reply.answer,
            "deputy_id": reply.deputy_id,
            "deputy_name": reply.deputy.user.full_name if reply.deputy_id else None,
            "note": reply.note, "via": reply.via, "answered_at": reply.answered_at}


def _deputy(request, deputy_id: int | None) -> Membership | None:
    """The deputy named, within this network (the scope): one of another network is as
    unknown as an id that does not exist, and both get the service's message."""
    if deputy_id is None:
        return None
    found = Membership.objects.select_related("user").filter(pk=deputy_id).first()
    if found is None:
        raise ValidationError({"deputy_id": _("A deputy is an active member of your own "
                                              "organisation in this network.")})
    return found


# Date poll ---------------------------------------------------------------------------------

@router.get(POLL, response=DatePollOut, summary="The meeting's date poll, best dates first")
def date_poll_detail(request, network: Path[str], meeting_id: ObjectId):
    return _poll_out(request, _poll(request, meeting_id))


@router.post(POLL, response={201: DatePollOut},
             summary="Propose dates for the meeting (chair, secretary, coordinators)",
             description="The body's members are asked by e-mail, one link per date.")
@refusals
def date_poll_create(request, network: Path[str], meeting_id: ObjectId, payload: DatePollIn):
    meeting = selectors.meeting_for(request.membership, meeting_id, action="meeting.plan",
                                    purpose="api")
    planning.date_poll_create(
        membership=request.membership, meeting=meeting,
        options=[(o.starts_at, o.ends_at) for o in payload.options],
        closes_at=payload.closes_at, answers_visibility=payload.answers_visibility)
    return Status(201, _poll_out(request, _poll(request, meeting_id)))


@router.put(POLL, response=DatePollOut,
            summary="Choose a date: the meeting moves there and the poll closes")
@refusals
def date_poll_choose(request, network: Path[str], meeting_id: ObjectId, payload: ChooseIn):
    poll = _poll(request, meeting_id, action="meeting.plan")
    option = DateOption.objects.filter(poll=poll, pk=payload.chosen_option_id).first()
    if option is None:
        raise ValidationError({"chosen_option_id": _("Choose one of this poll's dates.")})
    planning.date_poll_choose(membership=request.membership, poll=poll, option=option)
    return _poll_out(request, _poll(request, meeting_id))


@router.get(POLL + "/answers", response=list[DateAnswerOut],
            summary="The answers you may read (everyone's, or your own)")
def date_answers_list(request, network: Path[str], meeting_id: ObjectId):
    poll = _poll(request, meeting_id)
    rows = DateAnswer.objects.filter(option__poll=poll).select_related("membership__user")
    if not selectors.may(request.membership, "date_poll.read_answers", poll, purpose="api"):
        rows = rows.filter(membership=request.membership)
    return _answers_out(rows.order_by("option__starts_at", "membership__user__full_name"))


@router.post(POLL + "/answers", response=list[DateAnswerOut],
             summary="Answer the poll: yes, if need be or no per date")
@refusals
def date_answers_set(request, network: Path[str], meeting_id: ObjectId,
                     payload: DateAnswersIn):
    poll = _poll(request, meeting_id)
    answers = {a.option_id: a.answer.value for a in payload.answers}
    if len(answers) != len(payload.answers):
        raise ValidationError({"answers": _("Answer each date once.")})
    planning.date_answers_set(membership=request.membership, poll=poll, answers=answers,
                              via=AnsweredVia.API)
    return _answers_out(DateAnswer.objects.filter(
        option__poll=poll, membership=request.membership).select_related(
        "membership__user").order_by("option__starts_at"))


# Replies -----------------------------------------------------------------------------------

@router.get("/meetings/{meeting_id}/replies", response=list[ReplyOut],
            summary="Replies to the invitation (organisers: all; others: their own)")
def reply_list(request, network: Path[str], meeting_id: ObjectId):
    meeting = selectors.meeting_for(request.membership, meeting_id, purpose="api")
    return [_reply_out(r) for r in planning_selectors.replies_for(request.membership, meeting)]


@router.post("/meetings/{meeting_id}/replies", response=ReplyOut,
             summary="Reply to the invitation: attending, remotely, excused, or a deputy")
@refusals
def reply_set(request, network: Path[str], meeting_id: ObjectId, payload: ReplyIn):
    meeting = selectors.meeting_for(request.membership, meeting_id, purpose="api")
    reply = planning.reply_set(membership=request.membership, meeting=meeting,
                               answer=payload.answer.value,
                               deputy=_deputy(request, payload.deputy_id), note=payload.note,
                               via=AnsweredVia.API)
    return _reply_out(reply)
