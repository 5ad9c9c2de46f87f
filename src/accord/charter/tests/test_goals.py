from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.charter import services
from accord.charter.models import Goal
from accord.charter.selectors import goals_due_for_review

pytestmark = pytest.mark.usefixtures("in_a")


def test_a_review_dated_before_the_goal_is_refused_with_a_clear_message(coordinator):
    goal = services.goal_create(membership=coordinator, statement="Fewer unclear referrals")
    with pytest.raises(ValidationError, match="before the goal was agreed"):
        services.goal_review_record(membership=coordinator, goal=goal, assessment="on_track",
                                    reviewed_on=date.today() - timedelta(days=3))
    assert goal.reviews.count() == 0


def test_a_review_moves_the_next_review_on_and_a_closing_one_ends_it(coordinator):
    goal = services.goal_create(membership=coordinator, statement="Quarterly case figures",
                                review_interval_months=3)
    today = timezone.localdate()
    services.goal_review_record(membership=coordinator, goal=goal, assessment="at_risk",
                                reviewed_on=today, evidence="Two of four reports late")
    goal.refresh_from_db()
    assert goal.next_review_on > today
    services.goal_review_record(membership=coordinator, goal=goal, assessment="achieved",
                                reviewed_on=today)
    goal.refresh_from_db()
    assert goal.next_review_on is None


def test_goals_due_for_review_lists_only_open_goals_due_before_the_date(coordinator, network_a):
    today = timezone.localdate()
    due = services.goal_create(membership=coordinator, statement="Due",
                               next_review_on=today - timedelta(days=1))
    services.goal_create(membership=coordinator, statement="Later",
                         next_review_on=today + timedelta(days=60))
    closed = services.goal_create(membership=coordinator, statement="Closed",
                                  next_review_on=today - timedelta(days=5))
    Goal.objects.filter(pk=closed.pk).update(next_review_on=None)
    assert list(goals_due_for_review(network=network_a, before=today)) == [due]


def test_overdue_reviews_show_in_the_home_panel(coordinator, coordinator_client, network_a):
    services.goal_create(membership=coordinator, statement="Publish the annual report",
                         next_review_on=timezone.localdate() - timedelta(days=10))
    from django.template import engines
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.membership, request.network = coordinator, network_a
    html = engines["django"].from_string(
        '{% include "charter/_home_panel.html" %}').render({"network": network_a},
                                                          request)
    assert "Publish the annual report" in html and "Goal reviews overdue" in html
