"""Overdue reviews are offered on the next case conference's agenda, as goal reviews are on
the steering group's: one click puts the case on it, once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.cases.models import Case, CaseState
from accord.meetings.models import AgendaItem
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import BodyKind, BodyRole
from accord.testing import factories

pytestmark = pytest.mark.django_db


def _meeting(world, body, days_ahead=7, title="Fallkonferenz"):
    start = timezone.now().replace(microsecond=0) + timedelta(days=days_ahead)
    with scope(network=world.network.pk):
        return meeting_services.meeting_create(membership=world.coordinator, body=body,
                                               title=title, starts_at=start,
                                               ends_at=start + timedelta(hours=2))


@pytest.fixture
def conference(world):
    body = factories.make_body(world.network, name="Fallkonferenz Mitte")
    factories.add_to_body(body, world.coordinator, role=BodyRole.CHAIR)
    with scope(network=world.network.pk):
        world.case.next_review_on = timezone.localdate() - timedelta(days=3)
        world.case.save()
        Case.objects.create(network=world.network, reference="RHS-2026-002",
                            state=CaseState.ACTIVE, source_sector="police",
                            next_review_on=timezone.localdate() + timedelta(days=60))
        Case.objects.create(network=world.network, reference="RHS-2026-003",
                            state=CaseState.CLOSED, source_sector="police",
                            next_review_on=timezone.localdate() - timedelta(days=60))
    return body


def test_the_next_case_conference_offers_overdue_reviews_with_one_click(world, conference):
    meeting = _meeting(world, conference)
    client = factories.signed_in_client(world.coordinator.user)
    agenda_url = f"/n/{world.network.slug}/meetings/{meeting.pk}/agenda/"
    page = client.get(agenda_url).content.decode()
    assert "Case reviews due" in page and "RHS-2026-001" in page
    assert "RHS-2026-002" not in page  # not yet due
    assert "RHS-2026-003" not in page  # closed
    add = f"/n/{world.network.slug}/casework/meetings/{meeting.pk}/reviews/{world.case.pk}/add/"
    assert client.post(add).status_code == 302
    with scope(network=world.network.pk):
        item = AgendaItem.objects.get(meeting=meeting)
    assert item.kind == "case" and item.case_reference == "RHS-2026-001"
    assert item.confidential and "RHS-2026-001" in item.title
    # Offered once.
    assert "Add as case review item" not in client.get(agenda_url).content.decode()
    client.post(add)
    with scope(network=world.network.pk):
        assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_only_the_bodys_next_meeting_and_no_steering_group_is_offered_reviews(world,
                                                                               conference):
    _meeting(world, conference, days_ahead=7)
    later = _meeting(world, conference, days_ahead=21, title="Fallkonferenz später")
    steering = factories.make_body(world.network, name="Lenkungskreis",
                                   kind=BodyKind.STRATEGIC)
    steering_meeting = _meeting(world, steering, days_ahead=5, title="Lenkungskreis")
    client = factories.signed_in_client(world.coordinator.user)
    for meeting in (later, steering_meeting):
        page = client.get(f"/n/{world.network.slug}/meetings/{meeting.pk}/agenda/")
        assert "RHS-2026-001" not in page.content.decode()
    add = f"/n/{world.network.slug}/casework/meetings/{later.pk}/reviews/{world.case.pk}/add/"
    client.post(add)
    with scope(network=world.network.pk):
        assert not AgendaItem.objects.filter(meeting=later).exists()


def test_a_member_who_does_not_plan_the_meeting_cannot_add_a_review(world, conference):
    meeting = _meeting(world, conference)
    add = f"/n/{world.network.slug}/casework/meetings/{meeting.pk}/reviews/{world.case.pk}/add/"
    response = factories.signed_in_client(world.worker.user).post(add)
    assert response.status_code in (403, 404)
    with scope(network=world.network.pk):
        assert not AgendaItem.objects.filter(meeting=meeting).exists()
