"""/accounts/security/sessions/: where a person is signed in, and ending any of those sessions."""

import time

import pytest

from accord.accounts.models import UserSession
from accord.accounts.selectors import browser_in_words
from accord.accounts.tests.conftest import actions, code_for, device_of, sign_in, visible_text
from accord.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.fixture
def two_sessions(browser, other_browser, enrolled, no_otp_throttle, settings):
    sign_in(browser, enrolled)
    # A second sign-in in the same 30 s would reuse the code: django-otp refuses that.
    settings.OTP_TOTP_TOLERANCE = 2
    device = device_of(enrolled)
    code = code_for(device, at=time.time() + 30)
    other_browser.post("/accounts/sign-in/", {"email": enrolled.email, "password": PASSWORD},
                       HTTP_USER_AGENT=FIREFOX)
    other_browser.post("/accounts/sign-in/verify/", {"code": code}, HTTP_USER_AGENT=FIREFOX)
    assert other_browser.signed_in_user_id() == str(enrolled.pk)
    return browser, other_browser


def test_a_member_sees_each_session_with_time_browser_and_place(two_sessions, enrolled):
    browser, _other = two_sessions

    page = visible_text(browser.get("/accounts/security/sessions/"))

    assert "<title>Your sessions — Accord</title>" in page
    assert "Firefox · Windows" in page
    assert "127.0.0.0/24" in page  # the network, not the address
    assert "This browser" in page
    assert page.count("Password and authenticator app") == 2


def test_a_member_ends_one_other_session(two_sessions, enrolled):
    browser, other = two_sessions
    theirs = UserSession.objects.get(user=enrolled, session_key=other.client.session.session_key)

    response = browser.post(f"/accounts/security/sessions/{theirs.pk}/end/")

    assert response["Location"] == "/accounts/security/sessions/"
    assert other.get("/accounts/security/").status_code == 302  # signed out there
    assert browser.get("/accounts/security/").status_code == 200  # still here
    assert "auth.session_ended" in actions(object_id=str(enrolled.pk))


def test_all_but_this_one_from_the_sessions_page(two_sessions, enrolled):
    browser, other = two_sessions

    response = browser.post("/accounts/security/sessions-end/", {"back": "sessions"})

    assert response["Location"] == "/accounts/security/sessions/"
    assert other.get("/accounts/security/").status_code == 302
    assert UserSession.objects.filter(user=enrolled).count() == 1


def test_another_persons_session_cannot_be_ended(browser, other_browser, enrolled,
                                                 no_otp_throttle):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.testing import factories

    stranger = factories.make_user(email="fremd@example.test")
    TOTPDevice.objects.create(user=stranger, name="authenticator", confirmed=True)
    sign_in(browser, enrolled)
    sign_in(other_browser, stranger)
    theirs = UserSession.objects.get(user=stranger)

    response = browser.post(f"/accounts/security/sessions/{theirs.pk}/end/")

    assert response.status_code == 404
    assert other_browser.get("/accounts/security/").status_code == 200


def test_this_session_is_not_ended_from_its_own_row(browser, enrolled):
    sign_in(browser, enrolled)
    mine = UserSession.objects.get(user=enrolled)

    assert browser.post(f"/accounts/security/sessions/{mine.pk}/end/").status_code == 404


@pytest.mark.parametrize(("agent", "words"), [
    (FIREFOX, "Firefox · Windows"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/142.0 Safari/537.36", "Chrome · Linux"),
    ("curl/8.5", "curl/8.5"),
])
def test_browsers_are_named_in_words(agent, words):
    assert browser_in_words(agent) == words


def test_a_coordinator_signs_a_member_of_their_network_out_everywhere(
        browser, other_browser, no_otp_throttle):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from accord.audit.models import AuditEvent
    from accord.tenancy.models import Role
    from accord.testing import factories

    network = factories.make_network(slug="ostufer")
    coordinator = factories.make_member(network, roles=(Role.COORDINATOR,))
    member = factories.make_member(network, email="laptop.lost@example.test")
    for person in (coordinator.user, member.user):
        TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    sign_in(browser, coordinator.user)
    sign_in(other_browser, member.user)

    page = visible_text(browser.get(f"/n/ostufer/members/{member.pk}/"))
    assert "Sign this member out everywhere" in page
    response = browser.post(f"/n/ostufer/members/{member.pk}/sessions-end/")

    assert response["Location"] == f"/n/ostufer/members/{member.pk}/"
    assert other_browser.get("/accounts/security/").status_code == 302
    assert browser.get("/accounts/security/").status_code == 200
    with scopes_disabled():
        recorded = AuditEvent.objects.get(action="membership.sessions_ended")
    assert (recorded.network_id, recorded.actor_id) == (network.pk, coordinator.user_id)


def test_only_a_coordinator_of_the_same_network_may_sign_a_member_out(
        browser, other_browser, no_otp_throttle):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.tenancy.models import Role
    from accord.testing import factories

    network = factories.make_network(slug="ostufer")
    elsewhere = factories.make_network(slug="westufer")
    colleague = factories.make_member(network)
    member = factories.make_member(network)
    outsider = factories.make_member(elsewhere, roles=(Role.COORDINATOR,))
    for person in (colleague.user, member.user, outsider.user):
        TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    sign_in(browser, colleague.user)
    sign_in(other_browser, outsider.user)

    assert browser.post(f"/n/ostufer/members/{member.pk}/sessions-end/").status_code == 403
    assert other_browser.post(
        f"/n/westufer/members/{member.pk}/sessions-end/").status_code == 404
