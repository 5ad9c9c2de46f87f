"""Minutes carry what minutes carry (issue 8, Deliver 3): attendance, decisions with their
procedure, tally, dissent and minority statement, and the actions agreed, in the page and in
the per-reader PDF, through the same visibility rule as the entries.

Alpha (topic, open): everyone present, guest Gerda, a consensus decision with dissent and an
action. Bravo (confidential case): the leaver left the room; a secret vote with a minority
statement and an action on that decision. A decision and an action on the meeting as a whole.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_scopes import scope

from accord.meetings.pdf import minutes_pdf
from accord.meetings.services import (
    actions,
    agenda,
    attendance,
    circulation,
    decisions,
    guests,
    minutes,
)
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.conftest import schedule
from accord.meetings.tests.helpers import pdf_text
from accord.testing import factories

ALPHA = ["Alpha-Beschluss", "Alpha-Dissens", "Alpha-Aufgabe"]
BRAVO = ["Bravo-Beschluss", "Bravo-Begründung", "Bravo-Minderheit", "Bravo-Aufgabe"]
MEETING_WIDE = ["Gesamtbeschluss", "Gesamtaufgabe"]


@pytest.fixture
def minuted(cast):
    c = cast
    due = timezone.localdate() + timedelta(days=10)
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        alpha = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                          title="Alpha topic", required_level=2)
        bravo = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                          title="Bravo case", kind="case", confidential=True,
                                          case=factories.make_case(c.meeting.network,
                                                                   "RS-2026-014"))
        c.items = [alpha, bravo]
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        c.guest, _token = guests.guest_invite(
            membership=c.chair, meeting=c.meeting, name="Gerda Gast", email="gast@example.test",
            organisation_name="Beratungsstelle Nord", items=[alpha], level=2)
        room = [c.chair, c.secretary, c.member, c.leaver]
        for who in room:
            attendance.attendance_set(membership=c.secretary, meeting=c.meeting, person=who,
                                      status="present")
        attendance.attendance_set(membership=c.secretary, meeting=c.meeting, person=c.adviser,
                                  status="excused")
        attendance.item_presence_set(membership=c.secretary, item=alpha, members=room,
                                     guests=[c.guest])
        attendance.item_presence_set(membership=c.secretary, item=bravo,
                                     members=[c.chair, c.secretary, c.member])
        minutes.minute_entry_create(membership=c.secretary, item=alpha,
                                    text="Alpha besprochen, siehe Beschluss", visibility="network")
        minutes.minute_entry_create(membership=c.secretary, item=bravo,
                                    text="Bravo besprochen, siehe Beschluss", visibility="network")

        c.alpha_decision = decisions.decision_create(
            membership=c.chair, body=c.body, item=alpha, title="Alpha-Beschluss",
            motion="Wir machen Alpha.", procedure="consensus")
        decisions.decision_record(membership=c.chair, decision=c.alpha_decision,
                                  outcome="adopted", dissent="Alpha-Dissens")
        c.bravo_decision = decisions.decision_create(
            membership=c.chair, body=c.body, item=bravo, title="Bravo-Beschluss",
            motion="Fall RS-2026-014 weiter begleiten.", procedure="simple_majority",
            vote_mode="secret")
        for who, choice in ((c.chair, "yes"), (c.secretary, "yes"), (c.member, "no")):
            decisions.vote_cast(membership=who, decision=c.bravo_decision, choice=choice)
        decisions.voting_close(membership=c.chair, decision=c.bravo_decision,
                               rationale="Bravo-Begründung", minority_statement="Bravo-Minderheit")
        overall = decisions.decision_create(
            membership=c.chair, body=c.body, meeting=c.meeting, title="Gesamtbeschluss",
            motion="Nächster Termin im Mai.", procedure="chair")
        decisions.decision_record(membership=c.chair, decision=overall, outcome="adopted")

        actions.action_item_create(membership=c.chair, body=c.body, owner=c.member,
                                   title="Alpha-Aufgabe", due_on=due, item=alpha)
        actions.action_item_create(membership=c.chair, body=c.body, owner=c.secretary,
                                   title="Bravo-Aufgabe", due_on=due,
                                   decision=c.bravo_decision, meeting=c.meeting)
        actions.action_item_create(membership=c.chair, body=c.body, owner=c.chair,
                                   title="Gesamtaufgabe", meeting=c.meeting)
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
        circulation.minutes_approve(membership=c.chair, meeting=c.meeting)
    c.due = due
    return c


def _urls(c):
    kw = {"network": c.network.slug, "pk": c.meeting.pk}
    return reverse("meetings:detail", kwargs=kw), reverse("meetings:pdf", kwargs=kw)


def _page_and_pdf(c, who) -> tuple[str, str]:
    client = factories.signed_in_client(who.user)
    page_url, pdf_url = _urls(c)
    page, pdf = client.get(page_url), client.get(pdf_url)
    assert page.status_code == 200 and pdf.status_code == 200
    return page.content.decode(), pdf_text(pdf.content)


def _flat(text: str) -> str:
    """pdftotext -layout breaks lines and pads columns; compare words, not layout."""
    return " ".join(text.split())


def test_a_member_in_the_room_reads_every_decision_with_its_tally_and_statements(minuted):
    c = minuted
    page, pdf = _page_and_pdf(c, c.member)
    for text in (page, _flat(pdf)):
        for word in ALPHA + BRAVO + MEETING_WIDE:
            assert word in text, word
        assert "Consensus" in text and "Simple majority" in text and "Secret vote" in text
        assert "Yes: 2 · No: 1 · Abstain: 0" in text
        assert "Adopted" in text
    assert "Beratungsstelle Nord" in pdf and "Gerda Gast" in pdf


def test_the_decision_is_shown_with_the_entry_that_refers_to_it(minuted):
    c = minuted
    page, pdf = _page_and_pdf(c, c.member)
    for text in (page, _flat(pdf)):
        alpha = text.index("Alpha besprochen, siehe Beschluss")
        bravo_heading = text.index("Bravo case", alpha)
        assert alpha < text.index("Alpha-Beschluss", alpha) < bravo_heading
        assert alpha < text.index("Alpha-Aufgabe", alpha) < bravo_heading
        bravo = text.index("Bravo besprochen, siehe Beschluss")
        assert bravo < text.index("Bravo-Minderheit") and bravo < text.index("Bravo-Aufgabe")


def test_who_left_the_room_sees_nothing_of_the_item_they_left(minuted):
    c = minuted
    page, pdf = _page_and_pdf(c, c.leaver)
    for text in (page, _flat(pdf)):
        for word in ALPHA + MEETING_WIDE:
            assert word in text, word
        for word in BRAVO:
            assert word not in text, word
        # The entry the secretary shared with the network is there; the record is not.
        assert "Bravo besprochen, siehe Beschluss" in text
        assert "Secret vote" not in text and "Yes: 2" not in text


@pytest.mark.parametrize("name", ["adviser", "coordinator", "seated_observer"])
def test_readers_never_in_the_room_see_the_open_items_record_only(minuted, name):
    c = minuted
    page, pdf = _page_and_pdf(c, getattr(c, name))
    for text in (page, _flat(pdf)):
        assert all(word in text for word in ALPHA + MEETING_WIDE)
        assert not any(word in text for word in BRAVO)


def test_attendance_lists_present_excused_and_the_room_per_item(minuted):
    c = minuted
    page, pdf = _page_and_pdf(c, c.member)
    flat = _flat(pdf)
    assert "Attendance" in flat and "Present" in flat and "Excused" in flat
    assert "Adviser" in flat[flat.index("Excused"):]
    bravo = flat[flat.index("Bravo case"):]
    assert "Not in the room for this item: Leaver" in bravo
    assert "Guests for this item: Gerda Gast (Beratungsstelle Nord)" in flat
    assert "Not in the room for this item" in page and "Gerda Gast" in page


def test_the_room_of_a_confidential_item_is_not_shown_to_who_was_not_in_it(minuted):
    # Who sat in on a case discussion says who works on the case: it follows the item's rule.
    c = minuted
    page, pdf = _page_and_pdf(c, c.leaver)
    flat = _flat(pdf)
    assert "Not in the room for this item" not in flat and "Not in the room" not in page
    assert "Guests for this item: Gerda Gast" in flat  # the open item's room is on record


def test_actions_name_their_owner_and_due_date(minuted):
    c = minuted
    page, pdf = _page_and_pdf(c, c.member)
    flat = _flat(pdf)
    row = flat[flat.index("Alpha-Aufgabe"):][:200]
    assert c.member.user.full_name in row and c.member.organisation.name in row
    due = date_format(c.due, "DATE_FORMAT")  # English, as the client's language
    assert due in row and "Open" in row
    assert "Gesamtaufgabe" in page and due in page


def test_a_guest_sees_the_record_of_their_own_item_and_no_attendance_list(minuted):
    c = minuted
    with scope(network=c.network.pk):
        text = _flat(pdf_text(minutes_pdf(meeting=c.meeting, guest=c.guest,
                                          reader_name="Gerda Gast")))
    assert "Alpha-Beschluss" in text and "Alpha-Aufgabe" in text
    assert not any(word in text for word in BRAVO + MEETING_WIDE)
    assert "Attendance" not in text and "Excused" not in text


def test_the_register_and_decision_page_follow_the_same_rule(minuted):
    c = minuted
    register = reverse("meetings:decisions", kwargs={"network": c.network.slug})
    bravo = reverse("meetings:decision", kwargs={"network": c.network.slug,
                                                 "pk": c.bravo_decision.pk})
    leaver, member = (factories.signed_in_client(who.user) for who in (c.leaver, c.member))
    assert "Bravo-Beschluss" not in leaver.get(register).content.decode()
    assert "Alpha-Beschluss" in leaver.get(register).content.decode()
    assert leaver.get(bravo).status_code == 404
    assert "Bravo-Beschluss" in member.get(register).content.decode()
    assert member.get(bravo).status_code == 200
    api = leaver.get(f"/api/v1/n/{c.network.slug}/decisions").json()
    assert {row["title"] for row in api["items"]} == {"Alpha-Beschluss", "Gesamtbeschluss"}


def test_an_open_secret_vote_shows_no_tally_in_the_minutes(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                         title="Delta decision", kind="decision")
        # Only voting members in the room vote: record the member present first.
        attendance.attendance_set(membership=c.secretary, meeting=c.meeting, person=c.member,
                                  status="present")
        attendance.item_presence_set(membership=c.secretary, item=item, members=[c.member])
        decision = decisions.decision_create(
            membership=c.chair, body=c.body, item=item, title="Delta-Beschluss",
            motion="Delta.", procedure="simple_majority", vote_mode="secret")
        decisions.vote_cast(membership=c.member, decision=decision, choice="no")
    page, pdf = _page_and_pdf(c, c.chair)
    for text in (page, _flat(pdf)):
        assert "Delta-Beschluss" in text
        assert "The vote is open: the tally is shown once it closes." in text
        assert "No: 1" not in text


def test_minutes_page_for_a_reader_without_minutes_shows_no_record(minuted):
    c = minuted
    page = factories.signed_in_client(c.privacy.user).get(_urls(c)[0]).content.decode()
    assert not any(word in page for word in ALPHA + BRAVO + MEETING_WIDE)
    assert "Attendance" not in page[page.index("Agenda and minutes"):]

