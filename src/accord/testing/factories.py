"""Invented test data: people, organisations and networks that exist nowhere."""

import itertools

from django.test import Client
from django_scopes import scopes_disabled

from accord.accounts.models import User
from accord.tenancy.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyRole,
    Membership,
    Network,
    Organisation,
    Role,
    Sector,
)

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple 42"


def make_network(*, slug: str | None = None, name: str | None = None,
                 jurisdiction: str = "DE-NW", language: str = "de") -> Network:
    n = next(_counter)
    return Network.objects.create(
        slug=slug or f"network-{n}", name=name or f"Testnetz {n}",
        jurisdiction=jurisdiction, default_language=language, time_zone="Europe/Berlin",
    )


def make_organisation(network: Network, *, name: str | None = None,
                      sector: str = Sector.MUNICIPALITY) -> Organisation:
    with scopes_disabled():
        return Organisation.objects.create(
            network=network, name=name or f"Organisation {next(_counter)}", sector=sector,
        )


def make_user(*, email: str | None = None, full_name: str | None = None,
              language: str = "en") -> User:
    n = next(_counter)
    return User.objects.create_user(
        email=email or f"person{n}@example.test", password=PASSWORD,
        full_name=full_name or f"Test Person {n}", language=language,
    )


def make_member(network: Network, *, organisation: Organisation | None = None,
                roles: tuple[str, ...] = (Role.MEMBER,), user: User | None = None,
                email: str | None = None) -> Membership:
    organisation = organisation or make_organisation(network)
    user = user or make_user(email=email)
    with scopes_disabled():
        return Membership.objects.create(
            user=user, network=network, organisation=organisation, roles=list(roles),
        )


def make_body(network: Network, *, name: str | None = None,
              kind: str = BodyKind.OPERATIONAL) -> Body:
    with scopes_disabled():
        return Body.objects.create(network=network, name=name or f"Body {next(_counter)}",
                                   kind=kind)


def add_to_body(body: Body, membership: Membership, *, role: str = BodyRole.MEMBER,
                voting_right: bool = True) -> BodyMembership:
    from accord.policy.entities import forget_principal

    # The policy builds a principal once per membership object: a new seat must be seen.
    forget_principal(membership)
    with scopes_disabled():
        return BodyMembership.objects.create(network=body.network, body=body,
                                             membership=membership, role=role,
                                             voting_right=voting_right)


def pass_both_factors(client: Client, user: User) -> Client:
    """Sign `client` in as if past password and TOTP (sign-in itself is tested in accounts).

    The session must name a confirmed device: the middleware refuses a session without one.
    """
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.core.step_up import STEP_UP_AT

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[STEP_UP_AT] = time.time()  # as after a real sign-in: the factor was just shown
    session.save()
    return client


def signed_in_client(user: User) -> Client:
    """A browser session past both factors."""
    return pass_both_factors(Client(), user)


def make_case(network: Network, reference: str | None = None, **fields):
    """A case of `network` with `reference` (the same one when it exists already): for tests
    that link a case and do not exercise the register's own services."""
    from accord.cases.models import Case

    with scopes_disabled():
        reference = reference or f"TST-2026-{next(_counter):03d}"
        case, _created = Case.objects.get_or_create(
            network=network, reference=reference,
            defaults={"state": "active", "source_sector": "other", **fields})
        return case
