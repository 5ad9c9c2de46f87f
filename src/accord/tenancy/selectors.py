"""Reads of tenancy data. The few that must look across networks (which networks may this
person enter?) say so here, in one place, with `scopes_disabled`."""

from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord import policy
from accord.tenancy.models import (
    Body,
    BodyMembership,
    BodyRole,
    Invitation,
    Membership,
    Network,
    Organisation,
)

# For this long after joining, the network home welcomes a member (and, with the charter
# issue, offers the onboarding pack).
NEW_MEMBER_DAYS = 14


def active_membership(*, user, network_slug: str) -> Membership | None:
    """The user's active membership in the network named by the URL, or None (then: 404)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    with scopes_disabled():
        return (
            Membership.objects.active()
            .select_related("network", "organisation", "user")
            .filter(user=user, network__slug=network_slug)
            .first()
        )


# --- fetch and authorise ----------------------------------------------------------------------
# One selector per object type: the object if the policy permits `action` on it for `purpose`,
# else `accord.policy.Denied` (404 when the reader may not know it exists, 403 with the reason
# otherwise). Another network's object is never found: the scoped managers and the policy's
# absolute limit (limit.same_network) both keep it out.

def network_for(membership: Membership, *, action: str = "network.view",
                purpose: str = "view") -> Network:
    """The acting membership's network, if the policy permits `action` on it."""
    policy.require(membership, action, membership.network, purpose=purpose)
    return membership.network


def membership_for(membership: Membership, pk: int, *, action: str = "member.view",
                   purpose: str = "view", current_only: bool = False) -> Membership:
    members = Membership.objects.select_related("user", "organisation", "network")
    if current_only:
        members = members.active()
    return policy.fetch(membership, members, action=action, purpose=purpose, pk=pk)


def organisation_for(membership: Membership, pk: int, *, action: str = "organisation.view",
                     purpose: str = "view") -> Organisation:
    return policy.fetch(membership, Organisation.objects.select_related("network"),
                        action=action, purpose=purpose, pk=pk)


def body_for(membership: Membership, pk: int, *, action: str = "body.view",
             purpose: str = "view", queryset: QuerySet[Body] | None = None) -> Body:
    """`queryset` lets a caller prefetch what it shows (the API's seats)."""
    bodies = Body.objects.select_related("network") if queryset is None else queryset
    return policy.fetch(membership, bodies, action=action, purpose=purpose, pk=pk)


def seat_for(membership: Membership, body_pk: int, pk: int, *, action: str = "body.manage",
             purpose: str = "administer") -> BodyMembership:
    return policy.fetch(membership, BodyMembership.objects.select_related("body__network"),
                        action=action, purpose=purpose, pk=pk, body_id=body_pk)


def invitation_for(membership: Membership, pk: int, *, action: str = "member.invite",
                   purpose: str = "administer") -> Invitation:
    return policy.fetch(membership, Invitation.objects.select_related("network"),
                        action=action, purpose=purpose, pk=pk)


def memberships_of_user(*, user) -> list[Membership]:
    """Every network the user may enter now, for the network switcher and the start page."""
    with scopes_disabled():
        return list(
            Membership.objects.active()
            .select_related("network", "organisation")
            .filter(user=user)
            .order_by("network__name")
        )


def memberships_entering(*, user, purpose: str = "view") -> list[Membership]:
    """`memberships_of_user`, each asked of the policy (network.view on its network, as that
    membership): for the pages and the API that list a person's networks."""
    entering = []
    for membership in memberships_of_user(user=user):
        # No network is active on these routes; each decision runs in its membership's own.
        with scope(network=membership.network_id):
            if policy.decide(membership, "network.view", membership.network,
                             purpose=purpose).allowed:
                entering.append(membership)
    return entering


def network_organisations(*, network: Network) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network=network).order_by("name")


def _active_now(prefix: str) -> Q:
    """The condition of Membership.objects.active(), through a relation named by `prefix`."""
    now = timezone.now()
    open_ended = Q(**{f"{prefix}active_until__isnull": True})
    not_yet_ended = Q(**{f"{prefix}active_until__gt": now})
    return Q(**{f"{prefix}active_from__lte": now}) & (open_ended | not_yet_ended)


def network_organisations_with_counts(*, network: Network) -> QuerySet[Organisation]:
    """Organisations, each with `member_count`: its active members."""
    return network_organisations(network=network).annotate(
        member_count=Count("memberships", filter=_active_now("memberships__")))


def network_bodies_with_counts(*, network: Network) -> QuerySet[Body]:
    """Bodies, each with `seat_count`: its members whose membership is active."""
    return network_bodies(network=network).annotate(
        seat_count=Count("body_memberships",
                         filter=_active_now("body_memberships__membership__")))


def network_members(*, network: Network, include_former: bool = False) -> QuerySet[Membership]:
    members = Membership.objects.filter(network=network).select_related("user", "organisation")
    if not include_former:
        members = members.active()
    return members.order_by("user__full_name")


def members_seen_by(*, membership: Membership) -> QuerySet[Membership]:
    """The members `membership` may see (member.view): the network's current members, and its
    former members too for those the policy lets run the network."""
    include_former = policy.decide(membership, "network.administer", membership.network,
                                   purpose="view").allowed
    return network_members(network=membership.network, include_former=include_former)


def network_members_with_bodies(*, network: Network, include_former: bool = False,
                                search: str = "",
                                without_body: bool = False) -> QuerySet[Membership]:
    """Members for the members list, each with `seats` (their body memberships), narrowed to
    names or organisations containing `search`, or to members who sit on no body. Ordered by
    name then id, so pages of it never overlap; the page prefetches seats for its rows only."""
    seats = BodyMembership.objects.select_related("body").order_by("body__kind", "body__name")
    members = network_members(network=network, include_former=include_former)
    if search:
        members = members.filter(Q(user__full_name__icontains=search)
                                 | Q(organisation__name__icontains=search))
    if without_body:
        members = members.filter(body_memberships__isnull=True)
    return members.order_by("user__full_name", "pk").prefetch_related(
        Prefetch("body_memberships", queryset=seats, to_attr="seats"))


def former_members(*, network: Network) -> QuerySet[Membership]:
    return (Membership.objects.filter(network=network, active_until__lte=timezone.now())
            .select_related("user", "organisation").order_by("-active_until"))


def network_member_by_email(*, network: Network, email: str) -> Membership | None:
    return (Membership.objects.active()
            .filter(network=network, user__email__iexact=email.strip()).first())


def members_without_body(*, network: Network) -> QuerySet[Membership]:
    return network_members(network=network).filter(body_memberships__isnull=True)


def membership_is_new(*, membership: Membership) -> bool:
    return membership.active_from > timezone.now() - timedelta(days=NEW_MEMBER_DAYS)


def network_bodies(*, network: Network) -> QuerySet[Body]:
    return Body.objects.filter(network=network).order_by("kind", "name")


# Chair first, then secretary, members, advisers: the order a body's list is read in.
_ROLE_RANK = Case(*(When(role=role, then=Value(rank)) for rank, role in enumerate(BodyRole.values)),
                  output_field=IntegerField())


def body_seats(*, body: Body) -> QuerySet[BodyMembership]:
    """The body's members now. Seats of ended memberships are kept as history, not shown."""
    active = Membership.objects.active().filter(network=body.network_id)
    return (
        BodyMembership.objects.filter(body=body, membership__in=active)
        .select_related("membership__user", "membership__organisation")
        .annotate(role_rank=_ROLE_RANK)
        .order_by("role_rank", "membership__user__full_name")
    )


def body_candidates(*, body: Body) -> QuerySet[Membership]:
    """Active members of the body's network who do not sit on it yet."""
    return (network_members(network=body.network)
            .exclude(body_memberships__body=body))


def open_invitations(*, network: Network) -> QuerySet[Invitation]:
    return (Invitation.objects.filter(network=network, accepted_at__isnull=True,
                                      revoked_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("organisation").order_by("-created_at"))


def invitation_by_token(*, token_hash: str) -> Invitation | None:
    """The invitation a link names, in whichever network: the invitee is not a member yet, so
    no scope is active; the token's hash alone decides. Open or not is the caller's question."""
    with scopes_disabled():
        return (Invitation.objects.select_related("network", "organisation")
                .filter(token_hash=token_hash).first())


def bodies_of_membership(*, membership: Membership) -> QuerySet[BodyMembership]:
    return (
        BodyMembership.objects.filter(membership=membership)
        .select_related("body")
        .order_by("body__kind", "body__name")
    )


# Every list pre-filter kept beside the policy, with the action it must agree with: for every
# actor and every object of the type, object in prefilter(actor) <=> the policy permits the
# action (tests/test_policy.py checks it on the demo and the security suite's world).
POLICY_PREFILTERS = [
    (members_seen_by, "member.view"),
    (lambda *, membership: network_organisations(network=membership.network),
     "organisation.view"),
    (lambda *, membership: network_bodies(network=membership.network), "body.view"),
]
