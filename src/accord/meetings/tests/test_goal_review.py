"""The steering group's agenda offers the goals due for review as one-click items."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.charter import services as charter
from accord.meetings.models import AgendaItem
from accord.meetings.services import meetings as meeting_services
from accord.testing import factories


def _goals(s):
    today = timezone.localdate()
    with scope(network=s.network.pk):
        due = charter.goal_create(membership=s.coordinator, statement="Weniger Schulabbrüche",
                                  next_review_on=today - timedelta(days=2))
        later = charter.goal_create(membership=s.coordinator, statement="Mehr Elternarbeit",
                                    next_review_on=today + timedelta(days=200))
    return due, later


def test_chair_adds_a_goal_due_for_review_with_one_click(steering):
    s = steering
    due, later = _goals(s)
    client = factories.signed_in_client(s.chair.user)
    agenda_url = reverse("meetings:agenda", kwargs={"network": s.network.slug,
                                                    "pk": s.meeting.pk})
    page = client.get(agenda_url).content.decode()
    assert "Weniger Schulabbrüche" in page and "Add as goal review item" in page
    assert "Mehr Elternarbeit" not in page
    add = reverse("meetings:goal-add", kwargs={"network": s.network.slug, "pk": s.meeting.pk,
                                               "goal_id": due.pk})
    assert client.post(add).status_code == 302
    with scope(network=s.network.pk):
        item = AgendaItem.objects.get(meeting=s.meeting)
    assert item.kind == "goal_review" and item.goal_id == due.pk
    assert "Weniger Schulabbrüche" in item.title
    # Offered once: the listed goal is no longer offered, and a second click adds nothing.
    assert "Add as goal review item" not in client.get(agenda_url).content.decode()
    client.post(add)
    too_early = reverse("meetings:goal-add", kwargs={"network": s.network.slug,
                                                     "pk": s.meeting.pk, "goal_id": later.pk})
    client.post(too_early)
    with scope(network=s.network.pk):
        assert AgendaItem.objects.filter(meeting=s.meeting).count() == 1


def test_a_case_conference_is_not_offered_goal_reviews(cast, coordinator):
    _goals(cast)
    with scope(network=cast.network.pk):
        start = timezone.now() + timedelta(days=3)
        meeting = meeting_services.meeting_create(
            membership=cast.chair, body=cast.body, title="Fallkonferenz",
            starts_at=start, ends_at=start + timedelta(hours=1))
    page = factories.signed_in_client(cast.chair.user).get(
        reverse("meetings:agenda", kwargs={"network": cast.network.slug, "pk": meeting.pk}))
    assert "Weniger Schulabbrüche" not in page.content.decode()


def test_a_plain_member_cannot_add_goal_reviews(steering):
    s = steering
    due, _later = _goals(s)
    add = reverse("meetings:goal-add", kwargs={"network": s.network.slug, "pk": s.meeting.pk,
                                               "goal_id": due.pk})
    refused = factories.signed_in_client(s.voter.user).post(add)
    assert refused.status_code == 403
    assert "Only the chair, the secretary or a coordinator may do this." in refused.content.decode()
