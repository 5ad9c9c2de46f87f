"""A browser that walks through sign-in, and people with and without an authenticator."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from accord.audit.models import AuditEvent
from accord.testing import factories
from accord.testing.factories import PASSWORD


class Browser:
    """A test client whose requests also run what waits for the commit (e-mail delivery)."""

    def __init__(self, capture):
        self.client = Client()
        self._capture = capture

    def get(self, url, **kwargs):
        with self._capture(execute=True):
            return self.client.get(url, **kwargs)

    def post(self, url, data=None, **kwargs):
        with self._capture(execute=True):
            return self.client.post(url, data or {}, **kwargs)

    @property
    def session(self):
        return self.client.session

    def signed_in_user_id(self):
        return self.client.session.get("_auth_user_id")


@pytest.fixture
def browser(django_capture_on_commit_callbacks):
    return Browser(django_capture_on_commit_callbacks)


@pytest.fixture
def other_browser(django_capture_on_commit_callbacks):
    return Browser(django_capture_on_commit_callbacks)


@pytest.fixture
def person(db):
    return factories.make_user(email="ilse.vermeer@example.test", full_name="Ilse Vermeer")


@pytest.fixture
def enrolled(person):
    """`person` with a confirmed authenticator and two recovery codes."""
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=person, name="recovery", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    StaticToken.objects.create(device=static, token="wxyz6789")
    return person


@pytest.fixture
def no_otp_throttle(settings):
    """django-otp delays retries after a wrong code; tests that retry at once switch it off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """What the person's authenticator app shows now (computed as the app would)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)  # the phone's clock
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user)


def password_step(browser, email, password=PASSWORD, next_url=""):
    data = {"email": email, "password": password}
    if next_url:
        data["next"] = next_url
    return browser.post("/accounts/sign-in/", data)


def sign_in(browser, user, next_url=""):
    """Both steps for an enrolled person; returns the final response."""
    response = password_step(browser, user.email, next_url=next_url)
    assert response["Location"] == "/accounts/sign-in/verify/"
    return browser.post("/accounts/sign-in/verify/", {"code": code_for(device_of(user))})


def events(**filters) -> list[AuditEvent]:
    """Audit events (the installation chain belongs to no network, hence no scope)."""
    with scopes_disabled():
        return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def event(**filters) -> AuditEvent:
    (found,) = events(**filters)
    return found


def actions(**filters) -> list[str]:
    return [e.action for e in events(**filters)]


def visible_text(response) -> str:
    """The page as a reader sees it: without the per-request CSRF token and nonce."""
    import re

    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r'"csrfToken": "[^"]+"', "", html)  # the passkey scripts' configuration
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.fixture(scope="session")
def dev_provider():
    """A real OpenID provider (django-oauth-toolkit) in its own process on a loopback port.

    Never skipped: without it the single sign-on tests fail, in CI and locally alike.
    """
    from accord.testing.oidc import DevProvider

    provider = DevProvider()
    yield provider
    provider.stop()
