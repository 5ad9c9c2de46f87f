"""Searching the minutes goes through the visibility rule: a hit never reveals a `present`
entry to someone who was out of the room, nor any text that was not recorded."""

from django.urls import reverse

from accord.meetings.tests.conftest import TEXTS
from accord.testing import factories


def _search(c, who, query):
    client = factories.signed_in_client(who.user)
    response = client.get(reverse("meetings:decisions", kwargs={"network": c.network.slug}),
                          {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_absent_for_an_item_finds_its_network_entry_but_not_its_present_one(held):
    c = held
    page = _search(c, c.leaver, "Bravo")
    assert TEXTS[(2, "network")] in page
    assert TEXTS[(2, "present")] not in page
    assert TEXTS[(2, "present")] in _search(c, c.member, "Bravo")


def test_not_recorded_text_and_outsiders_find_nothing(held):
    c = held
    hits = _search(c, c.secretary, "never stored").split("<h2>Minutes entries</h2>")[1]
    assert "never stored" not in hits and "No minutes entries match." in hits
    for who in (c.observer, c.privacy):
        page = _search(c, who, "Alpha")
        assert TEXTS[(1, "network")] not in page and TEXTS[(1, "present")] not in page


def test_the_secretary_finds_present_entries_of_their_meeting(held):
    c = held
    page = _search(c, c.secretary, "among those present")
    assert TEXTS[(1, "present")] in page and TEXTS[(2, "present")] in page
