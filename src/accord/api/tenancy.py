"""Organisations, members and bodies of one network: `/api/v1/n/{network}/…`.

The network scope middleware has activated the network named in the path before any handler
runs, so every query below goes through the scoped managers and another network's id is
simply not found (404). Every operation asks accord.policy first: a list the network.view on
the network, one object its `*_for` selector, a write its action through PolicyAuth.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from ninja import Field, Path, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from accord.api.schemas import (
    BodyIn,
    BodyOut,
    MemberOut,
    ObjectId,
    OrganisationIn,
    OrganisationOut,
)
from accord.api.security import PolicyAuth
from accord.tenancy import selectors, services
from accord.tenancy.models import BodyMembership

router = Router(tags=["network"])

NETWORK = Path(..., description="The network's short name in addresses, e.g. `rheinstadt`.",
               max_length=50)


class Pages(LimitOffsetPagination):
    """Bounded limit and offset: a huge number is a 422, not a database overflow."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=1_000_000)


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


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations")
@paginate(Pages)
def organisation_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return selectors.network_organisations(network=request.network)


@router.post("/organisations", response={201: OrganisationOut},
             auth=PolicyAuth("organisation.manage"),
             summary="Create an organisation (coordinators)")
def organisation_create(request, payload: OrganisationIn, network: str = NETWORK):
    organisation = services.organisation_create(by=request.membership, name=payload.name,
                                                sector=payload.sector)
    return Status(201, organisation)


@router.get("/organisations/{id}", response=OrganisationOut, summary="One organisation")
def organisation_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.organisation_for(request.membership, id, purpose="api")


@router.get("/members", response=list[MemberOut], summary="List current members")
@paginate(Pages)
def member_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return selectors.network_members(network=request.network)


@router.get("/members/{id}", response=MemberOut, summary="One current member")
def member_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.membership_for(request.membership, id, purpose="api", current_only=True)


@router.get("/bodies", response=list[BodyOut], summary="List bodies with their members")
@paginate(Pages)
def body_list(request, network: str = NETWORK):
    selectors.network_for(request.membership, purpose="api")
    return _bodies(request)


@router.post("/bodies", response={201: BodyOut}, auth=PolicyAuth("body.manage"),
             summary="Create a body (coordinators)")
def body_create(request, payload: BodyIn, network: str = NETWORK):
    body = services.body_create(by=request.membership, name=payload.name, kind=payload.kind,
                                description=payload.description)
    return Status(201, selectors.body_for(request.membership, body.pk, purpose="api",
                                          queryset=_bodies(request)))


@router.get("/bodies/{id}", response=BodyOut, summary="One body with its members")
def body_detail(request, id: ObjectId, network: str = NETWORK):
    return selectors.body_for(request.membership, id, purpose="api", queryset=_bodies(request))
