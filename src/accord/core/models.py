"""The one base of every network-owned row (DESIGN.md, mechanism 1: network scope).

It lives in core, not beside Network in tenancy, so that every app can derive from it without
importing tenancy (the API's tokens and tenancy itself included); its `network` key names the
model by label. A `network` foreign key without this base is refused at start-up
(core/checks.py, accord.E010).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def network_scoped(**extra) -> models.Manager:
    """The one way a network-owned model gets its manager: a query outside the active
    network's scope raises instead of leaking across networks."""
    return ScopedManager(network="network", **extra)


class NetworkOwned(models.Model):
    """A row of one network, which may point only at rows of the same network.

    A subclass may declare `network` again (its own related_name) and its own manager, as long
    as the manager is `network_scoped(...)`; its clean() calls super().clean().
    """

    network = models.ForeignKey("tenancy.Network", on_delete=models.CASCADE, related_name="+")

    objects = network_scoped()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        validate_same_network(self)


def _network_owned_keys(instance: models.Model) -> list[str]:
    return [field.name for field in instance._meta.concrete_fields
            if field.many_to_one and field.name != "network"
            and issubclass(field.related_model, NetworkOwned)]


def validate_same_network(instance: models.Model, *fields: str) -> None:
    """Every key of `instance` to another network-owned row (or only `fields`) points into the
    instance's own network; else one error per key. An empty key is the field's own business.
    A row already loaded is not fetched again."""
    errors = {}
    for field in fields or _network_owned_keys(instance):
        if getattr(instance, f"{field}_id", None) is None or instance.network_id is None:
            continue
        if getattr(instance, field).network_id != instance.network_id:
            errors[field] = _("Choose an entry of this network.")
    if errors:
        raise ValidationError(errors)
