"""The foundation's own entities: networks, organisations, bodies and memberships."""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from accord.policy.entities import ref, refs, register, register_principal


def member_attrs(memberships: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.tenancy.models import BodyMembership, BodyRole

    seats: dict[int, list] = {m.pk: [] for m in memberships}
    for seat in BodyMembership.objects.filter(membership__in=list(seats)).only(
            "membership_id", "body_id", "role", "voting_right"):
        seats[seat.membership_id].append(seat)
    now = timezone.now()
    return [{
        "network": ref("Network", m.network_id),
        "organisation": ref("Organisation", m.organisation_id),
        "roles": sorted(set(m.roles)),
        "seats": refs("Body", (s.body_id for s in seats[m.pk])),
        "leads": refs("Body", (s.body_id for s in seats[m.pk]
                               if s.role in (BodyRole.CHAIR, BodyRole.SECRETARY))),
        "votes_in": refs("Body", (s.body_id for s in seats[m.pk] if s.voting_right)),
        "active": m.active_from <= now and (m.active_until is None or m.active_until > now),
    } for m in memberships]


def network_attrs(networks: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", n.pk)} for n in networks]


def organisation_attrs(organisations: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", o.network_id), "sector": o.sector}
            for o in organisations]


def body_attrs(bodies: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", b.network_id), "kind": b.kind} for b in bodies]


def membership_attrs(memberships: Sequence[Any]) -> list[dict[str, Any]]:
    """A membership as the object of an act (ending it, changing its roles)."""
    return [{"network": ref("Network", m.network_id),
             "organisation": ref("Organisation", m.organisation_id)} for m in memberships]


def register_foundation() -> None:
    from accord.tenancy.models import Body, Membership, Network, Organisation

    register_principal(Membership, type="Member", attrs=member_attrs)
    register(Network, type="Network", attrs=network_attrs, exists_action="network.view")
    register(Organisation, type="Organisation", attrs=organisation_attrs,
             exists_action="network.view")
    register(Body, type="Body", attrs=body_attrs, exists_action="network.view")
    # Membership is both principal (Member) and, when acted upon, a resource (Membership).
    register(Membership, type="Membership", attrs=membership_attrs,
             exists_action="network.view")
