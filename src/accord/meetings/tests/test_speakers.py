"""The speakers list (issue 16, Deliver 4): who may ask, the chair's calls, refusals that store
nothing, the list kept with the minutes, the page's live region and polling."""

import pytest
from django_scopes import scope

from accord import policy
from accord.meetings.models import SpeakerRequest
from accord.meetings.services import speakers
from accord.meetings.services.errors import Refused
from accord.meetings.tests.papers_world import (  # noqa: F401 (fixtures)
    papers_dir_fixture,
    world_fixture,
)
from accord.testing import factories


def _page(w, item, rest=""):
    return f"/n/{w.network.slug}/meetings/{w.meeting.pk}/items/{item.pk}/speakers/{rest}"


def _api(w, item, rest=""):
    return (f"/api/v1/n/{w.network.slug}/meetings/{w.meeting.pk}/agenda-items/{item.pk}/"
            f"speakers{rest}")


def test_members_ask_and_the_chair_calls_them_in_order(world):
    w = world
    item = w.items[0]
    with scope(network=w.network.pk):
        speakers.speaker_request(membership=w.member, item=item)
        speakers.speaker_request(membership=w.leaver, item=item)  # seated, not yet present
        first = speakers.speaker_call_next(membership=w.chair, item=item,
                                           speaking_time_seconds=120)
        assert (first.membership_id, first.speaking_time_seconds) == (w.member.pk, 120)
        second = speakers.speaker_call_next(membership=w.secretary, item=item)
        first.refresh_from_db()
        assert first.done_at is not None and second.membership_id == w.leaver.pk
        speakers.speaker_done(membership=w.chair, item=item)
        with pytest.raises(Refused, match="Nobody is waiting"):
            speakers.speaker_call_next(membership=w.chair, item=item)
        spoken = list(SpeakerRequest.objects.filter(item=item).order_by("called_at")
                      .values_list("membership_id", flat=True))
    assert spoken == [w.member.pk, w.leaver.pk]


def test_someone_not_in_the_meeting_cannot_ask_and_nothing_is_stored(world):
    w = world
    with scope(network=w.network.pk):
        for stranger in (w.outside, w.coordinator):
            with pytest.raises(policy.Denied) as denied:
                speakers.speaker_request(membership=stranger, item=w.items[0])
        assert denied.value.status == 403
        assert "Only members at this meeting" in denied.value.decision.reason
        assert not SpeakerRequest.objects.exists()
    client = factories.signed_in_client(w.outside.user)
    assert client.post(_page(w, w.items[0], "request/")).status_code == 404
    response = factories.signed_in_client(w.coordinator.user).post(_api(w, w.items[0]))
    assert response.status_code == 403 and "Only members at this meeting" in response.json()[
        "detail"]
    with scope(network=w.network.pk):
        assert not SpeakerRequest.objects.exists()


def test_asking_twice_is_refused_and_one_may_withdraw(world):
    w = world
    with scope(network=w.network.pk):
        speakers.speaker_request(membership=w.member, item=w.items[0])
        with pytest.raises(Refused, match="already"):
            speakers.speaker_request(membership=w.member, item=w.items[0])
        speakers.speaker_withdraw(membership=w.member, item=w.items[0])
        assert SpeakerRequest.objects.get().withdrawn_at is not None
        speakers.speaker_request(membership=w.member, item=w.items[0])  # again after withdrawing
        assert SpeakerRequest.objects.count() == 2


def test_only_the_officers_call_speakers(world):
    w = world
    with scope(network=w.network.pk):
        speakers.speaker_request(membership=w.member, item=w.items[0])
        with pytest.raises(policy.Denied) as denied:
            speakers.speaker_call_next(membership=w.member, item=w.items[0])
    assert denied.value.status == 403
    with scope(network=w.network.pk):
        assert SpeakerRequest.objects.get().called_at is None


def test_a_speaking_time_out_of_range_is_refused(world):
    from django.core.exceptions import ValidationError

    w = world
    with scope(network=w.network.pk):
        speakers.speaker_request(membership=w.member, item=w.items[0])
        with pytest.raises(ValidationError):
            speakers.speaker_call_next(membership=w.chair, item=w.items[0],
                                       speaking_time_seconds=0)
        assert SpeakerRequest.objects.get().called_at is None


def test_the_list_closes_with_the_minutes(world):
    from accord.meetings.services import circulation
    from accord.meetings.services import meetings as meeting_services

    w = world
    with scope(network=w.network.pk):
        meeting_services.meeting_mark_held(membership=w.chair, meeting=w.meeting)
        circulation.minutes_approve(membership=w.chair, meeting=w.meeting)
        w.items[0].meeting.refresh_from_db()
        with pytest.raises(Refused, match="closed"):
            speakers.speaker_request(membership=w.member, item=w.items[0])


def test_the_page_polls_and_announces_the_current_speaker_and_works_by_forms(world):
    import re

    w = world
    member = factories.signed_in_client(w.member.user)
    chair = factories.signed_in_client(w.chair.user)
    assert member.post(_page(w, w.items[0], "request/")).status_code == 302
    page = member.get(_page(w, w.items[0])).content.decode()
    assert 'hx-trigger="every 5s"' in page and 'aria-live="polite"' in page
    assert "Withdraw my request to speak" in page and "Call the next speaker" not in page
    poll = re.search(r'hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert member.get(poll).status_code == 204  # nothing changed: nothing to swap
    assert chair.post(_page(w, w.items[0], "next/"),
                      {"speaking_time_minutes": "3"}).status_code == 302
    part = member.get(poll)
    assert part.status_code == 200
    text = part.content.decode()
    assert "<html" not in text and 'id="speakers-list"' in text
    # The live region's text comes out of band, so the region itself stays in place.
    name = re.search(r'<span id="current-speaker-name" hx-swap-oob="true">([^<]*)<', text)
    assert w.member.user.full_name in name.group(1) and "3 minutes" in name.group(1)
    chair_page = chair.get(_page(w, w.items[0])).content.decode()
    assert "Call the next speaker" in chair_page and "End the current turn" in chair_page


def test_the_list_is_kept_with_the_items_minutes_draft(world):
    w = world
    with scope(network=w.network.pk):
        speakers.speaker_request(membership=w.member, item=w.items[0])
        speakers.speaker_call_next(membership=w.chair, item=w.items[0])
    page = factories.signed_in_client(w.secretary.user).get(
        f"/n/{w.network.slug}/meetings/{w.meeting.pk}/minutes/{w.items[0].pk}/").content.decode()
    speakers_part = page.split("Speakers on this item")[1]
    assert w.member.user.full_name in speakers_part
    assert "Agenda note" in page.split("Papers of this item")[1]


def test_the_api_runs_the_list(world):
    w = world
    member = factories.signed_in_client(w.member.user)
    chair = factories.signed_in_client(w.chair.user)
    assert member.post(_api(w, w.items[0])).status_code == 201
    assert member.post(_api(w, w.items[0])).status_code == 409
    called = chair.post(_api(w, w.items[0], "/next"), {"speaking_time_seconds": 90},
                        content_type="application/json").json()
    assert called["speaking"]["membership_id"] == w.member.pk
    assert called["speaking"]["speaking_time_seconds"] == 90
    bad = chair.post(_api(w, w.items[0], "/next"), {"speaking_time_seconds": -1},
                     content_type="application/json")
    assert bad.status_code == 422
    done = chair.post(_api(w, w.items[0], "/done")).json()
    assert done["speaking"] is None and [s["membership_id"] for s in done["spoken"]] == [
        w.member.pk]
    assert member.get(_api(w, w.items[0])).json()["you_may_call"] is False
