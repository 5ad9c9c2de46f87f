"""'Access ends after the meeting' means what it says: the guest's access ends a stated grace
period after the meeting as it stands now (moved or cancelled), and a secretary inviting a
guest to a meeting already held is told so before anything is sent."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone
from django_scopes import scope

from accord.meetings.models import GuestInvitation, Meeting
from accord.meetings.services import agenda, guests
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.conftest import schedule
from accord.meetings.tests.test_guests import guest_in
from accord.testing import factories


def shown(moment) -> str:
    with timezone.override("Europe/Berlin"):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@pytest.fixture
def ahead(cast):
    """A meeting in two days with an item open to guests at level 2, and a guest invited."""
    with scope(network=cast.network.pk):
        cast.meeting = schedule(cast, hours=48, title="Fallkonferenz Juni")
        cast.item = agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting,
                                              title="Lagebild Schulen", required_level=2)
        agenda.agenda_publish(membership=cast.chair, meeting=cast.meeting)
    with scope(network=cast.network.pk), cast.on_commit(execute=True):
        cast.guest, cast.guest_token = guests.guest_invite(
            membership=cast.chair, meeting=cast.meeting, name="Gerda Gast",
            email="gast@example.test", items=[cast.item], level=2)
    return cast


def test_a_cancelled_meeting_ends_the_guests_access_at_once(ahead, client):
    c = ahead
    guest_in(client, c)
    assert client.get("/guest/meeting/").status_code == 200
    with scope(network=c.network.pk):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
    assert client.get("/guest/meeting/").status_code == 403


def test_a_meeting_moved_earlier_takes_the_guests_access_with_it(held, client):
    guest_in(client, held)
    assert client.get("/guest/meeting/").status_code == 200
    with scope(network=held.network.pk):
        meeting = held.meeting
        meeting.refresh_from_db()
        moved = timedelta(hours=GuestInvitation.grace_hours() + 3)
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - moved,
                                                     ends_at=meeting.ends_at - moved)
    # The end as planned at the invitation has not passed; the meeting's end has.
    assert held.guest.expires_at > timezone.now()
    assert client.get("/guest/meeting/").status_code == 403
    assert client.get("/guest/meeting/minutes.pdf").status_code == 403


def test_a_meeting_moved_later_keeps_the_guest_in_until_its_new_end(ahead, client):
    c = ahead
    guest_in(client, c)
    with scope(network=c.network.pk):
        c.meeting.refresh_from_db()
        meeting_services.meeting_update(membership=c.chair, meeting=c.meeting,
                                        starts_at=c.meeting.starts_at + timedelta(days=7),
                                        ends_at=c.meeting.ends_at + timedelta(days=7))
        invitation = GuestInvitation.objects.get(pk=c.guest.pk)
        assert invitation.access_ends_at == c.meeting.ends_at + timedelta(
            hours=GuestInvitation.grace_hours())
    assert client.get("/guest/meeting/").status_code == 200


def test_the_invite_form_says_when_access_ends(ahead):
    c = ahead
    page = factories.signed_in_client(c.chair.user).get(
        reverse("meetings:guests", kwargs={"network": c.network.slug, "pk": c.meeting.pk}))
    text = page.content.decode()
    ends = GuestInvitation.access_end(c.meeting)
    assert f"Access ends {GuestInvitation.grace_hours()} hours after the meeting" in text
    assert shown(ends) in text
    assert "already taken place" not in text


def test_inviting_a_guest_to_a_meeting_already_held_warns_the_secretary(held):
    page = factories.signed_in_client(held.chair.user)
    url = reverse("meetings:guests", kwargs={"network": held.network.slug,
                                             "pk": held.meeting.pk})
    # The held fixture approves the minutes, which locks guests; reopen to the held state.
    with scope(network=held.network.pk):
        Meeting.objects.filter(pk=held.meeting.pk).update(state="held",
                                                          minutes_approved_at=None)
    text = page.get(url).content.decode()
    assert "This meeting has already taken place." in text
    assert "they can only read the minutes of their items" in text


def test_a_guest_cannot_be_invited_once_their_access_would_already_be_over(held):
    with scope(network=held.network.pk):
        Meeting.objects.filter(pk=held.meeting.pk).update(
            state="held", minutes_approved_at=None,
            starts_at=timezone.now() - timedelta(days=5),
            ends_at=timezone.now() - timedelta(days=5) + timedelta(hours=2))
    client = factories.signed_in_client(held.chair.user)
    mail.outbox.clear()
    response = client.post(
        reverse("meetings:guests", kwargs={"network": held.network.slug,
                                           "pk": held.meeting.pk}),
        {"name": "Spät Gast", "email": "spaet@example.test", "items": [held.items[0].pk],
         "level": 2, "language": "de"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "an invitation now could not be used" in text
    with scope(network=held.network.pk):
        assert not GuestInvitation.objects.filter(email="spaet@example.test").exists()
    assert not [m for m in mail.outbox if m.to == ["spaet@example.test"]]
    assert re.search(r"ends \d+ hours after the meeting", text)


def test_the_guest_is_told_when_their_access_ends(ahead, client):
    c = ahead
    ends = shown(GuestInvitation.access_end(c.meeting))
    invitation_mail = next(m for m in mail.outbox if m.to == ["gast@example.test"])
    assert f"Your access ends on {ends}." in invitation_mail.body
    guest_in(client, c)
    assert f"Your access ends on {ends}." in client.get("/guest/meeting/").content.decode()
