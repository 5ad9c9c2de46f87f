"""The charter's charts: the roles chart fits its labels, and roadmap progress, survey answers
and a goal's review history are drawn as small SVGs with a title, a description stating every
value and a table with the same figures."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django_scopes import scope

from accord.charter import services
from accord.charter.charts import review_history_chart
from accord.charter.models import Goal, GoalReview
from accord.charter.raci import CHAR_PX, SIN45, chart_layout
from accord.charter.selectors import responsibilities
from accord.tenancy.models import Role
from accord.testing import factories

LONG_NAME = "Overlegplatform Levensbeschouwingen en Zingeving Scheldemonde en Omstreken"


def url(name, **kwargs):
    return reverse(f"charter:{name}", kwargs={"network": "rheinstadt", **kwargs})


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", page, re.DOTALL)


@pytest.fixture
def long_named_task(network_a, coordinator):
    organisation = factories.make_organisation(network_a, name=LONG_NAME)
    with scope(network=network_a.pk):
        services.responsibility_create(
            membership=coordinator, task="Answer data-protection questions " * 3,
            assignments=[{"raci": "R", "party": f"org:{organisation.pk}"},
                         {"raci": "I", "party": f"member:{coordinator.pk}"}])


def test_the_roles_chart_is_tall_and_wide_enough_for_its_rotated_labels(network_a,
                                                                       long_named_task):
    with scope(network=network_a.pk):
        chart = chart_layout(list(responsibilities(network=network_a)))

    for column in chart.columns:
        reach = len(column["label"]) * CHAR_PX * SIN45
        assert column["y"] - reach >= 0, column  # the label's top stays inside the picture
        assert column["x"] + reach <= chart.width, column  # and so does its end
    long_column = next(c for c in chart.columns if c["full"] == LONG_NAME)
    assert long_column["label"].endswith("…") and len(long_column["label"]) <= 32
    assert chart.rows[0]["label"].endswith("…")
    assert all(len(r["label"]) * CHAR_PX <= chart.label_width for r in chart.rows)


def test_the_roles_page_keeps_the_full_names_in_titles(coordinator_client, long_named_task):
    page = unescape(coordinator_client.get(url("roles")).content.decode())
    [svg] = _svgs(page)
    assert f"<title>{LONG_NAME}</title>" in svg
    assert "Overlegplatform Levensbeschouwi…" in svg
    assert 'role="img"' in svg and '<desc id="roles-chart-desc">' in svg


def test_the_roadmap_draws_practices_by_status_with_a_table_alternative(
        coordinator_client, coordinator, network_a):
    with scope(network=network_a.pk):
        for code in ("basics", "definitions"):
            services.practice_status_set(membership=coordinator, practice=code,
                                         status="in_place", owner=None, note="")
        services.practice_status_set(membership=coordinator, practice="level_system",
                                     status="not_needed", owner=None, note="")

    page = unescape(coordinator_client.get(url("roadmap")).content.decode())

    [svg] = [s for s in _svgs(page) if "roadmap-progress" in s]
    assert "<title id=\"roadmap-progress-title\">Practices by status</title>" in svg
    assert "Not started: 12; In progress: 0; In place: 2; Not needed here: 1" in svg
    assert '<th scope="row">In place</th><td>2</td>' in page


def test_survey_results_are_drawn_once_three_members_have_answered(network_a,
                                                                   coordinator_client):
    for answer in ("hour", "hour", "none"):
        client = factories.signed_in_client(
            factories.make_member(network_a, roles=(Role.MEMBER,)).user)
        client.post(url("survey"), {"time": answer, "clarity": "clear"})

    page = unescape(coordinator_client.get(url("survey")).content.decode())

    svgs = [s for s in _svgs(page) if 'class="bar-chart"' in s]
    time_chart = next(s for s in svgs if "survey-time" in s)
    assert "None: 1; About an hour: 2; About half a day: 0; More than half a day: 0" in time_chart
    assert '<th scope="row">About an hour</th><td>2</td>' in page


def test_no_survey_chart_before_three_answers(coordinator_client):
    page = coordinator_client.get(url("survey")).content.decode()
    assert 'class="bar-chart"' not in page


def test_a_goals_reviews_are_drawn_oldest_first_with_the_table_beside_them(
        coordinator_client, coordinator, network_a):
    with scope(network=network_a.pk):
        goal = services.goal_create(membership=coordinator, statement="Shorter waiting times")
        Goal.objects.filter(pk=goal.pk).update(created_at=goal.created_at - timedelta(days=200))
        for days_ago, assessment in ((150, "off_track"), (90, "at_risk"), (10, "on_track")):
            services.goal_review_record(membership=coordinator, goal=goal,
                                        assessment=assessment,
                                        reviewed_on=date.today() - timedelta(days=days_ago))

    page = unescape(coordinator_client.get(url("goal", pk=goal.pk)).content.decode())

    [svg] = [s for s in _svgs(page) if "review-chart" in s]
    assert re.search(r"3 reviews, oldest first: [^;<]*: Off track; [^;<]*: At risk; "
                     r"[^;<]*: On track\.", svg)
    assert svg.count("<circle") == 3 and "<polyline" in svg
    assert "Reviews, newest first" in page


def test_the_review_chart_puts_better_assessments_higher(network_a):
    reviews = [GoalReview(pk=i, assessment=a, reviewed_on=date(2026, 1, i))
               for i, a in enumerate(["achieved", "at_risk", "dropped", "on_track"], start=1)]

    chart = review_history_chart(reviews)

    heights = {p["key"]: p["y"] for p in chart.points}
    assert heights["achieved"] < heights["on_track"] < heights["at_risk"] < heights["dropped"]
    assert [p["x"] for p in chart.points] == sorted(p["x"] for p in chart.points)
    assert chart.width > chart.points[-1]["x"]
    assert review_history_chart([]) is None


def test_a_goal_without_reviews_shows_no_chart(coordinator_client, coordinator, network_a):
    with scope(network=network_a.pk):
        goal = services.goal_create(membership=coordinator, statement="Shared reporting")
    page = coordinator_client.get(url("goal", pk=goal.pk)).content.decode()
    assert "review-chart" not in page and "Not reviewed yet." in page
