"""Organisations, members and bodies through the API: confined to the caller's network, read
by every member, changed only by coordinators, and bad input refused with nothing written."""

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.audit.models import AuditEvent
from accord.tenancy.models import Body, BodyRole, Organisation, Role
from accord.testing import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/n/rheinstadt"


@pytest.fixture
def observer(network_a):
    return factories.make_member(network_a, roles=(Role.OBSERVER,), email="observer@example.test")


@pytest.fixture
def steering_group(network_a, coordinator, member):
    body = factories.make_body(network_a, name="Lenkungskreis", kind="strategic")
    factories.add_to_body(body, coordinator, role=BodyRole.CHAIR)
    factories.add_to_body(body, member, voting_right=False)
    return body


def test_member_list_shows_names_organisations_and_roles_of_this_network_only(
        coordinator, member, outsider):
    body = token_client(token_for(member)).get(f"{BASE}/members").json()

    assert body["count"] == 2
    first = body["items"][0]
    assert set(first) == {"id", "full_name", "organisation", "roles", "active_from",
                          "active_until"}
    assert {m["organisation"]["name"] for m in body["items"]} == {
        "Stadt Rheinstadt", "Beratungsstelle Lichtblick"}
    assert "outsider@example.test" not in str(body)
    assert "Polderdam" not in str(body)


def test_ended_members_are_not_listed(coordinator, member):
    with scopes_disabled():
        member.active_until = timezone.now()
        member.save()

    body = token_client(token_for(coordinator)).get(f"{BASE}/members").json()

    assert [m["id"] for m in body["items"]] == [coordinator.pk]


def test_lists_are_paginated_and_bounded(coordinator, network_a):
    for n in range(3):
        factories.make_organisation(network_a, name=f"Schule {n}")
    client = token_client(token_for(coordinator))

    page = client.get(f"{BASE}/organisations?limit=2&offset=1").json()

    assert page["count"] == 4
    assert len(page["items"]) == 2
    assert_problem(client.get(f"{BASE}/organisations?limit=100000"), 422)
    assert_problem(client.get(f"{BASE}/organisations?offset=99999999999999999999999"), 422)
    assert_problem(client.get(f"{BASE}/organisations?limit=abc"), 422)


def test_body_detail_lists_members_with_body_role_and_voting_right(
        coordinator, member, steering_group):
    body = token_client(token_for(member)).get(f"{BASE}/bodies/{steering_group.pk}").json()

    assert body["name"] == "Lenkungskreis"
    assert body["kind"] == "strategic"
    seats = {(s["member_id"], s["full_name"], s["role"], s["voting_right"])
             for s in body["members"]}
    assert seats == {(coordinator.pk, coordinator.user.full_name, "chair", True),
                     (member.pk, member.user.full_name, "member", False)}


@pytest.mark.parametrize("resource", ["organisations", "members", "bodies"])
def test_another_networks_id_is_a_404_problem(coordinator, outsider, network_b, resource):
    with scopes_disabled():
        foreign = {
            "organisations": outsider.organisation_id,
            "members": outsider.pk,
            "bodies": factories.make_body(network_b, name="Casusoverleg").pk,
        }[resource]

    response = token_client(token_for(coordinator)).get(f"{BASE}/{resource}/{foreign}")

    assert_problem(response, 404)
    assert "Polderdam" not in response.content.decode()


def test_a_non_numeric_id_is_a_422_problem(coordinator):
    body = assert_problem(token_client(token_for(coordinator)).get(f"{BASE}/bodies/abc"), 422)
    assert body["errors"][0]["field"] == "path.id"


def test_an_unknown_address_under_the_api_is_a_404_problem(coordinator):
    client = token_client(token_for(coordinator))

    assert_problem(client.get(f"{BASE}/nothing-here"), 404)
    assert_problem(client.get("/api/v1/"), 404)


def test_a_wrong_method_is_a_405_problem(coordinator):
    response = token_client(token_for(coordinator)).delete(f"{BASE}/organisations")

    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_coordinator_creates_an_organisation_and_it_is_audited(coordinator, network_a):
    response = post_json(token_client(token_for(coordinator)), f"{BASE}/organisations",
                         {"name": "  Jugendamt Rheinstadt ", "sector": "youth_social"})

    assert response.status_code == 201
    assert response.json()["name"] == "Jugendamt Rheinstadt"
    with scope(network=network_a.pk):
        assert Organisation.objects.filter(name="Jugendamt Rheinstadt").exists()
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="organisation.created",
                                         network=network_a).exists()


def test_coordinator_creates_a_body(coordinator, network_a):
    response = post_json(token_client(token_for(coordinator)), f"{BASE}/bodies",
                         {"name": "Fallkonferenz Nord", "kind": "operational"})

    assert response.status_code == 201
    assert response.json()["members"] == []
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="body.created", network=network_a).exists()


@pytest.mark.parametrize("actor", ["observer", "member"])
def test_only_coordinators_may_create(request, actor, network_a):
    membership = request.getfixturevalue(actor)
    client = token_client(token_for(membership))

    for url, payload in [(f"{BASE}/organisations", {"name": "Neu", "sector": "health"}),
                         (f"{BASE}/bodies", {"name": "Neu", "kind": "working_group"}),
                         (f"{BASE}/bodies", {"garbage": True})]:
        body = assert_problem(post_json(client, url, payload), 403)
        assert body["type"].endswith("forbidden")
    with scope(network=network_a.pk):
        assert not Organisation.objects.filter(name="Neu").exists()
        assert not Body.objects.filter(name="Neu").exists()


def test_observer_may_read(observer, coordinator):
    client = token_client(token_for(observer))

    for resource in ("organisations", "members", "bodies"):
        assert client.get(f"{BASE}/{resource}").status_code == 200


HOSTILE_ORGANISATIONS = [
    {"name": "x" * 161, "sector": "health"},
    {"name": "", "sector": "health"},
    {"name": "   ", "sector": "health"},
    {"name": "<script>alert(1)</script>", "sector": "health"},
    {"name": "Schule &lt;b&gt;", "sector": "health"},
    {"name": "Tab\x00Null", "sector": "health"},
    {"name": 42, "sector": "health"},
    {"name": ["a"], "sector": "health"},
    {"name": "Gute Schule", "sector": "not-a-sector"},
    {"name": "Gute Schule"},
    {"name": "Gute Schule", "sector": "health", "network": 2},
    {"name": "Gute Schule', sector='x'); DROP TABLE tenancy_organisation;--", "sector": "x"},
]


@pytest.mark.parametrize("payload", HOSTILE_ORGANISATIONS)
def test_hostile_organisation_bodies_get_422_and_nothing_is_written(
        coordinator, network_a, payload):
    with scopes_disabled():
        before = Organisation.objects.count()
        events_before = AuditEvent.objects.count()

    response = post_json(token_client(token_for(coordinator)), f"{BASE}/organisations", payload)

    body = assert_problem(response, 422)
    assert body["errors"] and all(e["field"].startswith("body") for e in body["errors"])
    assert "<script>" not in response.content.decode()
    with scopes_disabled():
        assert Organisation.objects.count() == before
        assert AuditEvent.objects.count() == events_before + 1  # only the token's creation


def test_malformed_json_is_refused(coordinator):
    client = token_client(token_for(coordinator))
    response = client.post(f"{BASE}/bodies", data="{not json", content_type="application/json")

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_a_duplicate_name_is_a_422_with_the_field_named(coordinator):
    client = token_client(token_for(coordinator))

    response = post_json(client, f"{BASE}/organisations",
                         {"name": "Stadt Rheinstadt", "sector": "municipality"})

    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] in ("body.name", "body.__all__", "body")


def test_a_session_write_without_csrf_token_is_refused(coordinator, network_a):
    from django.test import Client

    from accord.testing.factories import pass_both_factors

    client = pass_both_factors(Client(enforce_csrf_checks=True), coordinator.user)

    response = post_json(client, f"{BASE}/bodies", {"name": "Ohne Token", "kind": "strategic"})

    assert_problem(response, 403)
    with scope(network=network_a.pk):
        assert not Body.objects.filter(name="Ohne Token").exists()


@pytest.mark.parametrize("language", ["de", "nl", "fr"])
def test_error_titles_speak_the_callers_language(coordinator, language):
    from django.utils import translation

    from accord.api.errors import TITLES

    client = token_client(token_for(coordinator), **{"Accept-Language": language})

    response = client.get(f"{BASE}/bodies/999999")

    body = assert_problem(response, 404)
    assert response["Content-Language"] == language
    with translation.override(language):
        assert body["title"] == str(TITLES[404])


def test_an_unexpected_error_is_a_500_problem_not_a_page(coordinator, monkeypatch):
    from accord.tenancy import selectors

    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "network_organisations", broken)
    client = token_client(token_for(coordinator))
    client.raise_request_exception = False

    response = client.get(f"{BASE}/organisations")

    body = assert_problem(response, 500)
    assert "fire" not in response.content.decode()
    assert body["type"].endswith("server_error")
