"""Steps the journeys share: people with a second factor, and signing in as they would."""

from django.conf import settings
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User
from accord.testing import factories


def totp_device(user: User) -> TOTPDevice:
    """An enrolled authenticator app for `user`."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows right now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


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
