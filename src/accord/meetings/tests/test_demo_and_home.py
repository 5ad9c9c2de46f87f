from django.template.loader import render_to_string
from django_scopes import scope

from accord.meetings.demo import load_meetings_demo
from accord.meetings.models import (
    Decision,
    GuestInvitation,
    Meeting,
    MeetingSeries,
    MinuteEntry,
)
from accord.meetings.selectors import open_actions_for, upcoming_meetings_for
from accord.meetings.tasks import remind_actions


def test_the_demo_has_everything_the_issue_asks_for(cast):
    c = cast
    load_meetings_demo(network=c.network)
    load_meetings_demo(network=c.network)  # a second call changes nothing
    with scope(network=c.network.pk):
        assert Meeting.objects.filter(state="minutes_approved").count() == 2
        visibilities = set(MinuteEntry.objects.filter(status="approved")
                           .values_list("visibility", flat=True))
        assert visibilities == {"network", "present", "not_recorded"}
        decision = Decision.objects.get(meeting__isnull=False)
        assert decision.outcome == "adopted" and decision.dissent
        # And one secret vote by written procedure, still open: a count, no tally.
        open_vote = Decision.objects.get(meeting__isnull=True)
        assert open_vote.vote_mode == "secret" and open_vote.voting_open
        # The last meeting's guest, and the upcoming topic's with a paper of their own (issue 16).
        assert GuestInvitation.objects.count() == 2
        assert Meeting.objects.filter(state="agenda_published").count() == 1
        upcoming = upcoming_meetings_for(membership=c.member)
        actions = [a for who in (c.chair, c.secretary, c.member, c.leaver, c.adviser,
                                 c.seated_observer) for a in open_actions_for(membership=who)]
        assert upcoming[0].state == "agenda_published"
        assert MeetingSeries.objects.get(body=c.body).meetings.count() == 6
        upcoming_title = upcoming[0].title
        assert upcoming_title.startswith(upcoming[0].body.name + ", ")
        assert any(a.is_overdue for a in actions) and any(not a.is_overdue for a in actions)
        html = render_to_string("meetings/_home_panel.html", {
            "network": c.network, "upcoming_meetings": upcoming, "open_actions": actions})
        assert upcoming_title in html and "Overdue" in html
        assert remind_actions.call() >= 1


def test_the_demo_steering_group_reviews_a_goal_and_adopts_a_charter_version(steering, cast):
    from accord.charter.models import CharterVersion

    s = steering
    load_meetings_demo(network=s.network)
    load_meetings_demo(network=s.network)
    with scope(network=s.network.pk):
        decision = Decision.objects.get(body=s.body)
        version = CharterVersion.objects.get(pk=s.version.pk)
        assert decision.outcome == "adopted" and decision.adopts_charter_version_id == version.pk
        assert version.status == "adopted" and version.decision_id == decision.pk
        assert decision.meeting.items.filter(kind="goal_review").exists()
        assert decision.meeting.state == "minutes_approved"
        assert decision.title == "Beschluss über Geschäftsordnung"
