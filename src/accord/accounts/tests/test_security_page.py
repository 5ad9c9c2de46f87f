"""The Security page: factor status, recovery codes, replacing the authenticator, sessions,
language and password."""

import time

from django.core import mail
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import UserSession
from accord.testing import factories
from accord.testing.factories import PASSWORD

from .conftest import actions, code_for, device_of, event, sign_in

NEW_PASSWORD = "a brand new passphrase 7391"


def _next_code(user, steps=1):
    return code_for(device_of(user), at=time.time() + 30 * steps)


def test_security_page_shows_the_second_factor_and_sessions(browser, enrolled):
    sign_in(browser, enrolled)
    page = browser.get("/accounts/security/")
    text = page.content.decode()
    assert "You sign in with a code from your authenticator app." in text
    assert "2 recovery codes left." in text
    assert 'autocomplete="current-password"' in text
    assert text.count('<th scope="col">') == 3


def test_anonymous_visitor_is_sent_to_sign_in(browser):
    response = browser.get("/accounts/security/")
    assert response["Location"].startswith("/accounts/sign-in/?next=")


def test_regenerating_recovery_codes_needs_a_current_code_and_sends_a_notice(
        browser, enrolled, no_otp_throttle):
    sign_in(browser, enrolled)
    mail.outbox.clear()
    refused = browser.post("/accounts/security/recovery-codes/", {"code": "000000"})
    assert refused.status_code == 400
    assert "This code is wrong" in refused.content.decode()
    assert StaticToken.objects.filter(token="abcd2345").exists()

    response = browser.post("/accounts/security/recovery-codes/",
                            {"code": _next_code(enrolled)})
    assert response.status_code == 200
    assert response.content.decode().count('class="code"') == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()
    assert StaticToken.objects.filter(device__user=enrolled).count() == 10
    assert "auth.recovery_codes_regenerated" in actions(actor=enrolled)
    assert [m.subject for m in mail.outbox] == ["Your sign-in settings changed"]
    assert "New recovery codes were created" in mail.outbox[0].body


def test_replacing_the_authenticator_needs_password_and_code_then_re_enrols(
        browser, other_browser, enrolled, no_otp_throttle):
    sign_in(browser, enrolled)
    factories.pass_both_factors(other_browser.client, enrolled)
    mail.outbox.clear()
    refused = browser.post("/accounts/security/authenticator-reset/",
                           {"password": "wrong password here", "code": _next_code(enrolled)})
    assert refused.status_code == 400
    assert "The password is wrong." in refused.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled).exists()

    response = browser.post("/accounts/security/authenticator-reset/",
                            {"password": PASSWORD, "code": _next_code(enrolled)})
    assert response["Location"] == "/accounts/sign-in/enrol/"
    assert not TOTPDevice.objects.filter(user=enrolled, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=enrolled).exists()
    assert browser.signed_in_user_id() is None
    assert other_browser.get("/accounts/security/").status_code == 302  # cut as well
    assert not UserSession.objects.filter(user=enrolled).exists()
    assert event(action="auth.mfa_reset").actor_id == enrolled.pk
    assert "authenticator app of your Accord account was removed" in mail.outbox[0].body

    # The enrolment continues straight away, in the same browser.
    browser.get("/accounts/sign-in/enrol/")
    device = TOTPDevice.objects.get(user=enrolled, confirmed=False)
    assert browser.post("/accounts/sign-in/enrol/", {"code": code_for(device)}).status_code == 302
    browser.get("/accounts/sign-in/recovery-codes/")
    browser.post("/accounts/sign-in/recovery-codes/")
    assert browser.signed_in_user_id() == str(enrolled.pk)


def test_sign_out_everywhere_else_keeps_this_browser(browser, other_browser, enrolled):
    sign_in(browser, enrolled)
    factories.pass_both_factors(other_browser.client, enrolled)
    response = browser.post("/accounts/security/sessions-end/")
    assert response["Location"] == "/accounts/security/"
    assert "1 other session was signed out." in browser.get("/accounts/security/").content.decode()
    assert other_browser.get("/accounts/security/").status_code == 302
    assert browser.get("/accounts/security/").status_code == 200


def test_preferred_language_is_saved_and_set_as_cookie(browser, enrolled):
    sign_in(browser, enrolled)
    response = browser.post("/accounts/security/language/", {"language": "nl"})
    assert response.status_code == 302
    assert response.cookies["accord-language"].value == "nl"
    enrolled.refresh_from_db()
    assert enrolled.language == "nl"
    assert browser.post("/accounts/security/language/", {"language": "xx"}).status_code == 400


def test_language_cookie_at_sign_in_follows_the_person(browser, enrolled):
    enrolled.language = "fr"
    enrolled.save()
    response = sign_in(browser, enrolled)
    assert response.cookies["accord-language"].value == "fr"


def test_changing_the_password_signs_out_other_sessions_and_sends_a_notice(
        browser, other_browser, enrolled):
    sign_in(browser, enrolled)
    factories.pass_both_factors(other_browser.client, enrolled)
    mail.outbox.clear()
    response = browser.post("/accounts/security/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response["Location"] == "/accounts/security/"
    assert browser.get("/accounts/security/").status_code == 200
    assert other_browser.get("/accounts/security/").status_code == 302
    assert UserSession.objects.filter(user=enrolled).count() == 1
    assert UserSession.objects.get().session_key == browser.session.session_key
    assert event(action="auth.password_changed").summary == {"via": "security_page"}
    assert [m.subject for m in mail.outbox] == ["Your Accord password was changed"]


def test_a_wrong_current_password_changes_nothing(browser, enrolled):
    sign_in(browser, enrolled)
    response = browser.post("/accounts/security/password/", {
        "old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.check_password(PASSWORD)
