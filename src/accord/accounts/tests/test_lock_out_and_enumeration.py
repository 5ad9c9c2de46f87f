"""Guessing is stopped, and nobody learns from the answers whether an address has an account."""

from django.core import mail

from accord.accounts.services import PENDING
from accord.testing.factories import PASSWORD

from .conftest import actions, code_for, device_of, events, password_step, visible_text

WRONG = "not the password at all"


def test_unknown_and_known_address_get_the_same_answer_at_sign_in(browser, other_browser,
                                                                   enrolled):
    known = password_step(browser, enrolled.email, password=WRONG)
    unknown = password_step(other_browser, "nobody@example.test", password=WRONG)
    assert known.status_code == unknown.status_code == 200
    assert "E-mail address or password is wrong." in known.content.decode()
    assert 'aria-describedby="form-errors"' in known.content.decode()
    known_text = visible_text(known).replace(enrolled.email, "ADDRESS")
    unknown_text = visible_text(unknown).replace("nobody@example.test", "ADDRESS")
    assert known_text == unknown_text


def test_failed_sign_in_is_audited_without_naming_an_unknown_address(browser, enrolled):
    password_step(browser, enrolled.email, password=WRONG)
    password_step(browser, "nobody@example.test", password=WRONG)
    known, unknown = events(action="auth.sign_in_failed")
    assert known.actor_id == enrolled.pk and known.summary == {"step": "password"}
    assert unknown.actor_id is None and unknown.object_id == ""
    assert "nobody" not in str(unknown.summary) + unknown.actor_label + unknown.object_id
    assert unknown.summary == known.summary  # the summary does not tell them apart either


def test_unknown_and_known_address_get_the_same_answer_at_password_reset(browser, other_browser,
                                                                         enrolled):
    known = browser.post("/accounts/password-reset/", {"email": enrolled.email})
    unknown = other_browser.post("/accounts/password-reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = browser.get(known["Location"])
    unknown_page = other_browser.get(unknown["Location"])
    assert "If an account exists for this address, we have sent a link." in (
        known_page.content.decode())
    assert visible_text(known_page) == visible_text(unknown_page)
    assert [m.to for m in mail.outbox] == [[enrolled.email]]
    assert actions(action="auth.password_reset_requested") == ["auth.password_reset_requested"]


def test_too_many_wrong_passwords_lock_the_account_with_a_clear_page(browser, enrolled, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_step(browser, enrolled.email, password=WRONG).status_code == 200
    response = password_step(browser, enrolled.email, password=WRONG)
    assert response.status_code == 429
    text = response.content.decode()
    assert "too many unsuccessful attempts" in text
    assert "Please try again in 15 minutes." in text
    assert enrolled.email not in text
    # Even the right password is refused until the pause is over.
    response = password_step(browser, enrolled.email)
    assert response.status_code == 429
    assert PENDING not in browser.session
    locked = events(action="auth.locked_out")
    assert locked and all(e.actor_id == enrolled.pk for e in locked)


def test_lock_out_page_is_the_same_for_an_unknown_address(browser, other_browser, enrolled,
                                                          settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        known = password_step(browser, enrolled.email, password=WRONG)
    # A second address from another client: axes also counts per IP, so use the limit once.
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        unknown = password_step(other_browser, "nobody@example.test", password=WRONG)
    assert known.status_code == unknown.status_code == 429
    assert visible_text(known) == visible_text(unknown)
    assert any(e.actor_id is None for e in events(action="auth.locked_out"))


def test_wrong_codes_count_towards_the_lock_out(browser, enrolled, settings, no_otp_throttle):
    password_step(browser, enrolled.email)
    right = code_for(device_of(enrolled))
    wrong = f"{(int(right) + 7) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert browser.post("/accounts/sign-in/verify/", {"code": wrong}).status_code == 200
    response = browser.post("/accounts/sign-in/verify/", {"code": wrong})
    assert response.status_code == 429
    assert PENDING not in browser.session
    assert "auth.locked_out" in actions(actor=enrolled)
    # The right code does not help now, nor does starting over with the password.
    assert password_step(browser, enrolled.email, password=PASSWORD).status_code == 429
    assert browser.signed_in_user_id() is None


def test_a_successful_sign_in_forgets_earlier_failures(browser, enrolled, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(browser, enrolled.email, password=WRONG)
    assert password_step(browser, enrolled.email).status_code == 302
    response = browser.post("/accounts/sign-in/verify/", {"code": code_for(device_of(enrolled))})
    assert response.status_code == 302
    browser.post("/accounts/sign-out/")
    assert password_step(browser, enrolled.email, password=WRONG).status_code == 200
