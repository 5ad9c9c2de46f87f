"""Two networks for the security suite: A, full of everything the apps know (the demo data of
tenancy, charter and meetings, plus invitations, tokens, call logs), and B, a smaller network
with its own coordinator and its own meetings, so that routes can mix B's parent object with
A's child object.

The demo loaders go through the services, so A's data is shaped like real use.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.api.services import api_token_create
from accord.demo.data import NETWORKS
from accord.demo.loader import _network_load
from accord.tenancy.models import Membership, Network
from accord.testing import factories

# Text shorter than this is too common to prove a leak ("Core", "Level 1").
MIN_SECRET_LENGTH = 12


@dataclass
class World:
    a: Network
    b: Network
    a_coordinator: Membership
    b_coordinator: Membership
    a_token: str
    b_token: str
    ids_a: dict[str, list[int]] = field(default_factory=dict)  # model name → A's ids
    ids_b: dict[str, list[int]] = field(default_factory=dict)
    secrets_of_a: list[str] = field(default_factory=list)

    def session(self, who: str) -> Client:
        membership = self.a_coordinator if who == "a" else self.b_coordinator
        client = factories.signed_in_client(membership.user)
        client.raise_request_exception = False  # a 500 is a finding to report, not a crash
        return client

    def token_client(self, who: str) -> Client:
        token = self.a_token if who == "a" else self.b_token
        return Client(headers={"Authorization": f"Bearer {token}"},
                      raise_request_exception=False)


def network_models() -> list[type[models.Model]]:
    """Every model that belongs to one network (it has a `network` foreign key)."""
    return [m for m in apps.get_models() if any(f.name == "network" for f in m._meta.fields)]


def build_world() -> World:
    """Create A (the demo's first network, full) and B (the second, with meetings)."""
    users: dict = {}
    password_hash = make_password(factories.PASSWORD)
    with transaction.atomic():
        a, a_members = _network_load(NETWORKS[0], users=users, password_hash=password_hash)
        b, b_members = _network_load(NETWORKS[1], users=users, password_hash=password_hash)
    a_coordinator = next(m for m in a_members if m.is_coordinator)
    b_coordinator = next(m for m in b_members if m.is_coordinator)
    _fill(a, a_coordinator, maturity="established")
    _fill(b, b_coordinator, maturity="starting")
    with scope(network=a.pk):
        _token, a_token = api_token_create(membership=a_coordinator, name="security A", days=1)
    with scope(network=b.pk):
        _token, b_token = api_token_create(membership=b_coordinator, name="security B", days=1)
    world = World(a=a, b=b, a_coordinator=a_coordinator, b_coordinator=b_coordinator,
                  a_token=a_token, b_token=b_token)
    world.ids_a, world.ids_b = object_ids(a), object_ids(b)
    world.secrets_of_a = sorted(_texts(a) - _texts(b))
    return world


def _fill(network: Network, coordinator: Membership, *, maturity: str) -> None:
    from accord.charter.demo import load_charter_demo

    load_charter_demo(network=network, maturity=maturity)
    try:
        from accord.meetings.demo import load_meetings_demo
    except ImportError:  # the meetings demo is not there yet: a meeting of our own
        load_meetings_demo = _meeting_of_our_own
    load_meetings_demo(network=network)
    with scope(network=network.pk):
        _extras(network, coordinator)


def _meeting_of_our_own(*, network: Network) -> None:
    from accord.meetings.services import agenda, minutes
    from accord.meetings.services import meetings as meeting_services
    from accord.tenancy.models import Body

    with scope(network=network.pk):
        body = Body.objects.filter(network=network).first()
        chair = next(m for m in Membership.objects.filter(network=network) if m.is_coordinator)
        start = timezone.now().replace(microsecond=0) - timedelta(days=3)
        meeting = meeting_services.meeting_create(
            membership=chair, body=body, title=f"Sitzung {network.name}", starts_at=start,
            ends_at=start + timedelta(hours=2), place="Rathaus")
        item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                         title=f"Thema {network.name}")
        minutes.minute_entry_create(membership=chair, item=item,
                                    text=f"Protokoll {network.name}", visibility="network")


def _extras(network: Network, coordinator: Membership) -> None:
    """What the demo loaders leave out: an open invitation and a call log."""
    from accord.meetings.services.actions import call_log_create
    from accord.tenancy.models import Body
    from accord.tenancy.services import invitation_create

    invitation_create(by=coordinator, email=f"neu.{network.slug}@example.org",
                      organisation=coordinator.organisation, roles=["member"],
                      full_name=f"Neues Mitglied {network.name}")
    body = Body.objects.filter(network=network).first()
    if body is not None:
        call_log_create(membership=coordinator, body=body, occurred_on=timezone.localdate(),
                        topic=f"Telefonat zur Lage in {network.name}")


def object_ids(network: Network) -> dict[str, list[int]]:
    with scopes_disabled():
        return {m._meta.model_name: list(m.objects.filter(network=network).order_by("pk")
                                         .values_list("pk", flat=True))
                for m in network_models()}


def _texts(network: Network) -> set[str]:
    """Every distinctive text stored for `network`: names, titles, minutes, definitions."""
    found = {network.name} if len(network.name) >= MIN_SECRET_LENGTH else set()
    with scopes_disabled():
        for model in network_models():
            if model._meta.model_name == "auditevent":
                continue  # summaries name fields, which any page may name too
            text_fields = [f.name for f in model._meta.fields
                           if isinstance(f, models.CharField | models.TextField)
                           and not f.choices and "hash" not in f.name and f.name != "prefix"]
            for row in model.objects.filter(network=network).values_list(*text_fields):
                found.update(str(v).strip() for v in row
                             if v and len(str(v).strip()) >= MIN_SECRET_LENGTH)
        found.update(m.user.full_name for m in Membership.objects.filter(network=network)
                     if len(m.user.full_name) >= MIN_SECRET_LENGTH)
    return found
