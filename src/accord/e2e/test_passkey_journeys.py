"""Passkeys in Chromium, with its virtual authenticator (DevTools WebAuthn domain): register
one on the Security page, name it, sign in with it password-less, and see an assertion by one
person's passkey refused while another person's sign-in is pending.

WebAuthn refuses IP addresses as relying-party IDs, so these journeys use http://localhost:port.
"""

import pytest
from playwright.sync_api import expect

from accord.accounts.models import UserSession
from accord.e2e.steps import heading, totp_code, totp_device
from accord.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def localhost(live_server, settings):
    origin = live_server.url.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [origin]
    return origin


def virtual_authenticator(page) -> None:
    """A platform authenticator with user verification, that says yes without a touch."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})


def password_and_code(page, origin, user, device) -> None:
    page.goto(f"{origin}/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("One-time code").fill(totp_code(device))
    page.get_by_role("button", name="Sign in", exact=True).click()


def register_passkey(page, origin, assert_accessible) -> None:
    page.goto(f"{origin}/accounts/security/passkeys/")
    expect(heading(page)).to_have_text("Passkeys")
    assert_accessible(page)
    page.get_by_role("button", name="Add a passkey on this device").click()
    expect(page.get_by_role("cell", name="Passkey 1", exact=True)).to_be_visible()


def test_member_registers_a_passkey_names_it_and_signs_in_with_it_alone(
        page, localhost, assert_accessible):
    network = factories.make_network()
    user = factories.make_member(network, email="hanna.berg@example.test").user
    device = totp_device(user)
    virtual_authenticator(page)
    password_and_code(page, localhost, user, device)

    register_passkey(page, localhost, assert_accessible)
    page.get_by_label("New name for Passkey 1").fill("Work laptop")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    expect(heading(page)).to_have_text("Sign in")
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(page).to_have_url(f"{localhost}/n/{network.slug}/")
    assert_accessible(page)
    assert UserSession.objects.filter(user=user, method="passkey").exists()


ASSERT_WITH_ANY_PASSKEY = """async () => {
  // What a hostile page script could do: ask the browser for any discoverable passkey and
  // post the assertion while someone else's sign-in is pending.
  const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")),
      (c) => c.charCodeAt(0));
  const csrf = JSON.parse(document.getElementById("otp_webauthn_config").textContent).csrfToken;
  const begin = await (await fetch("/accounts/webauthn/authentication/begin/",
      {method: "POST", headers: {"X-CSRFToken": csrf}})).json();
  const credential = await navigator.credentials.get({publicKey: {
      challenge: unb64(begin.challenge), rpId: begin.rpId, userVerification: "required"}});
  const r = credential.response;
  const body = {id: credential.id, rawId: b64(credential.rawId), type: credential.type,
      clientExtensionResults: {}, response: {
        clientDataJSON: b64(r.clientDataJSON), authenticatorData: b64(r.authenticatorData),
        signature: b64(r.signature), userHandle: r.userHandle ? b64(r.userHandle) : null}};
  const done = await fetch("/accounts/webauthn/authentication/complete/", {method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)});
  return {status: done.status, body: await done.json()};
}"""


def test_a_passkey_of_another_account_is_refused_during_someone_elses_sign_in(
        page, localhost, assert_accessible):
    network = factories.make_network()
    owner = factories.make_member(network, email="owner.key@example.test").user
    victim = factories.make_member(network, email="other.person@example.test").user
    virtual_authenticator(page)
    password_and_code(page, localhost, owner, totp_device(owner))
    register_passkey(page, localhost, assert_accessible)
    page.get_by_role("button", name="Sign out").click()

    totp_device(victim)
    page.get_by_label("E-mail address").fill(victim.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(heading(page)).to_have_text("Enter your one-time code")
    assert_accessible(page)

    answer = page.evaluate(ASSERT_WITH_ANY_PASSKEY)

    assert answer["status"] == 403
    assert answer["body"]["detail"] == ("This passkey belongs to another account. "
                                        "You were not signed in.")
    assert not UserSession.objects.filter(user=victim).exists()
    assert not UserSession.objects.filter(user=owner).exists()
    page.goto(f"{localhost}/accounts/security/")
    expect(heading(page)).to_have_text("Sign in")
    assert_accessible(page)
