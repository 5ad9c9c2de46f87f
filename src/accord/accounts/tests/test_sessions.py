"""Sessions end on their own after idle time and after an absolute limit, and can be cut."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.contrib.sessions.models import Session

from accord.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from accord.accounts.models import UserSession
from accord.accounts.services import user_sessions_end
from accord.testing import factories

from .conftest import event, events, sign_in


def _shift(browser, **seconds_ago):
    session = browser.session
    now = time.time()
    if "last_seen" in seconds_ago:
        session[LAST_SEEN_AT] = now - seconds_ago["last_seen"]
    if "signed_in" in seconds_ago:
        session[SIGNED_IN_AT] = now - seconds_ago["signed_in"]
    session.save()


def test_signed_in_pages_are_never_cached(browser, enrolled):
    sign_in(browser, enrolled)
    response = browser.get("/accounts/security/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_session_ends_after_thirty_idle_minutes(browser, enrolled):
    sign_in(browser, enrolled)
    _shift(browser, last_seen=29 * 60)
    assert browser.get("/accounts/security/").status_code == 200  # still within the limit
    _shift(browser, last_seen=31 * 60)
    response = browser.get("/accounts/security/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=/accounts/security/")
    assert browser.signed_in_user_id() is None
    assert event(action="auth.signed_out").summary == {"reason": "idle"}
    page = browser.get(response["Location"])
    assert "Your session has ended" in page.content.decode()


def test_session_ends_after_twelve_hours_even_when_active(browser, enrolled):
    sign_in(browser, enrolled)
    _shift(browser, signed_in=12 * 3600 - 60, last_seen=60)
    assert browser.get("/accounts/security/").status_code == 200
    _shift(browser, signed_in=12 * 3600 + 1, last_seen=1)
    assert browser.get("/accounts/security/").status_code == 302
    assert browser.signed_in_user_id() is None
    assert event(action="auth.signed_out").summary == {"reason": "absolute"}


def test_expiry_limits_follow_the_settings(browser, enrolled, settings):
    settings.ACCORD_SESSION_IDLE_MINUTES = 5
    sign_in(browser, enrolled)
    _shift(browser, last_seen=6 * 60)
    assert browser.get("/accounts/security/").status_code == 302


def test_expired_session_on_the_api_is_anonymous_not_redirected(browser, enrolled):
    sign_in(browser, enrolled)
    _shift(browser, last_seen=31 * 60)
    response = browser.get("/api/v1/no-such-resource")
    assert response.status_code != 302  # an API client gets an answer, not a sign-in page
    assert browser.signed_in_user_id() is None


def test_activity_keeps_an_idle_session_alive(browser, enrolled):
    sign_in(browser, enrolled)
    _shift(browser, last_seen=20 * 60)
    browser.get("/accounts/security/")
    assert time.time() - browser.session[LAST_SEEN_AT] < 5


def test_ending_a_persons_sessions_signs_out_every_browser_but_one(browser, other_browser,
                                                                   enrolled):
    sign_in(browser, enrolled)
    factories.pass_both_factors(other_browser.client, enrolled)  # recorded like any sign-in
    keep = browser.session.session_key
    assert UserSession.objects.filter(user=enrolled).count() == 2

    assert user_sessions_end(user=enrolled, except_session_key=keep) == 1
    assert other_browser.get("/accounts/security/").status_code == 302
    assert browser.get("/accounts/security/").status_code == 200
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [keep]
    assert event(action="auth.sessions_ended").summary == {"count": 1}

    assert user_sessions_end(user=enrolled) == 1
    assert not Session.objects.filter(session_key=keep).exists()
    assert user_sessions_end(user=enrolled) == 0
    assert len(events(action="auth.sessions_ended")) == 2  # nothing ended, nothing recorded


@pytest.mark.parametrize("env", ["production"])
def test_production_cookies_are_host_only_secure_http_only_and_lax(env):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_NAME', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_NAME', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'LANGUAGE_COOKIE_SECURE', "
        "'SECURE_COOKIES']}))"
    )
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("ACCORD_", "DATABASE_URL", "SECRET_KEY"))}
    environ.update(ACCORD_ENV=env, SECRET_KEY="x" * 50, ACCORD_MASTER_KEY="eXl5" * 10 + "eXk=",
                   ACCORD_AUDIT_SIGNING_KEY="a" * 43 + "=",
                   ALLOWED_HOSTS="accord.example", DJANGO_SETTINGS_MODULE="accord.settings",
                   ACCORD_VAR_DIR=os.environ.get("TMPDIR", "/tmp") + "/accord-cookie-test")
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True,
                         text=True, check=True).stdout
    values = json.loads(out)
    assert values == {
        "SESSION_COOKIE_NAME": "__Host-accord-session", "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_NAME": "__Host-accord-csrf", "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True, "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True, "SECURE_COOKIES": True,
    }


def test_device_cookie_is_secure_when_cookies_are(browser, enrolled, settings):
    settings.SECURE_COOKIES = True
    response = sign_in(browser, enrolled)
    cookie = response.cookies["accord-device"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 300 * 24 * 3600
