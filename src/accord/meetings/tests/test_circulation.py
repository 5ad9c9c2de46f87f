"""Draft minutes circulated for comments; approval at the next meeting or by silent
procedure after N days, blocked by an objection."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import Meeting, MinuteEntry, MinutesComment
from accord.meetings.services import agenda, attendance, minutes
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.circulation import minutes_approve_silently
from accord.meetings.tasks import approve_minutes_by_silent_procedure
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


@pytest.fixture
def drafted(cast):
    """A held meeting with draft minutes; the leaver left the room for item 2."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        one = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Eins")
        two = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Zwei")
        everyone = [c.chair, c.secretary, c.member, c.leaver]
        attendance.item_presence_set(membership=c.secretary, item=one, members=everyone)
        attendance.item_presence_set(membership=c.secretary, item=two,
                                     members=[c.chair, c.secretary, c.member])
        c.open_entry = minutes.minute_entry_create(membership=c.secretary, item=one,
                                                   text="Offen für alle", visibility="network")
        c.room_entry = minutes.minute_entry_create(membership=c.secretary, item=two,
                                                   text="Nur im Raum", visibility="present")
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
    return c


def _url(c, name):
    return reverse(f"meetings:{name}", kwargs={"network": c.network.slug, "pk": c.meeting.pk})


def _circulate(c, days_ago=0):
    client = factories.signed_in_client(c.secretary.user)
    assert client.post(_url(c, "circulate")).status_code == 302
    with scope(network=c.network.pk):
        Meeting.objects.filter(pk=c.meeting.pk).update(
            minutes_circulated_at=timezone.now() - timedelta(days=days_ago))


def test_members_comment_per_entry_or_on_the_whole_and_see_only_what_they_may(drafted):
    c = drafted
    _circulate(c)
    member = factories.signed_in_client(c.member.user)
    member.post(_url(c, "comment"), {"entry": c.room_entry.pk, "text": "Satz zwei ergänzen"})
    leaver = factories.signed_in_client(c.leaver.user)
    leaver.post(_url(c, "comment"), {"text": "Insgesamt gut"})
    # The leaver was not in the room for item 2: commenting on its entry is not possible.
    guessed = leaver.post(_url(c, "comment"), {"entry": c.room_entry.pk, "text": "Rate"})
    assert guessed.status_code == 302
    with scope(network=c.network.pk):
        assert MinutesComment.objects.filter(meeting=c.meeting).count() == 2
    leaver_page = leaver.get(_url(c, "detail")).content.decode()
    assert "Insgesamt gut" in leaver_page
    assert "Satz zwei ergänzen" not in leaver_page and "Nur im Raum" not in leaver_page
    member_page = member.get(_url(c, "detail")).content.decode()
    assert "Satz zwei ergänzen" in member_page and "Insgesamt gut" in member_page
    assert "Approved by silent procedure" in member_page


def test_commenting_before_circulation_or_as_outsider_is_refused(drafted, network_b):
    c = drafted
    member = factories.signed_in_client(c.member.user)
    early = member.post(_url(c, "comment"), {"text": "Zu früh"})
    assert early.status_code == 409
    _circulate(c)
    observer = factories.signed_in_client(c.observer.user)
    assert observer.post(_url(c, "comment"), {"text": "Ich auch"}).status_code == 404
    with scope(network=c.network.pk):
        assert not MinutesComment.objects.exists()


def test_silent_procedure_approves_after_n_days_without_objection(drafted, settings):
    settings.ACCORD_MINUTES_SILENT_DAYS = 5
    c = drafted
    _circulate(c, days_ago=4)
    assert approve_minutes_by_silent_procedure.call() == 0
    with scope(network=c.network.pk):
        Meeting.objects.filter(pk=c.meeting.pk).update(
            minutes_circulated_at=timezone.now() - timedelta(days=5, minutes=1))
    assert approve_minutes_by_silent_procedure.call() == 1
    with scope(network=c.network.pk):
        meeting = Meeting.objects.get(pk=c.meeting.pk)
        assert meeting.state == "minutes_approved"
        assert set(MinuteEntry.objects.filter(item__meeting=meeting)
                   .values_list("status", flat=True)) == {"approved"}
    assert approve_minutes_by_silent_procedure.call() == 0


def test_an_objection_blocks_the_silent_procedure_until_the_next_meeting(drafted):
    c = drafted
    _circulate(c, days_ago=30)
    factories.signed_in_client(c.leaver.user).post(
        _url(c, "comment"), {"text": "So nicht", "objection": "on"})
    assert approve_minutes_by_silent_procedure.call() == 0
    with scope(network=c.network.pk):
        assert not minutes_approve_silently(meeting=c.meeting)
        assert Meeting.objects.get(pk=c.meeting.pk).state == "held"
    page = factories.signed_in_client(c.member.user).get(_url(c, "detail")).content.decode()
    assert "A member objected" in page
    # At the next meeting the chair approves them as usual.
    assert factories.signed_in_client(c.chair.user).post(
        _url(c, "approve"), {"confirm": "on"}).status_code == 302
    with scope(network=c.network.pk):
        assert Meeting.objects.get(pk=c.meeting.pk).state == "minutes_approved"
