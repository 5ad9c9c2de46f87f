"""Reset the database and load the fictional demo networks (`accord demo`, development only)."""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope

from accord.accounts.models import User
from accord.audit.guard import whole_database_erasable
from accord.cases.demo import load_cases_demo
from accord.casework.demo import load_casework_demo
from accord.charter.demo import load_charter_demo
from accord.demo import writes
from accord.demo.data import EMAIL_DOMAIN, NETWORKS, PASSWORD, NetworkSpec, Person
from accord.demo.five_readers import load_five_readers
from accord.meetings.demo import load_meetings_demo
from accord.sharing.consent_demo import load_consent_demo
from accord.sharing.regime_demo import load_regime_demo
from accord.tenancy.models import Membership, Network, Organisation, Role
from accord.vault.demo import load_vault_demo

# German letters spelled out the German way, the rest folded to ASCII, for e-mail local parts.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "\u0131": "i"})


class DemoRefused(Exception):
    """The demo would erase a database that is not a development one."""


@dataclass(frozen=True)
class SignIn:
    network: str
    full_name: str
    roles: str
    organisation: str
    email: str


def demo_allowed() -> None:
    if settings.ACCORD_ENV != "dev":
        raise DemoRefused(
            f"accord demo erases the whole database and runs only with ACCORD_ENV=dev "
            f"(it is {settings.ACCORD_ENV!r} here)."
        )


def email_for(person: Person, network: NetworkSpec) -> str:
    if person.email:
        return person.email
    name = unicodedata.normalize("NFKD", person.full_name.lower().translate(_SPELLED_OUT))
    parts = ["".join(c for c in word if c.isascii() and c.isalnum()) for word in name.split()]
    first, rest = parts[0], "".join(parts[1:])
    return f"{first}.{rest}.{network.slug}@{EMAIL_DOMAIN}"


def demo_reset() -> None:
    """Erase every row of every table (the schema and migrations stay)."""
    demo_allowed()
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # TRUNCATE refuses tables with deferred foreign-key checks still pending, as when the
        # demo is loaded twice in one transaction (tests): run those checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with whole_database_erasable():
        call_command("flush", interactive=False, verbosity=0)


def demo_load(*, progress: Callable[[str], None] = lambda line: None) -> list[SignIn]:
    """Create the demo networks; returns one sign-in row per membership."""
    demo_allowed()
    password_hash = make_password(PASSWORD)
    users: dict[str, User] = {}
    sign_ins: list[SignIn] = []
    for spec in NETWORKS:
        with transaction.atomic():
            network, memberships = _network_load(spec, users=users, password_hash=password_hash)
            load_charter_demo(network=network, maturity=spec.charter_maturity)
            load_regime_demo(network)
            load_cases_demo(network=network)
            load_vault_demo(network=network)
            load_meetings_demo(network=network)
            load_consent_demo(network=network)
            load_casework_demo(network)
            load_five_readers(network)
        progress(
            f"{network.name} ({network.jurisdiction}): {len(spec.organisations)} organisations, "
            f"{len(memberships)} members, {len(spec.bodies)} bodies, "
            f"charter {spec.charter_maturity}"
        )
        sign_ins += [_sign_in(network, membership) for membership in memberships]
    return sign_ins


def _network_load(spec: NetworkSpec, *, users: dict[str, User],
                  password_hash: str) -> tuple[Network, list[Membership]]:
    """The network, then its first coordinator, who then sets up everything else."""
    network = writes.network_add(slug=spec.slug, name=spec.name, jurisdiction=spec.jurisdiction,
                                 language=spec.language, time_zone=spec.time_zone)
    founder = spec.people[0]
    assert Role.COORDINATOR in founder.roles, "the first person of a demo network coordinates it"

    def user_of(person: Person) -> User:
        email = email_for(person, spec)
        if email not in users:
            users[email] = writes.user_add(email=email, full_name=person.full_name,
                                           language=spec.language, password_hash=password_hash)
        return users[email]

    with scope(network=network.pk):
        organisations: dict[str, Organisation] = {}
        by = None
        for org in sorted(spec.organisations, key=lambda o: o.key != founder.organisation):
            organisations[org.key] = writes.organisation_add(network=network, by=by,
                                                             name=org.name, sector=org.sector)
            if by is None:
                by = writes.membership_add(network=network, by=None, user=user_of(founder),
                                           organisation=organisations[org.key],
                                           roles=list(founder.roles),
                                           active_from=_joined(spec, founder))
        memberships = {founder.key: by}
        for person in spec.people[1:]:
            memberships[person.key] = writes.membership_add(
                network=network, by=by, user=user_of(person),
                organisation=organisations[person.organisation], roles=list(person.roles),
                active_from=_joined(spec, person),
            )
        for body_spec in spec.bodies:
            body = writes.body_add(by=by, name=body_spec.name, kind=body_spec.kind,
                                   description=body_spec.description)
            for seat in body_spec.seats:
                writes.body_membership_add(by=by, body=body, membership=memberships[seat.person],
                                           role=seat.role, voting_right=seat.voting_right)
    return network, [memberships[person.key] for person in spec.people]


def _joined(spec: NetworkSpec, person: Person) -> datetime:
    """Members have worked together for two years; the last person listed joined last week,
    so the demo shows what a newcomer is offered (the onboarding pack)."""
    days = 5 if person is spec.people[-1] else 730
    return timezone.now() - timedelta(days=days)


def _sign_in(network: Network, membership: Membership) -> SignIn:
    labels = dict(Role.choices)
    return SignIn(
        network=network.slug,
        full_name=membership.user.full_name,
        roles=", ".join(str(labels[role]) for role in membership.roles),
        organisation=membership.organisation.name,
        email=membership.user.email,
    )
