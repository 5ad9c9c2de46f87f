"""Charter actors beyond the standing three: an observer, and the steering group's chair."""

import pytest
from django_scopes import scope

from accord.tenancy.models import BodyKind, BodyRole, Role
from accord.testing import factories


@pytest.fixture
def observer(network_a):
    return factories.make_member(network_a, roles=(Role.OBSERVER,),
                                 email="observer@example.test")


@pytest.fixture
def observer_client(observer):
    return factories.signed_in_client(observer.user)


@pytest.fixture
def steering_group(network_a):
    return factories.make_body(network_a, name="Steuerungsgruppe", kind=BodyKind.STRATEGIC)


@pytest.fixture
def chair(network_a, steering_group):
    membership = factories.make_member(network_a, roles=(Role.MEMBER,),
                                       email="chair@example.test")
    factories.add_to_body(steering_group, membership, role=BodyRole.CHAIR)
    return membership


@pytest.fixture
def in_a(network_a):
    """Run the test body inside network A's scope (as a request would)."""
    with scope(network=network_a.pk):
        yield
