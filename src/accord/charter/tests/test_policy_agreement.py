"""The charter's one SQL pre-filter agrees with the policy on every object (issue 9, 2).

The document and version lists (pages and API) filter by the version statuses a member may
read (selectors.version_statuses_seen_by). For every membership of the demo's networks and of
the security suite's world, and every document and version there, of its own network and of
the others: listed by the pre-filter <=> permitted by the policy. Nothing listed that the
policy denies, nothing hidden that it permits.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from accord import policy
from accord.charter import selectors
from accord.charter.models import CharterDocument, CharterVersion
from accord.security.world import build_world
from accord.tenancy.models import Membership, Network

# (pre-filter, action): what each list shows must be what the policy permits.
PAIRS = (
    (selectors.versions_seen_by, CharterVersion, "charter_version.view"),
    (selectors.documents_seen_by, CharterDocument, "charter_document.view"),
)


def _disagreements() -> tuple[list[str], int]:
    found, checked = [], 0
    with scopes_disabled():
        networks = list(Network.objects.order_by("pk"))
        memberships = list(Membership.objects.order_by("pk"))
        for prefilter, model, action in PAIRS:
            for network in networks:
                objects = list(model.objects.filter(network=network).order_by("pk"))
                for membership in memberships:
                    listed = set(prefilter(membership, network).values_list("pk", flat=True))
                    decisions = policy.decide_many(membership, action, objects, purpose="view")
                    for obj, decision in zip(objects, decisions, strict=True):
                        checked += 1
                        if (obj.pk in listed) != decision.allowed:
                            found.append(f"{membership} {action} {model.__name__} {obj.pk}: "
                                         f"listed={obj.pk in listed} rule={decision.rule}")
    return found, checked


@pytest.fixture(scope="module")
def demo_agreement(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(ACCORD_ENV="dev"):
            call_command("demo", stdout=None)
        result = _disagreements()
        transaction.set_rollback(True)
    return result


def test_the_list_pre_filter_agrees_with_the_policy_on_the_demo(demo_agreement):
    disagreements, checked = demo_agreement
    assert checked > 500  # the demo's networks, their members and their texts, crossed
    assert disagreements == []


@pytest.mark.django_db
def test_the_list_pre_filter_agrees_with_the_policy_in_the_security_world():
    world = build_world()
    disagreements, checked = _disagreements()
    with scopes_disabled():
        own = CharterVersion.objects.filter(network=world.a).count()
    assert own > 0 and checked > own
    assert disagreements == []
