"""Irreversible steps in a real browser (issue 8, item 5), in English and German: the chair
cancels a meeting only after ticking the confirmation (not without), reinstates it,
publishes it again, marks it as held and approves the minutes through the confirmation;
afterwards the page offers no edits that would be refused.

Every text is looked up in the message catalogues (steps.in_language), so the German run
follows the catalogues as they stand. Strings this issue added ("Cancel this meeting?", the
confirmation boxes, "Reinstate the meeting", "Mark as held…", "Approve the minutes…", the
reinstatement message) are not translated yet: today the German run finds them in English.
They become German by themselves once the lead's catalogues hold them; `TRANSLATED_ALREADY`
are checked to differ from English in German now, and the new strings should join that list
after the translation.
"""

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from accord.audit.models import AuditEvent
from accord.e2e.steps import enter_signed_in, heading, in_language, switch_language
from accord.meetings.models import Meeting
from accord.meetings.services import agenda, minutes
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Existing strings the German catalogue translates today: the German run proves it is German.
TRANSLATED_ALREADY = ["Meeting cancelled.", "Minutes approved.", "Publish the agenda",
                      "Meeting marked as held.", "Back to the meeting", "Nothing was changed."]


def stored_state(meeting) -> str:
    with scope(network=meeting.network_id):
        return Meeting.objects.get(pk=meeting.pk).state


def a_meeting_that_began_an_hour_ago(network):
    body = factories.make_body(network, name="Fallkonferenz Nord")
    chair = factories.make_member(network, user=factories.make_user(
        email="jana.kraus@example.test", full_name="Jana Kraus"))
    factories.add_to_body(body, chair, role=BodyRole.CHAIR)
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    with scope(network=network.pk):
        meeting = meeting_services.meeting_create(
            membership=chair, body=body, title="Fallkonferenz Nord, Juni", starts_at=start,
            ends_at=start + timedelta(hours=2), place="Rathaus, Raum 2")
        item = agenda.agenda_item_create(membership=chair, meeting=meeting, title="Lagebild")
        agenda.agenda_publish(membership=chair, meeting=meeting)
        minutes.minute_entry_create(membership=chair, item=item, visibility="network",
                                    text="Die Lage an den Schulen ist ruhig.")
    return meeting, chair


def confirm_step(page, assert_accessible, t, *, link: str, title: str, box: str, button: str,
                 note: str | None = None):
    """Open a step's confirmation page from the meeting page, try it without the box (refused,
    nothing changes), then tick the box and confirm."""
    page.get_by_role("link", name=t(link), exact=True).click()
    expect(heading(page)).to_have_text(t(title))
    if note is not None:
        expect(page.get_by_role("note")).to_have_text(t(note))
    expect(page.get_by_role("group", name=t("Confirmation"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=t(button), exact=True).click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        t("Tick the box to confirm, or go back to the meeting."))
    expect(heading(page)).to_have_text(t(title))
    assert_accessible(page)
    page.get_by_role("checkbox", name=t(box), exact=True).check()
    page.get_by_role("button", name=t(button), exact=True).click()


@pytest.mark.parametrize("language", ["en", "de"])
def test_chair_cancels_only_after_confirming_reinstates_and_approves_through_the_confirmation(
    page, live_server, assert_accessible, network_a, language,
):
    t = partial(in_language, language)
    if language != "en":
        assert all(t(text) != text for text in TRANSLATED_ALREADY)
    meeting, chair = a_meeting_that_began_an_hour_ago(network_a)
    enter_signed_in(page, chair.user, origin=live_server.url)
    page.goto(f"/n/{network_a.slug}/meetings/{meeting.pk}/")
    assert_accessible(page)
    switch_language(page, current="en", to=language)
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)

    # Cancelling: refused without the box, done with it.
    page.get_by_role("link", name=t("Cancel the meeting…"), exact=True).click()
    expect(heading(page)).to_have_text(t("Cancel this meeting?"))
    expect(page.get_by_role("list").filter(has_text=t(
        "Everyone invited receives a cancellation for their calendar."))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=t("Cancel the meeting"), exact=True).click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        t("Tick the box to confirm, or go back to the meeting."))
    assert_accessible(page)
    assert stored_state(meeting) == "agenda_published"
    page.get_by_role("link", name=t("Back to the meeting"), exact=True).click()
    expect(heading(page)).to_have_text(meeting.title)
    assert_accessible(page)
    assert stored_state(meeting) == "agenda_published"

    confirm_step(page, assert_accessible, t, link="Cancel the meeting…",
                 title="Cancel this meeting?", button="Cancel the meeting",
                 box="I understand that the meeting is cancelled for everyone invited.")
    expect(page.locator(".messages")).to_contain_text(t("Meeting cancelled."))
    expect(page.get_by_text(t("Cancelled"), exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=t("Edit agenda"))).to_have_count(0)
    assert_accessible(page)
    assert stored_state(meeting) == "cancelled"

    # Reinstating brings it back as scheduled, recorded in the audit trail.
    page.get_by_role("button", name=t("Reinstate the meeting"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text(t(
        "Meeting reinstated. Publish the agenda again to invite everyone."))
    expect(page.get_by_text(t("Scheduled"), exact=True)).to_be_visible()
    assert_accessible(page)
    assert stored_state(meeting) == "scheduled"
    with scope(network=network_a.pk):
        assert AuditEvent.objects.filter(action="meeting.reinstated",
                                         object_id=str(meeting.pk)).count() == 1
    page.get_by_role("button", name=t("Publish the agenda"), exact=True).click()
    expect(page.get_by_text(t("Agenda published"), exact=True)).to_be_visible()
    assert_accessible(page)

    # Held, then the minutes approved, each through its confirmation.
    confirm_step(page, assert_accessible, t, link="Mark as held…",
                 title="Mark this meeting as held?", button="Mark as held",
                 box="I understand this cannot be undone: the meeting took place.")
    expect(page.locator(".messages")).to_contain_text(t("Meeting marked as held."))
    assert_accessible(page)
    assert stored_state(meeting) == "held"

    confirm_step(page, assert_accessible, t, link="Approve the minutes…",
                 title="Approve the minutes?", button="Approve the minutes",
                 box="I understand this cannot be undone: the minutes are final.",
                 note="You approve these minutes as the chair of the meeting.")
    expect(page.locator(".messages")).to_contain_text(t("Minutes approved."))
    expect(page.get_by_text(t("Minutes approved"), exact=True)).to_be_visible()
    assert_accessible(page)
    assert stored_state(meeting) == "minutes_approved"

    # Approved minutes offer no edits that would be refused; a correction stays possible.
    main = page.get_by_role("main")
    for gone in ("Edit agenda", "Invite a guest", "Attendance and presence",
                 "Write minutes for this item", "Approve the minutes…"):
        expect(main.get_by_role("link", name=t(gone))).to_have_count(0)
    expect(main.get_by_text(t("Add an addendum"))).to_be_visible()
