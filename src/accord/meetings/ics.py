"""iCalendar (RFC 5545) for invitations and the private feed.

Only what a calendar needs: the meeting's title, body, time and place, and a link back to
the meeting's page (behind sign-in). Never agenda items, case references or minutes:
calendars are synced to phones and third-party servers.

Every time is written in one form, UTC (`DTSTART:20261215T130000Z`): a calendar that gets an
update must not find `DTSTART` in UTC and `DTEND;TZID=…` without a VTIMEZONE, which happened
when a form handed over the end in the network's zone. UTC needs no VTIMEZONE and every
client shows it in its own zone.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vUri

from accord.meetings.models import Meeting, MeetingState

PRODID = "-//Accord//Meetings//EN"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _event(meeting: Meeting, *, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", meeting.ics_uid())
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", f"{meeting.title} ({meeting.body.name})")
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    page = meeting_page_url(meeting)
    event.add("url", vUri(page), parameters={"VALUE": "URI"})
    description = [page]
    if meeting.video_link:
        # RFC 7986 CONFERENCE for clients that offer a "join" button; the text for the rest.
        event.add("conference", vUri(meeting.video_link), parameters={"VALUE": "URI"})
        description.append(meeting.video_link)
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{_sender_address()}")
    event.add("organizer", organiser)
    return event


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def meeting_page_url(meeting: Meeting) -> str:
    path = reverse("meetings:detail", kwargs={"network": meeting.network.slug,
                                              "pk": meeting.pk})
    return f"{settings.ACCORD_BASE_URL}{path}"


def _sender_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.split("<")[-1].rstrip(">").strip() if "<" in sender else sender


def invitation_ics(meeting: Meeting, *, attendee_email: str, membership_id=None) -> str:
    """METHOD:REQUEST for one participant; METHOD:CANCEL when the meeting is cancelled.
    With `membership_id` the calendar is asked for a reply (RSVP), sent to an organiser
    address of this participant's own (planning_links.itip_reply_address)."""
    cancelled = meeting.state == MeetingState.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _event(meeting, cancelled=cancelled)
    if membership_id is not None:
        from accord.meetings.planning_links import itip_reply_address

        event["organizer"] = vCalAddress("mailto:" + itip_reply_address(
            _sender_address(), meeting_id=meeting.pk, membership_id=membership_id))
    event.add("attendee", vCalAddress(f"mailto:{attendee_email}"),
              parameters={"ROLE": "REQ-PARTICIPANT",
                          "RSVP": "TRUE" if membership_id is not None and not cancelled
                          else "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical().decode()


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> str:
    """A subscription feed: no METHOD (RFC 5545 section 3.7.2 is for scheduling messages)."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting,
                                      cancelled=meeting.state == MeetingState.CANCELLED))
    return calendar.to_ical().decode()
