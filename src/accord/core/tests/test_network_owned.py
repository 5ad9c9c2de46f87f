"""One base for every network-owned row (issue 9, item 6): its keys stay inside the network,
and a model that belongs to a network without it is refused at start-up."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django_scopes import scope

from accord.charter.models import Goal
from accord.core.checks import network_owned_errors
from accord.core.models import NetworkOwned
from accord.testing import factories


def test_every_model_with_a_network_derives_from_network_owned():
    assert network_owned_errors(apps.get_models()) == []
    owned = [m for m in apps.get_models() if issubclass(m, NetworkOwned)]
    assert {"tenancy.Membership", "charter.Goal", "meetings.Meeting", "api.ApiToken"} <= {
        m._meta.label for m in owned}


@isolate_apps("accord.core")
def test_a_model_with_a_network_but_not_the_base_is_refused_and_names_itself():
    class Loose(models.Model):  # noqa: DJ008 (a throwaway model)
        network = models.ForeignKey("tenancy.Network", on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Owned(NetworkOwned):
        class Meta:
            app_label = "core"

    errors = network_owned_errors([Loose, Owned])

    assert [(e.id, e.obj) for e in errors] == [("accord.E010", Loose)]
    assert "core.Loose" in errors[0].msg


@pytest.mark.django_db
def test_a_goal_owned_by_another_networks_organisation_is_refused(network_a, network_b):
    stranger = factories.make_organisation(network_b, name="Jeugdzorg Scheldemonde")
    goal = Goal(network=network_a, statement="Fewer late referrals",
                owner_organisation=stranger)

    with scope(network=network_a.pk), pytest.raises(ValidationError) as refused:
        goal.full_clean()

    assert refused.value.message_dict == {
        "owner_organisation": ["Choose an entry of this network."]}
