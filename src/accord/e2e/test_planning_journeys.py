"""Meeting planning in a real browser (issue 16, "Browser journeys"): a member answers the date
poll from the link in their e-mail without signing in, the chair sees the best date and
chooses it; a member replies to the invitation that they are excused and send a colleague,
and the chair sees who comes per organisation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from accord.e2e.steps import close_tabs, enter_signed_in, heading, open_tab
from accord.meetings.services import agenda, planning
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(network, full_name: str, organisation=None):
    email = full_name.lower().replace(" ", ".") + "@example.test"
    return factories.make_member(network, organisation=organisation, user=factories.make_user(
        email=email, full_name=full_name))


def conference_ahead(network):
    body = factories.make_body(network, name="Fallkonferenz Nord")
    chair, mira, ben = (person(network, n) for n in ("Jana Kraus", "Mira Okonkwo",
                                                      "Ben Hollander"))
    colleague = person(network, "Lea Brandt", organisation=ben.organisation)
    factories.add_to_body(body, chair, role=BodyRole.CHAIR)
    factories.add_to_body(body, mira)
    factories.add_to_body(body, ben)
    start = (timezone.now() + timedelta(days=20)).replace(hour=13, minute=0, second=0,
                                                          microsecond=0)
    with scope(network=network.pk):
        meeting = meeting_services.meeting_create(
            membership=chair, body=body, title="Fallkonferenz Nord, Juni", starts_at=start,
            ends_at=start + timedelta(hours=2), place="Rathaus, Raum 3")
    return body, meeting, {"chair": chair, "mira": mira, "ben": ben, "colleague": colleague}


def test_a_member_answers_the_date_poll_from_the_email_link_and_the_chair_chooses(
        page, live_server, assert_accessible, browser, network_a):
    _body, meeting, people = conference_ahead(network_a)
    with scope(network=network_a.pk):
        poll = planning.date_poll_create(membership=people["chair"], meeting=meeting, options=[
            (meeting.starts_at + timedelta(days=d), meeting.ends_at + timedelta(days=d))
            for d in (1, 2)])
    # Delivered once the poll committed (the outbox then forgets the text): the mail as sent.
    text = next(m.body for m in mail.outbox if m.to == [people["mira"].user.email])
    # The second date's "Yes" link: the fourth link of the e-mail (yes, if need be, no …).
    link = re.findall(r"http://\S+/planning/poll/\S+/", text)[3]
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    assert_accessible(page)
    expect(heading(page)).to_contain_text("Confirm your answer")
    page.get_by_role("button", name="Answer “Yes”").click()
    expect(page.get_by_role("status")).to_contain_text("is saved: Yes")
    assert_accessible(page)

    chair = open_tab(browser, origin=live_server.url, user=people["chair"].user)
    passed = False
    try:
        chair.goto(reverse("meetings:date-poll", kwargs={"network": network_a.slug,
                                                         "pk": meeting.pk}))
        assert_accessible(chair)
        best = chair.locator("tr.best")
        expect(best).to_contain_text("Best")
        best.get_by_role("button").click()
        expect(chair.get_by_role("status").first).to_contain_text("moved to the chosen date")
        assert_accessible(chair)
        passed = True
    finally:
        close_tabs([chair], passed=passed)
    with scope(network=network_a.pk):
        meeting.refresh_from_db()
        assert meeting.starts_at == poll.options.order_by("starts_at")[1].starts_at


def test_a_member_replies_excused_with_a_deputy_and_the_chair_sees_who_comes(
        page, live_server, assert_accessible, browser, network_a):
    _body, meeting, people = conference_ahead(network_a)
    with scope(network=network_a.pk):
        agenda.agenda_item_create(membership=people["chair"], meeting=meeting, title="Fälle")
        agenda.agenda_publish(membership=people["chair"], meeting=meeting)
    enter_signed_in(page, people["ben"].user, origin=live_server.url)
    page.goto(reverse("meetings:replies", kwargs={"network": network_a.slug,
                                                  "pk": meeting.pk}))
    assert_accessible(page)
    page.get_by_label("Excused, sending a deputy").check()
    page.get_by_label("Deputy", exact=True).select_option(label="Lea Brandt")
    page.get_by_role("button", name="Send my reply").click()
    expect(page.get_by_role("status").first).to_contain_text("Your reply is saved")
    expect(page.get_by_text("Your reply: Excused, sending a deputy (Lea Brandt)")).to_be_visible()
    assert_accessible(page)

    chair = open_tab(browser, origin=live_server.url, user=people["chair"].user)
    passed = False
    try:
        chair.goto(reverse("meetings:replies", kwargs={"network": network_a.slug,
                                                       "pk": meeting.pk}))
        assert_accessible(chair)
        expect(chair.get_by_text("Lea Brandt: Deputy for Ben Hollander")).to_be_visible()
        expect(chair.get_by_text("Ben Hollander: Excused, sending a deputy")).to_be_visible()
        passed = True
    finally:
        close_tabs([chair], passed=passed)
