"""Attendance means something (issue 8, Deliver 2): an absent member is in no room, only
voting members present for an item vote on it, the quorum counts them and says so in words,
and recording attendance starts with everyone present. Also: a cancelled meeting takes no
decisions, and a pending decision never reads as taken."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from accord.meetings.models import Attendance, Decision, ItemPresence
from accord.meetings.services import agenda, attendance, decisions
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.errors import Refused
from accord.meetings.tests.conftest import schedule
from accord.policy import Denied
from accord.testing import factories


@pytest.fixture
def session(cast):
    """A published case conference under way: a topic and a decision item, nobody recorded."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=-1)
        c.topic = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                            title="Lagebild")
        c.item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                           title="Träger wechseln?", kind="decision")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
    c.url = reverse("meetings:attendance", kwargs={"network": c.network.slug,
                                                  "pk": c.meeting.pk})
    c.api = f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}"
    c.people = [c.chair, c.secretary, c.member, c.leaver, c.adviser, c.seated_observer]
    return c


def everyone_present(c, changes=None) -> dict:
    """The attendance form as the secretary submits it: everyone present for everything,
    except the changes (membership → status, or (membership, item) → False)."""
    changes = changes or {}
    data = {f"status-{p.pk}": changes.get(p, "present") for p in c.people}
    for item in (c.topic, c.item):
        data[f"present-{item.pk}"] = [str(p.pk) for p in c.people
                                      if changes.get((p, item), True)]
    return data


def test_the_attendance_page_starts_with_everyone_present(session):
    c = session
    secretary = factories.signed_in_client(c.secretary.user)
    html = secretary.get(c.url).content.decode()
    for p in c.people:
        select = html.split(f'id="id_status-{p.pk}"')[1].split("</select>")[0]
        assert '<option value="present" selected>' in select
        for item in (c.topic, c.item):
            assert f'id="p-{item.pk}-{p.pk}" name="present-{item.pk}" value="{p.pk}" checked' \
                in html
    # Saving what it offers records everyone as present, for every item.
    posted = {}
    for p in c.people:
        posted[f"status-{p.pk}"] = "present"
    for item in (c.topic, c.item):
        posted[f"present-{item.pk}"] = [str(p.pk) for p in c.people]
    assert secretary.post(c.url, posted).status_code == 302
    with scope(network=c.network.pk):
        assert set(Attendance.objects.filter(meeting=c.meeting)
                   .values_list("status", flat=True)) == {"present"}
        assert ItemPresence.objects.filter(item=c.item).count() == len(c.people)


def test_an_absent_member_ticked_present_for_an_item_is_refused_on_the_form(session):
    c = session
    secretary = factories.signed_in_client(c.secretary.user)
    data = everyone_present(c)
    data[f"status-{c.leaver.pk}"] = "absent"
    response = secretary.post(c.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    cell = html.split(f'id="id_status-{c.leaver.pk}"')[0].rsplit("<td>", 1)[1] + \
        html.split(f'id="id_status-{c.leaver.pk}"')[1].split("</td>", 1)[0]
    assert 'aria-invalid="true"' in cell
    # The select points at its error list, and that list exists under that id.
    assert f'aria-describedby="id_status-{c.leaver.pk}_error"' in cell
    assert f'id="id_status-{c.leaver.pk}_error"' in cell
    assert ("Leaver is marked absent for the meeting, so cannot be present for: Lagebild; "
            "Träger wechseln?") in cell
    with scope(network=c.network.pk):
        # Nothing written: not the status, not the presence of anyone.
        assert not ItemPresence.objects.filter(item__meeting=c.meeting).exists()
        assert Attendance.objects.get(meeting=c.meeting, membership=c.leaver).status == "invited"


def test_the_refusal_speaks_the_secretarys_language(session):
    c = session
    c.secretary.user.language = "de"
    c.secretary.user.save()
    secretary = factories.signed_in_client(c.secretary.user)
    data = everyone_present(c)
    data[f"status-{c.leaver.pk}"] = "excused"
    with translation.override("de"):
        response = secretary.post(c.url, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    html = response.content.decode()
    # The status's name comes translated ("entschuldigt"); the sentence around it is new
    # and is translated with the catalogues.
    assert "Leaver" in html and "entschuldigt" in html
    assert "Bitte korrigieren Sie die unten markierten Felder." in html


def test_marking_someone_absent_and_unticking_their_items_at_once_is_accepted(session):
    c = session
    secretary = factories.signed_in_client(c.secretary.user)
    data = everyone_present(c, {c.leaver: "absent"})
    for item in (c.topic, c.item):
        data[f"present-{item.pk}"].remove(str(c.leaver.pk))
    assert secretary.post(c.url, data).status_code == 302
    with scope(network=c.network.pk):
        assert Attendance.objects.get(meeting=c.meeting, membership=c.leaver).status == "absent"
        assert not ItemPresence.objects.filter(item__meeting=c.meeting,
                                               membership=c.leaver).exists()


def test_the_api_refuses_the_contradiction_both_ways(session):
    c = session
    secretary = factories.signed_in_client(c.secretary.user)
    marked = secretary.post(f"{c.api}/attendance", data=json.dumps(
        {"membership_id": c.leaver.pk, "status": "absent"}), content_type="application/json")
    assert marked.status_code == 200
    ticked = secretary.put(f"{c.api}/agenda-items/{c.item.pk}/presence", data=json.dumps(
        {"membership_ids": [c.chair.pk, c.leaver.pk]}), content_type="application/json")
    assert ticked.status_code == 422
    assert "Leaver is marked absent for the meeting" in json.dumps(ticked.json())
    with scope(network=c.network.pk):
        assert not ItemPresence.objects.filter(item=c.item).exists()
        attendance.item_presence_set(membership=c.secretary, item=c.item, members=[c.member])
    refused = secretary.post(f"{c.api}/attendance", data=json.dumps(
        {"membership_id": c.member.pk, "status": "excused"}), content_type="application/json")
    assert refused.status_code == 422
    assert "cannot be present for: Träger wechseln?" in json.dumps(refused.json(),
                                                                   ensure_ascii=False)


@pytest.fixture
def vote_in_room(session):
    """Four voting members in the body; three in the room for the decision item."""
    c = session
    with scope(network=c.network.pk):
        attendance.item_presence_set(membership=c.secretary, item=c.item,
                                     members=[c.chair, c.secretary, c.member, c.adviser])
        c.decision = decisions.decision_create(
            membership=c.chair, body=c.body, item=c.item, title="Trägerwechsel",
            motion="Die Begleitung geht an Lichtblick über.", procedure="simple_majority")
    c.page = reverse("meetings:decision", kwargs={"network": c.network.slug,
                                                 "pk": c.decision.pk})
    return c


def test_only_voting_members_present_for_the_item_vote(vote_in_room):
    c = vote_in_room
    api = f"/api/v1/n/{c.network.slug}/decisions/{c.decision.pk}/votes"
    outside = factories.signed_in_client(c.leaver.user)
    html = outside.get(c.page).content.decode()
    assert "You are not recorded as present for this item, so you cannot vote on it." in html
    assert 'name="choice"' not in html
    answer = outside.post(api, data=json.dumps({"choice": "no"}),
                          content_type="application/json")
    assert answer.status_code == 403
    assert "Only voting members present for this item may vote." in answer.content.decode()
    with scope(network=c.network.pk):
        for voter in (c.chair, c.secretary, c.member):
            decisions.vote_cast(membership=voter, decision=c.decision, choice="yes")
        with pytest.raises(Denied):
            decisions.vote_cast(membership=c.leaver, decision=c.decision, choice="no")
        facts = decisions.vote_facts(c.decision)
        assert facts.votes_cast == 3 <= facts.quorum_present == 3
        # A voter cannot be taken out of the room afterwards.
        with pytest.raises(Exception, match="voted on this item's decision"):
            attendance.item_presence_set(membership=c.secretary, item=c.item,
                                         members=[c.chair, c.secretary])


def test_the_quorum_reads_present_and_needed_in_words_and_the_api_gives_numbers(vote_in_room):
    c = vote_in_room
    html = factories.signed_in_client(c.member.user).get(c.page).content.decode()
    # Three voting members in the room (the adviser has no vote), three of four needed.
    assert "3 present, 3 needed" in html and "3 / 3" not in html
    answer = factories.signed_in_client(c.member.user).get(
        f"/api/v1/n/{c.network.slug}/decisions/{c.decision.pk}").json()
    assert (answer["quorum_present"], answer["quorum_needed"]) == (3, 3)


def test_a_cancelled_meeting_takes_no_decisions(vote_in_room):
    c = vote_in_room
    message = "This meeting was cancelled: it takes no decisions."
    with scope(network=c.network.pk):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
        with pytest.raises(Refused, match="cancelled"):
            decisions.decision_create(membership=c.chair, body=c.body, meeting=c.meeting,
                                      title="Neu", motion="Neu", procedure="consensus")
        with pytest.raises(Refused, match="cancelled"):
            decisions.vote_cast(membership=c.member, decision=c.decision, choice="yes")
    chair = factories.signed_in_client(c.chair.user)
    page = chair.get(reverse("meetings:decision-create", kwargs={
        "network": c.network.slug, "pk": c.meeting.pk}))
    assert page.status_code == 409 and message in page.content.decode()
    answer = chair.post(f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/decisions",
                        data=json.dumps({"title": "Neu", "motion": "Neu",
                                         "procedure": "consensus"}),
                        content_type="application/json")
    assert answer.status_code == 409 and message in answer.content.decode()
    html = chair.get(c.page).content.decode()
    assert message in html and "Close and record the outcome" not in html
    with scope(network=c.network.pk):
        assert Decision.objects.filter(meeting=c.meeting).count() == 1


def test_a_pending_decision_never_reads_as_taken(cast):
    c = cast
    with scope(network=c.network.pk):
        pending = decisions.decision_create(
            membership=c.chair, body=c.body, title="Umlauf", motion="Schriftlich",
            procedure="simple_majority")
    client = factories.signed_in_client(c.member.user)
    html = client.get(reverse("meetings:decision", kwargs={
        "network": c.network.slug, "pk": pending.pk})).content.decode()
    assert "Taken" not in html and "Pending" in html
    assert "0 voted, 3 needed" in html
    answer = client.get(f"/api/v1/n/{c.network.slug}/decisions/{pending.pk}").json()
    assert answer["outcome_label"] == "Pending" and answer["decided_at"] is None
    register = client.get(reverse("meetings:decisions", kwargs={
        "network": c.network.slug})).content.decode()
    assert "Taken" not in register
