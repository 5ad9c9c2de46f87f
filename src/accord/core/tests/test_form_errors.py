"""A failed submit is announced: an error summary at the top of the form (role="alert"), each
error a link to a control that exists, the controls pointing to their error and help by ids
that exist, and "Error:" before the page title. One form template does it for every form."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from accord.testing import factories
from accord.testing.html import dangling_references, error_summary, parse, title

pytestmark = pytest.mark.django_db


def url(network, name, **kwargs):
    return reverse(name, kwargs={"network": network.slug, **kwargs})


def control(page: str, element_id: str):
    [found] = [e for e in parse(page).iter() if e.attrs.get("id") == element_id]
    return found


def test_an_invite_without_an_address_is_announced_with_a_link_to_the_field(
        coordinator_client, network_a):
    response = coordinator_client.post(url(network_a, "tenancy:invite"), {"email": ""})
    page = response.content.decode()

    summary = error_summary(page)
    assert summary and summary[0][0] == "id_email"
    assert title(page).startswith("Error: ")
    email = control(page, "id_email")
    assert email.attrs["aria-invalid"] == "true"
    assert "id_email_error" in email.attrs["aria-describedby"].split()
    assert dangling_references(page) == []


def test_a_new_organisation_without_a_name_is_announced(coordinator_client, network_a):
    page = coordinator_client.post(url(network_a, "tenancy:organisation-create"),
                                   {"name": ""}).content.decode()

    assert ("id_name", "Name: This field is required.") in error_summary(page)
    assert title(page).startswith("Error: ")
    assert dangling_references(page) == []


def test_a_meeting_without_a_start_is_announced_and_every_help_text_resolves(
        coordinator_client, network_a, coordinator):
    factories.make_body(network_a, name="Fallkonferenz Süd")
    page = coordinator_client.post(url(network_a, "meetings:create"),
                                   {"title": "Fallkonferenz"}).content.decode()

    anchors = [anchor for anchor, _ in error_summary(page)]
    assert anchors, "the errors are listed"
    assert all(control(page, anchor) for anchor in anchors if anchor)
    assert title(page).startswith("Error: ")
    assert dangling_references(page) == []


def test_a_form_page_without_errors_keeps_its_plain_title(coordinator_client, network_a):
    page = coordinator_client.get(url(network_a, "tenancy:invite")).content.decode()

    assert not title(page).startswith("Error")
    assert error_summary(page) == []


def test_the_title_prefix_is_in_the_readers_language(coordinator_client, network_a):
    coordinator_client.cookies["accord-language"] = "de"
    page = coordinator_client.post(url(network_a, "tenancy:invite"), {"email": ""}).content.decode()

    assert '<html lang="de">' in page
    assert error_summary(page)


def test_a_confirmation_is_repeated_into_a_live_region_that_starts_empty(
        coordinator_client, network_a):
    page = coordinator_client.post(url(network_a, "tenancy:organisation-create"),
                                   {"name": "Jugendamt Nord", "sector": "youth_social"},
                                   follow=True).content.decode()
    announcer = control(page, "announcer")

    assert announcer.attrs["aria-live"] == "polite" and announcer.text_content() == ""
    assert control(page, "messages").text_content() == "The organisation was saved."
    assert 'src="/static/accord/accord.js"' in page


def test_a_table_without_a_caption_cannot_be_wrapped():
    with pytest.raises(TemplateSyntaxError):
        Template("{% tablescroll %}<table><tr><td>1</td></tr></table>{% endtablescroll %}").render(
            Context())


def test_a_wrapped_table_is_named_by_its_caption():
    html = Template("{% tablescroll %}<table><caption>Members</caption></table>"
                    "{% endtablescroll %}").render(Context())
    region = next(e for e in parse(html).iter() if e.attrs.get("role") == "region")

    assert region.attrs["tabindex"] == "0"
    assert control(html, region.attrs["aria-labelledby"]).text_content() == "Members"
