"""Signing in through the organisation's OpenID provider: a real one, in its own process."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail

from accord.accounts.models import OidcIdentity, UserSession
from accord.accounts.oidc_config import _provider
from accord.accounts.tests.conftest import actions, code_for, device_of, event, visible_text
from accord.testing import factories
from accord.testing.oidc import CLIENT_ID, CLIENT_SECRET, free_port

pytestmark = pytest.mark.django_db

_usernames = iter(range(1, 10_000))


def provider_settings(issuer: str, key: str = "rathaus", **extra) -> dict:
    return _provider(key, {
        "name": "Stadt Nordhafen", "issuer": issuer, "client_id": CLIENT_ID,
        "dev_client_secret": CLIENT_SECRET, "network": "nordhafen",
        "organisation": "Stadt Nordhafen", "email_domains": ["nordhafen.example"], **extra,
    }, is_dev=True)


@pytest.fixture
def organisation(db):
    network = factories.make_network(slug="nordhafen")
    return factories.make_organisation(network, name="Stadt Nordhafen")


@pytest.fixture
def sso(settings, dev_provider):
    settings.ACCORD_OIDC_PROVIDERS = {"rathaus": provider_settings(dev_provider.issuer)}
    return dev_provider


def member(organisation, email, *, totp=True):
    membership = factories.make_member(organisation.network, organisation=organisation,
                                       email=email)
    if totp:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=membership.user, name="authenticator", confirmed=True)
    return membership.user


def provider_user(sso, email, **claims) -> str:
    username = f"person{next(_usernames)}"
    sso.user_put(username, email=email, **claims)
    return username


def through_provider(browser, sso, username, *, start="/accounts/oidc/start/rathaus/"):
    """Accord → the provider (signed in there as `username`) → Accord's callback; returns
    the callback's response and its URL."""
    response = browser.get(start)
    assert response.status_code == 302, visible_text(response)
    callback = sso.authorise(sso.signed_in_session(username), response["Location"])
    assert callback.startswith("http://testserver/accounts/oidc/callback/")
    path = urlparse(callback)
    url = f"{path.path}?{path.query}"
    return browser.get(url), url


def test_member_signs_in_through_their_organisation_then_gives_their_authenticator_code(
        browser, sso, organisation):
    user = member(organisation, "lena.hartmann@nordhafen.example")
    username = provider_user(sso, user.email, amr=["pwd"])

    response = browser.get("/accounts/sign-in/")
    assert "Sign in with Stadt Nordhafen" in visible_text(response)
    response, _url = through_provider(browser, sso, username)

    # A password at the provider is not phishing-resistant: Accord's own factor comes next.
    assert response["Location"] == "/accounts/sign-in/verify/"
    assert browser.signed_in_user_id() is None
    response = browser.post("/accounts/sign-in/verify/", {"code": code_for(device_of(user))})
    assert response.status_code == 302
    assert browser.signed_in_user_id() == str(user.pk)
    session = UserSession.objects.get(user=user)
    assert (session.method, session.provider) == ("sso", "rathaus")
    assert OidcIdentity.objects.get(user=user).provider == "rathaus"
    assert "auth.sso_linked" in actions(object_id=str(user.pk))
    assert any("linked to your organisation" in m.subject for m in mail.outbox)


def test_a_phishing_resistant_method_at_the_provider_is_not_asked_again(
        browser, sso, organisation):
    user = member(organisation, "jan.brinkmann@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk", "pin"])

    response, _url = through_provider(browser, sso, username)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert browser.signed_in_user_id() == str(user.pk)
    signed_in = event(action="auth.signed_in", object_id=str(user.pk))
    assert signed_in.summary["factor"] == "sso_phishing_resistant"
    assert browser.get("/accounts/security/").status_code == 200


def test_an_acr_value_configured_as_phishing_resistant_counts_too(
        browser, settings, sso, organisation):
    settings.ACCORD_OIDC_PROVIDERS = {"rathaus": provider_settings(
        sso.issuer, phishing_resistant={"acr": ["urn:example:loa:high"], "amr": []})}
    user = member(organisation, "acr.person@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"], acr="urn:example:loa:high")

    through_provider(browser, sso, username)

    assert browser.signed_in_user_id() == str(user.pk)


def test_later_sign_ins_match_by_sub_not_by_e_mail(browser, other_browser, sso, organisation):
    user = member(organisation, "mara.ost@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    through_provider(browser, sso, username)
    # The provider now reports another address: the link by `sub` still finds the person.
    sso.user_put(username, email="m.ost@nordhafen.example", amr=["hwk"])

    through_provider(other_browser, sso, username)

    assert other_browser.signed_in_user_id() == str(user.pk)
    assert OidcIdentity.objects.filter(user=user).count() == 1


def refused(browser, response, reason, text):
    assert response.status_code == 400
    assert text in visible_text(response)
    assert browser.signed_in_user_id() is None
    assert "accord_pending_sign_in" not in browser.session
    assert event(action="auth.sso_refused").summary["reason"].startswith(reason)


@pytest.mark.parametrize(("mode", "reason"), [
    ("foreign_key", "bad_signature"), ("expired", "expired_token"),
    ("issuer", "invalid_claim:iss"), ("audience", "invalid_claim:aud"),
    ("nonce", "invalid_claim:nonce"),
])
def test_a_forged_stale_or_misdirected_id_token_is_refused(
        browser, sso, organisation, mode, reason):
    user = member(organisation, f"{mode}@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    sso.tamper_next(mode)

    response, _url = through_provider(browser, sso, username)

    refused(browser, response, reason, "could not be confirmed")
    assert not OidcIdentity.objects.filter(user=user).exists()
    assert not UserSession.objects.filter(user=user).exists()


def test_a_replayed_state_is_refused(browser, sso, organisation):
    user = member(organisation, "replay@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    _response, url = through_provider(browser, sso, username)
    browser.post("/accounts/sign-out/")

    response = browser.get(url)

    assert response.status_code == 400
    assert "already been used or has expired" in visible_text(response)
    assert browser.signed_in_user_id() is None
    assert actions(action="auth.sso_refused") == ["auth.sso_refused"]


def test_an_e_mail_outside_the_organisations_domains_is_refused(browser, sso, organisation):
    member(organisation, "outsider@elsewhere.example", totp=False)
    username = provider_user(sso, "outsider@elsewhere.example", amr=["hwk"])

    response, _url = through_provider(browser, sso, username)

    refused(browser, response, "email_domain", "does not belong to this organisation")


def test_a_person_without_membership_in_the_organisation_is_not_linked(
        browser, sso, organisation):
    other = factories.make_organisation(organisation.network, name="Polizei Nordhafen")
    user = factories.make_member(organisation.network, organisation=other,
                                 email="not.here@nordhafen.example").user
    username = provider_user(sso, user.email, amr=["hwk"])

    response, _url = through_provider(browser, sso, username)

    refused(browser, response, "no_account", "no Accord account for you")
    assert not OidcIdentity.objects.exists()


def test_an_unverified_e_mail_never_links_an_account(browser, sso, organisation):
    member(organisation, "unverified@nordhafen.example", totp=False)
    username = provider_user(sso, "unverified@nordhafen.example", amr=["hwk"],
                             email_verified=False)

    response, _url = through_provider(browser, sso, username)

    refused(browser, response, "email_not_verified", "could not be confirmed")


def test_provider_down_is_a_clear_message_and_others_are_unaffected(
        browser, other_browser, settings, sso, organisation):
    settings.ACCORD_OIDC_PROVIDERS = {
        "rathaus": provider_settings(sso.issuer),
        "schule": provider_settings(f"http://127.0.0.1:{free_port()}/o", key="schule"),
    }
    response = browser.get("/accounts/oidc/start/schule/")
    assert response.status_code == 503
    assert "does not answer right now" in visible_text(response)

    user = member(organisation, "still.works@nordhafen.example", totp=False)
    through_provider(other_browser, sso, provider_user(sso, user.email, amr=["hwk"]))
    assert other_browser.signed_in_user_id() == str(user.pk)


def test_an_unknown_provider_is_a_404(browser, sso):
    assert browser.get("/accounts/oidc/start/nobody/").status_code == 404


def test_back_channel_logout_ends_the_members_sessions(browser, sso, organisation):
    user = member(organisation, "leaving@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    through_provider(browser, sso, username)
    assert browser.get("/accounts/security/").status_code == 200

    logout_token = sso.user_end(username)["logout_token"]
    response = browser.client.post("/accounts/oidc/backchannel-logout/rathaus/",
                                   {"logout_token": logout_token})

    assert response.status_code == 200
    assert not UserSession.objects.filter(user=user).exists()
    assert browser.get("/accounts/security/").status_code == 302
    assert "auth.sso_sessions_ended" in actions(object_id=str(user.pk))


def test_a_forged_logout_token_ends_nothing(browser, sso, organisation):
    user = member(organisation, "staying@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    through_provider(browser, sso, username)
    token = sso.user_end(username)["logout_token"]
    header, payload, signature = token.split(".")
    forged = ".".join([header, payload, signature[::-1]])

    response = browser.client.post("/accounts/oidc/backchannel-logout/rathaus/",
                                   {"logout_token": forged})

    assert response.status_code == 400
    assert UserSession.objects.filter(user=user).exists()


def test_when_the_provider_no_longer_accepts_the_account_the_session_ends_at_refresh(
        browser, settings, sso, organisation):
    user = member(organisation, "gone@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    through_provider(browser, sso, username)
    settings.ACCORD_OIDC_RECHECK_MINUTES = 0
    assert browser.get("/accounts/security/").status_code == 200  # still accepted

    sso.user_end(username)  # tokens revoked at the provider; no back-channel message sent

    response = browser.get("/accounts/security/")
    assert response.status_code == 302
    assert browser.signed_in_user_id() is None
    assert event(action="auth.sso_sessions_ended").summary["reason"] == "refresh_refused"


def test_settings_refuse_a_provider_without_its_organisations_domains():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="email_domains"):
        _provider("x", {"issuer": "https://id.example", "client_id": "a", "network": "n",
                        "organisation": "o"}, is_dev=True)


def test_the_client_secret_comes_from_a_secret_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("ACCORD_OIDC_RATHAUS_CLIENT_SECRET_FILE", str(secret))

    config = _provider("rathaus", {"issuer": "https://id.example/", "client_id": "a",
                                   "network": "n", "organisation": "o",
                                   "email_domains": ["@Example.org"]}, is_dev=False)

    assert config["client_secret"] == "from-the-file"
    assert config["issuer"] == "https://id.example"
    assert config["email_domains"] == ["example.org"]


def test_step_up_through_the_provider_asks_it_to_sign_in_again(browser, sso, organisation):
    from accord.core.step_up import STEP_UP_AT

    user = member(organisation, "step.up@nordhafen.example", totp=False)
    username = provider_user(sso, user.email, amr=["hwk"])
    through_provider(browser, sso, username)
    session = browser.client.session
    session[STEP_UP_AT] = 0  # long ago
    session.save()
    page = visible_text(browser.get("/accounts/step-up/?next=/accounts/security/"))
    assert "Confirm with Stadt Nordhafen" in page

    response = browser.get("/accounts/oidc/start/rathaus/?next=/accounts/security/")
    assert "prompt=login" in response["Location"] and "max_age=0" in response["Location"]
    at_provider = sso.signed_in_session(username)
    login = at_provider.get(response["Location"], allow_redirects=False)
    assert login.headers["Location"].startswith("/login/")  # the provider asks again
    again = at_provider.post(f"{sso.issuer.removesuffix('/o')}/login/", data={
        "username": username, "password": "provider password 1",
        "csrfmiddlewaretoken": at_provider.cookies["dev-op-csrf"],
        "next": parse_qs(urlparse(login.headers["Location"]).query)["next"][0],
    }, allow_redirects=False)
    callback = sso.authorise(at_provider, f"{sso.issuer.removesuffix('/o')}"
                             f"{again.headers['Location']}")
    path = urlparse(callback)
    response = browser.get(f"{path.path}?{path.query}")

    assert response["Location"] == "/accounts/security/"
    assert event(action="auth.step_up").summary == {"factor": "sso_phishing_resistant"}
