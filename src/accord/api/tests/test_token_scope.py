"""A token can be scoped: read-only, or to named resources (issue 13, Deliver 5)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from accord.api.models import ApiToken
from accord.api.services import api_token_create
from accord.api.tests.helpers import assert_problem, post_json, token_client
from accord.audit.models import AuditEvent
from accord.tenancy.models import Organisation

pytestmark = pytest.mark.django_db

BASE = "/api/v1/n/rheinstadt"
PAGE = "/n/rheinstadt/api-tokens/"
NEW_ORGANISATION = {"name": "Jugendamt Rheinstadt", "sector": "youth_social"}


def _token(membership, **scoped) -> str:
    with scope(network=membership.network_id):
        return api_token_create(membership=membership, name="Skript", days=7, **scoped)[1]


def _organisations(network) -> list[str]:
    with scope(network=network.pk):
        return list(Organisation.objects.values_list("name", flat=True))


def test_a_read_only_token_reads_but_any_write_is_refused_and_nothing_changes(
        coordinator, network_a):
    client = token_client(_token(coordinator, scope="read"))
    before = _organisations(network_a)

    assert client.get(f"{BASE}/organisations").status_code == 200
    response = post_json(client, f"{BASE}/organisations", NEW_ORGANISATION)

    body = assert_problem(response, 403)
    assert body["type"] == "about:blank#token_read_only"
    assert "This token is read-only" in body["detail"]
    assert _organisations(network_a) == before
    # The same act with a token that may write works: the refusal was the scope's.
    response = post_json(token_client(_token(coordinator)), f"{BASE}/organisations",
                         NEW_ORGANISATION)
    assert response.status_code == 201


def test_a_token_limited_to_named_resources_reaches_only_those(coordinator):
    client = token_client(_token(coordinator, resources=["members", "audit"]))

    assert client.get(f"{BASE}/members").status_code == 200
    assert client.get(f"{BASE}/organisations").status_code == 200  # members' kind covers them
    response = client.get(f"{BASE}/meetings")

    body = assert_problem(response, 403)
    assert body["type"] == "about:blank#token_out_of_scope"
    assert "Members, organisations and bodies, Audit trail" in body["detail"]
    assert client.get("/api/v1/me").status_code == 200  # who it is, outside any network


def test_a_scope_outside_the_list_is_refused_and_nothing_stored(member):
    from django.core.exceptions import ValidationError

    for scoped in ({"scope": "admin"}, {"resources": ["everything"]}):
        with pytest.raises(ValidationError):
            _token(member, **scoped)
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_the_page_creates_a_scoped_token_and_shows_its_scope(member_client, member):
    form = member_client.get(PAGE).content.decode()
    assert 'name="scope"' in form and 'value="meetings"' in form

    response = member_client.post(PAGE, {"name": "Kalender", "days": "30", "scope": "read",
                                         "resources": ["meetings"]})

    assert response.status_code == 200
    with scopes_disabled():
        token = ApiToken.objects.get(membership=member)
        event = AuditEvent.objects.get(action="api_token.created")
    assert (token.scope, token.resources) == ("read", ["meetings"])
    assert (event.summary["scope"], event.summary["resources"]) == ("read", ["meetings"])
    page = member_client.get(PAGE).content.decode()
    assert "Read only: Meetings" in page
    secret = response.context["secret"]
    assert token_client(secret).get(f"{BASE}/meetings").status_code == 200
    assert token_client(secret).get(f"{BASE}/members").status_code == 403


def test_the_page_refuses_an_unknown_scope_with_a_message(member_client, member):
    response = member_client.post(PAGE, {"name": "Kalender", "days": "30",
                                         "resources": ["everything"]})

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_an_unscoped_token_reads_and_changes_everything_as_before(member_client, member):
    member_client.post(PAGE, {"name": "Kalender", "days": "30"})

    with scopes_disabled():
        token = ApiToken.objects.get(membership=member)
    assert (token.scope, token.resources) == ("write", [])
    assert "Read and change, everything" in member_client.get(PAGE).content.decode()


def test_the_command_creates_a_read_only_token_for_named_resources(member):
    out, err = StringIO(), StringIO()
    call_command("api-token", "create", "--email", "member@example.test", "--network",
                 "rheinstadt", "--read-only", "--resources", "meetings,charter",
                 stdout=out, stderr=err)

    with scopes_disabled():
        token = ApiToken.objects.get(membership=member)
    assert (token.scope, token.resources) == ("read", ["charter", "meetings"])
    assert "read-only, charter, meetings" in err.getvalue()
    with pytest.raises(CommandError, match="Choose resources from the list"):
        call_command("api-token", "create", "--email", "member@example.test", "--network",
                     "rheinstadt", "--resources", "nothing", stdout=StringIO(),
                     stderr=StringIO())
