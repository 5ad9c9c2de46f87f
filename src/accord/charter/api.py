"""The charter in the API: `/api/v1/n/{network}/charter-documents`, `goals`, `glossary-terms`,
`responsibilities`, `levels`, `practice-statuses`.

Same rules as the pages: members read adopted and proposed texts, observers adopted ones,
editors (coordinators, chair and secretary of a strategic body) write; anyone without charter
access gets 404. Every write goes through the same services, so it is audited the same way.
"""

from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.errors import problem_response
from accord.api.schemas import ObjectId, StrictInput
from accord.api.security import AccordAuth
from accord.api.tenancy import NETWORK, Pages
from accord.charter import selectors, services
from accord.charter.models import (
    MAX_BODY_CHARS,
    Assessment,
    DocumentKind,
    PracticeState,
    Raci,
    Responsibility,
    Severity,
)
from accord.charter.raci import role_flags
from accord.charter.roadmap import PRACTICE_BY_CODE, PRACTICES
from accord.tenancy.models import Body, Membership, Organisation


class CharterAuth(AccordAuth):
    """The caller, if the policy permits `action` on the network's charter. Checked as
    authentication, before the body is parsed, so a reader who may not write learns nothing
    from validation errors: `Denied` is a 404 for somebody who may not read the charter, a 403
    with the reason (and the rule) for a reader who may not do this."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action

    def __call__(self, request):
        result = super().__call__(request)
        request.charter = selectors.charter_for(getattr(request, "membership", None),
                                                request.network, action=self.action,
                                                purpose=PURPOSE)
        return result


PURPOSE = "api"
router = Router(tags=["charter"], auth=CharterAuth("charter.view"))
EDIT = CharterAuth("charter.edit")
COMMENT = CharterAuth("charter.comment")


# --- schemas --------------------------------------------------------------------------------

class VersionOut(Schema):
    number: int
    status: str
    adopted_by_body_id: int | None
    adopted_on: date | None
    superseded_on: date | None
    decision_id: int | None
    lock_version: int


class VersionDetailOut(VersionOut):
    body: str


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.all())


class DocumentIn(StrictInput):
    kind: DocumentKind
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field("", max_length=MAX_BODY_CHARS)


class StarterIn(StrictInput):
    kind: DocumentKind
    language: str = Field("en", pattern="^(en|de|nl|fr)$")


class VersionEditIn(StrictInput):
    body: str = Field(..., max_length=MAX_BODY_CHARS)
    lock_version: int = Field(..., ge=1)


class AdoptIn(StrictInput):
    body_id: ObjectId
    adopted_on: date
    decision_id: ObjectId | None = None


class CommentOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return str(obj.author.user) if obj.author_id else None


class CommentIn(StrictInput):
    text: str = Field(..., min_length=1, max_length=4000)


class ReviewOut(Schema):
    id: int
    assessment: str
    evidence: str
    reviewed_on: date


class GoalOut(Schema):
    id: int
    statement: str
    indicators: str
    owner_organisation_id: int | None
    review_interval_months: int
    next_review_on: date | None
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


class GoalIn(StrictInput):
    statement: str = Field(..., min_length=1, max_length=500)
    indicators: str = Field("", max_length=4000)
    owner_organisation_id: ObjectId | None = None
    review_interval_months: int = Field(6, ge=1, le=36)
    next_review_on: date | None = None


class GoalPatch(StrictInput):
    """Only the fields sent change; a field sent as null is refused unless it may be empty."""

    statement: str | None = Field(None, min_length=1, max_length=500)
    indicators: str | None = Field(None, max_length=4000)
    owner_organisation_id: ObjectId | None = None
    review_interval_months: int | None = Field(None, ge=1, le=36)
    next_review_on: date | None = None


class ReviewIn(StrictInput):
    assessment: Assessment
    evidence: str = Field("", max_length=4000)
    reviewed_on: date


class TranslationIn(StrictInput):
    term: str = Field("", max_length=120)
    definition: str = Field("", max_length=2000)


class TermOut(Schema):
    id: int
    term: str
    definition: str
    source_definition: str
    source: str
    usage_notes: str
    translations: dict


class TermIn(StrictInput):
    term: str = Field(..., min_length=1, max_length=120)
    definition: str = Field(..., min_length=1, max_length=2000)
    source_definition: str = Field("", max_length=2000)
    source: str = Field("", max_length=300)
    usage_notes: str = Field("", max_length=2000)
    translations: dict[str, TranslationIn] = Field(default_factory=dict, max_length=4)


class AssignmentOut(Schema):
    raci: str
    party: str
    label: str

    @staticmethod
    def resolve_party(obj):
        return obj.party_key

    @staticmethod
    def resolve_label(obj):
        return obj.party_label


class ResponsibilityOut(Schema):
    id: int
    task: str
    description: str
    deputy_id: int | None
    assignments: list[AssignmentOut]
    flags: list[str] = []

    @staticmethod
    def resolve_assignments(obj):
        return list(obj.assignments.all())


class AssignmentIn(StrictInput):
    raci: Raci
    party: str = Field(..., max_length=60, description="org:<id>, body:<id>:<role> or "
                                                       "member:<id>")


class ResponsibilityIn(StrictInput):
    task: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    deputy_id: ObjectId | None = None
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=40)


class ResponsibilityPatch(StrictInput):
    """Only the fields sent change; `assignments`, when sent, replaces all parties."""

    task: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    deputy_id: ObjectId | None = None
    assignments: list[AssignmentIn] | None = Field(None, max_length=40)


class LevelOut(Schema):
    id: int
    number: int
    name: str
    admits: str
    min_severity: str
    topics: str


class LevelIn(StrictInput):
    number: int = Field(..., ge=1, le=9)
    name: str = Field(..., min_length=1, max_length=120)
    admits: str = Field(..., min_length=1, max_length=1000)
    min_severity: Severity = Severity.ANY
    topics: str = Field("", max_length=500)


class LevelPatch(StrictInput):
    number: int | None = Field(None, ge=1, le=9)
    name: str | None = Field(None, min_length=1, max_length=120)
    admits: str | None = Field(None, min_length=1, max_length=1000)
    min_severity: Severity | None = None
    topics: str | None = Field(None, max_length=500)


class PracticeOut(Schema):
    practice: str
    title: str
    status: str
    owner_id: int | None
    note: str


class PracticeIn(StrictInput):
    status: PracticeState
    owner_id: ObjectId | None = None
    note: str = Field("", max_length=2000)


# --- helpers --------------------------------------------------------------------------------

def _in_network(model, request, pk: int | None, field: str):
    """An id of this network's object, or a 422 naming the field (another network: unknown)."""
    if pk is None:
        return None
    found = model.objects.filter(network=request.network, pk=pk).first()
    if found is None:
        raise DjangoValidationError({field: _("Unknown id in this network.")})
    return found


def _adopting_decision(request, pk: int | None, body):
    """The decision that records the adoption: one of this network, taken by the adopting body
    (another network's id is simply unknown, as everywhere)."""
    # By name: the charter app stays independent of the meetings app that keeps decisions.
    decision = _in_network(apps.get_model("meetings", "Decision"), request, pk, "decision_id")
    if decision is not None and decision.body_id != body.pk:
        raise DjangoValidationError(
            {"decision_id": _("Choose a decision of the body that adopts the version.")})
    return decision


def _document(request, id: int, action: str = "charter_document.view"):
    return selectors.document_for(request.membership, id, action=action, purpose=PURPOSE)


def _version(request, id: int, number: int, action: str = "charter_version.view"):
    return selectors.version_for(request.membership, id, number, action=action,
                                 purpose=PURPOSE)


def _conflict(request, error: DjangoValidationError):
    return problem_response(request, 409, "conflict", detail=" ".join(error.messages))


# Fields a PATCH may not set to null (the model has no "nothing" for them).
_REQUIRED_ON_PATCH = {"statement", "indicators", "review_interval_months", "task",
                      "description", "assignments", "number", "name", "admits",
                      "min_severity", "topics"}


def _patch_values(payload) -> dict:
    """The fields the client sent; null for a field that cannot be empty is a 422."""
    values = payload.dict(exclude_unset=True)
    empty = sorted(k for k, v in values.items() if v is None and k in _REQUIRED_ON_PATCH)
    if empty:
        raise DjangoValidationError({k: _("This field cannot be empty.") for k in empty})
    return values


# --- charter documents ----------------------------------------------------------------------

@router.get("/charter-documents", response=list[DocumentOut], summary="Charter documents")
@paginate(Pages)
def document_list(request, network: str = NETWORK):
    return selectors.documents_seen_by(request.membership, request.network, purpose=PURPOSE)


@router.post("/charter-documents", response={201: DocumentOut}, auth=EDIT,
             summary="Create a document with its first draft (editors)")
def document_create(request, payload: DocumentIn, network: str = NETWORK):
    version = services.document_create(membership=request.membership, **payload.dict())
    return Status(201, _document(request, version.document_id))


@router.post("/charter-documents/from-template", response={201: DocumentOut}, auth=EDIT,
             summary="Adopt a starter template as a first draft (editors)")
def document_from_starter(request, payload: StarterIn, network: str = NETWORK):
    version = services.document_create_from_starter(membership=request.membership,
                                                    kind=payload.kind,
                                                    language=payload.language)
    return Status(201, _document(request, version.document_id))


@router.get("/charter-documents/{id}", response=DocumentOut, summary="One charter document")
def document_detail(request, id: ObjectId, network: str = NETWORK):
    return _document(request, id)


@router.get("/charter-documents/{id}/versions", response=list[VersionOut],
            summary="Versions of a document you may see")
def version_list(request, id: ObjectId, network: str = NETWORK):
    return list(_document(request, id).versions.all())


@router.post("/charter-documents/{id}/versions", response={201: VersionDetailOut, 409: dict},
             auth=EDIT, summary="Start a new draft from the latest text (editors)")
def version_draft(request, id: ObjectId, network: str = NETWORK):
    try:
        version = services.version_draft(
            membership=request.membership,
            document=_document(request, id, "charter_document.draft"))
    except DjangoValidationError as error:
        return _conflict(request, error)
    return Status(201, version)


@router.get("/charter-documents/{id}/versions/{number}", response=VersionDetailOut,
            summary="One version with its Markdown text")
def version_detail(request, id: ObjectId, number: int, network: str = NETWORK):
    return _version(request, id, number)


@router.patch("/charter-documents/{id}/versions/{number}", response={200: VersionDetailOut,
                                                                     409: dict},
              auth=EDIT, summary="Edit a draft (adopted versions are refused with 409)")
def version_edit(request, id: ObjectId, number: int, payload: VersionEditIn,
                 network: str = NETWORK):
    try:
        return services.version_edit(
            membership=request.membership,
            version=_version(request, id, number, "charter_version.edit"), **payload.dict())
    except DjangoValidationError as error:
        return _conflict(request, error)


@router.post("/charter-documents/{id}/versions/{number}/propose",
             response={200: VersionDetailOut, 409: dict}, auth=EDIT,
             summary="Propose a draft for adoption (editors)")
def version_propose(request, id: ObjectId, number: int, network: str = NETWORK):
    try:
        return services.version_propose(
            membership=request.membership,
            version=_version(request, id, number, "charter_version.propose"))
    except DjangoValidationError as error:
        return _conflict(request, error)


@router.post("/charter-documents/{id}/versions/{number}/adopt",
             response={200: VersionDetailOut, 409: dict}, auth=EDIT,
             summary="Record the adoption of a proposed version (editors)")
def version_adopt(request, id: ObjectId, number: int, payload: AdoptIn, network: str = NETWORK):
    body = _in_network(Body, request, payload.body_id, "body_id")
    decision = _adopting_decision(request, payload.decision_id, body)
    version = _version(request, id, number, "charter_version.adopt")
    try:
        return services.version_adopt(membership=request.membership, version=version,
                                      body=body, adopted_on=payload.adopted_on,
                                      decision_id=decision.pk if decision else None)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        return _conflict(request, error)


@router.get("/charter-documents/{id}/versions/{number}/comments", response=list[CommentOut],
            auth=COMMENT, summary="Comments on a version (members and editors)")
def comment_list(request, id: ObjectId, number: int, network: str = NETWORK):
    version = _version(request, id, number, "charter_version.comments")
    return list(version.comments.select_related("author__user").order_by("created_at", "pk"))


@router.post("/charter-documents/{id}/versions/{number}/comments",
             response={201: CommentOut, 409: dict}, auth=COMMENT,
             summary="Comment on a proposed version (members and editors)")
def comment_create(request, id: ObjectId, number: int, payload: CommentIn, network: str = NETWORK):
    version = _version(request, id, number, "charter_version.comment")
    try:
        comment = services.comment_add(membership=request.membership, version=version,
                                       text=payload.text.strip())
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        return _conflict(request, error)
    return Status(201, comment)


# --- goals ----------------------------------------------------------------------------------

@router.get("/goals", response=list[GoalOut], summary="Goals and their reviews")
@paginate(Pages)
def goal_list(request, network: str = NETWORK):
    return selectors.goals(network=request.network)


@router.post("/goals", response={201: GoalOut}, auth=EDIT, summary="Add a goal (editors)")
def goal_create(request, payload: GoalIn, network: str = NETWORK):
    values = payload.dict()
    owner = _in_network(Organisation, request, values.pop("owner_organisation_id"),
                        "owner_organisation_id")
    goal = services.goal_create(membership=request.membership, owner_organisation=owner,
                                **values)
    return Status(201, selectors.goal_for(request.membership, goal.pk, purpose=PURPOSE))


@router.get("/goals/{id}", response=GoalOut, summary="One goal with its reviews")
def goal_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.goal_for(request.membership, id, purpose=PURPOSE)


@router.patch("/goals/{id}", response=GoalOut, auth=EDIT,
              summary="Change some fields of a goal (editors)")
def goal_patch(request, id: ObjectId, payload: GoalPatch, network: str = NETWORK):
    goal = selectors.goal_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    values = _patch_values(payload)
    if "owner_organisation_id" in values:
        values["owner_organisation"] = _in_network(
            Organisation, request, values.pop("owner_organisation_id"), "owner_organisation_id")
    services.goal_update(membership=request.membership, goal=goal, **values)
    return selectors.goal_for(request.membership, id, purpose=PURPOSE)


@router.get("/goals/{id}/reviews", response=list[ReviewOut],
            summary="A goal's reviews, newest first")
def goal_review_list(request, id: ObjectId, network: str = NETWORK):
    goal = selectors.goal_for(request.membership, id, purpose=PURPOSE)
    return list(goal.reviews.order_by("-reviewed_on", "-pk"))


@router.post("/goals/{id}/reviews", response={201: ReviewOut}, auth=EDIT,
             summary="Record a review (editors)")
def goal_review(request, id: ObjectId, payload: ReviewIn, network: str = NETWORK):
    goal = selectors.goal_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    review = services.goal_review_record(membership=request.membership, goal=goal,
                                         **payload.dict())
    return Status(201, review)


# --- glossary -------------------------------------------------------------------------------

def _term_values(payload: TermIn) -> dict:
    values = payload.dict()
    values["translations"] = {k: dict(v) for k, v in values["translations"].items()}
    return values


@router.get("/glossary-terms", response=list[TermOut], summary="Glossary terms")
@paginate(Pages)
def term_list(request, network: str = NETWORK):
    return selectors.glossary(network=request.network)


@router.post("/glossary-terms", response={201: TermOut}, auth=EDIT,
             summary="Add a term (editors)")
def term_create(request, payload: TermIn, network: str = NETWORK):
    return Status(201, services.term_create(membership=request.membership,
                                            **_term_values(payload)))


@router.put("/glossary-terms/{id}", response=TermOut, auth=EDIT,
            summary="Replace a term (editors)")
def term_update(request, id: ObjectId, payload: TermIn, network: str = NETWORK):
    term = selectors.term_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    return services.term_update(membership=request.membership, glossary_term=term,
                                **_term_values(payload))


@router.delete("/glossary-terms/{id}", response={204: None}, auth=EDIT,
               summary="Remove a term (editors)")
def term_delete(request, id: ObjectId, network: str = NETWORK):
    term = selectors.term_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    services.term_delete(membership=request.membership, term=term)
    return Status(204, None)


# --- responsibilities -----------------------------------------------------------------------

def _with_flags(request, tasks: list[Responsibility]) -> list[Responsibility]:
    flags = role_flags(tasks, network=request.network)
    for task in tasks:
        task.flags = (["nobody_responsible"] if task in flags.nobody_responsible else []) + (
            ["single_person"] if task in flags.single_person else [])
    return tasks


@router.get("/responsibilities", response=list[ResponsibilityOut],
            summary="Tasks with who is responsible, accountable, consulted and informed")
def responsibility_list(request, network: str = NETWORK):
    return _with_flags(request, list(selectors.responsibilities(network=request.network)))


@router.post("/responsibilities", response={201: ResponsibilityOut}, auth=EDIT,
             summary="Add a task (editors)")
def responsibility_create(request, payload: ResponsibilityIn, network: str = NETWORK):
    deputy = _in_network(Membership, request, payload.deputy_id, "deputy_id")
    task = services.responsibility_create(
        membership=request.membership, task=payload.task, description=payload.description,
        deputy=deputy, assignments=[a.dict() for a in payload.assignments])
    tasks = _with_flags(request, list(selectors.responsibilities(network=request.network)))
    return Status(201, next(t for t in tasks if t.pk == task.pk))


@router.patch("/responsibilities/{id}", response=ResponsibilityOut, auth=EDIT,
              summary="Change a task; `assignments`, when sent, replaces its parties (editors)")
def responsibility_patch(request, id: ObjectId, payload: ResponsibilityPatch,
                         network: str = NETWORK):
    task = selectors.responsibility_for(request.membership, id, action="charter.edit",
                                        purpose=PURPOSE)
    values = _patch_values(payload)
    if "deputy_id" in values:
        values["deputy"] = _in_network(Membership, request, values.pop("deputy_id"),
                                       "deputy_id")
    if "assignments" in values:
        values["assignments"] = [dict(a) for a in values["assignments"]]
    services.responsibility_update(membership=request.membership, responsibility=task,
                                   **values)
    tasks = _with_flags(request, list(selectors.responsibilities(network=request.network)))
    return next(t for t in tasks if t.pk == task.pk)


@router.delete("/responsibilities/{id}", response={204: None}, auth=EDIT,
               summary="Remove a task (editors)")
def responsibility_delete(request, id: ObjectId, network: str = NETWORK):
    task = selectors.responsibility_for(request.membership, id, action="charter.edit",
                                        purpose=PURPOSE)
    services.responsibility_delete(membership=request.membership, responsibility=task)
    return Status(204, None)


# --- levels ---------------------------------------------------------------------------------

@router.get("/levels", response=list[LevelOut], summary="The level system")
def level_list(request, network: str = NETWORK):
    return list(selectors.levels(network=request.network))


@router.post("/levels", response={201: LevelOut}, auth=EDIT, summary="Add a level (editors)")
def level_create(request, payload: LevelIn, network: str = NETWORK):
    return Status(201, services.level_create(membership=request.membership, **payload.dict()))


@router.patch("/levels/{id}", response=LevelOut, auth=EDIT,
              summary="Change some fields of a level (editors)")
def level_patch(request, id: ObjectId, payload: LevelPatch, network: str = NETWORK):
    level = selectors.level_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    return services.level_update(membership=request.membership, level=level,
                                 **_patch_values(payload))


@router.delete("/levels/{id}", response={204: None}, auth=EDIT,
               summary="Remove a level (editors)")
def level_delete(request, id: ObjectId, network: str = NETWORK):
    level = selectors.level_for(request.membership, id, action="charter.edit", purpose=PURPOSE)
    services.level_delete(membership=request.membership, level=level)
    return Status(204, None)


# --- roadmap --------------------------------------------------------------------------------

def _practice_out(code: str, record) -> dict:
    return {"practice": code, "title": str(PRACTICE_BY_CODE[code].title),
            "status": record.status if record else PracticeState.NOT_STARTED,
            "owner_id": record.owner_id if record else None,
            "note": record.note if record else ""}


@router.get("/practice-statuses", response=list[PracticeOut],
            summary="Every roadmap practice with the network's status")
def practice_list(request, network: str = NETWORK):
    statuses = selectors.practice_statuses(network=request.network)
    return [_practice_out(p.code, statuses.get(p.code)) for p in PRACTICES]


@router.put("/practice-statuses/{practice}", response=PracticeOut, auth=EDIT,
            summary="Set a practice's status, owner and note (editors)")
def practice_set(request, practice: str, payload: PracticeIn, network: str = NETWORK):
    if practice not in PRACTICE_BY_CODE:
        raise Http404  # no such practice: a missing resource, whoever asks
    owner = _in_network(Membership, request, payload.owner_id, "owner_id")
    record = services.practice_status_set(membership=request.membership, practice=practice,
                                          status=payload.status, owner=owner,
                                          note=payload.note)
    return _practice_out(practice, record)
