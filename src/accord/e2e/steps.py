"""Steps the journeys share: people with a second factor, and signing in as they would."""

import subprocess

from django.conf import settings
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User
from accord.e2e.conftest import TIMEOUT_MS, VIEWPORT, Visits
from accord.testing import factories

PDFTOTEXT = "/usr/bin/pdftotext"


def totp_device(user: User) -> TOTPDevice:
    """An enrolled authenticator app for `user`."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows right now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def heading(tab):
    """The page's one level-1 heading: what a screen-reader user hears first."""
    return tab.get_by_role("heading", level=1)


def in_language(language: str, message: str) -> str:
    """`message` as the page shows it in `language` (the English text when not translated)."""
    with translation.override(language):
        return translation.gettext(message)


def enter_signed_in(page, user: User, *, origin: str) -> None:
    """Give the browser a session past both factors, for journeys that are not about sign-in."""
    client = factories.signed_in_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": origin},
    ])


def focused(page) -> dict:
    """What has the keyboard focus, and how it is drawn."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
            tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"),
            text: (el.innerText || el.value || "").trim().slice(0, 80),
            href: el.getAttribute("href"),
            outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
            boxShadow: style.boxShadow,
        };
    }""")


def assert_focus_visible(page) -> dict:
    """The focused element is drawn with a visible outline (WCAG 2.4.7)."""
    element = focused(page)
    assert element["tag"] != "body", "nothing has the focus"
    assert element["outlineStyle"] != "none" and element["outlineWidth"] >= 2, (
        f"the focus on {element} is not visible"
    )
    return element


def tab_to(page, matches, *, key: str = "Tab", limit: int = 15) -> dict:
    """Press `key` until `matches(focused element)`; every stop on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = assert_focus_visible(page)
        if matches(element):
            return element
    raise AssertionError(f"{limit} presses of {key} did not reach the element")


def open_tab(browser, *, origin: str, user: User | None = None):
    """Another person's own browser: a fresh context set up and tracked like the `page`
    fixture's (axe on every page, no 5xx, no script error), signed in as `user` if given.
    Pass the tabs to `close_tabs` at the end of the journey."""
    context = browser.new_context(
        base_url=origin, bypass_csp=True, viewport=VIEWPORT, locale="en-GB",
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    visits = Visits(origin)
    tab.on("load", lambda loaded: visits.loaded(loaded.url))
    tab.on("pageerror", lambda error: visits.errors.append(f"script error: {error}"))
    tab.on("response", visits.responded)
    tab.visits = visits
    if user is not None:
        enter_signed_in(tab, user, origin=origin)
    return tab


def close_tabs(tabs, *, passed: bool) -> None:
    """Close the tabs of `open_tab`; after a passing journey, hold them to the `page`
    fixture's rules (every page axe-checked, nothing went wrong)."""
    problems = []
    for tab in tabs:
        if passed:
            problems += [f"not axe-checked: {url}" for url in tab.visits.unchecked()]
            problems += tab.visits.errors
        tab.context.close()
    assert not problems, f"the other browsers' pages went wrong: {problems}"


def open_language_menu(page, *, current: str):
    """The header's language menu, opened; its buttons name each language in that language."""
    menu = page.locator("details.language-switcher")
    summary = menu.locator("summary")
    assert summary.inner_text().strip().endswith(dict(settings.LANGUAGES)[current])
    if menu.get_attribute("open") is None:
        summary.click()
    return menu


def switch_language(page, *, current: str, to: str) -> None:
    """Use the language menu in the header, labelled in the page's current language."""
    if to == current:
        return
    menu = open_language_menu(page, current=current)
    menu.get_by_role("button", name=dict(settings.LANGUAGES)[to], exact=True).click()
    page.locator(f"html[lang='{to}']").wait_for()


def pdf_text(content: bytes) -> str:
    """The text a reader's PDF tool finds in `content`, whitespace collapsed (pdftotext)."""
    assert content.startswith(b"%PDF-"), f"not a PDF: {content[:40]!r}"
    result = subprocess.run(  # noqa: S603 - fixed arguments, the PDF goes through stdin
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True,
        check=True, timeout=60,
    )
    return " ".join(result.stdout.decode("utf-8").split())
