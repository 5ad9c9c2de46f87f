"""The demo's meeting planning (issue 16, "Done when"): the next case conference of the series
has an open date poll with answers; the upcoming meeting has replies, one excused with a
deputy of the same organisation."""

from django_scopes import scope

from accord.meetings.demo import load_meetings_demo
from accord.meetings.models import Attendance, DateAnswer, DatePoll, Meeting, Reply
from accord.testing import factories


def test_the_demo_has_an_open_date_poll_and_replies_with_a_deputy(cast):
    c = cast
    colleague = factories.make_member(c.network, organisation=c.leaver.organisation)
    load_meetings_demo(network=c.network)
    load_meetings_demo(network=c.network)  # a second call changes nothing
    with scope(network=c.network.pk):
        poll = DatePoll.objects.get()
        series_meetings = Meeting.objects.filter(series__isnull=False).order_by("starts_at")
        assert poll.meeting == series_meetings.first() and poll.is_open
        assert poll.options.count() == 4
        assert DateAnswer.objects.filter(option__poll=poll).values("membership").distinct() \
            .count() == 5  # six seated, one still to answer
        upcoming = Meeting.objects.get(state="agenda_published")
        replies = {r.membership_id: r for r in Reply.objects.filter(meeting=upcoming)}
        deputised = [r for r in replies.values() if r.answer == "deputy"]
        assert len(deputised) == 1 and deputised[0].deputy.organisation_id \
            == deputised[0].membership.organisation_id
        assert deputised[0].membership == c.seated_observer or deputised[0].deputy == colleague
        statuses = dict(Attendance.objects.filter(meeting=upcoming).values_list(
            "membership_id", "status"))
        assert statuses[deputised[0].membership_id] == "excused"
        assert statuses[deputised[0].deputy_id] == "confirmed"
        assert {r.answer for r in replies.values()} >= {"attending", "remote", "deputy"}
    page = factories.signed_in_client(c.chair.user).get(
        f"/n/{c.network.slug}/meetings/{poll.meeting_id}/date-poll/").content.decode()
    assert 'class="best"' in page
