"""What every charter service shares: the permission gate and the audit call."""

import calendar
from datetime import date
from typing import Any

from django.db import models

from accord.audit.services import audit_record
from accord.charter.permissions import Access, charter_access
from accord.tenancy.models import Membership


class NotPermitted(Exception):
    """The acting membership may not do this; the caller answers 404 (existence is information)."""


def require(membership: Membership, level: Access) -> Access:
    access = charter_access(membership)
    if access < level:
        raise NotPermitted
    return access


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
