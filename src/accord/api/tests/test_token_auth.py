"""A program signs in with a personal token, and only while that token and its membership
are valid; a token never opens another network."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.api.models import ApiToken
from accord.api.tests.helpers import assert_problem, token_client, token_for
from accord.tenancy.services import membership_end
from accord.testing import factories

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/n/rheinstadt/organisations"


def test_member_reads_organisations_with_their_token(member, coordinator):
    response = token_client(token_for(member)).get(ORGS)

    assert response.status_code == 200
    names = [o["name"] for o in response.json()["items"]]
    assert names == ["Beratungsstelle Lichtblick", "Stadt Rheinstadt"]


def test_using_a_token_records_when_it_was_last_used(member):
    token_client(token_for(member)).get(ORGS)

    with scopes_disabled():
        assert ApiToken.objects.get(membership=member).last_used_at is not None


def test_anonymous_call_gets_401_problem(network_a):
    body = assert_problem(token_client("").get(ORGS), 401)
    assert body["type"].endswith("not_authenticated")


@pytest.mark.parametrize(("raw", "code"), [
    ("acc_wrong", "invalid_token"),
    ("not-a-token", "invalid_token"),
    ("acc_" + "x" * 500, "invalid_token"),
    ("acc_\x00", "invalid_token"),
    ("Basic dXNlcjpwYXNz", "not_authenticated"),
])
def test_malformed_or_unknown_token_gets_401_problem(member, raw, code):
    response = token_client(raw).get(ORGS)

    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Rheinstadt" not in response.content.decode()
    assert body["type"] == f"about:blank#{code}"


def test_expired_token_gets_401_problem(member):
    raw = token_for(member)
    with scopes_disabled():
        ApiToken.objects.filter(membership=member).update(expires_at=timezone.now())

    assert_problem(token_client(raw).get(ORGS), 401)


def test_revoked_token_gets_401_problem(member):
    raw = token_for(member)
    with scopes_disabled():
        ApiToken.objects.filter(membership=member).update(revoked_at=timezone.now())

    assert_problem(token_client(raw).get(ORGS), 401)


def test_token_of_an_ended_membership_gets_401_problem(member):
    raw = token_for(member)
    with scopes_disabled():
        member.active_until = timezone.now() - timedelta(seconds=1)
        member.save()

    assert_problem(token_client(raw).get(ORGS), 401)


def test_token_of_a_deactivated_account_opens_nothing(member):
    raw = token_for(member)
    member.user.is_active = False
    member.user.save()

    response = token_client(raw).get(ORGS)

    assert response.status_code in (401, 404)
    assert "Beratungsstelle" not in response.content.decode()


def test_outsiders_token_gets_404_problem_for_network_a(outsider, coordinator):
    response = token_client(token_for(outsider)).get(ORGS)

    assert_problem(response, 404)
    assert "Rheinstadt" not in response.content.decode()


def test_token_of_one_network_does_not_open_the_other_network_of_the_same_person(
        coordinator, network_b):
    factories.make_member(network_b, user=coordinator.user)
    raw = token_for(coordinator)

    assert token_client(raw).get(ORGS).status_code == 200
    assert_problem(token_client(raw).get("/api/v1/n/polderdam/organisations"), 404)


def test_signed_in_browser_session_may_read_the_api(member_client):
    assert member_client.get(ORGS).status_code == 200


def test_me_shows_the_person_and_all_their_networks_in_a_session(coordinator, network_b):
    factories.make_member(network_b, user=coordinator.user)
    client = factories.signed_in_client(coordinator.user)

    body = client.get("/api/v1/me").json()

    assert body["email"] == "coordinator@example.test"
    assert sorted(n["slug"] for n in body["networks"]) == ["polderdam", "rheinstadt"]


def test_me_with_a_token_shows_only_the_tokens_network(coordinator, network_b):
    factories.make_member(network_b, user=coordinator.user)

    body = token_client(token_for(coordinator)).get("/api/v1/me").json()

    assert [n["slug"] for n in body["networks"]] == ["rheinstadt"]
    assert body["networks"][0]["roles"] == ["coordinator"]
    assert body["networks"][0]["organisation"]["name"] == "Stadt Rheinstadt"


def test_me_refuses_anonymous_and_bad_tokens(db):
    assert_problem(token_client("").get("/api/v1/me"), 401)
    assert_problem(token_client("acc_nothing").get("/api/v1/me"), 401)


def test_ending_a_membership_cuts_its_tokens_at_once(coordinator, member, network_a):
    raw = token_for(member)
    assert token_client(raw).get(ORGS).status_code == 200

    with scope(network=network_a.pk):
        membership_end(by=coordinator, membership=member)

    assert_problem(token_client(raw).get(ORGS), 401)


def test_api_answers_are_never_cached(member):
    client = token_client(token_for(member))

    assert client.get(ORGS)["Cache-Control"] == "no-store"
    assert client.get("/api/v1/n/rheinstadt/bodies/999")["Cache-Control"] == "no-store"
