"""The list pre-filters agree with the policy (issue 9, Deliver 2; POLICY.md).

For every kept pre-filter (visibility.PREFILTERS), every actor and every object of its type:
the object is listed by the pre-filter exactly when the policy permits the action it stands
for. Nothing listed that the policy denies, nothing hidden that it permits. Checked on the
demo data (four networks, every role) and on the security suite's world (two networks, where
every object of the other network must be refused too).
"""

from collections import Counter

import pytest
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from accord import policy
from accord.meetings.models import GuestInvitation, MinuteEntry
from accord.meetings.visibility import GUEST_PREFILTER, PREFILTERS
from accord.tenancy.models import Membership, Network

pytestmark = pytest.mark.django_db


def _disagreements(networks) -> tuple[list[str], Counter]:
    """Every (pre-filter, actor, object) where the two answers differ; and how many objects
    each pre-filter listed and hid, so that a check that compared nothing cannot pass."""
    found, seen = [], Counter()
    with scopes_disabled():
        universe = {p.model: list(p.model.objects.all()) for p in PREFILTERS}
        actors = list(Membership.objects.filter(network__in=networks)
                      .select_related("network", "organisation"))
        guests = list(GuestInvitation.objects.filter(network__in=networks)
                      .select_related("meeting"))
        entries = list(MinuteEntry.objects.all())
    for actor in actors:
        with scope(network=actor.network_id):
            for prefilter in PREFILTERS:
                listed = set(prefilter.rows(actor).values_list("pk", flat=True))
                objects = universe[prefilter.model]
                with scopes_disabled():  # the other network's objects too: all refused
                    decisions = policy.decide_many(actor, prefilter.action, objects,
                                                   purpose="view")
                for obj, decision in zip(objects, decisions, strict=True):
                    seen[prefilter.name, decision.allowed] += 1
                    if (obj.pk in listed) != decision.allowed:
                        found.append(f"{prefilter.name}: {actor} / {obj!r} #{obj.pk}: listed "
                                     f"{obj.pk in listed}, policy {decision.rule}")
    for guest in guests:
        with scope(network=guest.network_id):
            listed = set(GUEST_PREFILTER.rows(guest).values_list("pk", flat=True))
            with scopes_disabled():
                decisions = policy.decide_many(guest, GUEST_PREFILTER.action, entries,
                                               purpose="guest")
            for entry, decision in zip(entries, decisions, strict=True):
                seen[GUEST_PREFILTER.name, decision.allowed] += 1
                if (entry.pk in listed) != decision.allowed:
                    found.append(f"guest {guest.pk} / entry #{entry.pk}: listed "
                                 f"{entry.pk in listed}, policy {decision.rule}")
    return found, seen


def _assert_agree(networks, *, guests: bool) -> None:
    found, seen = _disagreements(networks)
    assert found == []
    for prefilter in PREFILTERS + ((GUEST_PREFILTER,) if guests else ()):
        # Each pre-filter both listed and hid something here: the comparison had teeth.
        assert seen[prefilter.name, True] and seen[prefilter.name, False], prefilter.name


def test_the_pre_filters_agree_with_the_policy_on_the_demo_data():
    from accord.demo.loader import demo_load

    with override_settings(ACCORD_ENV="dev"):
        demo_load()
    with scopes_disabled():
        networks = list(Network.objects.all())
        # The demo holds what the rules tell apart: entries among those present.
        assert MinuteEntry.objects.filter(visibility="present").exists()
    _assert_agree(networks, guests=True)


def test_the_pre_filters_agree_with_the_policy_on_the_security_world():
    from accord.security.world import build_world

    world = build_world()
    _assert_agree([world.a, world.b], guests=False)
