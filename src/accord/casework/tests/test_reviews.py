"""Reviews: dated within the case, the next review from the level's interval (configurable per
network), event-triggered reviews, and the trajectory chart with its data table."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.casework.frameworks import default_framework
from accord.casework.models import CaseworkSettings, Indicator, Review
from accord.casework.services import assessments, reviews
from accord.casework.services._common import add_months
from accord.casework.tests.conftest import text, url

pytestmark = pytest.mark.django_db


def _day(days_ago):
    return timezone.localdate() - timedelta(days=days_ago)


def test_a_review_dated_before_the_signal_is_refused_with_nothing_written(world, as_worker):
    response = as_worker.post(url(world, "reviews/new/"), {
        "reviewed_on": (world.signal_on - timedelta(days=1)).isoformat(),
        "outcome": "continue"})
    assert response.status_code == 400
    assert "cannot be before the case's signal" in text(response)
    with scope(network=world.network.pk):
        assert not Review.objects.exists()
        world.case.refresh_from_db()
    assert world.case.next_review_on is None


def test_a_review_sets_the_next_review_from_the_networks_interval(world, as_worker):
    with scope(network=world.network.pk):
        CaseworkSettings.objects.create(network=world.network, medium_months=2)
        domain = default_framework(world.network).domains.first()
    day = _day(3)
    response = as_worker.post(url(world, "reviews/new/"), {
        "reviewed_on": day.isoformat(), "outcome": "de_escalate", "concern_level": "medium",
        "next_steps": "Gespräch mit der Familie", f"d{domain.pk}_change": "1"})
    assert response.status_code == 302
    with scope(network=world.network.pk):
        review = Review.objects.get(case=world.case)
        world.case.refresh_from_db()
        assert review.changes.get().change == 1
    assert review.next_review_on == add_months(day, 2) == world.case.next_review_on
    assert world.case.concern_level == "medium"


def test_an_event_triggered_review_says_which_event(world):
    with scope(network=world.network.pk):
        with pytest.raises(Exception) as refused:
            reviews.review_record(membership=world.worker, case=world.case,
                                  reviewed_on=_day(1), outcome="escalate",
                                  event_triggered=True)
        assert "event_reason" in str(refused.value)
        review = reviews.review_record(membership=world.worker, case=world.case,
                                       reviewed_on=_day(1), outcome="close",
                                       event_triggered=True, event_reason="Umzug")
        world.case.refresh_from_db()
    assert review.event_reason == "Umzug" and world.case.next_review_on is None


def test_a_member_who_does_not_manage_the_case_cannot_review_it(world, as_officer):
    response = as_officer.get(url(world, "reviews/new/"))
    assert response.status_code == 403
    assert "Only the case's coordinator" in text(response)


def test_the_trajectory_chart_and_its_table_show_the_levels_over_time(world, as_worker):
    with scope(network=world.network.pk):
        framework = default_framework(world.network)
        domains = list(framework.domains.all())
        indicator = Indicator.objects.filter(domain=domains[0]).first()
        assessments.assessment_record(
            membership=world.worker, case=world.case, assessed_on=_day(200),
            concern_level="high", ratings=[{"indicator": indicator, "rating": "present"}])
        reviews.review_record(membership=world.worker, case=world.case, reviewed_on=_day(150),
                              outcome="continue",
                              changes=[{"domain": domains[0], "change": -1}])
        reviews.review_record(membership=world.worker, case=world.case, reviewed_on=_day(60),
                              outcome="de_escalate", concern_level="medium",
                              changes=[{"domain": domains[0], "change": 2},
                                       {"domain": domains[3], "change": 1}])
        reviews.review_record(membership=world.worker, case=world.case, reviewed_on=_day(5),
                              outcome="de_escalate", concern_level="low")
    page = text(as_worker.get(url(world)))
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<circle") == 1 and svg.count("<rect") == 3  # assessment, reviews
    assert "<polyline" in svg and "<script" not in page[page.index("<svg"):]
    assert "assessment: High" in svg and "review: Low" in svg  # the description states all
    assert "1/1" in svg and "-1" in svg and "+2" in svg
    table = page[page.index('class="trajectory-table"'):]
    table = table[:table.index("</table>")]
    assert "Ideological engagement" in table and "Motivation to engage with support" in table
    rows = table.split("<tr>")[2:]
    assert len(rows) == 4
    assert "Assessment" in rows[0] and "High" in rows[0] and "1/1" in rows[0]
    assert "Review" in rows[2] and "Medium" in rows[2] and "+2" in rows[2]
    assert "Low" in rows[3]


def test_the_chart_is_left_out_for_a_reader_without_the_plan_status(world, as_officer):
    with scope(network=world.network.pk):
        reviews.review_record(membership=world.worker, case=world.case, reviewed_on=_day(5),
                              outcome="continue", next_steps="Vertrauliche Schritte")
    page = text(as_officer.get(url(world)))
    assert "<svg" not in page[page.index('id="reviews"'):]
    assert "Vertrauliche Schritte" not in page


def test_a_coordinator_sets_the_networks_review_intervals(world):
    from accord.testing import factories

    page = f"/n/{world.network.slug}/casework/review-intervals/"
    client = factories.signed_in_client(world.coordinator.user)
    assert client.post(page, {"high_weeks": "2", "medium_months": "4",
                              "low_months": "99"}).status_code == 400
    assert client.post(page, {"high_weeks": "2", "medium_months": "4",
                              "low_months": "9"}).status_code == 302
    with scope(network=world.network.pk):
        settings = CaseworkSettings.objects.get(network=world.network)
        assert (settings.high_weeks, settings.medium_months, settings.low_months) == (2, 4, 9)
        review = reviews.review_record(membership=world.worker, case=world.case,
                                       reviewed_on=_day(1), outcome="escalate",
                                       concern_level="high")
    assert review.next_review_on == _day(1) + timedelta(weeks=2)
    refused = factories.signed_in_client(world.worker.user).get(page)
    assert refused.status_code == 403
