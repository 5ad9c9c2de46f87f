"""The meetings API: /api/v1/n/{network}/meetings…, decisions, action-items, call-logs, and the
guest's read-only view under /api/v1/guest/. Same services, selectors, visibility function,
roles and audit as the pages. Registered in accord.api.api with one line:
`api.add_router("/", meetings_api.router)`.
"""

from datetime import date, datetime
from functools import wraps

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from accord.api.errors import problem_response
from accord.api.pagination import Pages
from accord.api.schemas import DateTimeIn, ObjectId, PlainText, StrictInput
from accord.meetings import selectors
from accord.meetings.guest_session import current_guest
from accord.meetings.models import (
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    AttendanceStatus,
    BallotCast,
    CallVisibility,
    Decision,
    Procedure,
    SecretTally,
    Visibility,
    Vote,
    VoteChoice,
    VoteMode,
)
from accord.meetings.services import actions, agenda, attendance, circulation, decisions, minutes
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.errors import EditConflict, Refused
from accord.meetings.visibility import (
    default_visibility,
    minutes_search,
)
from accord.tenancy import selectors as tenancy_selectors
from accord.tenancy.models import Body, Membership

router = Router()
network_router = Router(tags=["meetings"])
guest_router = Router(tags=["guest"], auth=None)


def refusals(handler):
    """A refusal by state (closed vote, approved minutes, edit conflict) is a 409 problem."""

    @wraps(handler)
    def wrapper(request, *args, **kwargs):
        try:
            return handler(request, *args, **kwargs)
        except EditConflict as conflict:
            return problem_response(request, 409, "edit_conflict", detail=str(conflict.message),
                                    errors=[{"field": "lock_version",
                                             "current_lock_version": conflict.current.lock_version,
                                             "current_text": conflict.current.text}])
        except Refused as refusal:
            return problem_response(request, 409, "refused", detail=str(refusal.message))

    return wrapper


class _TalliedDecisions:
    """The register for the paginator: counts in SQL, tallies only for the page's rows."""

    def all(self):
        return self.rows

    def __init__(self, rows, membership):
        self.rows = rows
        self.membership = membership

    def __getitem__(self, page: slice) -> list[dict]:
        rows = list(self.rows[page])
        counts = _counts(rows, self.membership)
        return [_decision_out(d, self.membership, counts.get(d.pk)) for d in rows]


# Schemas ---------------------------------------------------------------------------------

class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_link: str
    state: str
    chair_id: int | None
    secretary_id: int | None


class MeetingIn(StrictInput):
    body_id: ObjectId
    title: PlainText(200)
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    place: PlainText(300, min_length=0) = ""
    video_link: str = Field("", max_length=500)


class AgendaItemOut(Schema):
    number: int
    id: int | None
    title: str
    starts_at: datetime
    minutes: int
    kind: str | None = None
    confidential: bool | None = None
    required_level: int | None = None
    # Read-only, for the clients of before issue 10: the linked case's reference.
    case_reference: str | None = None
    case_id: int | None = None
    goal_id: int | None = None
    charter_document_id: int | None = None


class AgendaItemIn(StrictInput):
    title: PlainText(200)
    kind: AgendaItemKind = AgendaItemKind.TOPIC
    time_box_minutes: int = Field(15, ge=1, le=480)
    confidential: bool = False
    required_level: int | None = Field(None, ge=1, le=9)
    description: str = Field("", max_length=4000)


class AgendaItemEdit(StrictInput):
    """Only the fields sent change; `null` empties an optional one (a link, the level)."""

    title: PlainText(200) | None = None
    kind: AgendaItemKind | None = None
    time_box_minutes: int | None = Field(None, ge=1, le=480)
    confidential: bool | None = None
    required_level: int | None = Field(None, ge=1, le=9, description=(
        "The level a guest needs; null: no guests may join this item."))
    description: str | None = Field(None, max_length=4000)
    case_id: ObjectId | None = Field(None, description="A case of this network, or null.")
    goal_id: ObjectId | None = Field(None, description="A goal of this network, or null.")
    charter_document_id: ObjectId | None = Field(
        None, description="A charter document of this network, or null.")
    guest_ids: list[ObjectId] | None = Field(None, max_length=100, description=(
        "The meeting's guest invitations that join this item (replaces the list)."))


CONFIRM_DESCRIPTION = (
    "Must be true. This step cannot be undone: without an explicit confirmation the request "
    "is refused with a 422 problem (`confirmation_required`) and nothing changes.")


class ConfirmIn(StrictInput):
    confirm: bool | None = Field(None, strict=True, description=CONFIRM_DESCRIPTION,
                                 examples=[True])


class ApproveIn(ConfirmIn):
    decision_id: ObjectId | None = Field(None, description=(
        "An adopted decision of the meeting's body, taken since the meeting began, that "
        "approves these minutes. Needed when neither the chair's nor the secretary's way "
        "applies (see the 409 problem's detail)."))


class AttendanceOut(Schema):
    membership_id: int
    name: str
    organisation: str
    status: str


class AttendanceIn(StrictInput):
    membership_id: ObjectId
    status: AttendanceStatus


class PresenceIn(StrictInput):
    membership_ids: list[ObjectId] = Field(..., max_length=500)


class MinuteEntryOut(Schema):
    id: int
    item_id: int
    visibility: str
    status: str
    text: str
    lock_version: int
    addendum_of_id: int | None


class MinuteEntryIn(StrictInput):
    item_id: ObjectId
    text: str = Field("", max_length=20000)
    # Left out: "present" for a confidential or case item, "network" otherwise. Text with
    # "not_recorded" is a 422: it would not be kept.
    visibility: Visibility | None = None


class MinuteEntryEdit(StrictInput):
    text: str = Field("", max_length=20000)
    visibility: Visibility
    lock_version: int = Field(..., ge=1)


class DecisionOut(Schema):
    id: int
    body_id: int
    meeting_id: int | None
    title: str
    motion: str
    procedure: str
    vote_mode: str
    voting_open: bool
    outcome: str
    rationale: str
    dissent: str
    minority_statement: str
    adopts_charter_version_id: int | None = None
    outcome_label: str = Field(..., description="The outcome in the reader's language")
    decided_at: datetime | None = Field(None, description="Empty while pending")
    tally: dict[str, int] | None = Field(
        None, description="Votes per choice; empty without a vote and while a secret vote "
                          "is open")
    votes_cast: int | None = Field(None, description="How many have voted (no names for a "
                                                     "secret vote)")
    you_voted: bool | None = None
    quorum_present: int | None = Field(
        None, description="Voting members present for the item (written procedure: who "
                          "voted); in the answer for one decision, not in the register")
    quorum_needed: int | None = Field(None, description="Voting members needed; as above")


class DecisionIn(StrictInput):
    item_id: ObjectId | None = None
    title: PlainText(200)
    motion: str = Field(..., min_length=1, max_length=4000)
    procedure: Procedure | None = None
    vote_mode: VoteMode = VoteMode.NAMED
    quorum: int | None = Field(None, ge=1, le=500)
    adopts_charter_version_id: ObjectId | None = None


class WrittenDecisionIn(StrictInput):
    body_id: ObjectId
    title: PlainText(200)
    motion: str = Field(..., min_length=1, max_length=4000)
    procedure: Procedure = Procedure.SIMPLE_MAJORITY
    vote_mode: VoteMode = VoteMode.NAMED
    quorum: int | None = Field(None, ge=1, le=500)
    adopts_charter_version_id: ObjectId | None = None


class VoteIn(StrictInput):
    choice: VoteChoice


class CloseIn(StrictInput):
    rationale: str = Field("", max_length=4000)
    dissent: str = Field("", max_length=4000)
    minority_statement: str = Field("", max_length=4000)


class ActionItemOut(Schema):
    id: int
    body_id: int
    title: str
    owner_id: int | None
    owner_organisation_id: int
    due_on: date | None
    status: str
    overdue: bool


class ActionItemIn(StrictInput):
    body_id: ObjectId
    title: PlainText(200)
    owner_id: ObjectId | None = None
    due_on: date | None = None


class StatusIn(StrictInput):
    status: ActionStatus


class CallLogOut(Schema):
    id: int
    body_id: int
    occurred_on: date
    topic: str
    case_reference: str  # read-only: the linked case's reference
    case_id: int | None
    summary: str
    visibility: str


class CallLogIn(StrictInput):
    body_id: ObjectId
    occurred_on: date
    topic: PlainText(200)
    participant_ids: list[ObjectId] = Field(default_factory=list, max_length=100)
    summary: str = Field("", max_length=4000)
    case_id: ObjectId | None = None
    # "present" is the value of before issue 8, still accepted for "participants".
    visibility: CallVisibility = CallVisibility.NETWORK

    @field_validator("visibility", mode="before")
    @classmethod
    def _legacy_visibility(cls, value):
        return CallVisibility.from_stored(value) if isinstance(value, str) else value


# Helpers ---------------------------------------------------------------------------------

def _meeting(request, meeting_id: int, action: str = "meeting.see"):
    return selectors.meeting_for(request.membership, meeting_id, action=action, purpose="api")


def _listing(request) -> None:
    """A list asks the policy for the network first (network.view, as the tenancy API's
    lists do); its rows come from a pre-filter proven to agree with the policy
    (security/tests/test_prefilters_agree.py)."""
    tenancy_selectors.network_for(request.membership, purpose="api")


def _body(request, body_id: int) -> Body:
    # A body of another network, or none, is a 404 through the policy (body.view); whether
    # this person may act for it is the service's question (403 with the reason).
    return tenancy_selectors.body_for(request.membership, body_id, purpose="api")


def _member(request, membership_id: int) -> Membership:
    return tenancy_selectors.membership_for(request.membership, membership_id, purpose="api")


def _members(request, membership_ids) -> list[Membership]:
    """Each named person through the policy (member.view): one the reader may not know, or
    of another network, makes the whole request a 404. Named twice counts once."""
    return [_member(request, pk) for pk in dict.fromkeys(membership_ids)]


def _linked_case(request, case_id: int | None):
    """A case to link, through the policy (case.see): another network's, or none, is a 404."""
    if case_id is None:
        return None
    from accord.cases.selectors import case_for

    return case_for(request.membership, case_id, action="case.see", purpose="api")


def _reading(request, meeting_id: int):
    return _meeting(request, meeting_id, action="meeting.read")


SHOWN_ITEM_FIELDS = ("kind", "confidential", "required_level", "case_reference", "case_id",
                     "goal_id",
                     "charter_document_id")


def _agenda_out(lines) -> list[dict]:
    return [{"number": line.number, "id": line.item.pk if line.shown else None,
             "title": line.title, "starts_at": line.starts_at, "minutes": line.minutes,
             **{field: getattr(line.item, field) if line.shown else None
                for field in SHOWN_ITEM_FIELDS}}
            for line in lines]


def _confirmed(request, payload: ConfirmIn | None, step: str):
    """None when the client confirmed the irreversible step, else the 422 that says how."""
    if payload is not None and payload.confirm is True:
        return None
    return problem_response(
        request, 422, "confirmation_required",
        detail=_('This cannot be undone. Send {"confirm": true} in the JSON body to %(step)s.')
        % {"step": step},
        errors=[{"field": "body.confirm", "message": _("Must be true."),
                 "code": "confirmation_required"}])


_DECISION_FIELDS = ("id", "body_id", "meeting_id", "title", "motion", "procedure",
                    "vote_mode", "voting_open", "outcome", "rationale", "dissent",
                    "minority_statement", "adopts_charter_version_id", "decided_at")


def _decision_out(decision, membership, counts: tuple[dict[str, int], int, bool] | None = None,
                  quorum: bool = False) -> dict:
    """A secret vote's tally stays empty until the vote closes (issue 8): its count of votes
    and whether the reader voted are all that show."""
    data = {f: getattr(decision, f) for f in _DECISION_FIELDS}
    data["outcome_label"] = str(decision.get_outcome_display())
    if not decision.has_vote:
        return data
    tally, cast, voted = counts if counts is not None else _counts([decision],
                                                                   membership)[decision.pk]
    data.update(tally=None if decisions.tally_hidden(decision) else tally, votes_cast=cast,
                you_voted=voted)
    if quorum:
        data.update(quorum_present=decisions.quorum_present(decision),
                    quorum_needed=decisions.quorum_needed(decision))
    return data


def _counts(rows: list, membership) -> dict[int, tuple[dict[str, int], int, bool]]:
    """Tallies, votes cast and the reader's own vote for many decisions in a few grouped
    queries, not a few per decision (the register listed 500 decisions with 500 queries:
    `accord bench run`)."""
    voted = [d for d in rows if d.has_vote]
    tallies = {d.pk: dict.fromkeys(VoteChoice.values, 0) for d in voted}
    cast = dict.fromkeys(tallies, 0)
    named = [d.pk for d in voted if d.vote_mode == VoteMode.NAMED]
    secret = [d.pk for d in voted if d.vote_mode == VoteMode.SECRET]
    for decision_id, choice, number in (
            Vote.objects.filter(decision_id__in=named).order_by()
            .values_list("decision_id", "choice").annotate(number=Count("pk"))):
        tallies[decision_id][choice] = number
        cast[decision_id] += number
    for decision_id, choice, number in (SecretTally.objects.filter(decision_id__in=secret)
                                        .values_list("decision_id", "choice", "count")):
        tallies[decision_id][choice] = number
    for decision_id, number in (BallotCast.objects.filter(decision_id__in=secret).order_by()
                                .values_list("decision_id").annotate(number=Count("pk"))):
        cast[decision_id] = number
    mine = (set(Vote.objects.filter(decision_id__in=named, voter=membership)
                .values_list("decision_id", flat=True))
            | set(BallotCast.objects.filter(decision_id__in=secret, voter=membership)
                  .values_list("decision_id", flat=True)))
    return {pk: (tallies[pk], cast[pk], pk in mine) for pk in tallies}


def _action_out(action) -> dict:
    return {**{f: getattr(action, f) for f in ActionItemOut.model_fields if f != "overdue"},
            "overdue": action.is_overdue}


# Meetings ----------------------------------------------------------------------------------

@network_router.get("/meetings", response=list[MeetingOut], summary="Meetings you may see")
@paginate(Pages)
def meeting_list(request, network: Path[str], body_id: ObjectId | None = None):
    _listing(request)
    return selectors.meetings_for(membership=request.membership, body_id=body_id)


@network_router.post("/meetings", response={201: MeetingOut}, summary="Schedule a meeting")
@refusals
def meeting_create(request, network: Path[str], payload: MeetingIn):
    body = _body(request, payload.body_id)
    meeting = meeting_services.meeting_create(
        membership=request.membership, body=body, title=payload.title,
        starts_at=payload.starts_at, ends_at=payload.ends_at, place=payload.place,
        video_link=payload.video_link)
    return Status(201, meeting)


@network_router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One meeting")
def meeting_detail(request, network: Path[str], meeting_id: ObjectId):
    return _meeting(request, meeting_id)


@network_router.post("/meetings/{meeting_id}/publish", response=MeetingOut,
                     summary="Publish the agenda and send the invitations")
@refusals
def meeting_publish(request, network: Path[str], meeting_id: ObjectId):
    meeting = _meeting(request, meeting_id)
    agenda.agenda_publish(membership=request.membership, meeting=meeting)
    return meeting


CONFIRMED = {422: dict, 409: dict}


@network_router.post("/meetings/{meeting_id}/cancel", response={200: MeetingOut, **CONFIRMED},
                     summary="Cancel the meeting (needs {\"confirm\": true})",
                     description="Invited calendars receive a cancellation. " + CONFIRM_DESCRIPTION
                     + " A cancelled meeting can be reinstated.")
@refusals
def meeting_cancel(request, network: Path[str], meeting_id: ObjectId,
                   payload: ConfirmIn | None = None):
    meeting = _meeting(request, meeting_id)
    refused = _confirmed(request, payload, _("cancel the meeting"))
    if refused is not None:
        return refused
    meeting_services.meeting_cancel(membership=request.membership, meeting=meeting)
    return meeting


@network_router.post("/meetings/{meeting_id}/reinstate", response={200: MeetingOut, 409: dict},
                     summary="Reinstate a cancelled meeting (scheduled again)")
@refusals
def meeting_reinstate(request, network: Path[str], meeting_id: ObjectId):
    meeting = _meeting(request, meeting_id)
    meeting_services.meeting_reinstate(membership=request.membership, meeting=meeting)
    return meeting


@network_router.post("/meetings/{meeting_id}/mark-held", response={200: MeetingOut, **CONFIRMED},
                     summary="Mark the meeting as held (needs {\"confirm\": true})",
                     description="Refused (409) before the meeting has begun. "
                     + CONFIRM_DESCRIPTION)
@refusals
def meeting_mark_held(request, network: Path[str], meeting_id: ObjectId,
                      payload: ConfirmIn | None = None):
    meeting = _meeting(request, meeting_id)
    refused = _confirmed(request, payload, _("mark the meeting as held"))
    if refused is not None:
        return refused
    meeting_services.meeting_mark_held(membership=request.membership, meeting=meeting)
    return meeting


@network_router.post("/meetings/{meeting_id}/approve-minutes",
                     response={200: MeetingOut, **CONFIRMED},
                     summary="Approve the minutes (needs {\"confirm\": true}; freezes presence)",
                     description="By the chair; by the secretary once the circulated draft's "
                     "period for comments ended without an objection; or by naming the body's "
                     "decision (`decision_id`). Otherwise 409 with the reason. "
                     + CONFIRM_DESCRIPTION)
@refusals
def meeting_approve(request, network: Path[str], meeting_id: ObjectId,
                    payload: ApproveIn | None = None):
    meeting = _meeting(request, meeting_id)
    refused = _confirmed(request, payload, _("approve the minutes"))
    if refused is not None:
        return refused
    decision = None
    if payload.decision_id is not None:
        decision = Decision.objects.filter(pk=payload.decision_id).first()
        if decision is None:
            raise DjangoValidationError({"decision": _(
                "Choose a decision of this body, adopted since the meeting began.")})
    circulation.minutes_approve(membership=request.membership, meeting=meeting,
                                decision=decision)
    return meeting


@network_router.get("/meetings/{meeting_id}/agenda-items", response=list[AgendaItemOut],
                    summary="The agenda as you may see it")
def agenda_list(request, network: Path[str], meeting_id: ObjectId):
    meeting = _meeting(request, meeting_id)
    return _agenda_out(selectors.agenda_for(meeting=meeting, membership=request.membership))


@network_router.post("/meetings/{meeting_id}/agenda-items", response={201: AgendaItemOut},
                     summary="Add an agenda item")
@refusals
def agenda_create(request, network: Path[str], meeting_id: ObjectId, payload: AgendaItemIn):
    meeting = _meeting(request, meeting_id)
    item = agenda.agenda_item_create(membership=request.membership, meeting=meeting,
                                     **payload.dict())
    lines = selectors.agenda_for(meeting=meeting, membership=request.membership)
    return Status(201, next(o for o in _agenda_out(lines) if o["id"] == item.pk))


def _item_of(request, meeting_id: int, item_id: int) -> AgendaItem:
    return selectors.agenda_item_for(request.membership, item_id, meeting_pk=meeting_id,
                                     purpose="api")


@network_router.patch("/meetings/{meeting_id}/agenda-items/{item_id}", response=AgendaItemOut,
                      summary="Change an agenda item (409 once the minutes are approved)")
@refusals
def agenda_update(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId,
                  payload: AgendaItemEdit):
    item = _item_of(request, meeting_id, item_id)
    fields = payload.dict(exclude_unset=True)
    if "case_id" in fields:
        fields["case"] = _linked_case(request, fields.pop("case_id"))
    guest_ids = fields.pop("guest_ids", None)
    guests = None
    if guest_ids is not None:
        guests = list(item.meeting.guests.filter(pk__in=guest_ids))
        if len(guests) != len(set(guest_ids)):
            raise DjangoValidationError({"guests": _("Choose guests invited to this meeting.")})
    agenda.agenda_item_update(membership=request.membership, item=item, guests=guests,
                              **fields)
    lines = selectors.agenda_for(meeting=item.meeting, membership=request.membership)
    return next(o for o in _agenda_out(lines) if o["id"] == item.pk)


@network_router.delete("/meetings/{meeting_id}/agenda-items/{item_id}", response={204: None},
                       summary="Remove an agenda item (409 once the minutes are approved)")
@refusals
def agenda_delete(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    item = _item_of(request, meeting_id, item_id)
    agenda.agenda_item_delete(membership=request.membership, item=item)
    return Status(204, None)


@network_router.get("/minutes/search", response=list[MinuteEntryOut],
                    summary="Search the minutes entries you may read")
@paginate(Pages)
def minutes_search_api(request, network: Path[str], q: str = ""):
    _listing(request)
    return minutes_search(membership=request.membership, query=q[:100])


@network_router.get("/meetings/{meeting_id}/attendance", response=list[AttendanceOut],
                    summary="Participants (readers of the body's minutes)")
def attendance_list(request, network: Path[str], meeting_id: ObjectId):
    meeting = _reading(request, meeting_id)
    return [{"membership_id": a.membership_id, "name": a.membership.user.full_name,
             "organisation": a.organisation.name, "status": a.status}
            for a in meeting.attendances.select_related("membership__user", "organisation")]


@network_router.post("/meetings/{meeting_id}/attendance", response=AttendanceOut,
                     summary="Record one person's attendance (chair or secretary)")
@refusals
def attendance_set(request, network: Path[str], meeting_id: ObjectId, payload: AttendanceIn):
    meeting = _meeting(request, meeting_id)
    person = _member(request, payload.membership_id)
    row = attendance.attendance_set(membership=request.membership, meeting=meeting,
                                    person=person, status=payload.status)
    return {"membership_id": person.pk, "name": person.user.full_name,
            "organisation": row.organisation.name, "status": row.status}


@network_router.put("/meetings/{meeting_id}/agenda-items/{item_id}/presence",
                    response={204: None}, summary="Who was present for an item")
@refusals
def presence_set(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId,
                 payload: PresenceIn):
    item = _item_of(request, meeting_id, item_id)
    members = _members(request, payload.membership_ids)
    attendance.item_presence_set(membership=request.membership, item=item, members=members)
    return Status(204, None)


@network_router.get("/meetings/{meeting_id}/minute-entries", response=list[MinuteEntryOut],
                    summary="The minutes entries you may read")
def minute_list(request, network: Path[str], meeting_id: ObjectId):
    meeting = _meeting(request, meeting_id)
    return selectors.minute_entries_read(meeting=meeting, membership=request.membership,
                                         purpose="api")


@network_router.post("/meetings/{meeting_id}/minute-entries", response={201: MinuteEntryOut},
                     summary="Write a draft entry (chair or secretary)")
@refusals
def minute_create(request, network: Path[str], meeting_id: ObjectId, payload: MinuteEntryIn):
    item = _item_of(request, meeting_id, payload.item_id)
    entry = minutes.minute_entry_create(
        membership=request.membership, item=item, text=payload.text,
        visibility=payload.visibility or default_visibility(item))
    return Status(201, entry)


@network_router.put("/meetings/{meeting_id}/minute-entries/{entry_id}",
                    response=MinuteEntryOut,
                    summary="Edit a draft entry; 409 with the stored text on a conflict")
@refusals
def minute_update(request, network: Path[str], meeting_id: ObjectId, entry_id: ObjectId,
                  payload: MinuteEntryEdit):
    entry = selectors.minute_entry_for(request.membership, entry_id, meeting_pk=meeting_id,
                                       action="minute_entry.edit", purpose="api")
    return minutes.minute_entry_update(membership=request.membership, entry=entry,
                                       text=payload.text, visibility=payload.visibility,
                                       lock_version=payload.lock_version)


# Decisions -------------------------------------------------------------------------------

@network_router.get("/decisions", response=list[DecisionOut], summary="The decision register")
@paginate(Pages)
def decision_list(request, network: Path[str], body_id: ObjectId | None = None, outcome: str = "",
                  q: str = ""):
    _listing(request)
    return _TalliedDecisions(membership=request.membership, rows=selectors.decisions_register(
        membership=request.membership, body_id=body_id, outcome=outcome[:12], query=q[:100]))


@network_router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut},
                     summary="Put a decision (chair or secretary)")
@refusals
def decision_create(request, network: Path[str], meeting_id: ObjectId, payload: DecisionIn):
    meeting = _meeting(request, meeting_id)
    item = (_item_of(request, meeting.pk, payload.item_id) if payload.item_id else None)
    decision = decisions.decision_create(
        membership=request.membership, body=meeting.body, meeting=meeting, item=item,
        title=payload.title, motion=payload.motion, procedure=payload.procedure or "",
        vote_mode=payload.vote_mode, quorum=payload.quorum,
        adopts_charter_version_id=payload.adopts_charter_version_id)
    return Status(201, _decision_out(decision, request.membership, quorum=True))


@network_router.post("/decisions", response={201: DecisionOut},
                     summary="Put a motion to a body by written procedure (no meeting)")
@refusals
def decision_written_create(request, network: Path[str], payload: WrittenDecisionIn):
    body = _body(request, payload.body_id)
    decision = decisions.decision_create(
        membership=request.membership, body=body, title=payload.title, motion=payload.motion,
        procedure=payload.procedure, vote_mode=payload.vote_mode, quorum=payload.quorum,
        adopts_charter_version_id=payload.adopts_charter_version_id)
    return Status(201, _decision_out(decision, request.membership, quorum=True))


@network_router.get("/decisions/{decision_id}", response=DecisionOut, summary="One decision")
def decision_detail(request, network: Path[str], decision_id: ObjectId):
    decision = selectors.decision_for(request.membership, decision_id, purpose="api")
    return _decision_out(decision, request.membership, quorum=True)


@network_router.post("/decisions/{decision_id}/votes", response={201: None},
                     summary="Cast your vote (members with a voting right, once)")
@refusals
def vote_cast(request, network: Path[str], decision_id: ObjectId, payload: VoteIn):
    decision = selectors.decision_for(request.membership, decision_id, purpose="api")
    decisions.vote_cast(membership=request.membership, decision=decision, choice=payload.choice)
    return Status(201, None)


@network_router.post("/decisions/{decision_id}/close", response=DecisionOut,
                     summary="Close the vote and record the outcome")
@refusals
def vote_close(request, network: Path[str], decision_id: ObjectId,
               payload: CloseIn | None = None):
    # No body, or an object: `false`, `[]` or `"x"` are refused (422), never read as "close".
    decision = selectors.decision_for(request.membership, decision_id, purpose="api")
    closed = decisions.voting_close(membership=request.membership, decision=decision,
                                    **(payload or CloseIn()).dict())
    return _decision_out(closed, request.membership, quorum=True)


# Actions and calls -----------------------------------------------------------------------

@network_router.get("/action-items", response=list[ActionItemOut], summary="Your actions")
@paginate(Pages)
def action_list(request, network: Path[str]):
    _listing(request)
    return [_action_out(a) for a in selectors.my_actions(membership=request.membership)]


@network_router.post("/action-items", response={201: ActionItemOut}, summary="Assign an action")
@refusals
def action_create(request, network: Path[str], payload: ActionItemIn):
    body = _body(request, payload.body_id)
    owner = _member(request, payload.owner_id) if payload.owner_id else None
    action = actions.action_item_create(membership=request.membership, body=body,
                                        title=payload.title, owner=owner, due_on=payload.due_on)
    return Status(201, _action_out(action))


@network_router.post("/action-items/{action_id}/status", response=ActionItemOut,
                     summary="Change an action's status")
def action_status(request, network: Path[str], action_id: ObjectId, payload: StatusIn):
    action = selectors.action_for(request.membership, action_id, purpose="api")
    return _action_out(actions.action_item_set_status(
        membership=request.membership, action=action, status=payload.status))


@network_router.get("/call-logs", response=list[CallLogOut], summary="Call logs you may read")
@paginate(Pages)
def call_log_list(request, network: Path[str]):
    return selectors.call_logs_read(membership=request.membership, purpose="api", limit=1000)


@network_router.post("/call-logs", response={201: CallLogOut}, summary="Log a call")
def call_log_create(request, network: Path[str], payload: CallLogIn):
    body = _body(request, payload.body_id)
    people = _members(request, payload.participant_ids)
    log = actions.call_log_create(
        membership=request.membership, body=body, occurred_on=payload.occurred_on,
        topic=payload.topic, participants=people, summary=payload.summary,
        case=_linked_case(request, payload.case_id), visibility=payload.visibility)
    return Status(201, log)


# Guests ----------------------------------------------------------------------------------

def _guest(request):
    invitation = current_guest(request)
    if invitation is None or invitation.acknowledged_at is None:
        raise Http404
    return invitation


@guest_router.get("/meeting/agenda-items", response=list[AgendaItemOut],
                  summary="The guest's agenda: their items, others as unnamed slots")
def guest_agenda(request):
    invitation = _guest(request)
    with scope(network=invitation.network_id):
        return _agenda_out(selectors.agenda_for(meeting=invitation.meeting, guest=invitation,
                                                seen_as="API agenda"))


@guest_router.get("/meeting/minute-entries", response=list[MinuteEntryOut],
                  summary="The minutes entries of the guest's items they may read")
def guest_minutes(request):
    invitation = _guest(request)
    with scope(network=invitation.network_id):
        return selectors.minute_entries_read(meeting=invitation.meeting, guest=invitation,
                                             seen_as="API minutes")


router.add_router("/n/{network}/", network_router)
router.add_router("/guest/", guest_router)
