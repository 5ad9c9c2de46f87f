"""Signing in: password first, then the authenticator (enrolling it the first time)."""

import base64
import time

from django.core import mail
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from accord.accounts.models import KnownDevice, UserSession
from accord.accounts.services import PENDING

from .conftest import actions, code_for, device_of, event, password_step, sign_in


def test_new_person_enrols_an_authenticator_then_is_signed_in(browser, person):
    response = password_step(browser, person.email, next_url="/accounts/security/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/enrol/"
    assert browser.signed_in_user_id() is None  # the password alone signs nobody in

    page = browser.get("/accounts/sign-in/enrol/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "data:" not in html
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert f"<span>{secret[:4]}</span> <span>{secret[4:8]}</span>" in html  # for typing in
    assert '<svg role="img"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    pending_key = browser.session.session_key

    response = browser.post("/accounts/sign-in/enrol/", {"code": code_for(device)})
    assert response["Location"] == "/accounts/sign-in/recovery-codes/"
    assert browser.signed_in_user_id() is None  # not before the recovery codes are seen

    codes_page = browser.get("/accounts/sign-in/recovery-codes/")
    assert codes_page.content.decode().count('class="code"') == 10
    assert StaticToken.objects.filter(device__user=person).count() == 10
    again = browser.get("/accounts/sign-in/recovery-codes/")
    assert 'class="code"' not in again.content.decode()  # shown once only

    response = browser.post("/accounts/sign-in/recovery-codes/")
    assert response["Location"] == "/accounts/security/"
    assert browser.signed_in_user_id() == str(person.pk)
    assert browser.session.session_key != pending_key  # rotated at sign-in
    assert SIGNED_IN_AT in browser.session and LAST_SEEN_AT in browser.session
    assert PENDING not in browser.session
    assert response.cookies["accord-language"].value == "en"
    assert response.cookies["accord-device"]["httponly"]
    assert UserSession.objects.filter(user=person,
                                      session_key=browser.session.session_key).exists()
    assert actions(actor=person) == ["auth.mfa_enrolled", "auth.signed_in"]
    # One notice about the new authenticator, and no extra "new device" mail on top of it.
    assert [m.subject for m in mail.outbox] == ["Your sign-in settings changed"]
    assert "authenticator app was set up" in mail.outbox[0].body
    assert browser.get("/accounts/security/").status_code == 200


def test_wrong_enrolment_code_keeps_the_person_on_the_enrolment_page(browser, person):
    password_step(browser, person.email)
    browser.get("/accounts/sign-in/enrol/")
    response = browser.post("/accounts/sign-in/enrol/", {"code": "000000x"})
    assert response.status_code == 200
    assert "Enter the six digits" in response.content.decode()
    assert 'aria-describedby="id_code_helptext id_code_error"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def test_enrolled_person_signs_in_with_the_code_from_their_app(browser, enrolled):
    response = sign_in(browser, enrolled, next_url="/accounts/security/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/"
    page = browser.get("/accounts/security/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert browser.session["otp_device_id"] == device_of(enrolled).persistent_id
    signed_in = event(action="auth.signed_in")
    assert signed_in.actor_id == enrolled.pk and signed_in.network_id is None
    assert signed_in.summary == {"factor": "totp", "new_device": True}


def test_next_pointing_to_another_site_is_ignored(browser, enrolled):
    response = sign_in(browser, enrolled, next_url="https://evil.example/steal")
    assert response["Location"] == "/"


def test_wrong_code_is_refused_and_audited(browser, enrolled):
    password_step(browser, enrolled.email)
    right = code_for(device_of(enrolled))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = browser.post("/accounts/sign-in/verify/", {"code": wrong})
    assert response.status_code == 200
    assert "This code is wrong or has already been used" in response.content.decode()
    assert browser.signed_in_user_id() is None
    failed = event(action="auth.sign_in_failed")
    assert failed.actor_id == enrolled.pk and failed.summary == {"step": "code"}


def test_replayed_code_is_refused(browser, other_browser, enrolled, no_otp_throttle):
    code = code_for(device_of(enrolled))
    password_step(browser, enrolled.email)
    assert browser.post("/accounts/sign-in/verify/", {"code": code}).status_code == 302

    password_step(other_browser, enrolled.email)
    response = other_browser.post("/accounts/sign-in/verify/", {"code": code})
    assert response.status_code == 200
    assert other_browser.signed_in_user_id() is None
    assert "already been used" in response.content.decode()


def test_recovery_code_works_once(browser, other_browser, enrolled, no_otp_throttle):
    password_step(browser, enrolled.email)
    response = browser.post("/accounts/sign-in/verify/", {"code": "ABCD-2345"})
    assert response.status_code == 302
    assert browser.signed_in_user_id() == str(enrolled.pk)
    assert "auth.recovery_code_used" in actions(actor=enrolled)
    assert event(action="auth.signed_in").summary["factor"] == "recovery_code"
    assert any("recovery code was used" in m.subject for m in mail.outbox)

    password_step(other_browser, enrolled.email)
    response = other_browser.post("/accounts/sign-in/verify/", {"code": "abcd2345"})
    assert response.status_code == 200
    assert other_browser.signed_in_user_id() is None
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["wxyz6789"]


def test_pending_sign_in_expires_after_five_minutes(browser, enrolled):
    password_step(browser, enrolled.email)
    session = browser.session
    session[PENDING] = {**session[PENDING], "at": time.time() - 301}
    session.save()
    response = browser.post("/accounts/sign-in/verify/",
                            {"code": code_for(device_of(enrolled))})
    assert response["Location"] == "/accounts/sign-in/"
    assert browser.signed_in_user_id() is None


def test_verify_page_without_a_password_step_sends_back_to_sign_in(browser, enrolled):
    assert browser.get("/accounts/sign-in/verify/")["Location"] == "/accounts/sign-in/"
    assert browser.get("/accounts/sign-in/enrol/")["Location"] == "/accounts/sign-in/"
    assert browser.post("/accounts/sign-in/recovery-codes/")["Location"] == "/accounts/sign-in/"


def test_a_new_device_is_announced_by_e_mail_and_a_known_one_is_not(
        browser, other_browser, enrolled):
    sign_in(browser, enrolled)
    assert [m.subject for m in mail.outbox] == ["New sign-in to your Accord account"]
    assert mail.outbox[0].to == [enrolled.email]
    assert KnownDevice.objects.filter(user=enrolled).count() == 1
    device_cookie = browser.client.cookies["accord-device"].value
    assert KnownDevice.objects.get().device_hash != device_cookie  # only its hash is stored

    browser.post("/accounts/sign-out/")
    password_step(browser, enrolled.email)
    later = code_for(device_of(enrolled), at=time.time() + 30)
    assert browser.post("/accounts/sign-in/verify/", {"code": later}).status_code == 302
    assert len(mail.outbox) == 1  # same browser: no new notice

    password_step(other_browser, enrolled.email)
    latest = code_for(device_of(enrolled), at=time.time() + 60)
    assert other_browser.post("/accounts/sign-in/verify/", {"code": latest}).status_code == 302
    assert len(mail.outbox) == 2
    assert KnownDevice.objects.filter(user=enrolled).count() == 2


def test_sign_out_ends_the_session_and_is_audited(browser, enrolled):
    sign_in(browser, enrolled)
    key = browser.session.session_key
    response = browser.post("/accounts/sign-out/")
    assert response["Location"] == "/accounts/sign-in/"
    assert browser.signed_in_user_id() is None
    assert not UserSession.objects.filter(session_key=key).exists()
    assert actions(actor=enrolled)[-1] == "auth.signed_out"
    assert browser.get("/accounts/security/").status_code == 302


def test_sign_out_by_get_is_refused(browser, enrolled):
    sign_in(browser, enrolled)
    assert browser.get("/accounts/sign-out/").status_code == 405
    assert browser.signed_in_user_id() == str(enrolled.pk)


def test_hostile_input_gets_a_form_error_not_a_500(browser, enrolled):
    response = browser.post("/accounts/sign-in/", {"email": "<script>x</script>'; --",
                                                   "password": "x" * 5000})
    assert response.status_code == 200
    password_step(browser, enrolled.email)
    response = browser.post("/accounts/sign-in/verify/", {"code": "' OR 1=1 --" * 5})
    assert response.status_code == 200
    assert browser.signed_in_user_id() is None
