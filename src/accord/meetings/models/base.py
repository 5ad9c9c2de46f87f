from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def same_network(instance, *fields: str) -> None:
    """A meetings row may only point at rows of its own network (never across networks)."""
    errors = {}
    for field in fields:
        if getattr(instance, f"{field}_id", None) is None:
            continue
        if getattr(instance, field).network_id != instance.network_id:
            errors[field] = _("Choose an entry of this network.")
    if errors:
        raise ValidationError(errors)
