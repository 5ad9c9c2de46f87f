"""The API's refusals are accord.policy's: a coordinator's act asked by anyone else is a 403
problem naming what is missing and the rule, decided before the body is read; another
network's object is a 404 problem; a token is its holder's alone."""

import pytest
from django_scopes import scope, scopes_disabled

from accord.api.models import ApiToken
from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.tenancy.models import Body, Organisation, Role
from accord.testing import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/n/rheinstadt"
COORDINATORS_ONLY = "Only the network's coordinators may do this."


@pytest.fixture
def observer(network_a):
    return factories.make_member(network_a, roles=(Role.OBSERVER,), email="observer@example.test")


def test_a_member_is_told_what_a_coordinators_act_needs_and_which_rule_said_no(member):
    response = post_json(token_client(token_for(member)), f"{BASE}/organisations",
                         {"name": "Neu", "sector": "health"})

    body = assert_problem(response, 403)
    assert body["detail"] == COORDINATORS_ONLY
    assert body["rule"] == "explain.tenancy.manage"


@pytest.mark.parametrize("payload", [
    b"{not json", b'{"name": 5}', b'{"garbage": true}', b"x" * 10_000,
])
@pytest.mark.parametrize("path", ["/organisations", "/bodies"])
def test_an_observer_gets_403_before_the_body_is_read(observer, network_a, path, payload):
    """Broken, mistyped or oversized: the observer learns nothing from the validation, because
    the policy answers first."""
    client = token_client(token_for(observer))
    with scope(network=network_a.pk):
        before = (Organisation.objects.count(), Body.objects.count())

    response = client.post(f"{BASE}{path}", data=payload, content_type="application/json")

    body = assert_problem(response, 403)
    assert body["rule"] == "explain.tenancy.manage"
    assert "errors" not in body
    with scope(network=network_a.pk):
        assert (Organisation.objects.count(), Body.objects.count()) == before


@pytest.mark.parametrize("resource", ["organisations", "members", "bodies"])
def test_another_networks_object_is_a_404_problem(coordinator, outsider, network_b, resource):
    with scope(network=network_b.pk):
        body = factories.make_body(network_b)
    ids = {"organisations": outsider.organisation_id, "members": outsider.pk,
           "bodies": body.pk}
    response = token_client(token_for(coordinator)).get(f"{BASE}/{resource}/{ids[resource]}")
    assert assert_problem(response, 404).get("rule") is None


def test_an_ended_member_is_not_found_in_the_api_even_by_a_coordinator(coordinator, member,
                                                                       network_a):
    from accord.tenancy.services import membership_end

    with scope(network=network_a.pk):
        membership_end(by=coordinator, membership=member)
    response = token_client(token_for(coordinator)).get(f"{BASE}/members/{member.pk}")
    assert_problem(response, 404)


def test_someone_elses_token_cannot_be_revoked_from_the_page(coordinator, member):
    token_for(member)
    with scopes_disabled():
        token = ApiToken.objects.get(membership=member)
    client = factories.signed_in_client(coordinator.user)

    assert client.get(f"/n/rheinstadt/api-tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/n/rheinstadt/api-tokens/{token.pk}/revoke/").status_code == 404
    with scopes_disabled():
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None
