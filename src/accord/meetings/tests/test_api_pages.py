"""API: bounded pagination on lists, agenda item edit and delete (409 after approval), and
minutes search through the visibility rule."""

import json

from django_scopes import scope

from accord.meetings.models import AgendaItem
from accord.meetings.services import agenda
from accord.meetings.tests.conftest import TEXTS, schedule
from accord.testing import factories


def _api(c, path):
    return f"/api/v1/n/{c.network.slug}{path}"


def test_lists_are_paged_with_limit_and_offset(held):
    c = held
    with scope(network=c.network.pk):
        for hours in (30, 60, 90):
            schedule(c, hours=hours, title=f"Weitere {hours}")
    client = factories.signed_in_client(c.chair.user)
    page = client.get(_api(c, "/meetings"), {"limit": 2, "offset": 1}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert client.get(_api(c, "/meetings"), {"limit": 10_000}).status_code == 422
    decisions = client.get(_api(c, "/decisions")).json()
    assert decisions == {"items": [], "count": 0}
    for path in ("/action-items", "/call-logs"):
        assert set(client.get(_api(c, path)).json()) == {"items", "count"}


def test_agenda_item_edit_and_delete_then_refused_after_approval(held, cast):
    c = held
    client = factories.signed_in_client(c.chair.user)
    with scope(network=c.network.pk):
        upcoming = schedule(c, hours=72, title="Nächste")
        item = agenda.agenda_item_create(membership=c.chair, meeting=upcoming, title="Alt")
        other = agenda.agenda_item_create(membership=c.chair, meeting=upcoming, title="Weg")
    path = _api(c, f"/meetings/{upcoming.pk}/agenda-items/{item.pk}")
    changed = client.patch(path, data=json.dumps({"title": "Neu", "time_box_minutes": 20}),
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["title"] == "Neu"
    deleted = client.delete(_api(c, f"/meetings/{upcoming.pk}/agenda-items/{other.pk}"))
    assert deleted.status_code == 204
    member = factories.signed_in_client(c.member.user)
    assert member.patch(path, data=json.dumps({"title": "X"}),
                        content_type="application/json").status_code == 403
    approved = c.items[0]
    locked = _api(c, f"/meetings/{c.meeting.pk}/agenda-items/{approved.pk}")
    assert client.patch(locked, data=json.dumps({"title": "Später"}),
                        content_type="application/json").status_code == 409
    assert client.delete(locked).status_code == 409
    with scope(network=c.network.pk):
        assert AgendaItem.objects.get(pk=approved.pk).title == "Alpha topic"
        assert AgendaItem.objects.get(pk=item.pk).time_box_minutes == 20
        assert not AgendaItem.objects.filter(pk=other.pk).exists()


def test_minutes_search_api_hides_present_entries_from_the_absent(held):
    c = held
    leaver = factories.signed_in_client(c.leaver.user).get(
        _api(c, "/minutes/search"), {"q": "Bravo"}).json()
    texts = [e["text"] for e in leaver["items"]]
    assert texts == [TEXTS[(2, "network")]]
    member = factories.signed_in_client(c.member.user).get(
        _api(c, "/minutes/search"), {"q": "Bravo"}).json()
    assert TEXTS[(2, "present")] in [e["text"] for e in member["items"]]
