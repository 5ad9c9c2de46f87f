"""The calendar's reply (issue 16, part 2): each participant's .ics asks for a reply to an
organiser address of their own, and the REPLY the calendar sends there, posted by the mail
gateway, becomes their reply; anything else is refused with nothing stored."""

import re

import pytest
from django_scopes import scope
from icalendar import Calendar, Event, vCalAddress

from accord.core.models import OutgoingMail
from accord.meetings.models import Attendance, Reply
from accord.meetings.services import agenda
from accord.meetings.tests.conftest import schedule


@pytest.fixture
def invited(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=72, title="Fallkonferenz Juli")
        agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Fälle")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        ics = OutgoingMail.objects.get(to=[c.member.user.email]).attachments[0][1]
    c.invitation = Calendar.from_ical(ics)
    event = c.invitation.walk("VEVENT")[0]
    c.organiser = str(event["organizer"]).removeprefix("mailto:")
    c.token = re.match(r"[^+]+\+([^@]+)@", c.organiser).group(1)
    return c


def _reply(c, *, partstat="DECLINED", email=None, uid=None, method="REPLY") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Some Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid or c.meeting.ics_uid())
    event.add("dtstamp", c.meeting.starts_at)
    event.add("organizer", vCalAddress(f"mailto:{c.organiser}"))
    event.add("attendee", vCalAddress(f"mailto:{email or c.member.user.email.upper()}"),
              parameters={"PARTSTAT": partstat})
    calendar.add_component(event)
    return calendar.to_ical()


def _post(client, c, body, *, token=None, content_type="text/calendar"):
    return client.post(f"/planning/itip/{token or c.token}/", data=body,
                       content_type=content_type)


def test_the_invitation_asks_the_calendar_for_a_reply_to_the_members_own_address(invited):
    c = invited
    event = c.invitation.walk("VEVENT")[0]
    assert event["attendee"].params["RSVP"] == "TRUE"
    assert c.organiser.startswith("accord+r") and len(c.token) < 64


def test_a_declined_reply_excuses_the_member_and_an_accepted_one_confirms(invited, client):
    c = invited
    assert _post(client, c, _reply(c)).status_code == 204
    with scope(network=c.network.pk):
        reply = Reply.objects.get()
        assert (reply.membership, reply.answer, reply.via) == (c.member, "excused", "itip")
        assert Attendance.objects.get(meeting=c.meeting, membership=c.member).status \
            == "excused"
    assert _post(client, c, _reply(c, partstat="ACCEPTED")).status_code == 204
    with scope(network=c.network.pk):
        assert Reply.objects.get().answer == "attending"


@pytest.mark.parametrize("change", [
    {"partstat": "NEEDS-ACTION"}, {"email": "someone.else@example.test"},
    {"uid": "another@accord"}, {"method": "REQUEST"}])
def test_a_reply_that_does_not_answer_this_invitation_is_refused(invited, client, change):
    c = invited
    assert _post(client, c, _reply(c, **change)).status_code == 400
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()


def test_a_forged_token_a_wrong_type_or_no_calendar_stores_nothing(invited, client):
    c = invited
    forged = c.token[:-1] + ("0" if c.token[-1] != "0" else "1")
    assert _post(client, c, _reply(c), token=forged).status_code == 404
    other = c.token.replace(f"-{c.member.pk}-", f"-{c.leaver.pk}-")
    assert _post(client, c, _reply(c), token=other).status_code == 404
    assert _post(client, c, _reply(c), content_type="text/plain").status_code == 415
    assert _post(client, c, b"BEGIN:VCALENDAR\r\nnonsense").status_code == 400
    assert client.get(f"/planning/itip/{c.token}/").status_code == 405
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()
