"""Password reset by e-mail: the link works once, and afterwards every session has ended."""

import re

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from accord.accounts.models import UserSession

from .conftest import event, sign_in

NEW_PASSWORD = "a brand new passphrase 7391"


def _reset_message():
    (message,) = [m for m in mail.outbox if "/accounts/reset/" in m.body]
    return message


def _reset_link() -> str:
    return re.search(r"http://\S+(/accounts/reset/\S+/)", _reset_message().body).group(1)


def test_reset_link_sets_a_new_password_and_ends_every_session(browser, other_browser,
                                                               enrolled):
    sign_in(other_browser, enrolled)
    browser.post("/accounts/password-reset/", {"email": enrolled.email.upper()})
    assert event(action="auth.password_reset_requested").actor_id == enrolled.pk
    link = _reset_link()

    form_page = browser.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = browser.post(set_url, {"new_password1": NEW_PASSWORD,
                                      "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/reset/done/"
    enrolled.refresh_from_db()
    assert enrolled.check_password(NEW_PASSWORD)
    assert browser.signed_in_user_id() is None  # a reset never signs in: the code is still due
    assert other_browser.get("/accounts/security/").status_code == 302
    assert not UserSession.objects.filter(user=enrolled).exists()
    assert event(action="auth.password_changed").summary == {"via": "reset"}
    assert any(m.subject == "Your Accord password was changed" for m in mail.outbox)

    again = browser.get(link, follow=True)
    assert "no longer valid" in again.content.decode()


def test_reset_e_mail_is_in_the_persons_language(browser, enrolled, settings):
    enrolled.language = "de"
    enrolled.save()
    browser.post("/accounts/password-reset/", {"email": enrolled.email})
    message = _reset_message()
    assert message.to == [enrolled.email]
    with translation.override("de"):
        german_subject = gettext("Reset your Accord password")
    assert german_subject != "Reset your Accord password"
    assert message.subject == german_subject
