"""Editing goals, tasks, levels and terms over the API, reading a goal's reviews, and commenting
on proposed versions: the same rules, problems and audit trail as the rest of the charter API."""

import json
from datetime import date

import pytest
from django_scopes import scope

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.audit.models import AuditEvent
from accord.charter import services
from accord.charter.models import GlossaryTerm, Goal, Level, VersionComment
from accord.charter.tests.helpers import adopted_document

BASE = "/api/v1/n/rheinstadt"


def patch_json(client, url: str, body):
    return client.patch(url, data=json.dumps(body), content_type="application/json")


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
def outsider_api(outsider):
    return token_client(token_for(outsider))


@pytest.fixture
def goal(network_a, coordinator):
    with scope(network=network_a.pk):
        return services.goal_create(membership=coordinator, statement="Shorter waiting times",
                                    indicators="Days from signal to first contact")


def _actions(network) -> list[str]:
    with scope(network=network.pk):
        return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_coordinator_changes_one_field_of_a_goal_and_the_rest_stays(coordinator_api, goal,
                                                                      network_a):
    response = patch_json(coordinator_api, f"{BASE}/goals/{goal.pk}",
                          {"review_interval_months": 3})

    assert response.status_code == 200, response.content
    assert response.json()["review_interval_months"] == 3
    assert response.json()["statement"] == "Shorter waiting times"
    with scope(network=network_a.pk):
        stored = Goal.objects.get(pk=goal.pk)
        event = AuditEvent.objects.filter(action="goal.updated").get()
    assert stored.review_interval_months == 3
    assert stored.indicators == "Days from signal to first contact"
    assert event.summary == {"fields": ["review_interval_months"]}


def test_goal_patch_refuses_null_unknown_fields_and_another_networks_organisation(
        coordinator_api, goal, outsider, network_a):
    url = f"{BASE}/goals/{goal.pk}"
    assert "statement" in json.dumps(assert_problem(
        patch_json(coordinator_api, url, {"statement": None}), 422))
    assert_problem(patch_json(coordinator_api, url, {"colour": "red"}), 422)
    assert_problem(patch_json(coordinator_api, url, {"review_interval_months": 99}), 422)
    foreign = patch_json(coordinator_api, url,
                         {"owner_organisation_id": outsider.organisation_id})
    assert "owner_organisation_id" in json.dumps(assert_problem(foreign, 422))
    with scope(network=network_a.pk):
        assert Goal.objects.get(pk=goal.pk).statement == "Shorter waiting times"
        assert not AuditEvent.objects.filter(action="goal.updated").exists()


def test_member_may_not_edit_and_outsider_does_not_find_the_goal(member_api, outsider_api,
                                                                 goal):
    body = assert_problem(patch_json(member_api, f"{BASE}/goals/{goal.pk}",
                                     {"statement": "Mine now"}), 403)
    assert "may change the charter" in body["detail"]
    assert_problem(patch_json(outsider_api, f"{BASE}/goals/{goal.pk}", {"statement": "x"}), 404)
    assert_problem(outsider_api.get(f"{BASE}/goals/{goal.pk}/reviews"), 404)


def test_a_goals_reviews_are_listed_newest_first(coordinator_api, member_api, goal, network_a,
                                                 coordinator):
    with scope(network=network_a.pk):
        services.goal_review_record(membership=coordinator, goal=goal, assessment="at_risk",
                                    reviewed_on=date.today(), evidence="Waiting list grew")
        services.goal_review_record(membership=coordinator, goal=goal, assessment="on_track",
                                    reviewed_on=date.today(), evidence="Two new staff")

    response = member_api.get(f"{BASE}/goals/{goal.pk}/reviews")

    assert response.status_code == 200
    assert [r["assessment"] for r in response.json()] == ["on_track", "at_risk"]
    assert response.json()[0]["evidence"] == "Two new staff"
    assert_problem(member_api.get(f"{BASE}/goals/999999/reviews"), 404)


def test_coordinator_hands_a_task_to_a_deputy_and_the_single_person_flag_goes(
        coordinator_api, coordinator, member, network_a):
    created = post_json(coordinator_api, f"{BASE}/responsibilities", {
        "task": "Keep the minutes",
        "assignments": [{"raci": "R", "party": f"member:{coordinator.pk}"}]}).json()
    assert created["flags"] == ["single_person"]

    response = patch_json(coordinator_api, f"{BASE}/responsibilities/{created['id']}",
                          {"deputy_id": member.pk})

    assert response.status_code == 200, response.content
    assert response.json()["flags"] == []
    assert response.json()["task"] == "Keep the minutes"
    assert [a["party"] for a in response.json()["assignments"]] == [f"member:{coordinator.pk}"]
    replaced = patch_json(coordinator_api, f"{BASE}/responsibilities/{created['id']}", {
        "assignments": [{"raci": "R", "party": f"org:{member.organisation_id}"},
                        {"raci": "I", "party": f"member:{coordinator.pk}"}]})
    assert [(a["raci"], a["party"]) for a in replaced.json()["assignments"]] == [
        ("I", f"member:{coordinator.pk}"), ("R", f"org:{member.organisation_id}")]
    assert "responsibility.updated" in _actions(network_a)


def test_task_patch_refuses_another_networks_party_and_a_null_task(coordinator_api,
                                                                    coordinator, outsider):
    created = post_json(coordinator_api, f"{BASE}/responsibilities", {
        "task": "Screen new signals",
        "assignments": [{"raci": "R", "party": f"member:{coordinator.pk}"}]}).json()
    url = f"{BASE}/responsibilities/{created['id']}"
    assert_problem(patch_json(coordinator_api, url, {"assignments": [
        {"raci": "R", "party": f"member:{outsider.pk}"}]}), 422)
    assert_problem(patch_json(coordinator_api, url, {"deputy_id": outsider.pk}), 422)
    assert_problem(patch_json(coordinator_api, url, {"task": None}), 422)
    after = coordinator_api.get(f"{BASE}/responsibilities").json()
    assert after[0]["assignments"][0]["party"] == f"member:{coordinator.pk}"
    assert after[0]["deputy_id"] is None


def test_level_patch_renames_and_refuses_a_number_already_taken(coordinator_api, observer_api,
                                                                network_a):
    first = post_json(coordinator_api, f"{BASE}/levels",
                      {"number": 1, "name": "Core", "admits": "Members"}).json()
    post_json(coordinator_api, f"{BASE}/levels",
              {"number": 2, "name": "Invited", "admits": "Practitioners"})

    renamed = patch_json(coordinator_api, f"{BASE}/levels/{first['id']}",
                         {"name": "Core members", "min_severity": "medium"})
    clash = patch_json(coordinator_api, f"{BASE}/levels/{first['id']}", {"number": 2})

    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Core members"
    assert renamed.json()["admits"] == "Members"
    assert "already a level with this number" in json.dumps(assert_problem(clash, 422))
    assert_problem(patch_json(coordinator_api, f"{BASE}/levels/{first['id']}",
                              {"min_severity": "extreme"}), 422)
    assert_problem(patch_json(observer_api, f"{BASE}/levels/{first['id']}", {"name": "x"}), 403)
    with scope(network=network_a.pk):
        level = Level.objects.get(pk=first["id"])
    assert (level.number, level.name, level.min_severity) == (1, "Core members", "medium")


def test_an_editor_replaces_a_glossary_term_including_its_name(coordinator_api, network_a):
    term = post_json(coordinator_api, f"{BASE}/glossary-terms",
                     {"term": "Fallkonferenz", "definition": "Alt."}).json()

    response = coordinator_api.put(
        f"{BASE}/glossary-terms/{term['id']}", data=json.dumps(
            {"term": "Fallkonferenz (neu)", "definition": "Neu gefasst."}),
        content_type="application/json")

    assert response.status_code == 200, response.content
    with scope(network=network_a.pk):
        stored = GlossaryTerm.objects.get(pk=term["id"])
    assert (stored.term, stored.definition) == ("Fallkonferenz (neu)", "Neu gefasst.")


# --- comments on proposed versions ---------------------------------------------------------

@pytest.fixture
def versions(network_a, coordinator, steering_group):
    """(adopted, proposed, draft) versions of three documents."""
    with scope(network=network_a.pk):
        adopted = adopted_document(coordinator, steering_group)
        proposed = services.document_create(membership=coordinator, kind="glossary",
                                            title="Glossary", body="Terms")
        proposed = services.version_propose(membership=coordinator, version=proposed)
        draft = services.document_create(membership=coordinator, kind="custom",
                                         title="Secret draft", body="draft")
    return adopted, proposed, draft


def _comments_url(version) -> str:
    return f"{BASE}/charter-documents/{version.document_id}/versions/{version.number}/comments"


def test_member_comments_on_a_proposed_version_and_reads_the_comments(member_api, member,
                                                                      versions, network_a):
    _adopted, proposed, _draft = versions

    created = post_json(member_api, _comments_url(proposed),
                        {"text": "  Please define 'signal' more narrowly.  "})

    assert created.status_code == 201, created.content
    assert created.json()["text"] == "Please define 'signal' more narrowly."
    assert created.json()["author"] == str(member.user)
    listing = member_api.get(_comments_url(proposed))
    assert [c["text"] for c in listing.json()] == ["Please define 'signal' more narrowly."]
    with scope(network=network_a.pk):
        event = AuditEvent.objects.filter(action="charter_comment.added").get()
    assert "signal" not in json.dumps(event.summary)


def test_comments_are_refused_on_adopted_versions_hidden_drafts_and_for_observers(
        member_api, coordinator_api, observer_api, outsider_api, versions, network_a):
    adopted, proposed, draft = versions

    closed = post_json(member_api, _comments_url(adopted), {"text": "Too late?"})
    assert "only while a version is proposed" in assert_problem(closed, 409)["detail"]
    assert_problem(post_json(member_api, _comments_url(draft), {"text": "Peek"}), 404)
    assert_problem(post_json(coordinator_api, _comments_url(draft), {"text": "Not yet"}), 409)
    assert_problem(post_json(observer_api, _comments_url(proposed), {"text": "Hi"}), 403)
    assert_problem(observer_api.get(_comments_url(adopted)), 403)
    assert_problem(outsider_api.get(_comments_url(proposed)), 404)
    assert_problem(post_json(member_api, _comments_url(proposed), {"text": ""}), 422)
    assert_problem(post_json(member_api, _comments_url(proposed), {"text": "   "}), 422)
    assert_problem(post_json(member_api, _comments_url(proposed), {"text": "x" * 4001}), 422)
    with scope(network=network_a.pk):
        assert not VersionComment.objects.exists()
