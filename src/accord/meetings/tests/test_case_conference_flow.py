"""Case conference to steering group: forwarding an item, call logs for review, action links,
agenda order without and with HTMX."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import ActionItem, AgendaItem
from accord.meetings.services import actions, agenda
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


def _kw(c, **extra):
    return {"network": c.network.slug, **extra}


def test_coordinator_forwards_a_case_conference_item_to_the_steering_groups_next_meeting(
        cast, steering):
    c = cast
    with scope(network=c.network.pk):
        conference = schedule(c, hours=24, title="Fallkonferenz Juni")
        item = agenda.agenda_item_create(membership=c.chair, meeting=conference,
                                         title="Ressourcenfrage")
        start = timezone.now() + timedelta(days=10)
        next_steering = meeting_services.meeting_create(
            membership=steering.chair, body=steering.body, title="Lenkungskreis Juli",
            starts_at=start, ends_at=start + timedelta(hours=2))
    client = factories.signed_in_client(c.coordinator.user)
    page = client.get(reverse("meetings:agenda", kwargs=_kw(c, pk=conference.pk)))
    assert "Forward to Lenkungskreis Juli" in page.content.decode()
    response = client.post(reverse("meetings:item-forward",
                                   kwargs=_kw(c, pk=conference.pk, item_id=item.pk)))
    assert response.status_code == 302
    with scope(network=c.network.pk):
        forwarded = AgendaItem.objects.get(meeting=next_steering)
    assert forwarded.title == "Ressourcenfrage" and forwarded.forwarded_from_id == item.pk
    target = client.get(reverse("meetings:agenda", kwargs=_kw(c, pk=next_steering.pk)))
    assert "Fallkonferenz Juni" in target.content.decode()


def test_call_logs_since_the_last_meeting_are_listed_for_review(cast):
    c = cast
    today = timezone.localdate()
    with scope(network=c.network.pk):
        schedule(c, hours=-24 * 20, title="Vorige")
        upcoming = schedule(c, hours=48, title="Nächste")
        actions.call_log_create(membership=c.chair, body=c.body, topic="Neu seit letztem Mal",
                                occurred_on=today - timedelta(days=3), participants=[c.chair])
        actions.call_log_create(membership=c.chair, body=c.body, topic="Schon besprochen",
                                occurred_on=today - timedelta(days=30), participants=[c.chair])
        actions.call_log_create(membership=c.chair, body=c.body, topic="Unter vier Augen",
                                occurred_on=today - timedelta(days=2), visibility="present",
                                participants=[c.chair], summary="vertraulich")
    page = factories.signed_in_client(c.member.user).get(
        reverse("meetings:detail", kwargs=_kw(c, pk=upcoming.pk))).content.decode()
    assert "Neu seit letztem Mal" in page
    assert "Schon besprochen" not in page and "Unter vier Augen" not in page
    chair_page = factories.signed_in_client(c.chair.user).get(
        reverse("meetings:detail", kwargs=_kw(c, pk=upcoming.pk))).content.decode()
    assert "Unter vier Augen" in chair_page


def test_an_action_links_a_goal_and_a_case(cast, steering):
    from accord.charter import services as charter

    c = cast
    with scope(network=c.network.pk):
        goal = charter.goal_create(membership=c.coordinator, statement="Früher erkennen")
    factories.make_case(c.network, "RS-2026-014")
    client = factories.signed_in_client(c.member.user)
    response = client.post(reverse("meetings:actions", kwargs=_kw(c)), {
        "title": "Schule anrufen", "body": c.body.pk, "goal_id": goal.pk,
        "case": "RS-2026-014"})
    assert response.status_code == 302
    with scope(network=c.network.pk):
        action = ActionItem.objects.get(title="Schule anrufen")
    assert action.goal_id == goal.pk and action.case_reference == "RS-2026-014"
    bad = client.post(reverse("meetings:actions", kwargs=_kw(c)), {
        "title": "Falsch", "body": c.body.pk, "goal_id": 999999})
    assert bad.status_code == 400


def test_agenda_reorders_with_plain_buttons_and_with_htmx(cast):
    c = cast
    with scope(network=c.network.pk):
        meeting = schedule(c, hours=24)
        first = agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Erstens")
        second = agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Zweitens")
    client = factories.signed_in_client(c.chair.user)
    move = reverse("meetings:item-move", kwargs=_kw(c, pk=meeting.pk, item_id=second.pk))
    page = client.get(reverse("meetings:agenda", kwargs=_kw(c, pk=meeting.pk))).content.decode()
    assert f'hx-post="{move}"' in page and 'hx-select="#agenda-items"' in page
    assert client.post(move, {"direction": "up"}).status_code == 302
    with scope(network=c.network.pk):
        assert list(meeting.items.values_list("pk", flat=True)) == [second.pk, first.pk]
    followed = client.post(move, {"direction": "down"}, HTTP_HX_REQUEST="true", follow=True)
    assert 'id="agenda-items"' in followed.content.decode()
    with scope(network=c.network.pk):
        assert list(meeting.items.values_list("pk", flat=True)) == [first.pk, second.pk]
