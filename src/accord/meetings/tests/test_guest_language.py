"""A guest invited in Dutch reads the guest pages in Dutch, whatever their browser says, and
may switch language for the rest of their session."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope

from accord.meetings.models import GuestInvitation


@pytest.fixture
def dutch_guest(held):
    with scope(network=held.network.pk):
        GuestInvitation.objects.filter(pk=held.guest.pk).update(language="nl")
    return held


@pytest.fixture
def german_browser():
    return Client(HTTP_ACCEPT_LANGUAGE="de")


def guest_in(client, held) -> None:
    with held.on_commit(execute=True):
        assert client.get(f"/guest/{held.guest_token}/").status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page = client.get("/guest/code/")
    assert page["Content-Language"] == "nl"
    assert '<html lang="nl">' in page.content.decode()
    assert "Eenmalige code" in page.content.decode()
    assert client.post("/guest/code/", {"code": code}).status_code == 302
    assert "Vertrouwelijkheid" in client.get("/guest/confidentiality/").content.decode()
    assert client.post("/guest/confidentiality/", {"confirm": "yes"}).status_code == 302


def test_the_guest_pages_speak_the_language_of_the_invitation(dutch_guest, german_browser):
    guest_in(german_browser, dutch_guest)
    page = german_browser.get("/guest/meeting/")
    text = page.content.decode()
    assert '<html lang="nl">' in text and "Uw punten" in text
    assert "Ihre Punkte" not in text and "Your items" not in text


def test_the_guest_switches_language_and_it_stays_for_the_session(dutch_guest,
                                                                  german_browser):
    guest_in(german_browser, dutch_guest)
    page = german_browser.get("/guest/meeting/").content.decode()
    # The switch names each language in itself and is labelled.
    assert '<label for="guest-language">Taal</label>' in page
    assert '<option value="fr" lang="fr">Français</option>' in page
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in page

    response = german_browser.post("/guest/language/",
                                   {"language": "fr", "next": "/guest/meeting/"})
    assert response.status_code == 302 and response["Location"] == "/guest/meeting/"
    for _ in range(2):
        page = german_browser.get("/guest/meeting/")
        assert page["Content-Language"] == "fr"
        assert "Vos points" in page.content.decode()


def test_the_switch_refuses_unknown_languages_and_foreign_addresses(dutch_guest,
                                                                    german_browser):
    guest_in(german_browser, dutch_guest)
    refused = german_browser.post("/guest/language/", {"language": "xx"})
    assert refused.status_code == 400
    assert "Uw punten" in german_browser.get("/guest/meeting/").content.decode()
    away = german_browser.post("/guest/language/",
                               {"language": "de", "next": "https://evil.example/guest/"})
    assert away.status_code == 302 and away["Location"] == "/guest/code/"


def test_the_switch_needs_a_guest_session():
    response = Client().post("/guest/language/", {"language": "fr"})
    assert response.status_code == 403


def test_an_ended_guest_session_says_so_in_the_guests_language(dutch_guest, german_browser):
    guest_in(german_browser, dutch_guest)
    with scope(network=dutch_guest.network.pk):
        GuestInvitation.objects.filter(pk=dutch_guest.guest.pk).update(
            revoked_at=dutch_guest.meeting.ends_at)
    page = german_browser.get("/guest/meeting/")
    assert page.status_code == 403
    assert "Uw gasttoegang is beëindigd" in page.content.decode()
