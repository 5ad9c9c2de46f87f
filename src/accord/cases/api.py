"""The case register's API: /api/v1/n/{network}/cases, /cases/{id} and /cases/{id}/transitions.
Same selectors, services and policy as the pages: every case through `case_for`, the list
through the pre-filter and a bulk decision, the signal's words only through
cases.access.read_facets (channel "api"). Inputs are strict: unknown fields, unknown states
and over-long text are a 422 before anything is written."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from accord import policy
from accord.api.pagination import Pages
from accord.api.schemas import ObjectId, OrganisationRef, PlainText, StrictInput
from accord.cases import selectors, services
from accord.cases.models import (
    AgeBand,
    Case,
    CaseParticipant,
    CaseState,
    CaseTransition,
    CaseWorker,
    ClosureReason,
    ConcernLevel,
    ConcernType,
    Gender,
    Tier,
    TriageOutcome,
)
from accord.tenancy import selectors as tenancy_selectors
from accord.tenancy.models import Membership, Organisation, Sector

router = Router()
network_router = Router(tags=["cases"])

PURPOSE = "api"


# Schemas ---------------------------------------------------------------------------------

class ParticipantOut(Schema):
    organisation: OrganisationRef
    tier: str


class WorkerOut(Schema):
    membership_id: int
    full_name: str


class SignalOut(Schema):
    allowed: bool
    summary: str | None = None
    reason: str | None = None
    rule: str


class CaseOut(Schema):
    id: int
    reference: str
    state: str
    source_sector: str
    concern_type_id: int | None
    concern_type: str | None
    concern_level: str
    signal_received_on: date
    lead_organisation_id: int | None
    coordinator_id: int | None
    chair_id: int | None
    next_review_on: date | None
    triage_outcome: str
    closure_reason: str
    age_band: str
    gender: str
    district: str


class CaseDetailOut(CaseOut):
    participants: list[ParticipantOut]
    workers: list[WorkerOut]
    signal: SignalOut


class ParticipantIn(StrictInput):
    organisation_id: ObjectId
    tier: Tier = Tier.CASE


class CaseFieldsIn(StrictInput):
    concern_type_id: ObjectId | None = None
    concern_level: ConcernLevel = ConcernLevel.UNKNOWN
    lead_organisation_id: ObjectId | None = None
    coordinator_id: ObjectId | None = None
    chair_id: ObjectId | None = None
    next_review_on: date | None = None
    age_band: AgeBand = AgeBand.UNKNOWN
    gender: Gender = Gender.UNKNOWN
    district: PlainText(80, min_length=0) = ""
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=100)
    worker_ids: list[ObjectId] = Field(default_factory=list, max_length=100)


class CaseIn(CaseFieldsIn):
    source_sector: Sector
    signal_received_on: date | None = None
    signal_summary: PlainText(4000, min_length=0, multiline=True) = ""


class CasePatch(StrictInput):
    """Only the fields sent change; participants and worker_ids, when sent, replace the lists."""

    source_sector: Sector | None = None
    signal_received_on: date | None = None
    signal_summary: PlainText(4000, min_length=0, multiline=True) | None = None
    concern_type_id: ObjectId | None = None
    concern_level: ConcernLevel | None = None
    lead_organisation_id: ObjectId | None = None
    coordinator_id: ObjectId | None = None
    chair_id: ObjectId | None = None
    next_review_on: date | None = None
    age_band: AgeBand | None = None
    gender: Gender | None = None
    district: PlainText(80, min_length=0) | None = None
    participants: list[ParticipantIn] | None = Field(None, max_length=100)
    worker_ids: list[ObjectId] | None = Field(None, max_length=100)


class TransitionOut(Schema):
    id: int
    from_state: str
    to_state: str
    outcome: str
    reason: str
    at: datetime
    by_id: int | None


class TransitionIn(StrictInput):
    to_state: CaseState
    reason: PlainText(2000, multiline=True)
    triage_outcome: TriageOutcome | None = None
    closure_reason: ClosureReason | None = None


# Helpers ---------------------------------------------------------------------------------

def _case(request, case_id: int, action: str = "case.view") -> Case:
    return selectors.case_for(request.membership, case_id, action=action, purpose=PURPOSE)


def _organisation(request, pk: int | None) -> Organisation | None:
    # Another network's organisation, or none, is a 404 through the policy.
    if pk is None:
        return None
    return tenancy_selectors.organisation_for(request.membership, pk, purpose=PURPOSE)


def _member(request, pk: int | None) -> Membership | None:
    if pk is None:
        return None
    return tenancy_selectors.membership_for(request.membership, pk, purpose=PURPOSE)


def _concern_type(request, pk: int | None) -> ConcernType | None:
    if pk is None:
        return None
    services.ensure_concern_types(request.membership.network)
    found = ConcernType.objects.filter(network_id=request.membership.network_id, pk=pk).first()
    if found is None:
        raise ValidationError({"concern_type_id": _("This network has no such concern type.")})
    return found


def _resolved(request, payload: Schema, sent: set[str]) -> dict:
    """The payload's ids as the network's own objects, each through the policy."""
    values = {}
    for field, resolve in (("concern_type_id", _concern_type),
                           ("lead_organisation_id", _organisation),
                           ("coordinator_id", _member), ("chair_id", _member)):
        if field in sent:
            values[field.removesuffix("_id")] = resolve(request, getattr(payload, field))
    for field in ("source_sector", "signal_received_on", "signal_summary", "concern_level",
                  "next_review_on", "age_band", "gender", "district"):
        if field in sent:
            value = getattr(payload, field)
            values[field] = str(value) if hasattr(value, "value") else value
    if "participants" in sent and payload.participants is not None:
        values["participants"] = [(_organisation(request, p.organisation_id), str(p.tier))
                                  for p in payload.participants]
    if "worker_ids" in sent and payload.worker_ids is not None:
        values["workers"] = [_member(request, pk) for pk in dict.fromkeys(payload.worker_ids)]
    return values


def _case_out(case: Case) -> dict:
    return {
        "id": case.pk, "reference": case.reference, "state": case.state,
        "source_sector": case.source_sector, "concern_type_id": case.concern_type_id,
        "concern_type": case.concern_type.label if case.concern_type else None,
        "concern_level": case.concern_level, "signal_received_on": case.signal_received_on,
        "lead_organisation_id": case.lead_organisation_id,
        "coordinator_id": case.coordinator_id, "chair_id": case.chair_id,
        "next_review_on": case.next_review_on, "triage_outcome": case.triage_outcome,
        "closure_reason": case.closure_reason, "age_band": case.age_band,
        "gender": case.gender, "district": case.district,
    }


def _detail_out(request, case: Case) -> dict:
    participants = CaseParticipant.objects.filter(case=case).select_related("organisation")
    workers = CaseWorker.objects.filter(case=case).select_related("membership__user")
    signal = selectors.signal_for(request.membership, case, purpose=PURPOSE, channel="api")
    return {
        **_case_out(case),
        "participants": [{"organisation": p.organisation, "tier": p.tier}
                         for p in participants],
        "workers": [{"membership_id": w.membership_id, "full_name": w.membership.user.full_name}
                    for w in workers],
        "signal": {"allowed": signal.allowed, "rule": signal.rule,
                   "summary": signal.summary if signal.allowed else None,
                   "reason": None if signal.allowed else signal.reason},
    }


class _DecidedCases:
    """The list for the paginator: counted in SQL, the page's rows decided in one call."""

    def __init__(self, rows, membership):
        self.rows = rows
        self.membership = membership

    def all(self):
        return self.rows

    def __getitem__(self, page: slice) -> list[dict]:
        rows = list(self.rows[page])
        return [_case_out(c) for c in selectors.decided_rows(self.membership, rows,
                                                             purpose=PURPOSE)]


# Cases -----------------------------------------------------------------------------------

@network_router.get("/cases", response=list[CaseOut], summary="Cases you may open")
@paginate(Pages)
def case_list(request, network: Path[str], state: CaseState | None = None,
              concern_type_id: ObjectId | None = None,
              lead_organisation_id: ObjectId | None = None,
              concern_level: ConcernLevel | None = None, review_due: bool = False,
              mine: bool = False):
    membership = request.membership
    policy.require(membership, "case.list", membership.network, purpose=PURPOSE)
    filters = selectors.CaseFilters(
        state=str(state or ""), concern_type=concern_type_id,
        lead_organisation=lead_organisation_id, concern_level=str(concern_level or ""),
        review_due=review_due, mine=mine)
    rows = selectors.filtered_cases(membership, filters).select_related(
        "concern_type", "lead_organisation", "network")
    return _DecidedCases(rows, membership)


@network_router.post("/cases", response={201: CaseDetailOut}, summary="Open a case on a signal")
def case_create(request, network: Path[str], payload: CaseIn):
    values = _resolved(request, payload, set(payload.model_fields_set) | {
        "source_sector", "concern_level", "age_band", "gender", "district", "signal_summary",
        "participants", "worker_ids"})
    case = services.case_create(membership=request.membership, **values)
    return Status(201, _detail_out(request, _case(request, case.pk)))


@network_router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case")
def case_detail(request, network: Path[str], case_id: ObjectId):
    return _detail_out(request, _case(request, case_id))


@network_router.patch("/cases/{case_id}", response=CaseDetailOut,
                      summary="Change a case's register fields, participants or workers")
def case_patch(request, network: Path[str], case_id: ObjectId, payload: CasePatch):
    case = _case(request, case_id, action="case.manage")
    sent = set(payload.model_fields_set)
    for field in ("source_sector", "signal_received_on", "concern_level", "age_band",
                  "gender", "district", "signal_summary"):
        if field in sent and getattr(payload, field) is None:
            sent.discard(field)  # null for a field that has no "none": nothing to change
    values = _resolved(request, payload, sent)
    services.case_update(membership=request.membership, case=case, **values)
    return _detail_out(request, _case(request, case_id))


@network_router.get("/cases/{case_id}/transitions", response=list[TransitionOut],
                    summary="The case's lifecycle, step by step")
def transition_list(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    return list(CaseTransition.objects.filter(case=case).order_by("at", "pk"))


@network_router.post("/cases/{case_id}/transitions", response={201: TransitionOut},
                     summary="Move the case one step of its lifecycle")
def transition_create(request, network: Path[str], case_id: ObjectId, payload: TransitionIn):
    case = _case(request, case_id, action="case.manage")
    transition = services.case_transition(
        membership=request.membership, case=case, to_state=str(payload.to_state),
        reason=payload.reason, triage_outcome=str(payload.triage_outcome or ""),
        closure_reason=str(payload.closure_reason or ""))
    return Status(201, transition)


router.add_router("/n/{network}/", network_router)
