"""The foundation's permissions are accord.policy's answers: a member who tries a coordinator's
act is told what is missing, a privacy officer oversees through the audit trail, another
network's object is a 404, and every list pre-filter agrees with the policy on every object."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from accord import policy
from accord.api.models import ApiToken
from accord.api.selectors import POLICY_PREFILTERS as API_PREFILTERS
from accord.api.tests.helpers import token_for
from accord.audit.models import AuditEvent
from accord.security.world import build_world
from accord.tenancy import services
from accord.tenancy.models import Body, Membership, Organisation, Role
from accord.tenancy.selectors import POLICY_PREFILTERS
from accord.tenancy.tests.conftest import text
from accord.testing import factories

COORDINATORS_ONLY = "Only the network's coordinators may do this."
MODELS = {"member.view": Membership, "organisation.view": Organisation, "body.view": Body,
          "token.manage": ApiToken}


@pytest.fixture
def privacy_officer(network_a):
    return factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,),
                                 email="privacy@example.test")


# --- what a member is told ----------------------------------------------------------------

def test_a_member_who_tries_a_coordinators_act_is_told_what_is_missing(member_client, member,
                                                                      coordinator, network_a):
    for url in ("/n/rheinstadt/members/invite/", f"/n/rheinstadt/members/{coordinator.pk}/end/",
                "/n/rheinstadt/bodies/new/", "/n/rheinstadt/organisations/new/"):
        page = member_client.get(url)
        assert page.status_code == 403, url
        assert COORDINATORS_ONLY in text(page)
    with scope(network=network_a.pk):
        decision = policy.decide(member, "member.end", coordinator, purpose="administer")
        assert coordinator.is_active  # nothing was ended
    assert (decision.allowed, decision.rule, decision.reason) == (
        False, "explain.tenancy.manage", COORDINATORS_ONLY)


def test_the_links_to_coordinators_acts_follow_the_same_decisions(member_client,
                                                                  coordinator_client):
    assert "/n/rheinstadt/members/invite/" not in text(member_client.get("/n/rheinstadt/members/"))
    assert "/n/rheinstadt/members/invite/" in text(coordinator_client.get("/n/rheinstadt/members/"))


def test_a_former_member_is_the_coordinators_business(member_client, coordinator_client,
                                                      coordinator, network_a):
    former = factories.make_member(network_a, email="former@example.test")
    with scope(network=network_a.pk):
        services.membership_end(by=coordinator, membership=former)
    assert member_client.get(f"/n/rheinstadt/members/{former.pk}/").status_code == 404
    assert coordinator_client.get(f"/n/rheinstadt/members/{former.pk}/").status_code == 200


# --- privacy officers -----------------------------------------------------------------------

def test_a_privacy_officer_oversees_through_the_audit_page(privacy_officer, network_a):
    client = factories.signed_in_client(privacy_officer.user)

    page = client.get("/n/rheinstadt/audit/")
    assert page.status_code == 200
    assert "/n/rheinstadt/audit/" in text(client.get("/n/rheinstadt/"))  # the menu link
    assert client.post("/n/rheinstadt/audit/verify/").status_code == 302
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="audit.chain_verified",
                                         actor=privacy_officer.user).exists()
    with scope(network=network_a.pk):
        decision = policy.decide(privacy_officer, "audit.view", network_a, purpose="oversight")
    assert (decision.rule, bool(decision.basis)) == ("audit.privacy_officer", True)


def test_a_privacy_officer_does_not_run_the_network(privacy_officer):
    client = factories.signed_in_client(privacy_officer.user)
    page = client.get("/n/rheinstadt/members/invite/")
    assert page.status_code == 403
    assert COORDINATORS_ONLY in text(page)


# --- another network ------------------------------------------------------------------------

def test_another_networks_objects_are_not_found(coordinator_client, outsider, network_b):
    with scope(network=network_b.pk):
        body = factories.make_body(network_b)
        seat = factories.add_to_body(body, outsider)
        invitation, _token = services.invitation_create(
            by=outsider, email="neu@example.test", organisation=outsider.organisation,
            roles=[Role.MEMBER])
    token_for(outsider)
    with scopes_disabled():
        token = ApiToken.objects.get(membership=outsider)
    for url, method in [
        (f"/n/rheinstadt/members/{outsider.pk}/", "get"),
        (f"/n/rheinstadt/members/{outsider.pk}/end/", "post"),
        (f"/n/rheinstadt/members/{outsider.pk}/roles/", "post"),
        (f"/n/rheinstadt/organisations/{outsider.organisation_id}/edit/", "get"),
        (f"/n/rheinstadt/bodies/{body.pk}/", "get"),
        (f"/n/rheinstadt/bodies/{body.pk}/edit/", "get"),
        (f"/n/rheinstadt/bodies/{body.pk}/members/{seat.pk}/remove/", "post"),
        (f"/n/rheinstadt/invitations/{invitation.pk}/revoke/", "post"),
        (f"/n/rheinstadt/api-tokens/{token.pk}/revoke/", "post"),
    ]:
        response = getattr(coordinator_client, method)(url, {"roles": ["member"]})
        assert response.status_code == 404, url
    with scopes_disabled():
        assert Membership.objects.get(pk=outsider.pk).is_active
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_the_absolute_limit_holds_where_the_scope_does_not(coordinator, outsider, network_b):
    """Even handed an object of another network (a script without a scope), the services
    refuse: limit.same_network, a 404 for the caller."""
    with scope(network=network_b.pk):
        body = factories.make_body(network_b)
    with scopes_disabled(), pytest.raises(policy.Denied) as denied:
        services.body_update(by=coordinator, body=body, name="Fremd", kind="strategic")
    assert (denied.value.decision.rule, denied.value.status) == ("limit.same_network", 404)


# --- pre-filters agree with the policy --------------------------------------------------------

def _disagreements() -> list[tuple]:
    """For every active member and every object of each pre-filtered type, in every network:
    listed by the pre-filter exactly when the policy permits the pre-filter's action."""
    found = []
    with scopes_disabled():
        actors = list(Membership.objects.active().select_related("network"))
        objects = {action: list(model.objects.all()) for action, model in MODELS.items()}
    for actor in actors:
        with scope(network=actor.network_id):
            for prefilter, action in [*POLICY_PREFILTERS, *API_PREFILTERS]:
                listed = set(prefilter(membership=actor).values_list("pk", flat=True))
                decisions = policy.decide_many(actor, action, objects[action], purpose="view")
                for obj, decision in zip(objects[action], decisions, strict=True):
                    if (obj.pk in listed) != decision.allowed:
                        found.append((actor.pk, action, obj.pk, decision.rule))
    assert sum(len(objs) for objs in objects.values()) > 0
    return found


def test_prefilters_agree_with_the_policy_in_the_security_world(db):
    world = build_world()
    with scope(network=world.a.pk):  # a former member, seen by coordinators only
        former = factories.make_member(world.a, email="former.member@example.test")
        services.membership_end(by=world.a_coordinator, membership=former)
    assert _disagreements() == []


@pytest.mark.django_db(transaction=False)
def test_prefilters_agree_with_the_policy_on_the_demo_data():
    with transaction.atomic():
        with override_settings(ACCORD_ENV="dev"):
            call_command("demo", stdout=None)
        assert _disagreements() == []
        transaction.set_rollback(True)
