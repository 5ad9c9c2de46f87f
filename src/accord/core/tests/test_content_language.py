"""Content written in the network's language says so on a page in another language, so a
screen reader reads a Dutch meeting title with a Dutch voice (WCAG 3.1.2, issue 17)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation
from django_scopes import scope

from accord.meetings.services import meetings as meeting_services
from accord.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch_meeting(network_b, outsider):
    body = factories.make_body(network_b, name="Casusoverleg Polderdam")
    factories.add_to_body(body, outsider, role="chair")
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    with scope(network=network_b.pk):
        return meeting_services.meeting_create(
            membership=outsider, body=body, title="Casusoverleg december", starts_at=start,
            ends_at=start + timedelta(hours=2), place="Stadhuis")


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_an_english_page_of_a_dutch_network_marks_the_dutch_meeting_title(
        network_b, outsider_client, dutch_meeting):
    url = f"/n/{network_b.slug}/meetings/{dutch_meeting.pk}/"
    english = _page(outsider_client, url, "en")
    assert '<h1><span lang="nl">Casusoverleg december</span></h1>' in english
    listing = _page(outsider_client, f"/n/{network_b.slug}/meetings/", "de")
    assert '<span lang="nl">Casusoverleg december</span>' in listing


def test_a_dutch_page_leaves_dutch_content_unmarked(network_b, outsider_client, dutch_meeting):
    url = f"/n/{network_b.slug}/meetings/{dutch_meeting.pk}/"
    dutch = _page(outsider_client, url, "nl")
    assert "<h1>Casusoverleg december</h1>" in dutch
    assert 'lang="nl">Casusoverleg' not in dutch


def test_the_tag_and_filter_name_a_language_only_when_it_differs(network_b):
    template = Template('{% load accord_lang %}<p{% content_lang network %}>'
                        '{{ text|in_language:network }}</p>')
    context = Context({"network": network_b, "text": "<b>Vergadering</b>"})
    with translation.override("fr"):
        assert template.render(context) == (
            '<p lang="nl"><span lang="nl">&lt;b&gt;Vergadering&lt;/b&gt;</span></p>')
    with translation.override("nl"):
        assert template.render(context) == "<p>&lt;b&gt;Vergadering&lt;/b&gt;</p>"
