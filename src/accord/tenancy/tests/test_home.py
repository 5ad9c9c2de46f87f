"""The network home: your bodies, what is next, and a welcome for new members."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from accord.tenancy.models import Membership
from accord.tenancy.tests.conftest import text
from accord.testing import factories


def _joined_long_ago(membership: Membership) -> None:
    with scopes_disabled():
        Membership.objects.filter(pk=membership.pk).update(
            active_from=timezone.now() - timedelta(days=60))


def test_member_sees_their_bodies_with_their_role(member_client, member, network_a):
    body = factories.make_body(network_a, name="Fallkonferenz Nord")
    factories.add_to_body(body, member, role="secretary", voting_right=False)
    page = text(member_client.get("/n/rheinstadt/"))
    assert "Fallkonferenz Nord" in page
    assert "Secretary" in page
    assert "no voting right" in page
    assert "Next meetings" in page


def test_member_without_bodies_sees_a_friendly_empty_state(member_client, member):
    _joined_long_ago(member)
    page = text(member_client.get("/n/rheinstadt/"))
    assert "You are not a member of any body of this network yet." in page
    assert "Welcome to the network" not in page
    assert "What is next for the coordinators" not in page


def test_new_member_is_welcomed_for_their_first_two_weeks(member_client, member):
    assert "Welcome to the network" in text(member_client.get("/n/rheinstadt/"))


def test_coordinator_sees_open_invitations_and_members_without_a_body(coordinator_client, member,
                                                                      invite):
    invite()
    page = text(coordinator_client.get("/n/rheinstadt/"))
    assert "Open invitations" in page
    assert "Nora Neuhaus" in page
    assert "Members without a body" in page
    assert member.user.full_name in page


def test_coordinator_with_nothing_waiting_is_told_so(coordinator_client, coordinator, network_a):
    factories.add_to_body(factories.make_body(network_a), coordinator, role="chair")
    page = text(coordinator_client.get("/n/rheinstadt/"))
    assert "Nothing is waiting for you" in page
