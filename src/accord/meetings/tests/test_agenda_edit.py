"""Agenda items can be edited (issue 8, item 7): title, kind, time box, links,
confidentiality and guests, on a page reached from the agenda and by PATCH; refused once the
minutes are approved; audited with what changed. "Copy the agenda of" names each meeting
with its date."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.charter import services as charter
from accord.meetings.forms import meeting_label
from accord.meetings.models import AgendaItem
from accord.meetings.services import agenda, guests
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


def url(c, name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"network": c.network.slug, **kwargs})


def patch(client, c, item, body):
    return client.patch(f"/api/v1/n/{c.network.slug}/meetings/{item.meeting_id}/agenda-items/"
                        f"{item.pk}", data=json.dumps(body), content_type="application/json")


def stored(c, item) -> AgendaItem:
    with scope(network=c.network.pk):
        return AgendaItem.objects.get(pk=item.pk)


def last_update(c):
    with scope(network=c.network.pk):
        return AuditEvent.objects.filter(action="agenda_item.updated").latest("pk")


@pytest.fixture
def planned(cast):
    """An upcoming meeting with a topic item and a guest invited to it, and a goal and a
    charter document of the network to link."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=48, title="Fallkonferenz Mai")
        c.item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                           title="Lagebild", required_level=2)
        c.other = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                            title="Schulen")
        c.guest, _token = guests.guest_invite(
            membership=c.chair, meeting=c.meeting, name="Gerda Gast",
            email="gast@example.test", items=[c.item], level=2)
        c.goal = charter.goal_create(membership=c.coordinator,
                                     statement="Schulen früh einbinden")
        c.document = charter.document_create(membership=c.coordinator, kind="custom",
                                             title="Leitfaden Schulen").document
    return c


def test_the_agenda_links_each_item_to_its_edit_page(planned):
    c = planned
    client = factories.signed_in_client(c.chair.user)
    page = client.get(url(c, "agenda", pk=c.meeting.pk)).content.decode()
    assert url(c, "item-edit", pk=c.meeting.pk, item_id=c.item.pk) in page
    assert "Edit<span class=\"visually-hidden\"> “Lagebild”</span>" in page
    form = client.get(url(c, "item-edit", pk=c.meeting.pk, item_id=c.item.pk))
    html = form.content.decode()
    assert form.status_code == 200
    assert 'value="Lagebild"' in html
    for label in ("Kind", "Time box (minutes)", "Confidential", "Level a guest needs",
                  "Linked goal", "Linked charter document", "Guests invited to this item"):
        assert f">{label}<" in html, label


def test_a_planner_changes_an_item_in_full_and_the_audit_says_what_changed(planned):
    c = planned
    factories.make_case(c.network, "RS-2026-020")
    client = factories.signed_in_client(c.chair.user)
    response = client.post(url(c, "item-edit", pk=c.meeting.pk, item_id=c.other.pk), {
        "title": "Schulen: Fall RS-2026-020", "kind": "case", "time_box_minutes": "25",
        "confidential": "on", "required_level": "3", "case": "RS-2026-020",
        "goal_id": str(c.goal.pk), "charter_document_id": str(c.document.pk),
        "description": "Vertraulich."})
    assert response.status_code == 302, response.content.decode()
    item = stored(c, c.other)
    assert (item.title, item.kind, item.time_box_minutes) == ("Schulen: Fall RS-2026-020",
                                                              "case", 25)
    assert item.confidential and item.required_level == 3
    assert (item.goal_id, item.charter_document_id) == (c.goal.pk, c.document.pk)
    assert item.case_reference == "RS-2026-020"
    summary = last_update(c).summary
    assert set(summary["fields"]) >= {"title", "kind", "time_box_minutes", "confidential",
                                      "goal_id", "charter_document_id", "case"}
    assert summary["changes"]["kind"] == ["topic", "case"]
    assert summary["changes"]["time_box_minutes"] == [15, 25]
    assert "title" not in summary["changes"], "free text is audited by name only"
    assert "RS-2026-020" not in json.dumps(summary)


def test_guests_join_or_leave_an_item_within_its_level(planned):
    c = planned
    client = factories.signed_in_client(c.chair.user)
    base = {"title": "Schulen", "kind": "topic", "time_box_minutes": "15"}
    edit = url(c, "item-edit", pk=c.meeting.pk, item_id=c.other.pk)
    refused = client.post(edit, {**base, "guests": [str(c.guest.pk)]})
    assert refused.status_code == 400
    assert "Guests are invited to this item: set the level they need" in refused.content.decode()
    assert client.post(edit, {**base, "required_level": "2",
                              "guests": [str(c.guest.pk)]}).status_code == 302
    with scope(network=c.network.pk):
        assert set(c.guest.items.all()) == {c.item, c.other}
    assert last_update(c).summary["guests_added"] == [c.guest.pk]

    too_high = client.post(url(c, "item-edit", pk=c.meeting.pk, item_id=c.item.pk), {
        "title": "Lagebild", "kind": "topic", "time_box_minutes": "15", "required_level": "4",
        "guests": [str(c.guest.pk)]})
    assert too_high.status_code == 400
    assert "Below this level: Gerda Gast." in too_high.content.decode()
    assert stored(c, c.item).required_level == 2


def test_the_api_patches_links_and_guests_and_refuses_another_networks_goal(planned,
                                                                            network_b):
    c = planned
    client = factories.signed_in_client(c.chair.user)
    answer = patch(client, c, c.other, {"goal_id": c.goal.pk, "required_level": 2,
                                        "guest_ids": [c.guest.pk], "kind": "information"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["goal_id"] == c.goal.pk and body["kind"] == "information"
    assert body["required_level"] == 2
    with scope(network=c.network.pk):
        assert c.other in c.guest.items.all()

    outsider = factories.make_member(network_b)
    with scope(network=network_b.pk):
        foreign_goal = charter.goal_create(membership=factories.make_member(
            network_b, roles=("coordinator",)), statement="Fremdes Ziel")
    assert outsider  # a member of B exists; their goal is not ours to link
    refused = patch(client, c, c.other, {"goal_id": foreign_goal.pk})
    assert refused.status_code == 422
    assert stored(c, c.other).goal_id == c.goal.pk
    unknown_guest = patch(client, c, c.other, {"guest_ids": [10**12]})
    assert unknown_guest.status_code == 422
    cleared = patch(client, c, c.other, {"goal_id": None})
    assert cleared.status_code == 200 and stored(c, c.other).goal_id is None


def test_editing_is_refused_once_the_minutes_are_approved(held):
    c = held
    client = factories.signed_in_client(c.chair.user)
    item = c.items[0]
    page = client.get(url(c, "item-edit", pk=c.meeting.pk, item_id=item.pk))
    assert page.status_code == 409
    assert "its agenda can no longer change" in page.content.decode()
    posted = client.post(url(c, "item-edit", pk=c.meeting.pk, item_id=item.pk),
                         {"title": "Neu", "kind": "topic", "time_box_minutes": "15"})
    assert posted.status_code == 409
    assert patch(client, c, item, {"title": "Neu"}).status_code == 409
    assert stored(c, item).title == "Alpha topic"


def test_members_who_do_not_plan_the_meeting_cannot_open_the_item_form(planned):
    c = planned
    client = factories.signed_in_client(c.member.user)
    # They see the meeting, so they are told why (the policy's reason), not "not found".
    page = client.get(url(c, "item-edit", pk=c.meeting.pk, item_id=c.item.pk))
    assert page.status_code == 403
    assert "Only the chair, the secretary or a coordinator may do this." in page.content.decode()
    assert patch(client, c, c.item, {"title": "X"}).status_code == 403


def test_copy_the_agenda_of_names_each_meeting_with_its_date_in_the_networks_time(cast):
    c = cast
    # 23:30 UTC on 5 March is already 6 March in Berlin.
    start = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    with scope(network=c.network.pk):
        earlier = meeting_services.meeting_create(
            membership=c.chair, body=c.body, title="Fallkonferenz", starts_at=start,
            ends_at=start + timedelta(hours=2))
        meeting_services.meeting_create(
            membership=c.chair, body=c.body, title="Fallkonferenz",
            starts_at=start + timedelta(days=28), ends_at=start + timedelta(days=28, hours=2))
    client = factories.signed_in_client(c.chair.user)
    page = client.get(url(c, "create")).content.decode()
    assert ">Fallkonferenz (March 6, 2026)<" in page
    assert ">Fallkonferenz (April 3, 2026)<" in page
    with timezone.override("Europe/Berlin"), translation.override("de"):
        assert meeting_label(earlier) == "Fallkonferenz (6. März 2026)"
    with timezone.override("Europe/Berlin"), translation.override("nl"):
        assert meeting_label(earlier) == "Fallkonferenz (6 maart 2026)"
