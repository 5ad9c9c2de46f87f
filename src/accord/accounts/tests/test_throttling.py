"""Guessing is stopped per account, and per address plus account; one address trying many
accounts is slowed with growing pauses, never locked, so one person behind a city hall's NAT
cannot shut out the colleagues behind the same address. Reset e-mails are limited too."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessFailureLog
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accord.accounts import throttle
from accord.accounts.devices import DEVICE_COOKIE
from accord.testing import factories

from .conftest import code_for, device_of, events, sign_in, visible_text

WRONG = "not the password at all"
CITY_HALL = "198.51.100.7"
ELSEWHERE = "203.0.113.40"


def attempt(browser, email, *, password=WRONG, address=CITY_HALL):
    return browser.post("/accounts/sign-in/", {"email": email, "password": password},
                        REMOTE_ADDR=address)


def failures_from(address: str, count: int, *, at=None) -> None:
    """`count` failed sign-ins from `address` over as many accounts (none reaches a lock)."""
    for i in range(count):
        row = AccessFailureLog.objects.create(
            username=f"guess{i}@example.test", ip_address=address, user_agent="",
            http_accept="", path_info="/accounts/sign-in/")
        if at is not None:
            AccessFailureLog.objects.filter(pk=row.pk).update(attempt_time=at)


def test_failures_over_many_accounts_do_not_lock_the_address(browser, other_browser,
                                                             enrolled, settings):
    for i in range(settings.AXES_FAILURE_LIMIT + 2):
        assert attempt(browser, f"colleague{i}@example.test").status_code == 200

    # A colleague behind the same address signs in as usual.
    response = attempt(other_browser, enrolled.email, password=factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/verify/"


def test_an_account_is_locked_after_failures_from_any_addresses(browser, enrolled, settings):
    addresses = [CITY_HALL, ELSEWHERE, "192.0.2.9"]
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(browser, enrolled.email, address=addresses[i % 3]).status_code == 200
    assert attempt(browser, enrolled.email, address=ELSEWHERE).status_code == 429

    # The right password from yet another address is refused until the cool-off is over.
    response = attempt(browser, enrolled.email, password=factories.PASSWORD, address="192.0.2.77")
    assert response.status_code == 429
    assert "Please try again in 15 minutes." in response.content.decode()


def test_the_address_plus_account_is_locked_too(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", ["ip_address", "username"]]
    assert "ip_address" not in settings.AXES_LOCKOUT_PARAMETERS  # never the address alone


def test_many_failures_from_one_address_slow_the_next_attempt_with_retry_after(
        browser, enrolled, settings):
    failures_from(CITY_HALL, settings.ACCORD_LOGIN_ADDRESS_LIMIT + 3)

    response = attempt(browser, "someone@example.test")

    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= settings.ACCORD_LOGIN_ADDRESS_MAX_PAUSE_SECONDS
    text = response.content.decode()
    assert "Many sign-ins from your network have failed in the last hour" in text
    assert f"Please try again in {wait} seconds." in text
    assert 'aria-invalid="true"' in text
    # The slowed attempt was not checked, so it does not count and the pause does not grow.
    assert AccessFailureLog.objects.filter(ip_address=CITY_HALL).count() == (
        settings.ACCORD_LOGIN_ADDRESS_LIMIT + 3)
    # Another address is not slowed.
    assert attempt(browser, "someone@example.test", address=ELSEWHERE).status_code == 200


def test_the_pause_answer_is_the_same_for_a_known_and_an_unknown_account(
        browser, other_browser, enrolled, settings):
    failures_from(CITY_HALL, settings.ACCORD_LOGIN_ADDRESS_LIMIT + 6)

    known = attempt(browser, enrolled.email, password=factories.PASSWORD)
    unknown = attempt(other_browser, "nobody@example.test")

    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert (visible_text(known).replace(enrolled.email, "ADDRESS")
            == visible_text(unknown).replace("nobody@example.test", "ADDRESS"))


@pytest.mark.parametrize(("failures", "pause"), [(20, 1), (21, 2), (22, 4), (25, 32), (26, 60),
                                                 (200, 60)])
def test_the_pause_grows_with_each_failure_up_to_a_minute(db, failures, pause):
    now = timezone.now()
    failures_from(CITY_HALL, failures, at=now)
    request = RequestFactory().post("/accounts/sign-in/", REMOTE_ADDR=CITY_HALL)

    with mock.patch("accord.accounts.throttle.timezone.now", return_value=now):
        assert throttle.sign_in_pause(request, email="someone@example.test") == pause
    later = now + timedelta(seconds=pause)
    with mock.patch("accord.accounts.throttle.timezone.now", return_value=later):
        assert throttle.sign_in_pause(request, email="someone@example.test") == 0


def test_failures_older_than_the_window_no_longer_slow_anyone(browser, db, settings):
    an_hour_ago = timezone.now() - timedelta(minutes=settings.ACCORD_LOGIN_ADDRESS_WINDOW_MINUTES,
                                             seconds=1)
    failures_from(CITY_HALL, settings.ACCORD_LOGIN_ADDRESS_LIMIT * 3, at=an_hour_ago)

    assert attempt(browser, "someone@example.test").status_code == 200


def test_a_browser_that_signed_in_to_the_account_before_is_not_slowed(
        browser, enrolled, settings, no_otp_throttle):
    sign_in(browser, enrolled)  # this browser is now a known device of the account
    browser.post("/accounts/sign-out/")
    assert browser.client.cookies[DEVICE_COOKIE].value
    failures_from(CITY_HALL, settings.ACCORD_LOGIN_ADDRESS_LIMIT + 10)

    response = attempt(browser, enrolled.email, password=factories.PASSWORD)

    assert response.status_code == 302
    next_code = code_for(device_of(enrolled), at=time.time() + 30)  # the first one is used
    response = browser.post("/accounts/sign-in/verify/", {"code": next_code},
                            REMOTE_ADDR=CITY_HALL)
    assert response.status_code == 302 and browser.signed_in_user_id()
    # ...but the same browser trying another account is slowed like anyone else.
    browser.post("/accounts/sign-out/")
    assert attempt(browser, "someone.else@example.test").status_code == 429


def test_behind_a_proxy_the_client_address_is_the_proxys_last_entry(settings):
    settings.ACCORD_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert throttle.client_ip(request) == "198.51.100.7"  # what the client wrote is ignored
    settings.ACCORD_PROXY_COUNT = 0
    assert throttle.client_ip(request) == "10.0.0.2"
    settings.ACCORD_PROXY_COUNT = 1
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x<y")
    assert throttle.client_ip(garbage) == "10.0.0.2"


# --- password-reset e-mails ------------------------------------------------------------------

def reset(browser, email, *, address=CITY_HALL):
    return browser.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=address)


def reset_mails_to(email: str) -> int:
    return sum(1 for m in mail.outbox if m.to == [email] and "/accounts/reset/" in m.body)


def test_reset_e_mails_to_one_account_are_limited_per_hour(browser, enrolled, settings):
    limit = settings.ACCORD_PASSWORD_RESET_ACCOUNT_LIMIT
    answers = [reset(browser, enrolled.email, address=f"192.0.2.{i}") for i in range(limit + 2)]

    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("accounts:password-reset-done")}
    assert reset_mails_to(enrolled.email) == limit
    held_back = events(action="auth.password_reset_throttled")
    assert len(held_back) == 2 and held_back[0].actor_id == enrolled.pk
    assert held_back[0].summary == {"limit": "account"}


def test_reset_e_mails_from_one_address_are_limited_per_hour(browser, other_browser, enrolled,
                                                             settings):
    for i in range(settings.ACCORD_PASSWORD_RESET_ADDRESS_LIMIT):
        reset(browser, f"unknown{i}@example.test")

    known = reset(browser, enrolled.email)
    unknown = reset(other_browser, "nobody@example.test")

    assert reset_mails_to(enrolled.email) == 0
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert visible_text(browser.get(known["Location"])) == visible_text(
        other_browser.get(unknown["Location"]))
    # Another address still gets its e-mail.
    reset(browser, enrolled.email, address=ELSEWHERE)
    assert reset_mails_to(enrolled.email) == 1


def test_the_reset_limits_keep_no_address_in_the_database(browser, enrolled):
    from accord.accounts.models import ThrottleHit

    reset(browser, enrolled.email)

    keys = list(ThrottleHit.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(CITY_HALL not in key and len(key) == 64 for key in keys)
