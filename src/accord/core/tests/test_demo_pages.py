"""Every page of the demo, in every language, as a screen reader meets it (issue 17, 8).

The demo is loaded once for the module; then a coordinator, a chair, a secretary, a member,
a privacy officer and a guest of Scheldemonde (a Flemish network, so Dutch content on English,
German and French pages) each follow every link they are shown, in English, German, Dutch and
French. Each page must have references that resolve, unique ids, named form controls and a
title of its own; and no text of it may miss its translation.
"""

import re
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.accounts.models import User
from accord.core.tokens import token_digest
from accord.meetings.models import GuestInvitation, Meeting
from accord.meetings.services.guests import _code_hash
from accord.testing import factories, walker

NETWORK = "scheldemonde"
LANGUAGES = ("en", "de", "nl", "fr")
PEOPLE = {  # who → (network, the demo person); see accord/demo/data.py
    "coordinator": (NETWORK, "Wim Peeters"),  # also chairs the case conference
    "chair": (NETWORK, "Hilde Claes"),  # chairs the steering group
    "secretary": (NETWORK, "Lien Janssens"),  # of the case conference, a case worker
    "member": (NETWORK, "Jef Maes"),
    "privacy officer": (NETWORK, "Els Mertens"),
    # A German network too, for German content on English, Dutch and French pages.
    "German coordinator": ("rheinhafen", "Anna Keller"),
}
GUEST_TOKEN = "walker-guest-link"
GUEST_CODE = "246810"

pytestmark = pytest.mark.django_db


def _kind(route: str, url: str) -> str:
    """A meeting's pages differ with its state (planned, agenda published, held, minuted):
    bound the walk per route and state, not per route alone."""
    match = resolve(urlsplit(url).path)
    if route.startswith("meetings:") and match.route.startswith(
            "n/<slug:network>/meetings/<int:pk>/"):
        with scopes_disabled():
            state = Meeting.objects.filter(pk=match.kwargs["pk"]).values_list("state", flat=True)
        return f"{route}:{state.first()}"
    return route


def _start(network: str) -> list[str]:
    return [f"/n/{network}/", "/accounts/security/"]


def _allowed_in(network: str):
    return lambda url: url.startswith((f"/n/{network}/", "/accounts/security/"))


def _in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _guest_client() -> Client | None:
    """The demo's guest, through their link, code and confidentiality step."""
    with scopes_disabled():
        invitation = (GuestInvitation.objects.filter(network__slug=NETWORK)
                      .order_by("-expires_at").first())
    if invitation is None:
        return None
    with scope(network=invitation.network_id):
        # Only hashes are stored: give the invitation a link we know, unused.
        GuestInvitation.objects.filter(pk=invitation.pk).update(
            token_hash=token_digest(GUEST_TOKEN), link_used_at=None, verified_at=None,
            acknowledged_at=None, expires_at=timezone.now() + timedelta(days=1))
    client = Client(raise_request_exception=False)
    client.get(f"/guest/{GUEST_TOKEN}/")
    with scope(network=invitation.network_id):
        GuestInvitation.objects.filter(pk=invitation.pk).update(
            code_hash=_code_hash(invitation, GUEST_CODE), code_attempts=0)
    client.post("/guest/code/", {"code": GUEST_CODE})
    client.post("/guest/confidentiality/", {"confirm": "yes"})
    return client


def _walk(who: str, client: Client, *, start, allowed) -> list[walker.Page]:
    """Discover the pages in English, then check the same pages in the other languages."""
    pages = walker.crawl(_in_language(client, "en"), start=start, allowed=allowed, who=who,
                         language="en", per_route=2, kind=_kind)
    for language in LANGUAGES[1:]:
        _in_language(client, language)
        pages += [walker.check(client, page.url, who=who, language=language) for page in pages
                  if page.language == "en"]
    return pages


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker):
    """The demo once for the module, every person's walk in four languages, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(ACCORD_ENV="dev"):
            call_command("demo", stdout=None)
        pages: list[walker.Page] = []
        with walker.untranslated_lookups(LANGUAGES[1:]) as missing:
            for who, (network, name) in PEOPLE.items():
                user = User.objects.get(full_name=name)
                client = factories.pass_both_factors(Client(raise_request_exception=False),
                                                     user)
                pages += _walk(who, client, start=_start(network),
                               allowed=_allowed_in(network))
            guest = _guest_client()
            if guest is not None:
                pages += _walk("guest", guest, start=["/guest/meeting/"],
                               allowed=lambda url: url.startswith("/guest/"))
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return pages, missing


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {'; '.join(sorted(set(found)))}"
                     for where, found in sorted(problems.items()))


def test_every_person_reaches_many_pages_and_none_fails(walk):
    pages, _ = walk
    reached = defaultdict(set)
    for page in pages:
        reached[page.who].add(page.route)
    assert len(reached["coordinator"]) >= 30
    assert {"guest:meeting"} <= reached["guest"]
    broken = [f"{p.who} {p.language} {p.url}: {p.status}" for p in pages if p.status >= 500]
    assert broken == []


def test_references_resolve_ids_are_unique_and_controls_are_named(walk):
    pages, _ = walk
    problems = defaultdict(list)
    for page in pages:
        if page.problems:
            problems[page.route] += page.problems
    assert not problems, "\n" + _report(problems)


# The attendance form's status fields, as Django names their ids.
STATUS_IDS = ("status-", "id_status-")


def test_each_attendance_control_names_the_person_and_the_item(walk):
    pages, _ = walk
    grids = [p for p in pages if p.route == "meetings:attendance" and p.language == "en"
             and any(id_.startswith(STATUS_IDS) for id_ in p.labels)]
    assert grids, "no attendance page with people was reached"
    for page in grids:
        statuses = [text for id_, text in page.labels.items() if id_.startswith(STATUS_IDS)]
        presence = [text for id_, text in page.labels.items() if id_.startswith("p-")]
        assert len(set(statuses)) == len(statuses), statuses
        assert all(text.startswith("Attendance of ") for text in statuses), statuses
        assert len(set(presence)) == len(presence), presence
        assert all(", " in text for text in presence), presence  # "… for item 1, <title>"


def test_every_page_title_says_where_you_are(walk):
    pages, _ = walk
    assert all(page.title for page in pages if page.status == 200 and page.html)
    titles = {page.title for page in pages if page.language == "en"}
    # Object, then where it sits, then the network: a meeting by its title and local date.
    meeting = re.compile(r"^Casusoverleg .* \d{1,2} \w{3} \d{4} — Meetings — LIVC-R Scheldemonde"
                         r" — Accord$")
    assert any(meeting.match(title) for title in titles), sorted(titles)
    shared = walker.duplicate_titles(pages)
    report = "\n".join(f"{who} {lang} {title!r}: {paths}"
                       for (who, lang, title), paths in sorted(shared.items()))
    assert not shared, "\n" + report


def test_no_text_misses_its_translation(walk):
    _, missing = walk
    # {% get_available_languages %} passes settings.LANGUAGES' names through gettext; they
    # are each language's own name ("Deutsch"), not messages of Accord's.
    language_names = {name for _code, name in settings.LANGUAGES}
    missing = {(language, msgid) for language, msgid in missing if msgid not in language_names}
    by_language = defaultdict(set)
    for language, msgid in missing:
        by_language[language].add(msgid.replace("\x04", " | "))
    report = "\n".join(f"{lang}: {len(ids)} missing: {sorted(ids)}"
                       for lang, ids in sorted(by_language.items()))
    assert not missing, "\n" + report
