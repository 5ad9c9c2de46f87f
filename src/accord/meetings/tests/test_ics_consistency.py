"""A calendar reads the same meeting from the invitation, the update, the cancellation and
the private feed: every time in UTC (no TZID without its VTIMEZONE), a link back to the
meeting's page, no agenda. Checked with icalendar, which writes the files, and vobject, which
does not."""

import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django_scopes import scope
from icalendar import Calendar

from accord.core.tokens import token_digest
from accord.meetings.models import CalendarFeed, Meeting
from accord.meetings.services import agenda
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.conftest import schedule
from accord.testing import factories

AGENDA_TITLES = ("Lagebild Schulen", "Fall RS-2026-014")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def published(cast):
    with scope(network=cast.network.pk), cast.on_commit(execute=True):
        cast.meeting = schedule(cast, hours=48, title="Lenkungskreis April")
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting,
                                  title=AGENDA_TITLES[0])
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting,
                                  title=AGENDA_TITLES[1], kind="case", confidential=True,
                                  case=factories.make_case(cast.meeting.network, "RS-2026-014"))
        agenda.agenda_publish(membership=cast.chair, meeting=cast.meeting)
    mail.outbox.clear()
    return cast


def ics_for(address: str) -> str:
    message = next(m for m in mail.outbox if m.to == [address])
    return message.attachments[0][1]


def assert_one_consistent_form(content: str, meeting: Meeting) -> None:
    """Every DTSTART/DTEND/DTSTAMP in UTC, the same instants for both parsers."""
    assert "TZID" not in content and "VTIMEZONE" not in content
    for name in ("DTSTART", "DTEND", "DTSTAMP"):
        assert re.search(rf"^{name}:\d{{8}}T\d{{6}}Z\r?$", content, re.MULTILINE), name
    url = reverse("meetings:detail", kwargs={"network": meeting.network.slug, "pk": meeting.pk})

    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert str(event["URL"]).endswith(url)

    parsed = vobject.readOne(content)
    second = parsed.vevent
    assert second.dtstart.value == meeting.starts_at.astimezone(UTC)
    assert second.dtend.value == meeting.ends_at.astimezone(UTC)
    assert second.dtstart.value.utcoffset() == timedelta(0)
    assert second.url.value.endswith(url)
    assert second.uid.value == meeting.ics_uid()
    for title in AGENDA_TITLES:
        assert title not in content
    assert "RS-2026-014" not in content


def test_an_update_sent_after_the_end_is_moved_on_the_page_reads_in_one_form(published):
    c = published
    client = factories.signed_in_client(c.chair.user)
    start = c.meeting.starts_at.astimezone(BERLIN)
    later_end = (c.meeting.ends_at.astimezone(BERLIN) + timedelta(minutes=30)).replace(second=0)
    fmt = "%Y-%m-%dT%H:%M"
    with c.on_commit(execute=True):
        response = client.post(
            reverse("meetings:edit", kwargs={"network": c.network.slug, "pk": c.meeting.pk}),
            {"title": c.meeting.title, "starts_at": start.strftime(fmt),
             "ends_at": later_end.strftime(fmt), "place": c.meeting.place})
    assert response.status_code == 302
    with scope(network=c.network.pk):
        meeting = Meeting.objects.select_related("network").get(pk=c.meeting.pk)
    assert meeting.ends_at == later_end
    content = ics_for("member@example.test")
    assert "METHOD:REQUEST" in content and "SEQUENCE:1" in content
    assert_one_consistent_form(content, meeting)


def test_a_cancellation_reads_in_the_same_form(published):
    c = published
    with scope(network=c.network.pk), c.on_commit(execute=True):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
    content = ics_for("member@example.test")
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content
    with scope(network=c.network.pk):
        meeting = Meeting.objects.select_related("network").get(pk=c.meeting.pk)
    assert_one_consistent_form(content, meeting)
    assert vobject.readOne(content).vevent.status.value == "CANCELLED"


def test_the_private_feed_reads_in_the_same_form_with_a_link_to_each_meeting(published):
    c = published
    CalendarFeed.objects.create(user=c.member.user, token_hash=token_digest("member-feed"))
    response = factories.signed_in_client(c.member.user).get("/calendar/member-feed.ics")
    assert response.status_code == 200
    content = response.content.decode()
    assert "METHOD" not in content
    with scope(network=c.network.pk):
        meeting = Meeting.objects.select_related("network").get(pk=c.meeting.pk)
    assert_one_consistent_form(content, meeting)
