"""The charter in a real browser (issue 3's "done when"), in each of the four languages: a
coordinator walks the roadmap, adopts a starter template as a draft, edits, proposes and adopts
it for the steering group, and a new member's onboarding pack, page and PDF, holds the text.

Labels are looked up in the message catalogues (steps.in_language), so a missing translation
of a control still finds it in English, and a wrong one fails. Every page each browser loads is
checked with axe.
"""

import re
from functools import partial

import pytest
from playwright.sync_api import expect

from accord.charter.demo import load_charter_demo
from accord.charter.starter import starter_text
from accord.e2e.steps import (
    enter_signed_in,
    heading,
    in_language,
    pdf_text,
    switch_language,
)
from accord.tenancy.models import BodyKind, Role
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEERING_GROUP = "Lenkungsgruppe Rheinstadt"
# The network's own addition to the template, in the language the coordinator works in.
ADDITION = {
    "en": "Guests join single agenda items only, on the chair's invitation.",
    "de": "Gäste nehmen nur auf Einladung des Vorsitzes an einzelnen Tagesordnungspunkten teil.",
    "nl": "Gasten nemen alleen op uitnodiging van de voorzitter deel aan losse agendapunten.",
    "fr": "Les invités ne participent qu'à des points précis de l'ordre du jour, sur invitation.",
}


def field(tab, label: str):
    """A charter form field: its label may carry " (required)" in the page's language."""
    return tab.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\(.*\))?$"))


@pytest.mark.parametrize("language", ["en", "de", "nl", "fr"])
def test_coordinator_adopts_a_starter_template_and_a_new_member_finds_it_in_the_onboarding_pdf(
    page, live_server, assert_accessible, other_browser, network_a, coordinator, language,
):
    t = partial(in_language, language)
    factories.make_body(network_a, name=STEERING_GROUP, kind=BodyKind.STRATEGIC)
    load_charter_demo(network=network_a, maturity="starting")
    newcomer = factories.make_member(network_a, roles=(Role.MEMBER,), user=factories.make_user(
        email="noor.haddad@example.test", full_name="Noor Haddad"))
    title, _body = starter_text(kind="rules_of_procedure", language=language)
    enter_signed_in(page, coordinator.user, origin=live_server.url)
    charter = f"/n/{network_a.slug}/charter/"

    # The roadmap: writing rules of procedure is now in place.
    page.goto(charter + "roadmap/")
    expect(heading(page)).to_have_text("Formalisation roadmap")
    assert_accessible(page)
    switch_language(page, current="en", to=language)
    expect(heading(page)).to_have_text(t("Formalisation roadmap"))
    assert_accessible(page)
    practice = page.locator("details").filter(
        has=page.get_by_text(t("Write rules of procedure"), exact=True))
    practice.get_by_text(t("Write rules of procedure"), exact=True).click()
    field(practice, t("Status")).select_option(label=t("In place"))
    field(practice, t("Note")).fill(ADDITION[language])
    practice.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        t("Saved: %(practice)s.") % {"practice": t("Write rules of procedure")})
    expect(practice.locator("summary")).to_contain_text(t("In place"))
    assert_accessible(page)

    # A starter template becomes the network's draft, in the language of the page.
    page.get_by_role("navigation", name=t("Charter")).get_by_role(
        "link", name=t("Documents"), exact=True).click()
    expect(heading(page)).to_have_text(t("Charter documents"))
    assert_accessible(page)
    field(page, t("Template")).select_option(label=t("Rules of procedure"))
    expect(field(page, t("Language of the template"))).to_have_value(language)
    page.get_by_role("button", name=t("Use as draft"), exact=True).click()
    expect(heading(page)).to_have_text(
        t("Edit %(title)s, version %(number)s") % {"title": title, "number": 1})
    assert_accessible(page)

    text = field(page, t("Text (Markdown)"))
    text.fill(text.input_value().rstrip() + f"\n\n{ADDITION[language]}\n")
    page.get_by_role("button", name=t("Save draft"), exact=True).click()
    expect(page.get_by_role("status").first).to_have_text(t("Draft saved."))
    expect(page.get_by_role("article")).to_contain_text(ADDITION[language])
    assert_accessible(page)

    page.get_by_role("button", name=t("Propose for adoption"), exact=True).click()
    expect(page.get_by_role("status").first).to_have_text(
        t("Proposed. Members can now read and comment on it."))
    assert_accessible(page)
    page.get_by_role("link", name=t("Record adoption"), exact=True).click()
    expect(heading(page)).to_have_text(
        t("Record the adoption of %(title)s, version %(number)s")
        % {"title": title, "number": 1})
    assert_accessible(page)
    field(page, t("Adopted by")).select_option(label=STEERING_GROUP)
    page.get_by_role("button", name=t("Record adoption"), exact=True).click()
    expect(page.get_by_role("status").first).to_have_text(
        t("Version %(number)s is adopted and now in force.") % {"number": 1})
    expect(page.locator(".version-status")).to_contain_text(STEERING_GROUP)
    assert_accessible(page)

    # The new member's onboarding pack holds the adopted text, on the page and in the PDF.
    noor = other_browser(newcomer.user)
    noor.goto(charter + "onboarding/")
    assert_accessible(noor)
    switch_language(noor, current="en", to=language)
    expect(heading(noor)).to_have_text(
        t("Welcome to %(name)s") % {"name": network_a.name})
    adopted = noor.get_by_role("region", name=t("Adopted documents"))
    expect(adopted.get_by_role("heading", level=3)).to_contain_text(title)
    expect(adopted).to_contain_text(ADDITION[language])
    assert_accessible(noor)

    pdf_link = noor.get_by_role("main").get_by_role("link", name=t("PDF"), exact=True)
    response = noor.context.request.get(pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    onboarding = pdf_text(response.body())
    assert t("Welcome to %(name)s") % {"name": network_a.name} in onboarding
    assert t("Adopted documents") in onboarding
    assert title in onboarding and ADDITION[language] in onboarding
