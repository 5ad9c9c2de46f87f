"""Writes of the level system."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter.models import Level
from accord.charter.services._common import audit, changed_fields, permit
from accord.tenancy.models import Membership

LEVEL_FIELDS = ("number", "name", "admits", "min_severity", "topics")


def _unique(level: Level) -> None:
    clash = Level.objects.filter(network=level.network, number=level.number)
    if level.pk:
        clash = clash.exclude(pk=level.pk)
    if clash.exists():
        raise ValidationError({"number": _("There is already a level with this number.")})


@transaction.atomic
def level_create(*, membership: Membership, **values) -> Level:
    """Add a level. Editors only; audited."""
    permit(membership, "charter.edit")
    level = Level(network=membership.network,
                  **{k: v for k, v in values.items() if k in LEVEL_FIELDS})
    level.full_clean(validate_unique=False, validate_constraints=False)
    _unique(level)
    level.save()
    audit(membership, "level.created", level, {"fields": sorted(values)})
    return level


@transaction.atomic
def level_update(*, membership: Membership, level: Level, **values) -> Level:
    permit(membership, "charter.edit", level)
    level = Level.objects.select_for_update().get(pk=level.pk)
    changed = changed_fields(level, {k: v for k, v in values.items() if k in LEVEL_FIELDS})
    if changed:
        level.full_clean(validate_unique=False, validate_constraints=False)
        _unique(level)
        level.save()
        audit(membership, "level.updated", level, {"fields": changed})
    return level


@transaction.atomic
def level_delete(*, membership: Membership, level: Level) -> None:
    permit(membership, "charter.edit", level)
    audit(membership, "level.deleted", level, {})
    level.delete()
