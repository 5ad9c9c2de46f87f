"""Sensitive acts ask for a second factor at most ACCORD_STEP_UP_MINUTES old."""

import json
import time

import pytest
from django.test import RequestFactory
from django_scopes import scopes_disabled

from accord import policy
from accord.accounts.tests.conftest import actions, code_for, device_of, sign_in, visible_text
from accord.api.errors import on_denied
from accord.api.models import ApiToken
from accord.audit.models import AuditEvent
from accord.core.step_up import STEP_UP_AT
from accord.tenancy.models import Role
from accord.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(no_otp_throttle):
    network = factories.make_network(slug="westkai")
    membership = factories.make_member(network, roles=(Role.COORDINATOR,),
                                       email="greta.lind@example.test")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=membership.user, name="authenticator", confirmed=True)
    return membership


def _age_step_up(browser, minutes: float) -> None:
    session = browser.client.session
    session[STEP_UP_AT] = time.time() - minutes * 60
    session.save()


EXPORT = "/n/westkai/audit/export.csv"
TOKENS = "/n/westkai/api-tokens/"


def test_an_export_right_after_sign_in_needs_no_second_confirmation(browser, coordinator):
    sign_in(browser, coordinator.user)

    response = browser.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_an_export_with_a_step_up_older_than_allowed_asks_for_the_code_first(
        browser, settings, coordinator):
    settings.ACCORD_STEP_UP_MINUTES = 10
    sign_in(browser, coordinator.user)
    _age_step_up(browser, 11)

    response = browser.get(EXPORT)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/step-up/?next=%2Fn%2Fwestkai%2Faudit%2Fexport.csv"
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="audit.exported").exists()
    assert "auth.step_up_required" in actions()
    page = browser.get(response["Location"])
    assert "Confirm that it is you" in visible_text(page)
    assert "— Accord</title>" in visible_text(page)

    # The current 30-second code was used at sign-in, and django-otp takes each code once;
    # the next step's code is within its tolerance, as a phone a little ahead would show.
    later = code_for(device_of(coordinator.user), at=time.time() + 30)
    response = browser.post("/accounts/step-up/", {"code": later, "next": EXPORT})

    assert response["Location"] == EXPORT
    assert browser.get(EXPORT).status_code == 200
    assert "auth.step_up" in actions()


def test_a_wrong_code_at_step_up_is_refused_and_the_act_stays_closed(
        browser, coordinator):
    sign_in(browser, coordinator.user)
    _age_step_up(browser, 60)

    response = browser.post("/accounts/step-up/", {"code": "000000", "next": EXPORT})

    assert response.status_code == 400
    assert "This code is wrong" in visible_text(response)
    assert browser.get(EXPORT).status_code == 302
    assert "auth.step_up_failed" in actions()


def test_creating_an_api_token_with_a_stale_step_up_creates_nothing(browser, coordinator):
    sign_in(browser, coordinator.user)
    _age_step_up(browser, 60)

    assert browser.get(TOKENS).status_code == 200  # the list needs no step-up
    response = browser.post(TOKENS, {"name": "Kalender", "days": "30"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/step-up/?next=")
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_the_api_answers_a_problem_that_names_step_up():
    request = RequestFactory().post("/api/v1/example/")
    request.session = {STEP_UP_AT: time.time() - 3600}
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    decision = policy.Decision(effect=policy.Effect.DENY, action="token.create", purpose="api",
                               rule="limit.step_up", missing="step_up", awaits="step_up")

    response = on_denied(request, policy.Denied(decision, hidden=False))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["type"] == "about:blank#step_up_required"
    assert "step-up" in body["detail"]
    assert 'error="insufficient_user_authentication"' in response["WWW-Authenticate"]


def test_changing_a_members_roles_with_a_stale_step_up_changes_nothing(browser, coordinator):
    member = factories.make_member(coordinator.network)
    sign_in(browser, coordinator.user)
    _age_step_up(browser, 60)
    page = f"/n/westkai/members/{member.pk}/"

    response = browser.post(f"{page}roles/", {"roles": [Role.COORDINATOR]},
                            HTTP_REFERER=f"http://testserver{page}")

    assert response["Location"] == "/accounts/step-up/?next=" + page.replace("/", "%2F")
    with scopes_disabled():
        member.refresh_from_db()
    assert member.roles == [Role.MEMBER]


def test_the_policy_names_step_up_and_a_fresh_step_up_permits(coordinator):
    """Step-up is the policy's condition (limit.step_up), read from the current request."""
    from accord.core.request_context import reset_request, set_request

    request = RequestFactory().get(EXPORT)
    network = coordinator.network
    for age, allowed in ((60, False), (1, True)):
        request.session = {STEP_UP_AT: time.time() - age * 60}
        token = set_request(request)
        try:
            with scopes_disabled():
                decisions = {action: policy.decide(coordinator, action, network,
                                                   purpose="export")
                             for action in ("audit.export", "token.create", "audit.view")}
        finally:
            reset_request(token)
        assert decisions["audit.view"].allowed  # reading the trail needs no step-up
        for action in ("audit.export", "token.create"):
            decision = decisions[action]
            assert decision.allowed is allowed, action
            if not allowed:
                assert (decision.rule, decision.awaits) == ("limit.step_up", "step_up")
                assert "fresh confirmation" in decision.reason


def test_without_the_role_the_real_reason_comes_before_step_up(browser, coordinator):
    """A member who may not export at all is told so; no step-up is asked for nothing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    member = factories.make_member(coordinator.network, email="ole.berg@example.test")
    TOTPDevice.objects.create(user=member.user, name="authenticator", confirmed=True)
    sign_in(browser, member.user)
    _age_step_up(browser, 60)

    response = browser.get(EXPORT)

    assert response.status_code == 403
    assert "coordinators and privacy officers may see the audit log" in visible_text(response)
