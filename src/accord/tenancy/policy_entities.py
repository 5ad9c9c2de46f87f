"""Tenancy's objects as the decision point sees them: networks, organisations, bodies and
memberships, and the acting member (registered in TenancyConfig.ready; the policy app imports
no app above it)."""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from accord.policy.entities import ref, refs, register, register_principal


def member_attrs(memberships: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.tenancy.models import BodyMembership, BodyRole, Organisation

    seats: dict[int, list] = {m.pk: [] for m in memberships}
    for seat in BodyMembership.objects.filter(membership__in=list(seats)).only(
            "membership_id", "body_id", "role", "voting_right"):
        seats[seat.membership_id].append(seat)
    sectors = {o.pk: o.sector for o in (m._state.fields_cache.get("organisation")
                                        for m in memberships) if o is not None}
    missing = {m.organisation_id for m in memberships} - set(sectors)
    if missing:
        sectors.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "sector"))
    now = timezone.now()
    return [{
        "network": ref("Network", m.network_id),
        "organisation": ref("Organisation", m.organisation_id),
        "sector": sectors.get(m.organisation_id, ""),
        "roles": sorted(set(m.roles)),
        "seats": refs("Body", (s.body_id for s in seats[m.pk])),
        "leads": refs("Body", (s.body_id for s in seats[m.pk]
                               if s.role in (BodyRole.CHAIR, BodyRole.SECRETARY))),
        "votes_in": refs("Body", (s.body_id for s in seats[m.pk] if s.voting_right)),
        "active": m.active_from <= now and (m.active_until is None or m.active_until > now),
        "clearance": m.clearance,
    } for m in memberships]


def network_attrs(networks: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", n.pk)} for n in networks]


def organisation_attrs(organisations: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", o.network_id), "sector": o.sector}
            for o in organisations]


def body_attrs(bodies: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", b.network_id), "kind": b.kind} for b in bodies]


def membership_attrs(memberships: Sequence[Any]) -> list[dict[str, Any]]:
    """A membership as the object of an act (viewing it, ending it, changing its roles)."""
    now = timezone.now()
    return [{"network": ref("Network", m.network_id),
             "organisation": ref("Organisation", m.organisation_id),
             "active": m.active_from <= now and (m.active_until is None or m.active_until > now)}
            for m in memberships]


def invitation_attrs(invitations: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", i.network_id),
             "organisation": ref("Organisation", i.organisation_id)} for i in invitations]


def seat_attrs(seats: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", s.network_id), "body": ref("Body", s.body_id)}
            for s in seats]


def register_foundation() -> None:
    from accord.tenancy.models import (
        Body,
        BodyMembership,
        Invitation,
        Membership,
        Network,
        Organisation,
    )

    register_principal(Membership, type="Member", attrs=member_attrs)
    register(Network, type="Network", attrs=network_attrs, exists_action="network.view")
    register(Organisation, type="Organisation", attrs=organisation_attrs,
             exists_action="organisation.view")
    register(Body, type="Body", attrs=body_attrs, exists_action="body.view")
    register(BodyMembership, type="Seat", attrs=seat_attrs, exists_action="body.view")
    # Membership is both principal (Member) and, when acted upon, a resource (Membership).
    # A former member's page is hidden (404) from those who may not see former members.
    register(Membership, type="Membership", attrs=membership_attrs,
             exists_action="member.view")
    # Invitations are the coordinators' business: to anyone else one does not exist (404).
    register(Invitation, type="Invitation", attrs=invitation_attrs,
             exists_action="member.invite")
