"""The papers and speakers API (issue 16), under the API's existing nesting:

    /api/v1/n/{network}/meetings/{meeting_id}/agenda-items/{item_id}/papers
    /api/v1/n/{network}/meetings/{meeting_id}/agenda-items/{item_id}/papers/{paper_id}/download
    /api/v1/n/{network}/meetings/{meeting_id}/agenda-items/{item_id}/speakers (+ /withdraw,
    /next, /done)

Same services, selectors and policy as the pages. An upload is multipart/form-data (the
only body the API takes that is not JSON); a link is the same form without a file.
"""

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from pydantic.json_schema import SkipJsonSchema

from accord import policy
from accord.api.limits import sent_file_name
from accord.api.schemas import ObjectId, PlainText, StrictInput
from accord.meetings import papers_selectors as selectors
from accord.meetings.api import refusals
from accord.meetings.models import Paper, PaperKind, PaperVisibility
from accord.meetings.services import papers as services
from accord.meetings.services import speakers as speaker_services
from accord.meetings.views.papers import paper_response

router = Router(tags=["meeting papers"])

ITEM = "/n/{network}/meetings/{meeting_id}/agenda-items/{item_id}"


class PaperOut(Schema):
    id: int
    item_id: int
    title: str
    kind: str
    url: str = Field(..., description="For a link; empty for an upload")
    original_filename: str
    content_type: str
    size: int
    sha256: str = Field(..., description="SHA-256 of the file, hex; empty for a link")
    visibility: str
    version: int
    supersedes_id: int | None
    current: bool
    uploaded_at: datetime
    readable: bool = Field(..., description="Whether you may download it")
    reason: str = Field("", description="Why not, when you may not")


class SpeakerOut(Schema):
    id: int
    membership_id: int
    name: str
    requested_at: datetime
    called_at: datetime | None
    done_at: datetime | None
    speaking_time_seconds: int | None


class SpeakersOut(Schema):
    speaking: SpeakerOut | None
    waiting: list[SpeakerOut]
    spoken: list[SpeakerOut]
    you_may_request: bool
    you_may_call: bool


class PaperIn(StrictInput):
    title: PlainText(200, min_length=0) = ""
    kind: PaperKind = PaperKind.UPLOAD
    visibility: PaperVisibility = PaperVisibility.BODY
    url: PlainText(500, min_length=0) = Field("", description="For a link: https only")
    # A form part cannot be null: the description offers an id or nothing (leave it out).
    supersedes_id: ObjectId | SkipJsonSchema[None] = Field(
        None, description="The version this one replaces; left out for a new paper")


class CallNextIn(StrictInput):
    speaking_time_seconds: int | None = Field(None, ge=1, le=3600)


def _paper_out(paper: Paper, readable: bool = True, reason: str = "") -> dict:
    return {**{f: getattr(paper, f) for f in (
        "id", "item_id", "title", "kind", "url", "original_filename", "content_type", "size",
        "sha256", "visibility", "version", "supersedes_id", "uploaded_at")},
        "current": paper.is_current, "readable": readable, "reason": reason}


def _speaker_out(row) -> dict | None:
    if row is None:
        return None
    return {"id": row.pk, "membership_id": row.membership_id,
            "name": row.membership.user.full_name or row.membership.user.email,
            "requested_at": row.requested_at, "called_at": row.called_at,
            "done_at": row.done_at, "speaking_time_seconds": row.speaking_time_seconds}


def _speakers_out(request, item) -> dict:
    s = selectors.speakers_of(request.membership, item)
    return {"speaking": _speaker_out(s.speaking), "waiting": [_speaker_out(r) for r in s.waiting],
            "spoken": [_speaker_out(r) for r in s.spoken], "you_may_request": s.may_request,
            "you_may_call": s.may_call}


def _refuse_unknown_fields(request) -> None:
    """Ninja's form model ignores fields it does not know; a JSON body would refuse them
    (StrictInput), so the form does too: a client never believes it set something it did not."""
    unknown = [("form", key) for key in request.POST if key not in PaperIn.model_fields]
    unknown += [("file", key) for key in request.FILES if key != "file"]
    if unknown:
        raise NinjaValidationError([{"loc": loc, "msg": _("Unknown field."),
                                     "type": "extra_forbidden"} for loc in unknown])


@router.get(ITEM + "/papers", response=list[PaperOut],
            summary="The item's papers you may know of, every version")
def paper_list(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    page = selectors.item_papers_for(request.membership, meeting_id, item_id, purpose="api")
    return [_paper_out(line.paper, line.readable, line.reason) for line in page.lines]


@router.post(ITEM + "/papers", response={201: PaperOut, 409: dict},
             summary="Add a paper: a file (multipart) or a link",
             description="multipart/form-data. `kind` upload (with `file`: PDF, ODT, DOCX, PNG "
             "or JPEG, typed by content, at most ACCORD_PAPER_MAX_BYTES) or link (with `url`, "
             "https only). `supersedes_id`: the current version this one replaces.",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {
                 "schema": {"additionalProperties": False}}}}})
@refusals
def paper_create(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId,
                 payload: Form[PaperIn], file: File[UploadedFile] = None):
    _refuse_unknown_fields(request)
    page = selectors.item_papers_for(request.membership, meeting_id, item_id, purpose="api")
    # Who may add papers hears so before anything about their form (403 with the reason).
    policy.require(request.membership, "paper.upload", page.item, purpose="api")
    title, kind, visibility, url = payload.title, payload.kind, payload.visibility, payload.url
    old = None
    if payload.supersedes_id is not None:
        old = selectors.paper_for(request.membership, payload.supersedes_id, item_pk=item_id,
                                  meeting_pk=meeting_id, action="paper.supersede",
                                  purpose="api")
    if kind == PaperKind.LINK:
        if not title:
            raise DjangoValidationError({"title": _("Give the link a title.")})
        paper = services.paper_link_add(membership=request.membership, item=page.item,
                                        title=title, visibility=visibility, url=url,
                                        supersedes=old)
    else:
        if file is None:
            raise DjangoValidationError({"file": _("Choose a file to upload.")})
        paper = services.paper_upload(membership=request.membership, item=page.item,
                                      title=title, visibility=visibility, upload=file,
                                      filename=sent_file_name(request, file), supersedes=old)
    return Status(201, _paper_out(paper))


@router.get(ITEM + "/papers/{paper_id}/download", response={200: None, 302: None},
            summary="Download a paper (streamed; a link answers with a redirect)")
def paper_download(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId,
                   paper_id: ObjectId):
    from django.http import HttpResponseRedirect

    paper = selectors.paper_for(request.membership, paper_id, item_pk=item_id,
                                meeting_pk=meeting_id, purpose="api")
    if paper.kind == PaperKind.LINK:
        return HttpResponseRedirect(paper.url)
    return paper_response(paper, services.paper_open(paper))


# Speakers ----------------------------------------------------------------------------------

def _speakers_item(request, meeting_id: int, item_id: int):
    return selectors.speakers_item_for(request.membership, meeting_id, item_id, purpose="api")


@router.get(ITEM + "/speakers", response=SpeakersOut, summary="The item's speakers list")
def speakers_list(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    return _speakers_out(request, _speakers_item(request, meeting_id, item_id))


@router.post(ITEM + "/speakers", response={201: SpeakersOut, 409: dict},
             summary="Ask to speak (members at the meeting)")
@refusals
def speakers_request(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    item = _speakers_item(request, meeting_id, item_id)
    speaker_services.speaker_request(membership=request.membership, item=item)
    return Status(201, _speakers_out(request, item))


@router.post(ITEM + "/speakers/withdraw", response={200: SpeakersOut, 409: dict},
             summary="Withdraw your request to speak")
@refusals
def speakers_withdraw(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    item = _speakers_item(request, meeting_id, item_id)
    speaker_services.speaker_withdraw(membership=request.membership, item=item)
    return _speakers_out(request, item)


@router.post(ITEM + "/speakers/next", response={200: SpeakersOut, 409: dict},
             summary="Call the next speaker (chair or secretary)")
@refusals
def speakers_next(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId,
                  payload: CallNextIn | None = None):
    item = _speakers_item(request, meeting_id, item_id)
    speaker_services.speaker_call_next(
        membership=request.membership, item=item,
        speaking_time_seconds=payload.speaking_time_seconds if payload else None)
    return _speakers_out(request, item)


@router.post(ITEM + "/speakers/done", response={200: SpeakersOut, 409: dict},
             summary="End the current speaker's turn (chair or secretary)")
@refusals
def speakers_done(request, network: Path[str], meeting_id: ObjectId, item_id: ObjectId):
    item = _speakers_item(request, meeting_id, item_id)
    speaker_services.speaker_done(membership=request.membership, item=item)
    return _speakers_out(request, item)
