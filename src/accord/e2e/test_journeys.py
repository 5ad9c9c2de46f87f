"""Journeys through Accord in a real browser, as the people who use it take them.

Elements are found by role and accessible name, so each journey also proves that the controls
are labelled. Every page a journey loads is checked with axe (the `page` fixture enforces it).
"""

import re

import pytest
from playwright.sync_api import expect

from accord.e2e.steps import (
    enter_signed_in,
    focused,
    in_language,
    tab_to,
    totp_code,
    totp_device,
)
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")]


def heading(page):
    return page.get_by_role("heading", level=1)


def field(page, label: str):
    """The form field labelled `label` (Django may add a colon to the label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def sign_in(page, assert_accessible, *, email: str, device) -> None:
    """From the sign-in page: e-mail address and password, then the authenticator's code."""
    expect(heading(page)).to_have_text("Sign in")
    assert_accessible(page)
    field(page, "E-mail address").fill(email)
    field(page, "Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(heading(page)).to_have_text("Enter your one-time code")
    assert_accessible(page)
    field(page, "One-time code").fill(totp_code(device))
    page.get_by_role("button", name="Sign in", exact=True).click()


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
    page.get_by_label(in_language(current, "Language"), exact=True).select_option(label=name)
    page.get_by_role("button", name=in_language(current, "Change"), exact=True).click()
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
        expect(page.get_by_label(in_language(code, "Language"), exact=True)).to_have_value(code)
        assert_accessible(page)
        current = code
