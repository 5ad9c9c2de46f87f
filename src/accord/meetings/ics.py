"""iCalendar (RFC 5545) for invitations and the private feed.

Only what a calendar needs: the meeting's title, body, time and place. Never agenda items,
case references or minutes: calendars are synced to phones and third-party servers.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

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
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.title} ({meeting.body.name})")
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{_sender_address()}")
    event.add("organizer", organiser)
    return event


def _sender_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.split("<")[-1].rstrip(">").strip() if "<" in sender else sender


def invitation_ics(meeting: Meeting, *, attendee_email: str) -> str:
    """METHOD:REQUEST for one participant; METHOD:CANCEL when the meeting is cancelled."""
    cancelled = meeting.state == MeetingState.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _event(meeting, cancelled=cancelled)
    event.add("attendee", vCalAddress(f"mailto:{attendee_email}"),
              parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
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
