"""A secret vote and the attendance it rests on, in a real browser (issue 8, Deliver 1 and 2),
in English and German: the secretary finds everyone present, marks one member absent and is
told why that member cannot stay ticked for the items; a voter sees that they voted and how
many did, never a tally or a name, until the vote closes; the absent member may not vote.

Every text is looked up in the message catalogues (in_language), so the journey reads the
page in its own language; strings added by issue 8 fall back to English until the lead
translates them, and the same assertions then check the translation.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope
from playwright.sync_api import expect

from accord.e2e.steps import (
    enter_signed_in,
    heading,
    in_language,
    switch_language,
)
from accord.meetings.services import agenda, decisions
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.attendance import contradiction_message
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC, DECISION_ITEM = "Lagebild Schulen", "Federführung im Fall"


def person(network, full_name: str):
    email = full_name.lower().replace(" ", ".") + "@example.test"
    return factories.make_member(network, user=factories.make_user(email=email,
                                                                   full_name=full_name))


def conference_in_session(network):
    """Four voting members; the meeting started an hour ago; its agenda is published."""
    body = factories.make_body(network, name="Fallkonferenz Mitte")
    people = {key: person(network, name) for key, name in (
        ("chair", "Jana Kraus"), ("secretary", "Tomasz Nowak"), ("mira", "Mira Okonkwo"),
        ("ben", "Ben Hollander"))}
    factories.add_to_body(body, people["chair"], role=BodyRole.CHAIR)
    factories.add_to_body(body, people["secretary"], role=BodyRole.SECRETARY)
    factories.add_to_body(body, people["mira"])
    factories.add_to_body(body, people["ben"])
    with scope(network=network.pk):
        start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
        meeting = meeting_services.meeting_create(
            membership=people["chair"], body=body, title="Fallkonferenz Mitte, Mai",
            starts_at=start, ends_at=start + timedelta(hours=2), place="Rathaus, Raum 3")
        agenda.agenda_item_create(membership=people["chair"], meeting=meeting, title=TOPIC)
        item = agenda.agenda_item_create(membership=people["chair"], meeting=meeting,
                                         title=DECISION_ITEM, kind="decision")
        agenda.agenda_publish(membership=people["chair"], meeting=meeting)
    return body, meeting, item, people


def row_of(tab, name: str):
    return tab.get_by_role("row").filter(
        has=tab.get_by_role("rowheader", name=re.compile(rf"^{re.escape(name)}")))


def votes_cast(language: str, number: int) -> str:
    with translation.override(language):
        return translation.ngettext("%(counter)s vote cast.", "%(counter)s votes cast.",
                                    number) % {"counter": number}


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_secret_vote_among_those_present_shows_no_tally_until_it_closes(
    page, live_server, assert_accessible, other_browser, network_a, language,
):
    def t(message: str, **values) -> str:
        text = in_language(language, message)
        return text % values if values else text

    with translation.override(language):
        vote_button = translation.pgettext("button that casts a vote", "Vote")

    body, meeting, item, people = conference_in_session(network_a)
    chair, secretary, mira, ben = (people[k] for k in ("chair", "secretary", "mira", "ben"))
    everyone = list(people.values())

    # The secretary opens the attendance page: everyone starts as present.
    enter_signed_in(page, secretary.user, origin=live_server.url)
    page.goto(reverse("meetings:attendance", kwargs={"network": network_a.slug,
                                                     "pk": meeting.pk}))
    assert_accessible(page)
    switch_language(page, current="en", to=language)
    expect(heading(page)).to_contain_text(t("Attendance and presence"))
    assert_accessible(page)
    for who in everyone:
        row = row_of(page, who.user.full_name)
        expect(row.get_by_label(t("Attendance of %(person)s", person=who.user.full_name),
                                exact=True)).to_have_value("present")
        expect(row.get_by_role("checkbox")).to_have_count(2)
        for box in row.get_by_role("checkbox").all():
            expect(box).to_be_checked()

    # Ben was absent, but the secretary forgets to untick his items: refused, and why.
    ben_row = row_of(page, ben.user.full_name)
    ben_status = t("Attendance of %(person)s", person=ben.user.full_name)
    ben_row.get_by_label(ben_status, exact=True).select_option(label=t("Absent"))
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(t("Please correct the fields marked below."))
    with translation.override(language):
        why = contradiction_message(name=ben.user.full_name, status="absent",
                                    items=[TOPIC, DECISION_ITEM])
    ben_row = row_of(page, ben.user.full_name)
    expect(ben_row).to_contain_text(why)
    expect(ben_row.get_by_label(ben_status, exact=True)).to_have_attribute(
        "aria-invalid", "true")
    assert_accessible(page)
    for number in (1, 2):
        ben_row.get_by_role("checkbox", name=t("%(person)s present for item %(number)s, %(title)s",
                                                person=ben.user.full_name, number=number,
                                                title=(TOPIC, DECISION_ITEM)[number - 1]),
                            exact=True).uncheck()
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_have_text(t("Attendance and presence saved."))
    assert_accessible(page)

    # A secret vote on the decision item; the chair votes first.
    with scope(network=network_a.pk):
        decision = decisions.decision_create(
            membership=chair, body=body, item=item, title="Federführung an Lichtblick",
            motion="Lichtblick übernimmt die Federführung.", procedure="simple_majority",
            vote_mode="secret")
        decisions.vote_cast(membership=chair, decision=decision, choice="yes")
    decision_url = reverse("meetings:decision", kwargs={"network": network_a.slug,
                                                        "pk": decision.pk})

    # Mira votes against in her own browser: she sees that she voted and how many did.
    mira_tab = other_browser(mira.user)
    mira_tab.goto(decision_url)
    assert_accessible(mira_tab)
    switch_language(mira_tab, current="en", to=language)
    assert_accessible(mira_tab)
    expect(mira_tab.locator(".tally")).to_contain_text(votes_cast(language, 1))
    mira_tab.get_by_role("radio", name=t("No"), exact=True).check()
    mira_tab.get_by_role("button", name=vote_button, exact=True).click()
    expect(mira_tab.get_by_role("status")).to_have_text(t("Your vote is recorded."))
    expect(mira_tab.get_by_text(t("You have voted. Thank you."))).to_be_visible()
    tally = mira_tab.locator(".tally")
    expect(tally).to_contain_text(votes_cast(language, 2))
    expect(tally).to_contain_text(t("The vote is secret: the tally shows when the vote closes."))
    expect(mira_tab.get_by_text(f"{t('No')}: 1")).to_have_count(0)
    expect(mira_tab.get_by_role("table")).to_have_count(0)  # no list of who voted
    expect(mira_tab.get_by_role("main")).not_to_contain_text(chair.user.full_name)
    assert_accessible(mira_tab)

    # Ben, marked absent, is told why he cannot vote.
    ben_tab = other_browser(ben.user)
    ben_tab.goto(decision_url)
    assert_accessible(ben_tab)
    switch_language(ben_tab, current="en", to=language)
    expect(ben_tab.get_by_text(
        t("You are not recorded as present for this item, so you cannot vote on it."))
    ).to_be_visible()
    expect(ben_tab.get_by_role("button", name=vote_button, exact=True)).to_have_count(0)
    assert_accessible(ben_tab)

    # The secretary votes, still sees no tally, and closes the vote: now the tally shows.
    page.goto(decision_url)
    expect(heading(page)).to_have_text("Federführung an Lichtblick")
    expect(page.get_by_text(t("%(present)s present, %(needed)s needed", present=3,
                              needed=3))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=t("Yes"), exact=True).check()
    page.get_by_role("button", name=vote_button, exact=True).click()
    expect(page.locator(".tally")).to_contain_text(votes_cast(language, 3))
    expect(page.get_by_text(f"{t('Yes')}: 2")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name=t("Close and record the outcome")).click()
    expect(page.get_by_role("status")).to_have_text(
        t("The vote is closed and the outcome recorded."))
    expect(page.locator(".tally")).to_have_text(
        f"{t('Yes')}: 2 · {t('No')}: 1 · {t('Abstain')}: 0")
    expect(page.get_by_text(t("Adopted"), exact=True)).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)  # still no names: the vote was secret
    assert_accessible(page)
    mira_tab.reload()
    expect(mira_tab.locator(".tally")).to_have_text(
        f"{t('Yes')}: 2 · {t('No')}: 1 · {t('Abstain')}: 0")
    assert_accessible(mira_tab)
