"""What every charter service shares: the permission gate and the audit call."""

import calendar
from datetime import date
from typing import Any

from django.db import models

from accord import policy
from accord.audit.services import audit_record
from accord.charter.policy_entities import Charter
from accord.tenancy.models import Membership

# The services ask for their own purpose: the page or API operation that calls them has
# already asked for its own (defence in depth, as every service checks).
PURPOSE = "charter"

# COMPATIBILITY ONLY: meetings/services/charter_link.py (adopt_version) catches NotPermitted
# around version_adopt; the services raise accord.policy.Denied. Remove with that change.
NotPermitted = policy.Denied


def permit(membership: Membership, action: str, resource: Any = None) -> None:
    """Go on only if the policy permits `action` on `resource` (the network's Charter when
    None, for creating things in it); otherwise `accord.policy.Denied` propagates."""
    if resource is None:
        resource = Charter(network=membership.network)
    policy.require(membership, action, resource, purpose=PURPOSE)


def audit(membership: Membership, action: str, obj: models.Model,
          summary: dict[str, Any] | None = None) -> None:
    audit_record(network=membership.network, actor=membership.user, action=action, obj=obj,
                 summary=summary or {})


def changed_fields(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values on obj and name the fields that really changed (never their contents)."""
    changed = []
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))
