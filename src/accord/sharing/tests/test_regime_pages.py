"""The regime's pages and API: the rules in words with their basis and the preset's caveat,
proposing (coordinators), approving (privacy officers), strict API input, another network's
regime hidden; the demo installs each network's preset, approved by its privacy officer."""

import json

import pytest
from django_scopes import scope, scopes_disabled

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.sharing import regime_services as services
from accord.sharing.models.regime import SharingRegime, SharingRule
from accord.sharing.regime_demo import load_regime_demo
from accord.tenancy.models import Role, Sector
from accord.testing import factories

RULE = {"category": "assessment", "to_sector": "youth_social", "legal_bases": ["consent"],
        "conditions": ["recipient_participant", "case_open"], "form": "pseudonymised"}


@pytest.fixture
def privacy(network_a):
    return factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,),
                                 email="privacy@example.test")


def url(network, tail=""):
    return f"/n/{network.slug}/sharing/{tail}"


def api(network, tail=""):
    return f"/api/v1/n/{network.slug}/sharing-regime{tail}"


def put_json(client, path, body):
    return client.put(path, data=json.dumps(body), content_type="application/json")


def test_the_page_shows_each_rule_in_words_with_its_basis_and_the_caveat(
        network_a, coordinator, privacy, member_client):
    with scope(network=network_a.pk):
        services.install_preset(network_a, "BE", by=coordinator, approved_by=privacy)
    page = member_client.get(url(network_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "A starting point; check with your data-protection officer." in text
    assert "art. 458ter Criminal Code" in text
    assert "never goes to Police and security" in text
    assert "Shared professional secrecy within a lawful case consultation" in text
    assert "https://vlex.be/vid/30-juli-2018-wet-738432473" in text
    # A member reads the regime but is offered neither proposing nor approving.
    assert "Propose a change" not in text and "Approve:" not in text


def test_a_coordinator_proposes_on_the_page_and_a_privacy_officer_approves(
        network_a, coordinator_client, privacy):
    page = coordinator_client.get(url(network_a, "propose/"))
    assert page.status_code == 200
    response = coordinator_client.post(url(network_a, "propose/"), {
        "category": "signal", "from_sector": "*", "to_sector": "police", "to_role": "",
        "purpose": "*", "effect": "permit", "legal_bases": ["statute"],
        "citation": "§ 4 Testgesetz", "recipient_participant": "on", "conference": "",
        "clearance": "", "form": "pseudonymised", "note": ""})
    assert response.status_code == 302
    with scope(network=network_a.pk):
        assert SharingRegime.objects.get().state == "proposed"
    approver = factories.signed_in_client(privacy.user)
    shown = approver.get(url(network_a)).content.decode()
    assert "Proposed change: version 1" in shown and "§ 4 Testgesetz" in shown
    assert approver.post(url(network_a, "approve/")).status_code == 302
    with scope(network=network_a.pk):
        regime = SharingRegime.objects.get()
        assert (regime.version, regime.state) == (1, "")
    # A coordinator cannot approve; a privacy officer cannot propose.
    assert coordinator_client.post(url(network_a, "approve/")).status_code == 403
    assert approver.post(url(network_a, "propose/preset/"), {"preset": "NL"}).status_code == 403


def test_a_page_proposal_that_locks_everyone_out_is_refused_with_the_reason(
        network_a, coordinator_client):
    response = coordinator_client.post(url(network_a, "propose/"), {
        "category": "identity", "from_sector": "*", "to_sector": "*", "to_role": "",
        "purpose": "*", "effect": "deny", "citation": "", "conference": "", "clearance": "",
        "form": "identified", "note": ""})
    assert response.status_code == 400
    assert "nobody able to read" in response.content.decode()
    with scope(network=network_a.pk):
        assert not SharingRule.objects.exists()


def test_the_api_proposes_approves_and_reads(network_a, coordinator, privacy, member):
    proposed = put_json(token_client(token_for(coordinator)), api(network_a),
                        {"preset": "custom", "rules": [RULE]})
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["proposal_state"] == "proposed"
    assert proposed.json()["proposal"][0]["sentence"].startswith("\u201cAssessment\u201d")
    approved = post_json(token_client(token_for(privacy)), api(network_a, "/approve"), {})
    assert approved.status_code == 200, approved.content
    body = token_client(token_for(member)).get(api(network_a)).json()
    assert body["version"] == 1 and body["rules"][0]["legal_bases"] == ["consent"]
    assert body["caveat"] == "A starting point; check with your data-protection officer."
    assert [v["state"] for v in body["history"]] == ["in_force"]


@pytest.mark.parametrize("payload", [
    {"rules": [{**RULE, "colour": "red"}]},
    {"rules": [{**RULE, "category": "dna"}]},
    {"rules": [{**RULE, "conditions": ["case_open) || true"]}]},
    {"rules": [{**RULE, "note": "\x00"}]},
    {"rules": [{**RULE, "legal_bases": "consent"}]},
    {"preset": "XX", "rules": []},
    {"rules": [{"category": "identity", "effect": "deny"}]},
    {},
])
def test_the_api_refuses_bad_input_with_a_4xx_and_writes_nothing(network_a, coordinator,
                                                                   payload):
    response = put_json(token_client(token_for(coordinator)), api(network_a), payload)
    assert_problem(response, 422)
    with scopes_disabled():
        assert not SharingRule.objects.exists()


def test_the_api_refuses_the_wrong_roles_and_other_networks(network_a, member, privacy,
                                                             outsider):
    member_api = token_client(token_for(member))
    assert_problem(put_json(member_api, api(network_a), {"rules": []}), 403)
    assert_problem(post_json(member_api, api(network_a, "/approve"), {}), 403)
    nothing = post_json(token_client(token_for(privacy)), api(network_a, "/approve"), {})
    assert_problem(nothing, 422)
    assert token_client(token_for(outsider)).get(api(network_a)).status_code == 404


def test_the_demo_installs_each_networks_preset_approved_by_its_privacy_officer(db):
    for jurisdiction, preset in (("BE-VLG", "BE"), ("NL", "NL"), ("DE-NW", "DE")):
        network = factories.make_network(jurisdiction=jurisdiction)
        coordinator = factories.make_member(network, roles=(Role.COORDINATOR,))
        privacy = factories.make_member(network, roles=(Role.PRIVACY_OFFICER,))
        factories.make_organisation(network, sector=Sector.POLICE)
        load_regime_demo(network)
        load_regime_demo(network)  # idempotent
        with scope(network=network.pk):
            regime = SharingRegime.objects.get()
            assert (regime.preset, regime.version) == (preset, 1)
            assert regime.approved_by == privacy and regime.proposed_by == coordinator
