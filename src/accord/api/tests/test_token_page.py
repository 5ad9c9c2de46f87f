"""A member manages their own API tokens on the network's API tokens page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.api.models import ApiToken
from accord.api.tests.helpers import token_client, token_for
from accord.audit.models import AuditEvent
from accord.core.tokens import token_digest
from accord.testing import factories

pytestmark = pytest.mark.django_db

PAGE = "/n/rheinstadt/api-tokens/"


def _tokens(membership):
    with scopes_disabled():
        return list(ApiToken.objects.filter(membership=membership))


def test_member_creates_a_token_and_sees_the_secret_once(member_client, member):
    response = member_client.post(PAGE, {"name": "Kalender-Export", "days": "30"})

    assert response.status_code == 200
    (token,) = _tokens(member)
    secret = response.context["secret"]
    assert secret.startswith("acc_") and len(secret) > 40
    assert secret in response.content.decode()
    assert token.token_hash == token_digest(secret) and secret not in token.token_hash
    assert token.name == "Kalender-Export"
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response[
        "Cache-Control"]

    again = member_client.get(PAGE).content.decode()
    assert secret not in again
    assert "Kalender-Export" in again and token.prefix in again
    assert token_client(secret).get("/api/v1/n/rheinstadt/members").status_code == 200


def test_creation_is_audited_without_the_secret(member_client, member, network_a):
    response = member_client.post(PAGE, {"name": "Skript", "days": "7"})
    secret = response.context["secret"]

    with scopes_disabled():
        event = AuditEvent.objects.get(action="api_token.created")
    assert event.network_id == network_a.pk and event.actor_id == member.user_id
    assert secret not in str(event.summary) and secret[12:20] not in str(event.summary)


def test_lifetime_defaults_to_the_setting(member_client, settings):
    settings.ACCORD_API_TOKEN_DAYS = 45

    form = member_client.get(PAGE).context["form"]

    assert form["days"].value() == 45


@pytest.mark.parametrize("data", [
    {"name": "", "days": "30"},
    {"name": "x" * 101, "days": "30"},
    {"name": "<img src=x onerror=alert(1)>", "days": "30"},
    {"name": "Skript", "days": "0"},
    {"name": "Skript", "days": "366"},
    {"name": "Skript", "days": "abc"},
    {"name": "Skript"},
])
def test_bad_form_input_is_refused_with_a_message_and_nothing_stored(
        member_client, member, data):
    response = member_client.post(PAGE, data)

    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    assert "<img src=x" not in response.content.decode()
    assert response.context["secret"] is None
    assert _tokens(member) == []


def test_list_shows_only_my_own_tokens(member_client, member, coordinator):
    token_for(coordinator, name="Koordinationsskript")
    token_for(member, name="Mein Skript")

    page = member_client.get(PAGE).content.decode()

    assert "Mein Skript" in page
    assert "Koordinationsskript" not in page


def test_member_revokes_a_token_after_confirming(member_client, member):
    raw = token_for(member)
    (token,) = _tokens(member)
    url = reverse("api:token-revoke", kwargs={"network": "rheinstadt", "token_id": token.pk})

    confirm = member_client.get(url)
    assert confirm.status_code == 200
    assert _tokens(member)[0].revoked_at is None

    response = member_client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == PAGE
    assert _tokens(member)[0].revoked_at is not None
    assert "revoked" in response.content.decode()
    assert token_client(raw).get("/api/v1/n/rheinstadt/members").status_code == 401
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="api_token.revoked",
                                         object_id=str(token.pk)).count() == 1


def test_nobody_can_revoke_someone_elses_token(member_client, coordinator):
    raw = token_for(coordinator)
    (token,) = _tokens(coordinator)
    url = reverse("api:token-revoke", kwargs={"network": "rheinstadt", "token_id": token.pk})

    assert member_client.get(url).status_code == 404
    assert member_client.post(url).status_code == 404
    assert _tokens(coordinator)[0].revoked_at is None
    assert token_client(raw).get("/api/v1/n/rheinstadt/members").status_code == 200


def test_a_token_page_of_another_network_is_a_404(outsider_client, coordinator):
    token_for(coordinator)
    (token,) = _tokens(coordinator)

    assert outsider_client.get(PAGE).status_code == 404
    url = reverse("api:token-revoke", kwargs={"network": "rheinstadt", "token_id": token.pk})
    assert outsider_client.post(url).status_code == 404


def test_same_person_in_two_networks_sees_each_networks_tokens_apart(coordinator, network_b):
    factories.make_member(network_b, user=coordinator.user)
    token_for(coordinator, name="Nur Rheinstadt")
    client = factories.signed_in_client(coordinator.user)

    assert "Nur Rheinstadt" not in client.get("/n/polderdam/api-tokens/").content.decode()
