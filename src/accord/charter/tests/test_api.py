"""The charter API follows the same rules as the pages and leaves the same audit trail."""

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.audit.models import AuditEvent
from accord.charter import services
from accord.charter.tests.helpers import adopted_document

BASE = "/api/v1/n/rheinstadt"


@pytest.fixture
def coordinator_api(coordinator):
    return token_client(token_for(coordinator))


@pytest.fixture
def member_api(member):
    return token_client(token_for(member))


@pytest.fixture
def observer_api(observer):
    return token_client(token_for(observer))


@pytest.fixture
def documents(network_a, coordinator, steering_group):
    with scope(network=network_a.pk):
        adopted = adopted_document(coordinator, steering_group, text="In force")
        draft = services.document_create(membership=coordinator, kind="custom",
                                         title="Secret draft", body="draft")
    return adopted, draft


def test_coordinator_takes_a_template_through_to_adoption_over_the_api(
        coordinator_api, steering_group, network_a):
    created = post_json(coordinator_api, f"{BASE}/charter-documents/from-template",
                        {"kind": "minutes_policy", "language": "fr"})
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["title"] == "Comptes rendus, listes de présence et notes d'appel"
    version_url = f"{BASE}/charter-documents/{doc['id']}/versions/1"
    edited = coordinator_api.patch(version_url, data=json.dumps(
        {"body": "Nouveau texte", "lock_version": 1}), content_type="application/json")
    assert edited.status_code == 200 and edited.json()["lock_version"] == 2
    assert post_json(coordinator_api, f"{version_url}/propose", {}).status_code == 200
    adopted = post_json(coordinator_api, f"{version_url}/adopt", {
        "body_id": steering_group.pk, "adopted_on": date.today().isoformat()})
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    again = coordinator_api.patch(version_url, data=json.dumps(
        {"body": "Changed", "lock_version": 2}), content_type="application/json")
    assert "can no longer be changed" in assert_problem(again, 409)["detail"]
    twice = post_json(coordinator_api, f"{version_url}/adopt", {
        "body_id": steering_group.pk, "adopted_on": date.today().isoformat()})
    assert_problem(twice, 409)
    with scope(network=network_a.pk):
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"charter_version.edited", "charter_version.proposed",
            "charter_version.adopted"} <= actions


def test_member_reads_adopted_documents_but_not_drafts_and_cannot_write(member_api, documents):
    adopted, draft = documents
    listing = member_api.get(f"{BASE}/charter-documents")
    assert listing.status_code == 200
    titles = [d["title"] for d in listing.json()["items"]]
    assert titles == ["Geschäftsordnung"]
    assert member_api.get(
        f"{BASE}/charter-documents/{adopted.document_id}/versions/1").json()["body"] == "In force"
    assert_problem(member_api.get(f"{BASE}/charter-documents/{draft.document_id}"), 404)
    assert_problem(post_json(member_api, f"{BASE}/glossary-terms",
                             {"term": "x", "definition": "y"}), 403)


def test_observer_reads_but_cannot_write(observer_api, documents):
    assert observer_api.get(f"{BASE}/levels").status_code == 200
    assert_problem(post_json(observer_api, f"{BASE}/levels",
                             {"number": 1, "name": "Core", "admits": "Members"}), 403)


def test_outsider_gets_404_for_every_charter_resource(outsider, documents):
    client = token_client(token_for(outsider))
    adopted, _draft = documents
    for path in ("charter-documents", f"charter-documents/{adopted.document_id}", "goals",
                 "glossary-terms", "responsibilities", "levels", "practice-statuses"):
        assert_problem(client.get(f"{BASE}/{path}"), 404)


def test_goals_and_reviews_over_the_api_refuse_a_review_before_the_goal(coordinator_api,
                                                                       network_a):
    # Days as the network's clock shows them: the API reads dates in the network's zone.
    today = timezone.localdate(timezone=ZoneInfo(network_a.time_zone))
    goal = post_json(coordinator_api, f"{BASE}/goals", {"statement": "Shorter waiting times",
                                                        "review_interval_months": 4})
    assert goal.status_code == 201
    goal_id = goal.json()["id"]
    early = post_json(coordinator_api, f"{BASE}/goals/{goal_id}/reviews", {
        "assessment": "on_track", "reviewed_on": (today - timedelta(days=9)).isoformat()})
    body = assert_problem(early, 422)
    assert "before the goal was agreed" in json.dumps(body)
    ok = post_json(coordinator_api, f"{BASE}/goals/{goal_id}/reviews", {
        "assessment": "at_risk", "reviewed_on": today.isoformat(), "evidence": "x"})
    assert ok.status_code == 201
    assert coordinator_api.get(f"{BASE}/goals/{goal_id}").json()["reviews"][0]["assessment"] \
        == "at_risk"


def test_glossary_responsibilities_levels_and_practices_round_trip(coordinator_api,
                                                                   coordinator):
    term = post_json(coordinator_api, f"{BASE}/glossary-terms", {
        "term": "Signal", "definition": "A first hint", "source": "Handbook 2024",
        "translations": {"de": {"term": "Hinweis", "definition": "Ein erster Hinweis"}}})
    assert term.status_code == 201 and term.json()["translations"]["de"]["term"] == "Hinweis"
    task = post_json(coordinator_api, f"{BASE}/responsibilities", {
        "task": "Keep the minutes",
        "assignments": [{"raci": "R", "party": f"member:{coordinator.pk}"}]})
    assert task.status_code == 201 and task.json()["flags"] == ["single_person"]
    level = post_json(coordinator_api, f"{BASE}/levels",
                      {"number": 2, "name": "Invited", "admits": "Practitioners"})
    assert level.status_code == 201
    practice = coordinator_api.put(f"{BASE}/practice-statuses/definitions", data=json.dumps(
        {"status": "in_place", "note": "Glossary adopted"}), content_type="application/json")
    assert practice.status_code == 200 and practice.json()["status"] == "in_place"
    listing = coordinator_api.get(f"{BASE}/practice-statuses").json()
    assert len(listing) == 15


def test_hostile_api_input_is_refused_without_writing(coordinator_api, outsider, network_a):
    giant = post_json(coordinator_api, f"{BASE}/charter-documents",
                      {"kind": "custom", "title": "Big", "body": "x" * 100_001})
    assert_problem(giant, 422)
    foreign = post_json(coordinator_api, f"{BASE}/goals", {
        "statement": "x", "owner_organisation_id": outsider.organisation_id})
    assert_problem(foreign, 422)
    bad_party = post_json(coordinator_api, f"{BASE}/responsibilities", {
        "task": "x", "assignments": [{"raci": "R", "party": f"org:{outsider.organisation_id}"}]})
    assert_problem(bad_party, 422)
    with scope(network=network_a.pk):
        from accord.charter.models import CharterDocument, Goal, Responsibility
        assert not CharterDocument.objects.exists()
        assert not Goal.objects.exists() and not Responsibility.objects.exists()
