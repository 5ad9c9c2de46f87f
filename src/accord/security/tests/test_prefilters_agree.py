"""List pre-filters and the policy agree on every object (issue 9, "Done when").

For every pre-filter an app registered (accord.policy.prefilters), on the demo data and on the
security world: for every membership of every network and every object of the model in that
network, the object is listed by prefilter(membership) exactly when decide(membership,
action, object, purpose=…) permits. A failure names the actor, the object and the side: listed
though the policy denies it (which rule), or permitted (by which rule) though not listed.

Nothing registered is a failure too, so the test cannot pass by checking nothing.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from accord.policy import decide_many, prefilters
from accord.security.world import build_role_world
from accord.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def _load_demo() -> None:
    with override_settings(ACCORD_ENV="dev"):
        call_command("demo", stdout=None)
    # The demo holds no API token; the first member of each network makes one, so that the
    # token list's pre-filter has something to list to one member and hide from the others.
    from accord.api.services import api_token_create

    with scopes_disabled():
        firsts = [Membership.objects.filter(network=network).order_by("pk").first()
                  for network in {m.network for m in Membership.objects.select_related("network")}]
    for membership in firsts:
        with scope(network=membership.network_id):
            api_token_create(membership=membership, name="Demo-Schlüssel")


def _load_security_world() -> None:
    build_role_world()


DATA = {"demo": _load_demo, "security world": _load_security_world}


def _listed(entry: prefilters.Prefilter, membership) -> set:
    found = entry.prefilter(membership)
    if isinstance(found, QuerySet):
        return set(found.values_list("pk", flat=True))
    return {obj.pk for obj in found}


def _actor(membership) -> str:
    return (f"{membership.user.full_name} ({', '.join(membership.roles)}; "
            f"{membership.network.slug}, membership {membership.pk})")


def disagreements(entry: prefilters.Prefilter) -> tuple[list[str], int]:
    """Every (membership, object) on which the pre-filter and the policy differ, and how many
    pairs were compared."""
    found, compared = [], 0
    with scopes_disabled():
        memberships = list(Membership.objects.select_related("user", "network")
                           .order_by("network_id", "pk"))
    for membership in memberships:
        with scope(network=membership.network_id):
            objects = list(entry.model.objects.filter(network_id=membership.network_id)
                           .order_by("pk"))
            listed = _listed(entry, membership)
            decisions = decide_many(membership, entry.action, objects, purpose=entry.purpose)
        own = {obj.pk for obj in objects}
        for pk in sorted(listed - own):
            found.append(f"{_actor(membership)}: {entry.model.__name__} {pk} is listed but is "
                         "not of the membership's network")
        for obj, decision in zip(objects, decisions, strict=True):
            compared += 1
            where = f"{_actor(membership)}, {entry.model.__name__} {obj.pk} «{obj}»"
            if obj.pk in listed and not decision.allowed:
                found.append(f"{where}: listed by the pre-filter, denied by the policy "
                             f"({decision.rule})")
            elif obj.pk not in listed and decision.allowed:
                found.append(f"{where}: permitted by the policy ({decision.rule}), hidden by "
                             "the pre-filter")
    return found, compared


@pytest.mark.parametrize("data", DATA)
def test_every_list_prefilter_agrees_with_the_policy_on_every_object(data):
    registered = prefilters.registered()
    assert registered, (
        "No list pre-filter is registered, so nothing proves that lists agree with the policy. "
        "Each app registers every pre-filter it keeps in its AppConfig.ready(): "
        "accord.policy.prefilters.register(action, Model, prefilter_function, purpose=…)")
    DATA[data]()
    failures, compared = [], 0
    for entry in registered:
        found, pairs = disagreements(entry)
        compared += pairs
        assert pairs, f"{entry.name}: no (membership, object) pair on the {data} to compare"
        failures += [f"{entry.name}: {line}" for line in found]
    ContentType.objects.clear_cache()
    assert not failures, (f"{len(failures)} of {compared} pairs disagree on the {data}:\n"
                          + "\n".join(failures))


def test_the_agreement_check_sees_a_prefilter_that_lists_too_much(monkeypatch):
    """The control: a pre-filter that lists every body to a member whom the policy does not let
    administer them disagrees, naming the actor, the object and the side."""
    from accord.testing import factories

    network = factories.make_network()
    factories.make_member(network)
    factories.make_body(network, name="Arbeitskreis Kontrolle")
    monkeypatch.setattr(prefilters, "_REGISTERED", {})
    from accord.tenancy.models import Body

    prefilters.register("network.administer", Body,
                        lambda m: Body.objects.filter(network_id=m.network_id),
                        purpose="administer")

    found, compared = disagreements(prefilters.registered()[0])

    assert compared >= 1
    assert any("Arbeitskreis Kontrolle" in line and "listed by the pre-filter, denied" in line
               for line in found), found
