"""Journeys through Accord in a real browser, as the people who use it take them.

Elements are found by role and accessible name, so each journey also proves that the controls
are labelled. Every page a journey loads is checked with axe (the `page` fixture enforces it).
"""

import re
from functools import partial

import pytest
from playwright.sync_api import expect

from accord.e2e.steps import (
    enter_signed_in,
    focused,
    heading,
    in_language,
    open_language_menu,
    tab_to,
    totp_code,
    totp_device,
)
from accord.tenancy.models import Role, Sector
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")]


def field(page, label: str):
    """The form field labelled `label` (Django adds its label suffix, " :" in French)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$"))


def sign_in(page, assert_accessible, *, email: str, device, language: str = "en") -> None:
    """From the sign-in page: e-mail address and password, then the authenticator's code."""
    t = partial(in_language, language)
    expect(heading(page)).to_have_text(t("Sign in"))
    assert_accessible(page)
    field(page, t("E-mail address")).fill(email)
    field(page, t("Password")).fill(factories.PASSWORD)
    page.get_by_role("button", name=t("Continue"), exact=True).click()

    expect(heading(page)).to_have_text(t("Enter your one-time code"))
    assert_accessible(page)
    field(page, t("One-time code")).fill(totp_code(device))
    page.get_by_role("button", name=t("Sign in"), exact=True).click()


def test_coordinator_signs_in_with_password_and_authenticator_code(
    page, live_server, assert_accessible, coordinator, network_a,
):
    device = totp_device(coordinator.user)

    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/accounts/sign-in/?next=/")
    sign_in(page, assert_accessible, email=coordinator.user.email, device=device)

    expect(page).to_have_url(f"{live_server.url}/n/{network_a.slug}/")
    expect(heading(page)).to_have_text(network_a.name)
    assert_accessible(page)


def test_member_signs_in_with_the_keyboard_alone(
    page, live_server, assert_accessible, member, network_a,
):
    device = totp_device(member.user)
    page.goto("/accounts/sign-in/")
    assert_accessible(page)

    # The e-mail field has autofocus, so the skip link lies behind the focus: back to it.
    skip = tab_to(page, lambda el: el["href"] == "#main", key="Shift+Tab")
    assert skip["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    tab_to(page, lambda el: el["name"] == "email")
    page.keyboard.type(member.user.email)
    tab_to(page, lambda el: el["name"] == "password")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Enter your one-time code")
    assert_accessible(page)
    tab_to(page, lambda el: el["href"] == "#main")
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["name"] == "code")
    page.keyboard.type(totp_code(device))
    submit = tab_to(page, lambda el: el["tag"] == "button")
    assert submit["text"] == "Sign in"
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/n/{network_a.slug}/")
    expect(heading(page)).to_have_text(network_a.name)
    assert_accessible(page)
    tab_to(page, lambda el: el["href"] == "#main")


def change_language(page, *, current: str, to: str, name: str) -> None:
    """Use the language form in the header, labelled in the page's current language."""
    menu = open_language_menu(page, current=current)
    menu.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def test_member_of_two_networks_switches_network_and_language(
    page, live_server, assert_accessible, network_a, network_b,
):
    person = factories.make_user(email="kim.beispiel@example.test", full_name="Kim Beispiel")
    factories.make_member(network_a, user=person)
    factories.make_member(network_b, user=person)
    enter_signed_in(page, person, origin=live_server.url)

    page.goto(f"/n/{network_a.slug}/")
    expect(heading(page)).to_have_text(network_a.name)
    assert_accessible(page)

    networks = page.get_by_role("navigation", name="Networks")
    networks.get_by_text("Switch network", exact=True).click()
    networks.get_by_role("link", name=network_b.name, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/n/{network_b.slug}/")
    expect(heading(page)).to_have_text(network_b.name)
    assert_accessible(page)

    current = "en"
    for code, name in LANGUAGES:
        change_language(page, current=current, to=code, name=name)
        expect(heading(page)).to_have_text(network_b.name)
        current_button = page.locator(f"details.language-switcher button[value='{code}']")
        expect(current_button).to_have_attribute("aria-current", "true")
        assert_accessible(page)
        current = code


@pytest.mark.parametrize("language", ["en", "de", "nl", "fr"])
def test_coordinator_signs_in_switches_network_invites_and_finds_the_invitation_in_the_audit_log(
    page, live_server, assert_accessible, network_a, network_b, language,
):
    """Issue 2's "done when", in each of the four languages."""
    t = partial(in_language, language)
    person = factories.make_user(email="alex.vermeulen@example.test", full_name="Alex Vermeulen",
                                 language=language)
    factories.make_member(network_b, user=person)
    factories.make_member(network_a, user=person, roles=(Role.COORDINATOR,))
    factories.make_organisation(network_a, name="Jugendhilfe Rheinstadt",
                                sector=Sector.YOUTH_SOCIAL)
    device = totp_device(person)

    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    if language != "en":
        change_language(page, current="en", to=language, name=dict(LANGUAGES)[language])
    sign_in(page, assert_accessible, email=person.email, device=device, language=language)

    expect(heading(page)).to_have_text(t("Your networks"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name=network_b.name).click()
    expect(heading(page)).to_have_text(network_b.name)
    assert_accessible(page)

    networks = page.get_by_role("navigation", name=t("Networks"))
    networks.get_by_text(t("Switch network"), exact=True).click()
    networks.get_by_role("link", name=network_a.name, exact=True).click()
    expect(heading(page)).to_have_text(network_a.name)
    assert_accessible(page)

    page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t("Members"), exact=True).click()
    expect(heading(page)).to_have_text(t("Members"))
    assert_accessible(page)
    page.get_by_role("link", name=t("Invite a member"), exact=True).click()
    expect(heading(page)).to_have_text(t("Invite a member"))
    assert_accessible(page)
    field(page, t("E-mail address")).fill("sam.okafor@example.test")
    field(page, t("Full name")).fill("Sam Okafor")
    field(page, t("Organisation")).select_option(label="Jugendhilfe Rheinstadt")
    expect(page.get_by_role("checkbox", name=t("Member"), exact=True)).to_be_checked()
    page.get_by_role("button", name=t("Send invitation"), exact=True).click()

    expect(heading(page)).to_have_text(t("Members"))
    expect(page.get_by_role("status")).to_contain_text("sam.okafor@example.test")
    open_invitations = page.get_by_role("region", name=t("Open invitations"))
    expect(open_invitations.get_by_role("rowheader")).to_contain_text("Sam Okafor")
    assert_accessible(page)

    page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t("Audit log"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/n/{network_a.slug}/audit/")
    expect(heading(page)).to_have_text(t("Audit log"))
    invitation_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=t("Invitation sent"), exact=True))
    expect(invitation_row).to_have_count(1)
    expect(invitation_row).to_contain_text("Alex Vermeulen")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
