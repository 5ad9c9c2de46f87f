"""The cases API: lists, one case, changes and steps through the same policy as the pages,
with strict inputs (unknown fields, states and ids refused with a 4xx, nothing written)."""

import json

import pytest
from django_scopes import scope

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.cases.models import Case, CaseTransition

pytestmark = pytest.mark.django_db


def _client(membership):
    return token_client(token_for(membership))


def _url(world, suffix=""):
    return f"/api/v1/n/{world.network.slug}/cases{suffix}"


def _patch(client, url, body):
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def test_the_list_is_paged_and_filtered(world):
    client = _client(world.worker)
    body = client.get(_url(world) + "?limit=10").json()
    assert body["count"] == 1
    assert body["items"][0]["reference"] == world.case.reference
    assert "signal_summary" not in body["items"][0]
    assert client.get(_url(world) + "?state=triage").json()["count"] == 0
    assert client.get(_url(world) + "?state=bogus").status_code == 422
    assert client.get(_url(world) + "?limit=100000").status_code == 422


def test_the_list_is_empty_for_a_non_participant(world):
    assert _client(world.teacher).get(_url(world)).json()["count"] == 0


def test_one_case_shows_the_signal_only_as_the_policy_allows(world):
    lead = _client(world.worker).get(_url(world, f"/{world.case.pk}")).json()
    assert lead["signal"]["allowed"] is True
    assert "geplanten Anschlag" in lead["signal"]["summary"]
    assert lead["participants"] == [{"organisation": {"id": world.police.pk,
                                                      "name": "Polizei Rheinstadt"},
                                     "tier": "core"}]
    police = _client(world.officer).get(_url(world, f"/{world.case.pk}")).json()
    assert police["signal"] == {"allowed": False, "summary": None, "rule":
                                "explain.cases.data_no_rule",
                                "reason": police["signal"]["reason"]}
    assert "sharing regime" in police["signal"]["reason"]


def test_refusals_404_and_403(world):
    body = assert_problem(_client(world.teacher).get(_url(world, f"/{world.case.pk}")), 403)
    assert "does not take part" in body["detail"]
    outsider = _client(world.outsider)
    assert outsider.get(f"/api/v1/n/{world.other.slug}/cases/{world.case.pk}").status_code == 404


def test_create_is_strict(world):
    client = _client(world.worker)
    for bad in ({"source_sector": "police", "reference": "FAKE-1"},
                {"source_sector": "spies"},
                {"source_sector": "police", "district": "x" * 81},
                {"source_sector": "police", "district": "Nord\u0007"},
                {"source_sector": "police", "participants": [{"organisation_id": 0}]},
                {"source_sector": "police", "concern_level": "extreme"}):
        assert post_json(client, _url(world), bad).status_code == 422, bad
    foreign = post_json(client, _url(world), {"source_sector": "police", "participants": [
        {"organisation_id": world.outsider.organisation_id, "tier": "case"}]})
    assert foreign.status_code == 404
    with scope(network=world.network.pk):
        assert Case.objects.count() == 1
    created = post_json(client, _url(world), {"source_sector": "police", "district": "Süd",
                                              "participants": [{"organisation_id":
                                                                world.police.pk}]})
    assert created.status_code == 201, created.content
    assert created.json()["reference"].endswith("-002")
    assert created.json()["participants"][0]["tier"] == "case"


def test_patch_changes_only_what_was_sent(world):
    client = _client(world.case_coordinator)
    response = _patch(client, _url(world, f"/{world.case.pk}"), {"district": "Hafen"})
    assert response.status_code == 200, response.content
    assert response.json()["district"] == "Hafen"
    assert response.json()["age_band"] == "14-17"
    assert response.json()["workers"][0]["membership_id"] == world.worker.pk
    assert _patch(client, _url(world, f"/{world.case.pk}"), {"state": "closed"}).status_code == 422
    officer = _patch(_client(world.officer), _url(world, f"/{world.case.pk}"),
                     {"district": "Polizeiwache"})
    assert officer.status_code == 403


def test_transitions_through_the_api(world):
    client = _client(world.case_coordinator)
    url = _url(world, f"/{world.case.pk}/transitions")
    illegal = post_json(client, url, {"to_state": "active", "reason": "Gleich los."})
    body = assert_problem(illegal, 422) if illegal.status_code == 422 else assert_problem(
        illegal, 400)
    assert "cannot go from" in json.dumps(body)
    assert post_json(client, url, {"to_state": "triage", "reason": "Prüfen.",
                                   "extra": 1}).status_code == 422
    assert post_json(client, url, {"to_state": "triage"}).status_code == 422
    done = post_json(client, url, {"to_state": "triage", "reason": "Prüfen."})
    assert done.status_code == 201, done.content
    steps = client.get(url).json()
    assert [s["to_state"] for s in steps] == ["signal", "triage"]
    with scope(network=world.network.pk):
        assert CaseTransition.objects.filter(case=world.case).count() == 2
    officer = post_json(_client(world.officer), url, {"to_state": "planning",
                                                      "reason": "Weiter."})
    assert officer.status_code == 403
