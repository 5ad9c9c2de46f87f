"""Entries say what happens to them (issue 8, Deliver 6): text typed into a "not recorded"
entry is refused with a message instead of being dropped, and the minutes of a confidential
or case item default to "those present"."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from accord.meetings.models import MinuteEntry
from accord.meetings.services import agenda, minutes
from accord.meetings.tests.conftest import schedule
from accord.testing import factories

REFUSED = "This entry is &#x27;not recorded&#x27;: its text would not be kept."


@pytest.fixture
def drafting(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        c.topic = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                            title="Stadtteilfest")
        c.case = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                           title="Fall RS-2026-021", kind="case",
                                           case=factories.make_case(c.meeting.network,
                                                                    "RS-2026-021"))
        c.confidential = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                                   title="Hinweis der Polizei",
                                                   confidential=True)
    c.client = factories.signed_in_client(c.secretary.user)
    return c


def _write_url(c, item):
    return reverse("meetings:minutes-item", kwargs={
        "network": c.network.slug, "pk": c.meeting.pk, "item_id": item.pk})


def _checked(page: str) -> str:
    """The value of the checked visibility radio button."""
    tag = page[:page.index(" checked")]
    tag = tag[tag.rindex("<input"):]
    return tag.split('value="')[1].split('"')[0]


def _entries(c):
    with scope(network=c.network.pk):
        return list(MinuteEntry.objects.filter(item__meeting=c.meeting)
                    .values_list("visibility", "text"))


def test_typing_text_into_a_not_recorded_entry_is_refused_and_kept_in_the_form(drafting):
    c = drafting
    response = c.client.post(_write_url(c, c.topic), {
        "text": "Herr K. hat angerufen", "visibility": "not_recorded"})
    page = response.content.decode()
    assert response.status_code == 400
    assert REFUSED in page
    assert "Herr K. hat angerufen" in page  # nothing the secretary typed is lost
    assert _entries(c) == []


def test_the_form_warns_before_submitting(drafting):
    page = drafting.client.get(_write_url(drafting, drafting.topic)).content.decode()
    assert "keeps no text: only the fact that the item was discussed" in page
    assert 'id="not-recorded-warning"' in page and " hidden>" in page
    script = page[page.index('<script nonce="'):]
    assert 'value === "not_recorded"' in script[:script.index("</script>")]


def test_a_not_recorded_entry_without_text_is_saved(drafting):
    c = drafting
    response = c.client.post(_write_url(c, c.topic), {"text": "", "visibility": "not_recorded"})
    assert response.status_code == 302
    assert _entries(c) == [("not_recorded", "")]


def test_the_service_and_the_api_refuse_text_for_a_not_recorded_entry(drafting):
    c = drafting
    with scope(network=c.network.pk), pytest.raises(ValidationError):
        minutes.minute_entry_create(membership=c.secretary, item=c.topic, text="Geheim",
                                    visibility="not_recorded")
    response = c.client.post(
        f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/minute-entries",
        data=json.dumps({"item_id": c.topic.pk, "text": "Geheim",
                         "visibility": "not_recorded"}), content_type="application/json")
    assert response.status_code == 422
    assert "would not be kept" in response.content.decode()
    assert _entries(c) == []


def test_editing_an_entry_to_not_recorded_with_its_text_is_refused(drafting):
    c = drafting
    with scope(network=c.network.pk):
        entry = minutes.minute_entry_create(membership=c.secretary, item=c.topic,
                                            text="Bleibt stehen", visibility="network")
    url = reverse("meetings:entry-edit", kwargs={
        "network": c.network.slug, "pk": c.meeting.pk, "entry_id": entry.pk})
    response = c.client.post(url, {"text": "Bleibt stehen", "visibility": "not_recorded",
                                   "lock_version": 1})
    assert response.status_code == 400 and REFUSED in response.content.decode()
    with scope(network=c.network.pk), pytest.raises(ValidationError):
        minutes.minute_entry_update(membership=c.secretary, entry=entry, text="Bleibt stehen",
                                    visibility="not_recorded", lock_version=1)
    assert _entries(c) == [("network", "Bleibt stehen")]


@pytest.mark.parametrize(("which", "expected"), [
    ("topic", "network"), ("case", "present"), ("confidential", "present")])
def test_minutes_of_a_confidential_or_case_item_default_to_those_present(
        drafting, which, expected):
    c = drafting
    page = c.client.get(_write_url(c, getattr(c, which))).content.decode()
    assert _checked(page) == expected


def test_the_api_defaults_a_case_items_entry_to_those_present(drafting):
    c = drafting
    url = f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/minute-entries"
    for item in (c.case, c.topic):
        response = c.client.post(url, data=json.dumps({"item_id": item.pk, "text": "Notiz"}),
                                 content_type="application/json")
        assert response.status_code == 201
    assert sorted(_entries(c)) == [("network", "Notiz"), ("present", "Notiz")]
