"""Meetings in a real browser (issue 4's "done when", issue 5's journeys): a secretary prepares
and publishes an agenda, records who was in the room, minutes at all three visibilities, runs a
vote with a dissent and approves the minutes; each member's PDF holds only what they may read;
a guest invited to one item sees that item and nothing else; a vote cast with the keyboard alone.

Controls are found by role and accessible name; every page each browser loads is checked with
axe (the `page` fixture and steps.close_tabs enforce it).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scope
from icalendar import Calendar
from playwright.sync_api import expect

from accord.e2e.steps import (
    enter_signed_in,
    heading,
    in_language,
    pdf_text,
    tab_to,
)
from accord.meetings.models import Vote
from accord.meetings.services import agenda, attendance, circulation, decisions, minutes
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACE = "Rathaus Rheinstadt, Raum 3"
TOPIC, CASE, DECISION_ITEM = "Lagebild Schulen", "Fall RS-2026-014", "Federführung im Fall"
NETWORK_TEXT = "Two schools report a calmer situation since the parents' evening."
PRESENT_TEXT = "Details of the family situation, shared only with those in the room."
MOTION = "The counselling service takes the lead in case RS-2026-014."


def status(tab):
    return tab.get_by_role("status")


def person(network, full_name: str, language: str = "en"):
    email = full_name.lower().replace(" ", ".") + "@example.test"
    user = factories.make_user(email=email, full_name=full_name, language=language)
    return factories.make_member(network, user=user)


def case_conference(network):
    """A case conference of four voting members: chair, secretary, Mira and Ben."""
    body = factories.make_body(network, name="Fallkonferenz Mitte")
    people = {
        "chair": person(network, "Jana Kraus"),
        "secretary": person(network, "Tomasz Nowak"),
        "mira": person(network, "Mira Okonkwo"),
        "ben": person(network, "Ben Hollander", language="de"),
    }
    factories.add_to_body(body, people["chair"], role=BodyRole.CHAIR)
    factories.add_to_body(body, people["secretary"], role=BodyRole.SECRETARY)
    factories.add_to_body(body, people["mira"])
    factories.add_to_body(body, people["ben"])
    return body, people


def schedule(body, chair, *, hours: int, title: str = "Fallkonferenz Mitte, März"):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=hours)
    return meeting_services.meeting_create(
        membership=chair, body=body, title=title, starts_at=start,
        ends_at=start + timedelta(hours=2), place=PLACE)


def meeting_url(meeting) -> str:
    return f"/n/{meeting.network.slug}/meetings/{meeting.pk}/"


def item_region(tab, number: int, title: str):
    """An agenda item's section on the meeting page, named by its heading."""
    return tab.get_by_role("region", name=re.compile(rf"^{number}\. {re.escape(title)} "))


def invitation_calendar(message) -> Calendar:
    (_name, content, mimetype), = message.attachments
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def write_minutes(tab, assert_accessible, *, number: int, title: str, visibility: str,
                  text: str = "") -> None:
    item_region(tab, number, title).get_by_role(
        "link", name="Write minutes for this item").click()
    expect(heading(tab)).to_have_text(f"Minutes: {title}")
    assert_accessible(tab)
    if text:
        tab.get_by_label("Text", exact=True).fill(text)
    tab.get_by_role("radio", name=visibility).check()
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(status(tab)).to_have_text("Entry saved.")
    assert_accessible(tab)


def record_presence(tab, assert_accessible, people, *, left_the_room, for_item: int) -> None:
    """Everyone present; `left_the_room` was outside for item number `for_item`."""
    tab.get_by_role("link", name="Attendance and presence").click()
    expect(heading(tab)).to_contain_text("Attendance and presence")
    assert_accessible(tab)
    for who in people:
        name = who.user.full_name
        row = tab.get_by_role("row").filter(
            has=tab.get_by_role("rowheader", name=re.compile(rf"^{re.escape(name)}")))
        row.get_by_label(f"Attendance of {name}", exact=True).select_option(label="Present")
        expect(row.get_by_role("checkbox")).to_have_count(3)
        for number in range(1, 4):
            # Each box is named for the person and the item, as a screen reader announces it.
            box = row.get_by_role("checkbox", name=re.compile(
                rf"^{re.escape(name)} present for item {number}, "))
            if who == left_the_room and number == for_item:
                box.uncheck()
            else:
                box.check()
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(status(tab)).to_have_text("Attendance and presence saved.")
    assert_accessible(tab)


def test_secretary_runs_a_case_conference_and_the_member_who_left_gets_minutes_without_that_item(
    page, live_server, assert_accessible, other_browser, network_a,
):
    """Issue 4, "done when": publish with an .ics, presence per item, minutes at all three
    visibilities, a majority vote with a dissent, approval, and a PDF per reader."""
    body, people = case_conference(network_a)
    chair, secretary, mira, ben = (people[k] for k in ("chair", "secretary", "mira", "ben"))
    with scope(network=network_a.pk):
        # It began an hour ago: a meeting is marked as held only once it has begun.
        meeting = schedule(body, chair, hours=-1)
        agenda.agenda_item_create(membership=chair, meeting=meeting, title=TOPIC)
        agenda.agenda_item_create(membership=chair, meeting=meeting, title=CASE, kind="case",
                                  confidential=True,
                                  case=factories.make_case(meeting.network, "RS-2026-014"))
    enter_signed_in(page, secretary.user, origin=live_server.url)

    # The secretary completes the agenda and publishes it.
    page.goto(meeting_url(meeting))
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    page.get_by_role("link", name="Edit agenda").click()
    expect(heading(page)).to_have_text(f"Agenda: {meeting.title}")
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill(DECISION_ITEM)
    page.get_by_label("Kind", exact=True).select_option(label="Decision")
    page.get_by_label("Time box (minutes)", exact=True).fill("20")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(status(page)).to_have_text("Item added.")
    expect(page.get_by_role("table", name="Items in order").get_by_role("row")).to_have_count(4)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the meeting").click()
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(status(page)).to_have_text("Agenda published; invitations sent.")
    expect(page.get_by_text("Agenda published", exact=True)).to_be_visible()
    assert_accessible(page)

    # Each participant has an e-mail in their language with an .ics a calendar reads.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted(p.user.email for p in people.values())
    for who in people.values():
        message = by_recipient[who.user.email]
        calendar = invitation_calendar(message)
        event = calendar.walk("VEVENT")[0]
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == meeting.ics_uid()
        assert int(event["SEQUENCE"]) == 0
        assert str(event["LOCATION"]) == PLACE
        subject = in_language(who.user.language, "Invitation and agenda")
        assert message.subject == f"{subject}: {meeting.title}"
        assert "RS-2026-014" not in message.body and "RS-2026-014" not in message.attachments[0][1]
    assert in_language("de", "Confidential item") in by_recipient[ben.user.email].body

    # Presence per item: Ben left the room for the case.
    record_presence(page, assert_accessible, people.values(), left_the_room=ben, for_item=2)
    page.get_by_role("link", name="Back to the meeting").click()
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)

    # Minutes at each of the three visibilities.
    write_minutes(page, assert_accessible, number=1, title=TOPIC, text=NETWORK_TEXT,
                  visibility="Network: every member who may read this body's minutes")
    write_minutes(page, assert_accessible, number=2, title=CASE, text=PRESENT_TEXT,
                  visibility="Present: only those in the room for this item")
    write_minutes(page, assert_accessible, number=3, title=DECISION_ITEM,
                  visibility="Not recorded: only the fact that it was discussed")
    expect(item_region(page, 3, DECISION_ITEM)).to_contain_text("Discussed; not recorded.")

    # A named vote by simple majority.
    page.get_by_role("link", name="Put a decision").click()
    expect(heading(page)).to_contain_text("Put a decision")
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Lead in case RS-2026-014")
    page.get_by_label("Motion", exact=True).fill(MOTION)
    page.get_by_label("Agenda item", exact=True).select_option(label=DECISION_ITEM)
    page.get_by_label("Procedure", exact=True).select_option(label="Simple majority")
    page.get_by_label("Vote", exact=True).select_option(label="Named vote")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(heading(page)).to_have_text("Lead in case RS-2026-014")
    assert_accessible(page)
    decision_url = page.url

    # Mira votes against in her own browser; the chair and Ben vote through the service.
    mira_tab = other_browser(mira.user)
    mira_tab.goto(decision_url)
    expect(heading(mira_tab)).to_have_text("Lead in case RS-2026-014")
    assert_accessible(mira_tab)
    mira_tab.get_by_role("radio", name="No", exact=True).check()
    mira_tab.get_by_role("button", name="Vote", exact=True).click()
    expect(status(mira_tab)).to_have_text("Your vote is recorded.")
    expect(mira_tab.get_by_role("table", name="Named votes").get_by_role("row").filter(
        has_text="Mira Okonkwo")).to_contain_text("No")
    assert_accessible(mira_tab)
    with scope(network=network_a.pk):
        decision = meeting.decisions.get()
        for voter in (chair, ben):
            decisions.vote_cast(membership=voter, decision=decision, choice="yes")

    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(status(page)).to_have_text("Your vote is recorded.")
    assert_accessible(page)
    page.get_by_label("Rationale", exact=True).fill("Longest relationship with the family.")
    page.get_by_label("Dissent", exact=True).fill("One vote against: the change comes too early.")
    page.get_by_role("button", name="Close and record the outcome").click()
    expect(status(page)).to_have_text("The vote is closed and the outcome recorded.")
    expect(page.get_by_text("Yes: 3 · No: 1 · Abstain: 0")).to_be_visible()
    expect(page.get_by_text("Adopted", exact=True)).to_be_visible()
    expect(page.get_by_text("One vote against: the change comes too early.")).to_be_visible()
    named = page.get_by_role("table", name="Named votes")
    expect(named.get_by_role("row").filter(has_text="Mira Okonkwo")).to_contain_text("No")
    assert_accessible(page)

    # The meeting is held and its minutes approved.
    page.get_by_role("link", name=meeting.title, exact=True).click()
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    page.get_by_role("link", name="Mark as held…").click()
    expect(heading(page)).to_have_text("Mark this meeting as held?")
    assert_accessible(page)
    page.get_by_role("checkbox", name="I understand this cannot be undone").check()
    page.get_by_role("button", name="Mark as held").click()
    expect(status(page)).to_have_text("Meeting marked as held.")
    assert_accessible(page)
    # The chair signs the minutes (the secretary would approve only after circulation).
    chair_tab = other_browser(chair.user)
    chair_tab.goto(meeting_url(meeting))
    expect(heading(chair_tab)).to_have_text(meeting.title)
    assert_accessible(chair_tab)
    chair_tab.get_by_role("link", name="Approve the minutes…").click()
    expect(heading(chair_tab)).to_have_text("Approve the minutes?")
    assert_accessible(chair_tab)
    chair_tab.get_by_role("checkbox", name="I understand this cannot be undone").check()
    chair_tab.get_by_role("button", name="Approve the minutes").click()
    expect(status(chair_tab)).to_have_text("Minutes approved.")
    expect(chair_tab.get_by_text("Minutes approved", exact=True)).to_be_visible()
    assert_accessible(chair_tab)

    # Ben, who left the room for the case, reads and downloads minutes without its entry.
    ben_tab = other_browser(ben.user)
    ben_tab.goto(meeting_url(meeting))
    expect(heading(ben_tab)).to_have_text(meeting.title)
    expect(item_region(ben_tab, 1, TOPIC)).to_contain_text(NETWORK_TEXT)
    expect(item_region(ben_tab, 2, CASE)).to_contain_text("No minutes you may read.")
    expect(ben_tab.get_by_role("main")).not_to_contain_text(PRESENT_TEXT)
    assert_accessible(ben_tab)
    with ben_tab.expect_download() as download:
        ben_tab.get_by_role("link", name="Minutes as PDF (prepared for you)").click()
    with open(download.value.path(), "rb") as pdf:
        ben_pdf = pdf_text(pdf.read())
    assert "Prepared for Ben Hollander" in ben_pdf
    assert NETWORK_TEXT in ben_pdf and "Discussed; not recorded." in ben_pdf
    assert CASE in ben_pdf and PRESENT_TEXT not in ben_pdf

    # Mira was in the room: her PDF has the entry.
    response = mira_tab.context.request.get(meeting_url(meeting) + "minutes.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    mira_pdf = pdf_text(response.body())
    assert "Prepared for Mira Okonkwo" in mira_pdf
    assert PRESENT_TEXT in mira_pdf and NETWORK_TEXT in mira_pdf


GUEST_NAME, GUEST_EMAIL = "Dr. Ilse Beispiel", "ilse.beispiel@example.org"
GUEST_ITEM, OTHER_ITEM = "Lagebild Schulen", "Jahresplanung der Prävention"
TEXTS = {
    "guest network": "Alpha: the schools' picture, shared with the network.",
    "guest present": "Alpha: a school named only among those present.",
    "case network": "Bravo: support continues, next review in eight weeks.",
    "other network": "Charlie: the prevention plan for next year is agreed.",
}


def meeting_with_a_guest_item(network):
    """A meeting that ended an hour ago (the guest's access lasts until the grace period
    ends): item 1 admits guests at level 2, item 2 is a confidential case, item 3 a topic."""
    body, people = case_conference(network)
    chair, secretary = people["chair"], people["secretary"]
    with scope(network=network.pk):
        meeting = schedule(body, chair, hours=-3)
        items = [
            agenda.agenda_item_create(membership=chair, meeting=meeting, title=GUEST_ITEM,
                                      required_level=2),
            agenda.agenda_item_create(membership=chair, meeting=meeting, title=CASE,
                                      kind="case", confidential=True,
                                      case=factories.make_case(meeting.network, "RS-2026-014")),
            agenda.agenda_item_create(membership=chair, meeting=meeting, title=OTHER_ITEM),
        ]
        agenda.agenda_publish(membership=chair, meeting=meeting)
        for who in people.values():
            attendance.attendance_set(membership=secretary, meeting=meeting, person=who,
                                      status="present")
        for item in items:
            attendance.item_presence_set(membership=secretary, item=item,
                                         members=people.values())
        write = minutes.minute_entry_create
        write(membership=secretary, item=items[0], visibility="network",
              text=TEXTS["guest network"])
        write(membership=secretary, item=items[0], visibility="present",
              text=TEXTS["guest present"])
        write(membership=secretary, item=items[1], visibility="network",
              text=TEXTS["case network"])
        write(membership=secretary, item=items[2], visibility="network",
              text=TEXTS["other network"])
    return meeting, people


def approve(meeting, people) -> None:
    with scope(network=meeting.network_id):
        meeting_services.meeting_mark_held(membership=people["chair"], meeting=meeting)
        circulation.minutes_approve(membership=people["chair"], meeting=meeting)


def mail_to_guest(subject: str):
    messages = [m for m in mail.outbox if m.to == [GUEST_EMAIL] and m.subject == subject]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    return messages[0]


def assert_nothing_beyond_the_guest_item(text: str, people) -> None:
    for hidden in (CASE, "RS-2026-014", OTHER_ITEM, TEXTS["guest present"],
                   TEXTS["case network"], TEXTS["other network"]):
        assert hidden not in text, f"the guest was shown {hidden!r}"
    for who in people.values():
        assert who.user.full_name not in text, "the guest was shown a participant"


def test_guest_invited_to_one_item_sees_that_item_and_nothing_else(
    page, live_server, assert_accessible, other_browser, network_a, settings,
):
    """Issue 4, "done when": a guest sees their one item and nothing else, through the
    pages, the API and the PDF; the link works once."""
    settings.ACCORD_BASE_URL = live_server.url  # the e-mailed link points at this server
    meeting, people = meeting_with_a_guest_item(network_a)
    enter_signed_in(page, people["chair"].user, origin=live_server.url)

    # The chair invites the guest to item 1.
    page.goto(meeting_url(meeting))
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    page.get_by_role("link", name="Invite a guest").click()
    expect(heading(page)).to_have_text(f"Invite a guest: {meeting.title}")
    assert_accessible(page)
    form = page.get_by_role("main")
    form.get_by_label("Name", exact=True).fill(GUEST_NAME)
    form.get_by_label("E-mail address", exact=True).fill(GUEST_EMAIL)
    form.get_by_label("Organisation", exact=True).fill("Institut für Präventionsforschung")
    form.get_by_role("checkbox", name=GUEST_ITEM, exact=True).check()
    form.get_by_label("Level", exact=True).fill("2")
    form.get_by_label("Language", exact=True).select_option(label="English")
    form.get_by_role("button", name="Invite", exact=True).click()
    expect(status(page)).to_have_text("Guest invited; the link was sent by e-mail.")
    expect(page.get_by_role("main")).to_contain_text(GUEST_NAME)
    assert_accessible(page)
    approve(meeting, people)

    # The guest follows the e-mailed link, enters the e-mailed code, promises confidentiality.
    invitation = mail_to_guest("Invitation to a meeting")
    link = re.search(r"https?://\S+/guest/[\w-]+/", invitation.body).group(0)
    assert link.startswith(live_server.url)
    guest = other_browser()
    guest.goto(link)
    expect(heading(guest)).to_have_text("One-time code")
    assert_accessible(guest)
    code = re.search(r"\b(\d{6})\b", mail_to_guest("Your one-time code").body).group(1)
    guest.get_by_label("One-time code", exact=True).fill(code)
    guest.get_by_role("button", name="Continue", exact=True).click()
    expect(heading(guest)).to_have_text("Confidentiality")
    assert_accessible(guest)
    guest.get_by_role("checkbox", name="I will keep it confidential.").check()
    guest.get_by_role("button", name="Continue", exact=True).click()

    # Exactly their item with its approved network entry; the others as unnamed time slots.
    expect(heading(guest)).to_have_text("Your items")
    slots = guest.get_by_role("heading", level=2)
    expect(slots).to_have_count(3)
    expect(slots.nth(0)).to_have_text(re.compile(rf"\(15 min\): {GUEST_ITEM}$"))
    for other in (1, 2):
        expect(slots.nth(other)).to_have_text(re.compile(r"\(15 min\)$"))
    main = guest.get_by_role("main")
    expect(main).to_contain_text(TEXTS["guest network"])
    expect(main.get_by_text("Another item (not part of your invitation).")).to_have_count(2)
    expect(guest.get_by_role("table")).to_have_count(0)
    assert_nothing_beyond_the_guest_item(main.inner_text(), people)
    assert_accessible(guest)

    # The PDF and the API show the same, and nothing more.
    response = guest.context.request.get("/guest/meeting/minutes.pdf")
    assert response.ok
    guest_pdf = pdf_text(response.body())
    assert f"Prepared for {GUEST_NAME}" in guest_pdf
    assert GUEST_ITEM in guest_pdf and TEXTS["guest network"] in guest_pdf
    assert guest_pdf.count("Other item") == 2
    assert_nothing_beyond_the_guest_item(guest_pdf.replace(f"for {GUEST_NAME}", ""), people)

    agenda_api = guest.context.request.get("/api/v1/guest/meeting/agenda-items")
    assert agenda_api.ok
    lines = agenda_api.json()
    assert [line["title"] for line in lines] == [GUEST_ITEM, "Other item", "Other item"]
    assert lines[0]["id"] is not None and [line["id"] for line in lines[1:]] == [None, None]
    entries_api = guest.context.request.get("/api/v1/guest/meeting/minute-entries")
    assert entries_api.ok
    assert [(e["item_id"], e["visibility"], e["text"]) for e in entries_api.json()] == [
        (lines[0]["id"], "network", TEXTS["guest network"])]
    assert_nothing_beyond_the_guest_item(agenda_api.text() + entries_api.text(), people)

    # The link works once: opened again (say, forwarded), it says so and shows nothing.
    forwarded = other_browser()
    forwarded.goto(link)
    expect(heading(forwarded)).to_have_text("Guest access")
    expect(forwarded.get_by_role("alert")).to_have_text(
        "This link has already been used. Ask the meeting's secretary for a new one.")
    assert_nothing_beyond_the_guest_item(forwarded.get_by_role("main").inner_text(), people)
    assert GUEST_ITEM not in forwarded.get_by_role("main").inner_text()
    assert_accessible(forwarded)
    assert forwarded.context.request.get(
        "/api/v1/guest/meeting/agenda-items").status == 404


def test_member_opens_the_meeting_and_votes_with_the_keyboard_alone(
    page, live_server, assert_accessible, network_a,
):
    body, people = case_conference(network_a)
    chair, mira = people["chair"], people["mira"]
    with scope(network=network_a.pk):
        meeting = schedule(body, chair, hours=-1)
        item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                         title=DECISION_ITEM, kind="decision")
        agenda.agenda_publish(membership=chair, meeting=meeting)
        # Only those present for the item vote on it (issue 8).
        attendance.item_presence_set(membership=chair, item=item, members=people.values())
        decision = decisions.decision_create(
            membership=chair, body=body, item=item, title="Lead in case RS-2026-014",
            motion=MOTION, procedure="simple_majority")
    enter_signed_in(page, mira.user, origin=live_server.url)

    page.goto(meeting_url(meeting))
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    tab_to(page, lambda el: el["href"] == "#main")
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["text"] == decision.title, limit=40)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text(decision.title)
    assert_accessible(page)
    tab_to(page, lambda el: el["href"] == "#main")
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["name"] == "choice", limit=40)
    expect(page.get_by_role("radio", name="Yes", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="No", exact=True)).to_be_checked()
    submit = tab_to(page, lambda el: el["tag"] == "button")
    assert submit["text"] == "Vote"
    page.keyboard.press("Enter")

    expect(status(page)).to_have_text("Your vote is recorded.")
    named = page.get_by_role("table", name="Named votes")
    expect(named.get_by_role("row").filter(has_text="Mira Okonkwo")).to_contain_text("No")
    assert_accessible(page)
    with scope(network=network_a.pk):
        assert list(Vote.objects.filter(decision=decision).values_list("voter", "choice")) == [
            (mira.pk, "no")]
