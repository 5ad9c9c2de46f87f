"""Coordinators change roles and end memberships; access ends at once."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from accord.accounts.models import UserSession
from accord.api.models import ApiToken
from accord.core.tokens import token_digest
from accord.tenancy.models import Membership, Role
from accord.tenancy.tests.conftest import events, text
from accord.testing import factories


def _fresh(membership: Membership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(pk=membership.pk)


def _token_for(membership: Membership) -> ApiToken:
    with scopes_disabled():
        return ApiToken.objects.create(
            network=membership.network, membership=membership, name="laptop",
            token_hash=token_digest(f"acc_test_{membership.pk}"), prefix="acc_test",
            expires_at=timezone.now() + timedelta(days=30))


def test_everyone_sees_the_members_with_organisation_roles_and_bodies(member_client, coordinator,
                                                                      member, network_a):
    body = factories.make_body(network_a, name="Fallkonferenz Mitte")
    factories.add_to_body(body, member, role="secretary")
    page = text(member_client.get("/n/rheinstadt/members/"))
    assert coordinator.user.full_name in page
    assert "Stadt Rheinstadt" in page
    assert '<span class="badge">Coordinator</span>' in page
    assert "Fallkonferenz Mitte" in page
    assert "Invite a member" not in page  # reading, not managing


def test_coordinator_changes_roles_and_it_is_audited(coordinator_client, member):
    response = coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/roles/",
                                       {"roles": ["member", "privacy_officer"]})
    assert response.status_code == 302
    assert _fresh(member).roles == ["member", "privacy_officer"]
    [event] = events("membership.roles_changed")
    assert event.summary == {"roles_before": ["member"],
                             "roles_after": ["member", "privacy_officer"]}


def test_roles_must_be_known_and_at_least_one(coordinator_client, member):
    for roles in ([], ["emperor"]):
        response = coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/roles/",
                                           {"roles": roles})
        assert response.status_code == 400
    assert _fresh(member).roles == ["member"]
    assert events("membership.roles_changed") == []


def test_last_coordinator_keeps_the_coordinator_role(coordinator_client, coordinator):
    response = coordinator_client.post(f"/n/rheinstadt/members/{coordinator.pk}/roles/",
                                       {"roles": ["member"]})
    assert response.status_code == 400
    assert "at least one coordinator" in text(response)
    assert _fresh(coordinator).roles == ["coordinator"]


def test_member_cannot_change_roles_or_end_memberships(member_client, coordinator, member):
    response = member_client.post(f"/n/rheinstadt/members/{coordinator.pk}/roles/",
                                  {"roles": ["member"]})
    assert response.status_code == 403
    assert member_client.post(f"/n/rheinstadt/members/{coordinator.pk}/end/").status_code == 403
    assert _fresh(coordinator).is_active and _fresh(coordinator).roles == ["coordinator"]
    assert "Change roles" not in text(member_client.get(f"/n/rheinstadt/members/{member.pk}/"))


def test_ending_asks_for_confirmation_first(coordinator_client, member):
    page = coordinator_client.get(f"/n/rheinstadt/members/{member.pk}/end/")
    assert page.status_code == 200
    assert "End the membership of" in text(page)
    assert _fresh(member).is_active


def test_ending_a_membership_cuts_access_revokes_tokens_and_is_audited(coordinator_client,
                                                                        member, member_client):
    token = _token_for(member)
    assert member_client.get("/n/rheinstadt/").status_code == 200
    assert UserSession.objects.filter(user=member.user).exists()

    response = coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")

    assert response.status_code == 302
    assert not _fresh(member).is_active
    with scopes_disabled():
        token.refresh_from_db()
    assert token.revoked_at is not None
    [event] = events("membership.ended")
    assert event.summary["api_tokens_revoked"] == 1
    # No other network: every session of the person is cut, the next request is anonymous.
    assert not UserSession.objects.filter(user=member.user).exists()
    next_request = member_client.get("/n/rheinstadt/")
    assert next_request.status_code == 302
    assert next_request["Location"].startswith("/accounts/sign-in/")


def test_ended_member_of_two_networks_gets_404_in_this_one_and_keeps_the_other(
        coordinator_client, member, member_client, network_b):
    factories.make_member(network_b, user=member.user)
    coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")
    assert member_client.get("/n/rheinstadt/").status_code == 404
    assert member_client.get("/n/rheinstadt/members/").status_code == 404
    assert member_client.get("/n/polderdam/").status_code == 200


def test_ended_membership_no_longer_counts_on_its_bodies(coordinator_client, member, network_a):
    body = factories.make_body(network_a, name="Lenkungsgruppe")
    factories.add_to_body(body, member, role="chair")
    coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")
    page = text(coordinator_client.get(f"/n/rheinstadt/bodies/{body.pk}/"))
    assert member.user.full_name not in page
    assert "Nobody sits on this body yet." in page


def test_last_coordinator_cannot_end_themselves(coordinator_client, coordinator):
    response = coordinator_client.post(f"/n/rheinstadt/members/{coordinator.pk}/end/")
    assert response.status_code == 400
    assert "last coordinator" in text(response)
    assert _fresh(coordinator).is_active
    assert events("membership.ended") == []


def test_a_coordinator_may_leave_when_another_remains(coordinator_client, coordinator, network_b,
                                                      second_coordinator):
    factories.make_member(network_b, user=coordinator.user)
    response = coordinator_client.post(f"/n/rheinstadt/members/{coordinator.pk}/end/")
    assert response.status_code == 302
    assert not _fresh(coordinator).is_active
    assert _fresh(second_coordinator).is_active
    assert coordinator_client.get("/n/polderdam/").status_code == 200  # still signed in
    assert coordinator_client.get("/n/rheinstadt/").status_code == 404


def test_former_members_are_listed_for_coordinators_on_request(coordinator_client, member,
                                                               member_client):
    coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")
    assert member.user.full_name not in text(coordinator_client.get("/n/rheinstadt/members/"))
    page = text(coordinator_client.get("/n/rheinstadt/members/?former=1"))
    assert member.user.full_name in page
    assert coordinator_client.get(f"/n/rheinstadt/members/{member.pk}/").status_code == 200


def test_former_members_are_not_shown_to_members(coordinator_client, network_a, member_client):
    leaver = factories.make_member(network_a, roles=(Role.MEMBER,), email="leaver@example.test")
    coordinator_client.post(f"/n/rheinstadt/members/{leaver.pk}/end/")
    assert member_client.get(f"/n/rheinstadt/members/{leaver.pk}/").status_code == 404
    assert leaver.user.full_name not in text(member_client.get("/n/rheinstadt/members/?former=1"))


def test_coordinator_leaving_their_only_network_is_signed_out(coordinator_client, coordinator,
                                                              second_coordinator):
    response = coordinator_client.post(f"/n/rheinstadt/members/{coordinator.pk}/end/")
    assert response.status_code == 302
    assert "_auth_user_id" not in coordinator_client.session
    assert coordinator_client.get("/n/rheinstadt/").status_code == 302
