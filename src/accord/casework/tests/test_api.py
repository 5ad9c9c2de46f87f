"""The case work API: the same policy as the pages, strict inputs (a 422 naming the field,
nothing written), another network's case a 404."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.casework.frameworks import default_framework
from accord.casework.models import Assessment, Indicator, Referral, Review

pytestmark = pytest.mark.django_db


def _base(world):
    return f"/api/v1/n/{world.network.slug}/cases/{world.case.pk}"


@pytest.fixture
def worker_api(world):
    return token_client(token_for(world.worker))


def _indicator(world):
    with scope(network=world.network.pk):
        return Indicator.objects.filter(
            domain__framework=default_framework(world.network)).order_by("pk").first()


def test_an_assessment_through_the_api_and_who_reads_it(world, worker_api):
    indicator = _indicator(world)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    created = post_json(worker_api, f"{_base(world)}/assessments", {
        "assessed_on": day, "concern_level": "high", "judgement": "Zuspitzung",
        "ratings": [{"indicator_id": indicator.pk, "rating": "present", "decisive": True,
                     "evidence_for": "Chatverlauf"}]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["shown"] and body["concern_level"] == "high"
    assert body["ratings"][0]["evidence_for"] == "Chatverlauf"
    with scope(network=world.network.pk):
        world.case.refresh_from_db()
    assert world.case.concern_level == "high"
    officer = token_client(token_for(world.officer)).get(f"{_base(world)}/assessments")
    assert officer.status_code == 200
    [row] = officer.json()
    assert row["shown"] is False and row["judgement"] is None and row["ratings"] is None
    assert "No rule of the network's sharing regime" in row["reason"]


def test_strict_input_is_refused_with_nothing_written(world, worker_api):
    base = _base(world)
    day = timezone.localdate().isoformat()
    cases = [
        (f"{base}/assessments", {"assessed_on": day, "concern_level": "high", "score": 9}),
        (f"{base}/assessments", {"assessed_on": day, "concern_level": "extreme"}),
        (f"{base}/assessments", {"assessed_on": day, "concern_level": "low",
                                 "judgement": "a\x00b"}),
        (f"{base}/reviews", {"reviewed_on": day, "outcome": "continue",
                             "changes": [{"domain_id": 1, "change": 5}]}),
        (f"{base}/referrals", {"to_organisation_id": world.counselling.pk,
                               "categories": ["dna"]}),
        (f"{base}/referrals", {"to_organisation_id": world.counselling.pk, "categories": []}),
    ]
    for path, payload in cases:
        assert_problem(post_json(worker_api, path, payload), 422)
    with scope(network=world.network.pk):
        assert not Assessment.objects.exists() and not Review.objects.exists()
        assert not Referral.objects.exists()


def test_a_review_before_the_signal_is_a_4xx(world, worker_api):
    before = (world.signal_on - timedelta(days=1)).isoformat()
    response = post_json(worker_api, f"{_base(world)}/reviews",
                         {"reviewed_on": before, "outcome": "continue"})
    body = assert_problem(response, 422)
    assert "before the case's signal" in json.dumps(body)
    with scope(network=world.network.pk):
        assert not Review.objects.exists()


def test_reviews_plan_interventions_and_their_refusal(world, worker_api):
    base = _base(world)
    today = timezone.localdate().isoformat()
    assert post_json(worker_api, f"{base}/reviews",
                     {"reviewed_on": today, "outcome": "continue"}).status_code == 201
    plan = worker_api.put(f"{base}/plan", data=json.dumps({
        "summary": "Stabilisieren", "goals": [{"life_area": "housing",
                                              "text": "Eigene Wohnung"}]}),
        content_type="application/json")
    assert plan.status_code == 200, plan.content
    goal_id = plan.json()["goals"][0]["id"]
    made = post_json(worker_api, f"{base}/interventions", {
        "title": "Wohnungssuche", "kind": "care", "organisation_id": world.youth.pk,
        "goal_id": goal_id, "status": "running"})
    assert made.status_code == 201, made.content
    assert worker_api.get(f"{base}/interventions").json()[0]["title"] == "Wohnungssuche"
    officer = token_client(token_for(world.officer))
    for path in ("reviews", "plan", "interventions"):
        refused = assert_problem(officer.get(f"{base}/{path}"), 403)
        assert "No rule of the network's sharing regime" in json.dumps(refused)


def test_referral_accept_and_decline_through_the_api(world, worker_api):
    base = _base(world)
    proposed = post_json(worker_api, f"{base}/referrals", {
        "to_organisation_id": world.counselling.pk, "categories": ["signal"]})
    assert proposed.status_code == 201, proposed.content
    referral_id = proposed.json()["id"]
    receiver = token_client(token_for(world.member))
    assert_problem(post_json(receiver, f"{base}/referrals/{referral_id}/decline", {}), 422)
    assert_problem(post_json(worker_api, f"{base}/referrals/{referral_id}/accept", None), 403)
    accepted = post_json(receiver, f"{base}/referrals/{referral_id}/accept", None)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert [r["state"] for r in worker_api.get(f"{base}/referrals").json()] == ["accepted"]


def test_another_networks_case_is_not_found(world):
    outsider = token_client(token_for(world.outsider))
    response = outsider.get(f"/api/v1/n/polderdam/cases/{world.case.pk}/assessments")
    assert_problem(response, 404)


def test_case_work_schemas_have_names_no_other_app_uses():
    """The OpenAPI document names components by class name: a second GoalOut would silently
    describe the charter's goals with case work's schema."""
    from collections import defaultdict

    from ninja import Schema

    import accord.api.api  # noqa: F401 (every router imported)

    modules = defaultdict(set)

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("accord.") and ".tests" not in sub.__module__:
                modules[sub.__name__].add(sub.__module__)
            walk(sub)

    walk(Schema)
    shared = {name: found for name, found in modules.items()
              if len(found) > 1 and "accord.casework.api" in found}
    assert not shared
