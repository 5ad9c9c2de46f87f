"""Three standing actors per test (after healthchecks' alice/bob/charlie): a coordinator of
network A, a member of another organisation of network A, and an outsider from network B."""

import pytest

from accord.tenancy.models import Role, Sector
from accord.testing import factories


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def network_a(db):
    return factories.make_network(slug="rheinstadt", name="Netzwerk Rheinstadt")


@pytest.fixture
def network_b(db):
    return factories.make_network(slug="polderdam", name="Netwerk Polderdam",
                                  jurisdiction="NL", language="nl")


@pytest.fixture
def coordinator(network_a):
    org = factories.make_organisation(network_a, name="Stadt Rheinstadt",
                                      sector=Sector.MUNICIPALITY)
    return factories.make_member(network_a, organisation=org, roles=(Role.COORDINATOR,),
                                 email="coordinator@example.test")


@pytest.fixture
def member(network_a):
    org = factories.make_organisation(network_a, name="Beratungsstelle Lichtblick",
                                      sector=Sector.COUNSELLING)
    return factories.make_member(network_a, organisation=org, roles=(Role.MEMBER,),
                                 email="member@example.test")


@pytest.fixture
def outsider(network_b):
    org = factories.make_organisation(network_b, name="Gemeente Polderdam")
    return factories.make_member(network_b, organisation=org, roles=(Role.COORDINATOR,),
                                 email="outsider@example.test")


@pytest.fixture
def coordinator_client(coordinator):
    return factories.signed_in_client(coordinator.user)


@pytest.fixture
def member_client(member):
    return factories.signed_in_client(member.user)


@pytest.fixture
def outsider_client(outsider):
    return factories.signed_in_client(outsider.user)
