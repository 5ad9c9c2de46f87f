"""Replies and excuses (issue 16, part 2): answering the invitation by page and e-mail link,
deputies, attendance that starts from the replies, and who comes per organisation."""

import re

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.core.models import OutgoingMail
from accord.meetings.models import Attendance, Reply
from accord.meetings.services import agenda, planning
from accord.meetings.tests.conftest import person, schedule
from accord.policy import Denied
from accord.testing import factories


@pytest.fixture
def invited(cast):
    """An upcoming meeting whose agenda is published: the body is invited."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=72, title="Fallkonferenz Mai")
        agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Fälle")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        c.colleague = factories.make_member(c.network, organisation=c.member.organisation,
                                            user=factories.make_user(full_name="Colleague"))
    return c


def _reply_links(c, who) -> dict[str, str]:
    with scope(network=c.network.pk):
        text = OutgoingMail.objects.filter(to=[who.user.email]).order_by("-pk").first().text
    links = re.findall(r"  ([^:\n]+): http://[^/]+(/planning/reply/\S+/)", text)
    return dict(links)


def test_the_invitation_carries_reply_links_and_one_answers_without_signing_in(invited, client):
    c = invited
    links = _reply_links(c, c.member)
    assert set(links) == {"Attending", "Attending remotely", "Excused"}
    confirm = client.get(links["Attending remotely"])
    assert confirm.status_code == 200 and "Answer “Attending remotely”" in confirm.content.decode()
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()
    assert client.post(links["Attending remotely"]).status_code == 200
    assert client.post(links["Attending remotely"]).status_code == 200  # idempotent
    with scope(network=c.network.pk):
        reply = Reply.objects.get()
        assert (reply.membership, reply.answer, reply.via) == (c.member, "remote", "email")
        assert AuditEvent.objects.filter(action="meeting.replied").count() == 1
        assert Attendance.objects.get(meeting=c.meeting, membership=c.member).status \
            == "confirmed"


def test_a_reply_link_once_the_meeting_is_cancelled_is_gone(invited, client):
    c = invited
    link = _reply_links(c, c.member)["Excused"]
    from accord.meetings.services import meetings as meeting_services

    with scope(network=c.network.pk):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
    response = client.post(link)
    assert response.status_code == 410 and "replies are closed" in response.content.decode()
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()


def test_a_deputy_of_the_same_organisation_is_invited_and_appears_on_the_attendance(invited):
    c = invited
    client = factories.signed_in_client(c.member.user)
    url = f"/n/{c.network.slug}/meetings/{c.meeting.pk}/replies/"
    page = client.get(url).content.decode()
    assert "Colleague" in page  # offered as a deputy
    saved = client.post(url, {"answer": "deputy", "deputy": c.colleague.pk, "note": "Urlaub"})
    assert saved.status_code == 302
    with scope(network=c.network.pk):
        rows = dict(Attendance.objects.filter(meeting=c.meeting).values_list(
            "membership_id", "status"))
        assert rows[c.member.pk] == "excused" and rows[c.colleague.pk] == "confirmed"
        invitation = OutgoingMail.objects.filter(to=[c.colleague.user.email]).get()
    assert f"deputy of {c.member.user.full_name}" in invitation.text and invitation.attachments
    attendance = factories.signed_in_client(c.secretary.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/attendance/").content.decode()
    member_row = attendance.split(f'name="status-{c.member.pk}"', 1)[1].split("</select>")[0]
    deputy_row = attendance.split(f'name="status-{c.colleague.pk}"', 1)[1].split("</select>")[0]
    assert 'value="excused" selected' in member_row
    assert 'value="present" selected' in deputy_row


def test_changing_the_deputy_withdraws_the_first_one(invited):
    c = invited
    second = factories.make_member(c.network, organisation=c.member.organisation)
    with scope(network=c.network.pk):
        planning.reply_set(membership=c.member, meeting=c.meeting, answer="deputy",
                           deputy=c.colleague)
        planning.reply_set(membership=c.member, meeting=c.meeting, answer="deputy",
                           deputy=second)
        invited_ids = set(Attendance.objects.filter(meeting=c.meeting).values_list(
            "membership_id", flat=True))
        assert second.pk in invited_ids and c.colleague.pk not in invited_ids
        planning.reply_set(membership=c.member, meeting=c.meeting, answer="attending")
        assert not Attendance.objects.filter(meeting=c.meeting, membership=second).exists()
        assert Attendance.objects.get(meeting=c.meeting, membership=c.member).status \
            == "confirmed"


def test_a_deputy_of_another_organisation_or_network_is_refused_and_nothing_is_stored(
        invited, outsider):
    c = invited
    with scope(network=c.network.pk):
        for deputy in (c.leaver, c.member, None):  # another organisation, oneself, nobody
            with pytest.raises(ValidationError):
                planning.reply_set(membership=c.member, meeting=c.meeting, answer="deputy",
                                   deputy=deputy)
        with pytest.raises(ValidationError):
            planning.reply_set(membership=c.member, meeting=c.meeting, answer="deputy",
                               deputy=outsider)
        assert not Reply.objects.exists()
        assert Attendance.objects.get(meeting=c.meeting, membership=c.member).status \
            == "invited"
    page = factories.signed_in_client(c.member.user).post(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/replies/",
        {"answer": "deputy", "deputy": c.leaver.pk})
    assert page.status_code == 400
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()


def test_only_those_invited_reply_and_not_after_the_meeting(invited, outsider_client):
    c = invited
    stranger = person(c.network, "stranger")
    with scope(network=c.network.pk), pytest.raises(Denied):
        planning.reply_set(membership=stranger, meeting=c.meeting, answer="attending")
    url = f"/n/{c.network.slug}/meetings/{c.meeting.pk}/replies/"
    assert outsider_client.get(url).status_code == 404
    with scope(network=c.network.pk):
        held = schedule(c, hours=-3, title="Gestern")
        from accord.meetings.services import meetings as meeting_services

        meeting_services.meeting_mark_held(membership=c.chair, meeting=held)
        with pytest.raises(planning.Refused):
            planning.reply_set(membership=c.member, meeting=held, answer="attending")


def test_the_organiser_sees_who_comes_per_organisation_and_a_missing_one_is_flagged(invited):
    c = invited
    with scope(network=c.network.pk):
        planning.reply_set(membership=c.member, meeting=c.meeting, answer="deputy",
                           deputy=c.colleague)
        planning.reply_set(membership=c.leaver, meeting=c.meeting, answer="excused",
                           note="Krank")
        planning.reply_set(membership=c.chair, meeting=c.meeting, answer="attending")
    page = factories.signed_in_client(c.secretary.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/replies/").content.decode()
    leaver_org = page.split(c.leaver.organisation.name, 1)[1].split("</section>", 1)[0]
    member_org = page.split(c.member.organisation.name, 1)[1].split("</section>", 1)[0]
    chair_org = page.split(c.chair.organisation.name, 1)[1].split("</section>", 1)[0]
    assert "Nobody of this organisation has said they come" in leaver_org
    assert "Colleague" in member_org and "Nobody of this" not in member_org
    assert "Chair: Attending" in chair_org
    assert "Krank" in page
    # A member sees their own reply form, not the others' replies.
    mine = factories.signed_in_client(c.leaver.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/replies/").content.decode()
    assert "Your reply" in mine and "Who comes" not in mine and "Colleague" not in mine


def test_the_meeting_page_links_to_the_replies(invited):
    c = invited
    page = factories.signed_in_client(c.member.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/").content.decode()
    assert f"/meetings/{c.meeting.pk}/replies/" in page and "Reply to the invitation" in page
