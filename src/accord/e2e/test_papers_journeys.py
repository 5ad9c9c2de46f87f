"""Meeting papers and the speakers list in a real browser (issue 16, "Browser journeys").

A member of the body downloads a paper of the body's; a member of the network outside the body,
given the same address, is refused it (the not-found page: they may not know the meeting
exists) but downloads the paper the secretary shared with the whole network. Then the speakers
list by keyboard: a member asks to speak with Tab and Enter, the chair calls them from their own
browser the same way, and the member's page announces the current speaker without a reload
(htmx polls the list; the announcement is an aria-live region).
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from accord.e2e.steps import close_tabs, enter_signed_in, heading, open_tab, tab_to
from accord.meetings.papers_demo import demo_pdf
from accord.meetings.services import agenda, attendance
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services import papers as paper_services
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "Lagebild Schulen"


def person(network, full_name: str):
    email = full_name.lower().replace(" ", ".") + "@example.test"
    return factories.make_member(network, user=factories.make_user(email=email,
                                                                   full_name=full_name))


def conference_with_papers(network):
    """A meeting under way; its topic carries a body paper and a network paper."""
    body = factories.make_body(network, name="Fallkonferenz Mitte")
    people = {key: person(network, name) for key, name in (
        ("chair", "Jana Kraus"), ("secretary", "Tomasz Nowak"), ("mira", "Mira Okonkwo"),
        ("olga", "Olga Aussen"))}
    factories.add_to_body(body, people["chair"], role=BodyRole.CHAIR)
    factories.add_to_body(body, people["secretary"], role=BodyRole.SECRETARY)
    factories.add_to_body(body, people["mira"])
    with scope(network=network.pk):
        start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
        meeting = meeting_services.meeting_create(
            membership=people["chair"], body=body, title="Fallkonferenz Mitte, Mai",
            starts_at=start, ends_at=start + timedelta(hours=2), place="Rathaus, Raum 3")
        item = agenda.agenda_item_create(membership=people["chair"], meeting=meeting,
                                         title=TOPIC)
        agenda.agenda_publish(membership=people["chair"], meeting=meeting)
        for who in (people["chair"], people["secretary"], people["mira"]):
            attendance.attendance_set(membership=people["secretary"], meeting=meeting,
                                      person=who, status="present")
        papers = {visibility: paper_services.paper_upload(
            membership=people["secretary"], item=item, title=title, visibility=visibility,
            upload=SimpleUploadedFile(name, demo_pdf(title)))
            for visibility, title, name in (
                ("body", "Schulliste", "schulliste.pdf"),
                ("network", "Kurzbericht", "kurzbericht.pdf"))}
    return meeting, item, people, papers


def _download_url(network, meeting, item, paper) -> str:
    return reverse("meetings:paper-download", kwargs={
        "network": network.slug, "pk": meeting.pk, "item_id": item.pk, "paper_id": paper.pk})


def test_a_paper_download_is_refused_to_a_member_outside_the_body(
    page, live_server, assert_accessible, network_a,
):
    meeting, item, people, papers = conference_with_papers(network_a)
    papers_page = reverse("meetings:papers", kwargs={"network": network_a.slug,
                                                     "pk": meeting.pk, "item_id": item.pk})

    # Mira, of the body, downloads the body's paper from the item's papers page.
    enter_signed_in(page, people["mira"].user, origin=live_server.url)
    page.goto(papers_page)
    assert_accessible(page)
    expect(heading(page)).to_contain_text(TOPIC)
    with page.expect_download() as download:
        page.get_by_role("link", name="Schulliste").click()
    assert download.value.suggested_filename == "schulliste.pdf"

    # Olga, a member of the network in no body, is given the same address: refused.
    olga = open_tab(page.context.browser, origin=live_server.url, user=people["olga"].user)
    try:
        response = olga.goto(_download_url(network_a, meeting, item, papers["body"]))
        assert response.status == 404
        assert_accessible(olga)
        expect(heading(olga)).to_contain_text("Page not found")
        # The item's page shows her the paper shared with the network, and nothing else.
        olga.goto(papers_page)
        assert_accessible(olga)
        expect(olga.get_by_role("link", name="Kurzbericht")).to_be_visible()
        expect(olga.get_by_text("Schulliste")).to_have_count(0)
        with olga.expect_download() as download:
            olga.get_by_role("link", name="Kurzbericht").click()
        assert download.value.suggested_filename == "kurzbericht.pdf"
    finally:
        close_tabs([olga], passed=True)


def test_the_speakers_list_by_keyboard(page, live_server, assert_accessible, network_a):
    meeting, item, people, _papers = conference_with_papers(network_a)
    speakers = reverse("meetings:speakers", kwargs={"network": network_a.slug,
                                                    "pk": meeting.pk, "item_id": item.pk})

    # Mira asks to speak by keyboard.
    enter_signed_in(page, people["mira"].user, origin=live_server.url)
    page.goto(speakers)
    assert_accessible(page)
    expect(heading(page)).to_contain_text(TOPIC)
    tab_to(page, lambda el: el["text"] == "Ask to speak", limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("list").filter(has_text="Mira Okonkwo")).to_be_visible()

    # The chair calls her, by keyboard, from their own browser, with three minutes.
    chair = open_tab(page.context.browser, origin=live_server.url, user=people["chair"].user)
    try:
        chair.goto(speakers)
        assert_accessible(chair)
        minutes = chair.get_by_label("Speaking time (minutes, optional)")
        minutes.focus()
        chair.keyboard.type("3")
        tab_to(chair, lambda el: el["text"] == "Call the next speaker", limit=5)
        with chair.expect_navigation():
            chair.keyboard.press("Enter")
        assert_accessible(chair)
        expect(chair.get_by_role("status").filter(has_text="Speaking now")).to_contain_text(
            "Mira Okonkwo")
    finally:
        close_tabs([chair], passed=True)

    # Mira's page announces it without a reload (htmx polls every 5 seconds).
    announcement = page.locator("#current-speaker")
    expect(announcement).to_have_attribute("aria-live", "polite")
    expect(announcement).to_contain_text("Mira Okonkwo", timeout=15_000)
    expect(announcement).to_contain_text("3 minutes")
    assert_accessible(page)
