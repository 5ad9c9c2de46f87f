"""Reads of tenancy data. The few that must look across networks (which networks may this
person enter?) say so here, in one place, with `scopes_disabled`."""

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from accord.tenancy.models import Body, BodyMembership, Membership, Network, Organisation


def membership_for(*, user, network_slug: str) -> Membership | None:
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


def memberships_of_user(*, user) -> list[Membership]:
    """Every network the user may enter now, for the network switcher and the start page."""
    with scopes_disabled():
        return list(
            Membership.objects.active()
            .select_related("network", "organisation")
            .filter(user=user)
            .order_by("network__name")
        )


def network_organisations(*, network: Network) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network=network).order_by("name")


def network_members(*, network: Network, include_former: bool = False) -> QuerySet[Membership]:
    members = Membership.objects.filter(network=network).select_related("user", "organisation")
    if not include_former:
        members = members.active()
    return members.order_by("user__full_name")


def network_bodies(*, network: Network) -> QuerySet[Body]:
    return Body.objects.filter(network=network).order_by("kind", "name")


def bodies_of_membership(*, membership: Membership) -> QuerySet[BodyMembership]:
    return (
        BodyMembership.objects.filter(membership=membership)
        .select_related("body")
        .order_by("body__kind", "body__name")
    )
