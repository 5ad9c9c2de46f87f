from django.template.loader import render_to_string
from django_scopes import scope

from accord.meetings.demo import load_meetings_demo
from accord.meetings.models import Decision, GuestInvitation, Meeting, MinuteEntry
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
        decision = Decision.objects.get()
        assert decision.outcome == "adopted" and decision.dissent
        assert GuestInvitation.objects.count() == 1
        assert Meeting.objects.filter(state="agenda_published").count() == 1
        upcoming = upcoming_meetings_for(membership=c.member)
        actions = [a for who in (c.chair, c.secretary, c.member, c.leaver, c.adviser,
                                 c.seated_observer) for a in open_actions_for(membership=who)]
        assert [m.state for m in upcoming] == ["agenda_published"]
        upcoming_title = upcoming[0].title
        assert upcoming_title.startswith(upcoming[0].body.name + ", ")
        assert any(a.is_overdue for a in actions) and any(not a.is_overdue for a in actions)
        html = render_to_string("meetings/_home_panel.html", {
            "network": c.network, "upcoming_meetings": upcoming, "open_actions": actions})
        assert upcoming_title in html and "Overdue" in html
        assert remind_actions.call() >= 1
