"""Members hear by e-mail that draft minutes await comments and that a motion is put by
written procedure, in their own language, with a link and never the content itself."""

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import Decision
from accord.meetings.services import circulation, decisions
from accord.meetings.tests.test_circulation import drafted  # noqa: F401 (fixture)
from accord.tenancy.models import Membership


def _by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_circulating_draft_minutes_emails_each_member_of_the_body_without_the_minutes(drafted):  # noqa: F811
    c = drafted
    c.member.user.language = "de"
    c.member.user.save()
    with scope(network=c.network.pk), c.on_commit(execute=True):
        circulation.minutes_circulate(membership=c.secretary, meeting=c.meeting)
    received = _by_recipient()
    seated = [c.chair, c.secretary, c.member, c.leaver, c.adviser, c.seated_observer]
    assert sorted(received) == sorted(who.user.email for who in seated)
    url = reverse("meetings:detail", kwargs={"network": c.network.slug, "pk": c.meeting.pk})
    for message in received.values():
        assert c.meeting.title in message.subject
        assert url in message.body
        assert "Offen für alle" not in message.body and "Nur im Raum" not in message.body
        assert "Eins" not in message.body and "Zwei" not in message.body
    with scope(network=c.network.pk):
        deadline = circulation.silent_deadline(type(c.meeting).objects.get(pk=c.meeting.pk))
    assert str(deadline.astimezone(timezone.get_default_timezone()).year) in (
        received[c.secretary.user.email].body)
    assert received[c.member.user.email].body.startswith(
        f"Guten Tag {c.member.user.full_name},")
    assert received[c.chair.user.email].body.startswith("Hello Chair,")


def test_a_member_who_left_the_network_gets_no_circulation_email(drafted):  # noqa: F811
    c = drafted
    with scope(network=c.network.pk), c.on_commit(execute=True):
        Membership.objects.filter(pk=c.leaver.pk).update(active_until=timezone.now())
        circulation.minutes_circulate(membership=c.secretary, meeting=c.meeting)
    assert c.leaver.user.email not in _by_recipient()
    assert c.member.user.email in _by_recipient()


def test_a_written_procedure_emails_the_voting_members_the_title_and_link_only(cast):
    c = cast
    with scope(network=c.network.pk), c.on_commit(execute=True):
        decision = decisions.decision_create(
            membership=c.chair, body=c.body, title="Budget 2027 & Co freigeben",
            motion="Geheimer Antragstext mit Einzelheiten.", procedure="simple_majority")
    received = _by_recipient()
    voting = [c.chair, c.secretary, c.member, c.leaver]
    assert sorted(received) == sorted(who.user.email for who in voting)
    url = reverse("meetings:decision", kwargs={"network": c.network.slug, "pk": decision.pk})
    for message in received.values():
        assert "Budget 2027 & Co freigeben" in message.subject
        assert "Budget 2027 & Co freigeben" in message.body and url in message.body
        assert "Geheimer Antragstext" not in message.body


def test_a_decision_put_in_a_meeting_sends_no_written_procedure_email(cast):
    c = cast
    from accord.meetings.tests.conftest import schedule

    with scope(network=c.network.pk):
        meeting = schedule(c, hours=24)
    mail.outbox.clear()
    with scope(network=c.network.pk), c.on_commit(execute=True):
        decisions.decision_create(membership=c.chair, body=c.body, meeting=meeting,
                                  title="Im Raum", motion="Text.",
                                  procedure="simple_majority")
        assert Decision.objects.filter(title="Im Raum").exists()
    assert mail.outbox == []
