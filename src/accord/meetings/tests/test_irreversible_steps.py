"""Irreversible steps (issue 8, item 5): cancelling, marking as held and approving the minutes
each ask for a confirmation on the page and in the API; a cancelled meeting can be
reinstated; "held" waits until the meeting has begun; approved minutes offer no edits."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.meetings.models import Meeting
from accord.meetings.services import agenda
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.errors import Refused
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


def url(c, name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"network": c.network.slug, **kwargs})


def api(c, path):
    return f"/api/v1/n/{c.network.slug}{path}"


def post_json(client, path, body=None):
    """A JSON request; None sends no body at all."""
    data = b"" if body is None else json.dumps(body)
    return client.post(path, data=data, content_type="application/json")


def state(meeting) -> str:
    with scope(network=meeting.network_id):
        return Meeting.objects.get(pk=meeting.pk).state


@pytest.fixture
def published(cast):
    """A meeting that began an hour ago, its agenda published (invitations sent)."""
    with scope(network=cast.network.pk):
        cast.meeting = schedule(cast, hours=-1, title="Fallkonferenz Juni")
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting, title="Lagebild")
        agenda.agenda_publish(membership=cast.chair, meeting=cast.meeting)
    return cast


@pytest.fixture
def upcoming(cast):
    with scope(network=cast.network.pk):
        cast.meeting = schedule(cast, hours=48, title="Fallkonferenz Juli")
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting, title="Lagebild")
    return cast


def test_cancelling_is_done_only_after_the_box_is_ticked(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "Cancel the meeting…" in detail

    page = client.get(url(c, "cancel", pk=c.meeting.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cancel this meeting?" in html
    assert "Everyone invited receives a cancellation for their calendar." in html
    assert 'type="checkbox" name="confirm"' in html
    assert "<legend>Confirmation</legend>" in html

    refused = client.post(url(c, "cancel", pk=c.meeting.pk))
    assert refused.status_code == 400
    assert "Tick the box to confirm, or go back to the meeting." in refused.content.decode()
    assert state(c.meeting) == "agenda_published"

    with c.on_commit(execute=True):
        mail.outbox.clear()
        done = client.post(url(c, "cancel", pk=c.meeting.pk), {"confirm": "on"})
    assert done.status_code == 302
    assert state(c.meeting) == "cancelled"
    assert mail.outbox, "invited calendars get the cancellation"


def test_a_cancelled_meeting_is_reinstated_by_an_officer_and_that_is_recorded(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    client.post(url(c, "cancel", pk=c.meeting.pk), {"confirm": "on"})
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "This meeting is cancelled." in detail
    assert "Reinstate the meeting" in detail
    assert "Edit agenda" not in detail and "Cancel the meeting…" not in detail

    member = factories.signed_in_client(c.member.user)
    member_page = member.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "Reinstate the meeting" not in member_page
    assert member.post(url(c, "reinstate", pk=c.meeting.pk)).status_code == 403
    assert state(c.meeting) == "cancelled"

    assert client.post(url(c, "reinstate", pk=c.meeting.pk)).status_code == 302
    assert state(c.meeting) == "scheduled"
    with scope(network=c.network.pk):
        event = AuditEvent.objects.filter(action="meeting.reinstated").get()
        assert event.object_id == str(c.meeting.pk)
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "Publish the agenda" in detail


def test_reinstating_a_meeting_that_is_not_cancelled_is_refused(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    response = client.post(url(c, "reinstate", pk=c.meeting.pk))
    assert response.status_code == 409
    assert "Only a cancelled meeting can be reinstated." in response.content.decode()


def test_reinstating_is_refused_when_the_body_meets_at_that_time_meanwhile(published):
    c = published
    with scope(network=c.network.pk):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
        meeting_services.meeting_create(
            membership=c.chair, body=c.body, title="Ersatztermin",
            starts_at=c.meeting.starts_at, ends_at=c.meeting.ends_at)
    client = factories.signed_in_client(c.chair.user)
    client.post(url(c, "reinstate", pk=c.meeting.pk))
    page = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "This body already meets at that time (Ersatztermin)." in page
    assert state(c.meeting) == "cancelled"


def test_marking_held_asks_for_confirmation(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    page = client.get(url(c, "held", pk=c.meeting.pk)).content.decode()
    assert "Mark this meeting as held?" in page
    assert "I understand this cannot be undone: the meeting took place." in page
    assert client.post(url(c, "held", pk=c.meeting.pk)).status_code == 400
    assert state(c.meeting) == "agenda_published"
    assert client.post(url(c, "held", pk=c.meeting.pk), {"confirm": "on"}).status_code == 302
    assert state(c.meeting) == "held"


def test_held_is_refused_for_a_meeting_that_has_not_started(upcoming):
    c = upcoming
    client = factories.signed_in_client(c.chair.user)
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "Mark as held…" not in detail
    assert "It can be marked as held once it has begun" in detail

    page = client.get(url(c, "held", pk=c.meeting.pk)).content.decode()
    assert "This meeting has not started yet" in page and 'name="confirm"' not in page
    forced = client.post(url(c, "held", pk=c.meeting.pk), {"confirm": "on"})
    assert forced.status_code == 409 and "has not started yet" in forced.content.decode()

    answer = post_json(client, api(c, f"/meetings/{c.meeting.pk}/mark-held"), {"confirm": True})
    assert answer.status_code == 409
    assert "has not started yet" in answer.json()["detail"]
    with scope(network=c.network.pk), pytest.raises(Refused):
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
    assert state(c.meeting) == "scheduled"


def test_approving_asks_for_confirmation(drafted_and_held):
    c = drafted_and_held
    client = factories.signed_in_client(c.chair.user)
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    assert "Approve the minutes…" in detail
    page = client.get(url(c, "approve", pk=c.meeting.pk)).content.decode()
    assert "Approve the minutes?" in page
    assert "You approve these minutes as the chair of the meeting." in page
    assert client.post(url(c, "approve", pk=c.meeting.pk)).status_code == 400
    assert state(c.meeting) == "held"
    assert client.post(url(c, "approve", pk=c.meeting.pk), {"confirm": "on"}).status_code == 302
    assert state(c.meeting) == "minutes_approved"


@pytest.fixture
def drafted_and_held(published):
    from accord.meetings.services import minutes

    c = published
    with scope(network=c.network.pk):
        item = c.meeting.items.get()
        c.entry = minutes.minute_entry_create(membership=c.secretary, item=item,
                                              text="Lage ruhig.", visibility="network")
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
    return c


@pytest.mark.parametrize("body", [None, {}, {"confirm": False}, {"confirm": "yes"},
                                  {"confirm": 1}])
def test_the_api_refuses_an_irreversible_step_without_an_explicit_confirmation(published, body):
    c = published
    client = factories.signed_in_client(c.chair.user)
    for operation in ("cancel", "mark-held"):
        answer = post_json(client, api(c, f"/meetings/{c.meeting.pk}/{operation}"), body)
        assert answer.status_code == 422, (operation, body, answer.content)
        assert answer["Content-Type"] == "application/problem+json"
        problem = answer.json()
        assert any(error["field"] == "body.confirm" for error in problem["errors"])
    assert state(c.meeting) == "agenda_published"


def test_the_api_says_what_to_send_and_then_cancels_and_reinstates(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    path = api(c, f"/meetings/{c.meeting.pk}")
    problem = post_json(client, path + "/cancel", {}).json()
    assert problem["type"].endswith("confirmation_required")
    assert '{"confirm": true}' in problem["detail"]

    cancelled = post_json(client, path + "/cancel", {"confirm": True})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    reinstated = post_json(client, path + "/reinstate")
    assert reinstated.status_code == 200 and reinstated.json()["state"] == "scheduled"
    again = post_json(client, path + "/reinstate")
    assert again.status_code == 409
    member = factories.signed_in_client(c.member.user)
    assert post_json(member, path + "/cancel", {"confirm": True}).status_code == 403
    with scope(network=c.network.pk):
        actions = list(AuditEvent.objects.filter(action__startswith="meeting.")
                       .order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["meeting.cancelled", "meeting.reinstated"]


def test_the_api_approves_minutes_only_when_confirmed(drafted_and_held):
    c = drafted_and_held
    client = factories.signed_in_client(c.chair.user)
    path = api(c, f"/meetings/{c.meeting.pk}/approve-minutes")
    assert post_json(client, path, {}).status_code == 422
    assert post_json(client, path).status_code == 422
    assert state(c.meeting) == "held"
    approved = post_json(client, path, {"confirm": True})
    assert approved.status_code == 200 and approved.json()["state"] == "minutes_approved"


def test_the_openapi_document_describes_the_confirmation(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for operation in ("cancel", "mark-held", "approve-minutes"):
        post = paths[f"/api/v1/n/{{network}}/meetings/{{meeting_id}}/{operation}"]["post"]
        assert "422" in post["responses"]
        assert '{"confirm": true}' in post["summary"] or "confirm" in post["summary"]
        assert "cannot be undone" in post["description"]
    assert "/api/v1/n/{network}/meetings/{meeting_id}/reinstate" in paths
    assert "cannot be undone" in str(schema["components"]["schemas"]["ConfirmIn"])


def test_approved_minutes_offer_no_edits_that_would_be_refused(held):
    c = held
    client = factories.signed_in_client(c.chair.user)
    detail = client.get(url(c, "detail", pk=c.meeting.pk)).content.decode()
    for gone in ("Edit agenda", "Invite a guest", "Attendance and presence", "Put a decision",
                 "Write minutes for this item", "Approve the minutes…", "Cancel the meeting…",
                 url(c, "edit", pk=c.meeting.pk)):
        assert gone not in detail, gone
    assert "Add an addendum" in detail, "corrections stay possible"

    page = client.get(url(c, "agenda", pk=c.meeting.pk)).content.decode()
    assert "The minutes of this meeting are approved: its agenda can no longer change." in page
    for gone in ("Move up", "Remove", "Add an item", 'name="title"'):
        assert gone not in page, gone
    item = c.items[0]
    assert client.get(url(c, "item-edit", pk=c.meeting.pk, item_id=item.pk)).status_code == 409
