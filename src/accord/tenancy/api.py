"""The tenancy API: the caller (`/api/v1/me`) and the organisations, members and bodies of one
network (`/api/v1/n/{network}/…`).

The network scope middleware has activated the network named in the path before any handler
runs, so every query below goes through the scoped managers and another network's id is
simply not found (404).
"""

from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from accord.api.pagination import Pages
from accord.api.schemas import NETWORK, ObjectId, OrganisationRef, PlainText, StrictInput
from accord.api.security import PolicyAuth
from accord.tenancy import selectors, services
from accord.tenancy.models import BodyKind, BodyMembership, BodyRole, Role, Sector

router = Router(tags=["network"])
me_router = Router(tags=["me"])


def _operation(name: str) -> str:
    # The operation ids clients were generated from, kept when this module moved from the api
    # app (ninja would derive them from the module's path).
    return f"accord_api_tenancy_{name}"


# --- output -----------------------------------------------------------------------------


class NetworkOut(Schema):
    slug: str
    name: str
    jurisdiction: str
    default_language: str
    time_zone: str


class OrganisationOut(Schema):
    id: int
    name: str
    sector: Sector


class MemberOut(Schema):
    id: int = Field(description="The membership's id (one person in this network).")
    full_name: str = Field(alias="user.full_name")
    organisation: OrganisationRef
    roles: list[Role]
    active_from: datetime
    active_until: datetime | None


class BodyMemberOut(Schema):
    member_id: int = Field(alias="membership_id")
    full_name: str = Field(alias="membership.user.full_name")
    role: BodyRole
    voting_right: bool


class BodyOut(Schema):
    id: int
    name: str
    kind: BodyKind
    description: str
    members: list[BodyMemberOut] = Field(alias="body_memberships")


class MyNetworkOut(Schema):
    slug: str = Field(alias="network.slug")
    name: str = Field(alias="network.name")
    organisation: OrganisationRef
    roles: list[Role]


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    networks: list[MyNetworkOut]


# --- input ------------------------------------------------------------------------------


class OrganisationIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={
        "examples": [{"name": "Jugendamt Rheinstadt", "sector": "youth_social"}]})

    name: PlainText(160)
    sector: Sector


class BodyIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Fallkonferenz Nord", "kind": "operational",
        "description": "Monthly case conference of the northern districts."}]})

    name: PlainText(160)
    kind: BodyKind
    description: PlainText(2000, min_length=0, multiline=True) = ""


# --- operations -------------------------------------------------------------------------


@me_router.get("/me", response=MeOut, summary="The signed-in person and their networks",
               operation_id="accord_api_me_me")
def me(request):
    # `/api/v1/me`: the caller and the networks they may enter (no network in the path). A
    # comment, not a docstring: ninja would publish a docstring as the operation's description.
    memberships = selectors.memberships_entering(user=request.user, purpose="api")
    token = getattr(request, "api_token", None)
    if token is not None:
        # A token belongs to one membership and says nothing about the person's other networks.
        memberships = [m for m in memberships if m.pk == token.membership_id]
    user = request.user
    return {"id": user.pk, "email": user.email, "full_name": user.full_name,
            "language": user.language, "networks": memberships}


def _bodies(request):
    now = timezone.now()
    current = (
        BodyMembership.objects.filter(membership__active_from__lte=now)
        .filter(Q(membership__active_until__isnull=True) | Q(membership__active_until__gt=now))
        .select_related("membership__user")
        .order_by("role", "membership__user__full_name")
    )
    return selectors.network_bodies(network=request.network).prefetch_related(
        Prefetch("body_memberships", queryset=current)
    )


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations",
             operation_id=_operation("organisation_list"))
@paginate(Pages)
def organisation_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return selectors.network_organisations(network=request.network)


@router.post("/organisations", response={201: OrganisationOut},
             auth=PolicyAuth("organisation.manage"),
             summary="Create an organisation (coordinators)",
             operation_id=_operation("organisation_create"))
def organisation_create(request, payload: OrganisationIn, network: str = NETWORK):
    organisation = services.organisation_create(by=request.membership, name=payload.name,
                                                sector=payload.sector)
    return Status(201, organisation)


@router.get("/organisations/{id}", response=OrganisationOut, summary="One organisation",
             operation_id=_operation("organisation_detail"))
def organisation_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.organisation_for(request.membership, id, purpose="api")


@router.get("/members", response=list[MemberOut], summary="List current members",
             operation_id=_operation("member_list"))
@paginate(Pages)
def member_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return selectors.network_members(network=request.network)


@router.get("/members/{id}", response=MemberOut, summary="One current member",
             operation_id=_operation("member_detail"))
def member_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.membership_for(request.membership, id, purpose="api", current_only=True)


@router.get("/bodies", response=list[BodyOut], summary="List bodies with their members",
             operation_id=_operation("body_list"))
@paginate(Pages)
def body_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return _bodies(request)


@router.post("/bodies", response={201: BodyOut}, auth=PolicyAuth("body.manage"),
             summary="Create a body (coordinators)",
             operation_id=_operation("body_create"))
def body_create(request, payload: BodyIn, network: str = NETWORK):
    body = services.body_create(by=request.membership, name=payload.name, kind=payload.kind,
                                description=payload.description)
    return Status(201, selectors.body_for(request.membership, body.pk, purpose="api",
                                          queryset=_bodies(request)))


@router.get("/bodies/{id}", response=BodyOut, summary="One body with its members",
             operation_id=_operation("body_detail"))
def body_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.body_for(request.membership, id, purpose="api", queryset=_bodies(request))
