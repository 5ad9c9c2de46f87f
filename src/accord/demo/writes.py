"""The demo's writes, in one place, each with its audit event in the same transaction.

Organisations, bodies and seats go through the tenancy services, acting as the network's
coordinator, exactly as if the coordinator had clicked through the pages. What no service
offers (a network and its first coordinator exist before anyone can act; members join by
invitation e-mail, which the demo skips) is written here with the audit event such a service
would record, so `accord audit verify` and the audit page show a complete, true trail.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User
from accord.audit.services import audit_record
from accord.tenancy import services
from accord.tenancy.models import Body, BodyMembership, Membership, Network, Organisation

ACTOR_LABEL = "accord demo"


def _audit(*, network: Network, by: Membership | None, action: str, obj, summary: dict) -> None:
    audit_record(network=network, actor=by.user if by else None,
                 actor_label=None if by else ACTOR_LABEL, action=action, obj=obj,
                 summary=summary)


@transaction.atomic
def network_add(*, slug: str, name: str, jurisdiction: str, language: str,
                time_zone: str) -> Network:
    network = Network(slug=slug, name=name, jurisdiction=jurisdiction,
                      default_language=language, time_zone=time_zone)
    network.full_clean()
    network.save()
    _audit(network=network, by=None, action="network.created", obj=network,
           summary={"fields": ["name", "slug", "jurisdiction", "default_language", "time_zone"]})
    return network


@transaction.atomic
def organisation_add(*, network: Network, by: Membership | None, name: str,
                     sector: str) -> Organisation:
    """Through the service once a coordinator exists; the coordinator's own one before that."""
    if by is not None:
        return services.organisation_create(by=by, name=name, sector=sector)
    organisation = Organisation(network=network, name=name, sector=sector)
    organisation.full_clean()
    organisation.save()
    _audit(network=network, by=None, action="organisation.created", obj=organisation,
           summary={"fields": ["name", "sector"]})
    return organisation


def user_add(*, email: str, full_name: str, language: str, password_hash: str) -> User:
    """A person with a confirmed authenticator, as if they had enrolled already.

    The password arrives hashed once for all demo users: argon2 per user would make the demo
    slow to load for no gain.
    """
    user = User(email=email, full_name=full_name, language=language, password=password_hash)
    user.full_clean()
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


@transaction.atomic
def membership_add(*, network: Network, by: Membership | None, user: User,
                   organisation: Organisation, roles: list[str],
                   active_from: datetime | None = None) -> Membership:
    membership = Membership(network=network, user=user, organisation=organisation,
                            roles=roles, active_from=active_from or timezone.now())
    membership.full_clean()
    membership.save()
    _audit(network=network, by=by, action="membership.created", obj=membership,
           summary={"fields": ["user", "organisation", "roles"],
                    "organisation": organisation.pk, "roles": roles})
    return membership


def body_add(*, by: Membership, name: str, kind: str, description: str) -> Body:
    return services.body_create(by=by, name=name, kind=kind, description=description)


def body_membership_add(*, by: Membership, body: Body, membership: Membership, role: str,
                        voting_right: bool) -> BodyMembership:
    return services.body_membership_add(by=by, body=body, membership=membership, role=role,
                                        voting_right=voting_right)
