"""Inviting a person by e-mail and the invitee accepting, with every way the link can fail."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.accounts.models import User
from accord.tenancy import services
from accord.tenancy.models import Invitation, Membership, Role
from accord.tenancy.tests.conftest import events, text
from accord.testing import factories

INVALID_TEXT = "This invitation link is not valid any more. Ask your coordinator for a new one."
NEW_PASSWORD = "a long and unusual passphrase 7"


def _invitation(email="new.person@example.test") -> Invitation:
    with scopes_disabled():
        return Invitation.objects.get(email=email)


def _memberships_of(email: str) -> list[Membership]:
    with scopes_disabled():
        return list(Membership.objects.filter(user__email=email))


def test_coordinator_invites_and_the_email_carries_a_single_use_link(invite, settings):
    token = invite()

    message = mail.outbox[0]
    assert message.to == ["new.person@example.test"]
    assert f"{settings.ACCORD_BASE_URL}/invitations/{token}/" in message.body
    assert "Netzwerk Rheinstadt" in message.subject
    invitation = _invitation()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with scopes_disabled():
        stored = list(Invitation.objects.values_list(
            "email", "full_name", "token_hash", "roles"))
    assert all(token not in str(value) for row in stored for value in row)
    expected_expiry = timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS)
    assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)
    [event] = events("invitation.created")
    assert event.object_id == str(invitation.pk)
    assert "new.person@example.test" not in str(event.summary)


def test_invitation_email_is_in_the_networks_language(network_b, outsider, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "mail_send", lambda **kwargs: sent.append(kwargs))
    with scope(network=network_b.pk):
        services.invitation_create(by=outsider, email="nieuw@example.test",
                                   organisation=outsider.organisation, roles=["member"])
    [message] = sent
    assert message["language"] == "nl"
    assert message["template"] == "tenancy/email/invitation"


def test_coordinator_cannot_invite_a_current_member_or_invite_twice(coordinator_client, member,
                                                                     coordinator, invite):
    response = coordinator_client.post("/n/rheinstadt/members/invite/", {
        "email": "MEMBER@example.test", "organisation": coordinator.organisation_id,
        "roles": ["member"]})
    assert response.status_code == 400
    assert "already a member of this network" in text(response)

    invite()
    response = coordinator_client.post("/n/rheinstadt/members/invite/", {
        "email": "new.person@example.test", "organisation": coordinator.organisation_id,
        "roles": ["member"]})
    assert response.status_code == 400
    assert "already has an open invitation" in text(response)
    with scopes_disabled():
        assert Invitation.objects.count() == 1


def test_invitee_without_account_creates_one_and_goes_on_to_enrol_the_second_factor(
        invite, network_a):
    token = invite(roles=(Role.MEMBER, Role.CASE_WORKER))
    visitor = Client()

    page = visitor.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert "Netzwerk Rheinstadt" in text(page)
    assert "Stadt Rheinstadt" in text(page)

    response = visitor.post(f"/invitations/{token}/", {
        "full_name": "Nora Neuhaus", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/enrol/"
    user = User.objects.get(email="new.person@example.test")
    assert user.full_name == "Nora Neuhaus"
    assert user.language == network_a.default_language
    assert user.check_password(NEW_PASSWORD)
    [membership] = _memberships_of("new.person@example.test")
    assert membership.roles == ["member", "case_worker"]
    assert membership.is_active
    assert _invitation().accepted_at is not None
    assert len(events("invitation.accepted")) == 1
    assert "_auth_user_id" not in visitor.session  # signed in only after the second factor
    assert visitor.session["accord_pending_sign_in"]["next"] == "/n/rheinstadt/"


def test_weak_or_mismatched_password_creates_nothing(invite):
    token = invite()
    visitor = Client()
    response = visitor.post(f"/invitations/{token}/", {
        "full_name": "Nora Neuhaus", "password1": "123", "password2": "123"})
    assert response.status_code == 400
    response = visitor.post(f"/invitations/{token}/", {
        "full_name": "Nora Neuhaus", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.status_code == 400
    assert "The two passwords differ." in text(response)
    assert not User.objects.filter(email="new.person@example.test").exists()
    assert _invitation().accepted_at is None


def test_existing_account_signed_in_as_the_invited_address_joins(invite, outsider):
    token = invite(email=outsider.user.email)
    client = factories.signed_in_client(outsider.user)

    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert "Join" in text(page)
    response = client.post(f"/invitations/{token}/")

    assert response.status_code == 302
    assert response["Location"] == "/n/rheinstadt/"
    assert client.get("/n/rheinstadt/").status_code == 200
    assert len(_memberships_of(outsider.user.email)) == 2


def test_existing_account_not_signed_in_is_sent_to_sign_in_and_back(invite, outsider):
    token = invite(email=outsider.user.email)
    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert f"/accounts/sign-in/?next=%2Finvitations%2F{token}%2F" in text(page)
    assert len(_memberships_of(outsider.user.email)) == 1


def test_someone_else_signed_in_cannot_accept_anothers_invitation(invite, member_client):
    token = invite()
    response = member_client.post(f"/invitations/{token}/")
    assert response.status_code == 403
    assert "Sign out first" in text(response)
    assert _invitation().accepted_at is None
    assert not User.objects.filter(email="new.person@example.test").exists()


@pytest.mark.parametrize("spoil", ["expired", "revoked", "reused", "forged", "overlong"])
def test_unusable_link_shows_one_clear_page_and_writes_nothing(invite, spoil, outsider):
    token = invite(email=outsider.user.email)
    client = factories.signed_in_client(outsider.user)
    with scopes_disabled():
        if spoil == "expired":
            Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        elif spoil == "revoked":
            Invitation.objects.update(revoked_at=timezone.now())
        elif spoil == "reused":
            assert client.post(f"/invitations/{token}/").status_code == 302
        elif spoil == "forged":
            token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        else:
            token = token * 3
    memberships_before = len(_memberships_of(outsider.user.email))
    accepted_before = len(events("invitation.accepted"))

    for response in (client.get(f"/invitations/{token}/"), client.post(f"/invitations/{token}/"),
                     Client().post(f"/invitations/{token}/", {
                         "full_name": "X", "password1": NEW_PASSWORD,
                         "password2": NEW_PASSWORD})):
        assert response.status_code == 410
        assert INVALID_TEXT in text(response)
    assert len(_memberships_of(outsider.user.email)) == memberships_before
    assert len(events("invitation.accepted")) == accepted_before


def test_coordinator_revokes_an_open_invitation(invite, coordinator_client):
    token = invite()
    invitation = _invitation()
    response = coordinator_client.post(f"/n/rheinstadt/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert _invitation().revoked_at is not None
    assert len(events("invitation.revoked")) == 1
    assert Client().get(f"/invitations/{token}/").status_code == 410


def test_member_cannot_invite_or_revoke(member_client, member, invite):
    invite()
    invitation = _invitation()
    page = member_client.get("/n/rheinstadt/members/invite/")
    assert page.status_code == 403
    assert "Only the network's coordinators may do this." in text(page)
    response = member_client.post("/n/rheinstadt/members/invite/", {
        "email": "x@example.test", "organisation": member.organisation_id, "roles": ["member"]})
    assert response.status_code == 403
    assert member_client.post(
        f"/n/rheinstadt/invitations/{invitation.pk}/revoke/").status_code == 403
    with scopes_disabled():
        assert Invitation.objects.count() == 1
    assert _invitation().revoked_at is None


def test_invitation_to_another_networks_organisation_is_a_form_error(coordinator_client, outsider):
    response = coordinator_client.post("/n/rheinstadt/members/invite/", {
        "email": "x@example.test", "organisation": outsider.organisation_id, "roles": ["member"]})
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_service_refuses_another_networks_organisation(coordinator, outsider):
    with scope(network=coordinator.network_id), pytest.raises(services.ValidationError):
        services.invitation_create(by=coordinator, email="x@example.test",
                                   organisation=outsider.organisation, roles=["member"])


def test_over_long_or_malformed_invitation_fields_are_form_errors(coordinator_client,
                                                                  coordinator):
    response = coordinator_client.post("/n/rheinstadt/members/invite/", {
        "email": "not-an-address", "full_name": "N" * 151,
        "organisation": coordinator.organisation_id, "roles": ["member", "emperor"]})
    assert response.status_code == 400
    body = text(response)
    assert "Enter a valid email address." in body
    assert "at most 150 characters" in body
    assert "Select a valid choice. emperor" in body
    with scopes_disabled():
        assert not Invitation.objects.exists()
