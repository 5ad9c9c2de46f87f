"""Reads of the audit trail for the audit page and its export.

Each selector takes the acting membership and refuses (PermissionDenied) anyone who is neither
a coordinator nor a privacy officer. They run inside the network scope the request opened, so
they only ever see the network's own chain.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord.audit.models import AuditEvent
from accord.tenancy.models import Membership, Role
from accord.tenancy.selectors import network_members

AUDIT_ROLES = (Role.COORDINATOR, Role.PRIVACY_OFFICER)
VERIFIED_ACTION = "audit.chain_verified"


def can_view_audit(membership: Membership | None) -> bool:
    return membership is not None and membership.has_role(*AUDIT_ROLES)


def require_audit_role(membership: Membership) -> None:
    if not can_view_audit(membership):
        raise PermissionDenied(_("Only the network's coordinators and privacy officers may see "
                                 "the audit log."))


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page's visitor narrowed the trail down to; dates in the network's zone."""

    actor: Membership | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_summary(self) -> dict[str, Any]:
        """The filters as stored in the `audit.exported` event: ids and codes, no names."""
        values = {
            "actor_membership": self.actor.pk if self.actor else None,
            "action": self.action, "object_type": self.object_type,
            "object_id": self.object_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}


def _network_events(membership: Membership) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(network=membership.network)


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def audit_events(*, membership: Membership, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The network's events, newest first (index audit_network_time), narrowed by `filters`."""
    require_audit_role(membership)
    events = _network_events(membership)
    if filters.actor is not None:
        events = events.filter(actor_id=filters.actor.user_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id__icontains=filters.object_id)
    zone = ZoneInfo(membership.network.time_zone)
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from, zone))
    if filters.date_to:
        events = events.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1),
                                                          zone))
    return events.order_by("-created_at", "-id")


def audit_actions_present(*, membership: Membership) -> list[str]:
    require_audit_role(membership)
    return list(_network_events(membership).order_by("action")
                .values_list("action", flat=True).distinct())


def audit_object_types_present(*, membership: Membership) -> list[str]:
    require_audit_role(membership)
    return list(_network_events(membership).exclude(object_type="").order_by("object_type")
                .values_list("object_type", flat=True).distinct())


def audit_actor_choices(*, membership: Membership) -> QuerySet[Membership]:
    """Everyone who is or was a member: former members' events stay in the trail."""
    require_audit_role(membership)
    return network_members(network=membership.network, include_former=True)


def audit_last_verification(*, membership: Membership) -> AuditEvent | None:
    """The latest verification of the network's chain run from the audit page."""
    require_audit_role(membership)
    return _network_events(membership).filter(action=VERIFIED_ACTION).order_by(
        "-created_at", "-id").first()
