"""What a screen-reader user hears on the meeting pages: the guest's wrong code is listed in an
error summary that links to the code field, whose error id is the one it points to; moving an
agenda item says where the item is now."""

import re

from django.core import mail
from django.urls import reverse
from django_scopes import scope

from accord.meetings.services import agenda
from accord.meetings.tests.conftest import schedule
from accord.testing import factories
from accord.testing.html import dangling_references, error_summary, parse, title


def test_a_guests_empty_code_is_announced_and_points_to_an_error_that_exists(held, client):
    with held.on_commit(execute=True):
        client.get(f"/guest/{held.guest_token}/")
    assert re.search(r"\b\d{6}\b", mail.outbox[-1].body)

    page = client.post("/guest/code/", {"code": ""}).content.decode()

    assert [anchor for anchor, _ in error_summary(page)] == ["id_code"]
    assert title(page).startswith("Error: ")
    [code] = [e for e in parse(page).iter() if e.attrs.get("id") == "id_code"]
    assert "id_code_error" in code.attrs["aria-describedby"].split()
    assert dangling_references(page) == []


def test_moving_an_agenda_item_says_where_it_is_now_and_brings_the_message_along(cast):
    c = cast
    with scope(network=c.network.pk):
        meeting = schedule(c, hours=24)
        agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Erstens")
        second = agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Zweitens")
    client = factories.signed_in_client(c.chair.user)
    kwargs = {"network": c.network.slug, "pk": meeting.pk}
    page = client.get(reverse("meetings:agenda", kwargs=kwargs)).content.decode()
    assert 'hx-select-oob="#messages"' in page

    moved = client.post(reverse("meetings:item-move", kwargs={**kwargs, "item_id": second.pk}),
                        {"direction": "up"}, HTTP_HX_REQUEST="true", follow=True)

    page = parse(moved.content.decode())
    [messages] = [e for e in page.iter() if e.attrs.get("id") == "messages"]
    assert messages.text_content() == "“Zweitens” is now item 1 of 2."
