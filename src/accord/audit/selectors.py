"""Reads of the audit trail for the audit page and its export.

Each selector takes the acting membership and asks accord.policy (audit.view on the network, for
oversight): coordinators and privacy officers read the trail, anyone else gets `Denied` with
the reason. They run inside the network scope the request opened, so
they only ever see the network's own chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Q, QuerySet

from accord import policy
from accord.audit.labels import details_of, object_type_label
from accord.audit.models import AccessRecord, AuditEvent

if TYPE_CHECKING:  # the audit trail lies beneath tenancy: hints only
    from accord.tenancy.models import Membership

VERIFIED_ACTION = "audit.chain_verified"


def _members_ever(membership: Membership) -> QuerySet[Membership]:
    """The network's members, former ones too (their events stay), by the network's reverse
    key: the audit trail lies beneath tenancy and imports none of it."""
    return (membership.network.memberships.select_related("user", "organisation")
            .order_by("user__full_name"))


def _require(membership: Membership, action: str = "audit.view") -> None:
    """The trail is oversight's: the policy says who reads it (audit.coordinator,
    audit.privacy_officer in base.cedar)."""
    policy.require(membership, action, membership.network, purpose="oversight")


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page's visitor narrowed the trail down to; dates in the network's zone."""

    actor: Membership | None = None
    actor_name: str = ""  # part of the name of the member who acted
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_summary(self) -> dict[str, Any]:
        """The filters as stored in the `audit.exported` event: ids and codes, no names."""
        values = {
            "actor_membership": self.actor.pk if self.actor else None,
            "actor_name": self.actor_name,
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
    _require(membership)
    events = _network_events(membership)
    if filters.actor is not None:
        events = events.filter(actor_id=filters.actor.user_id)
    if filters.actor_name:
        named = _members_ever(membership).filter(
            user__full_name__icontains=filters.actor_name)
        events = events.filter(actor_id__in=named.values("user_id"))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        # Exact: "who did what to case 12" must not list case 112 (index audit_object).
        events = events.filter(object_id=filters.object_id)
    zone = ZoneInfo(membership.network.time_zone)
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from, zone))
    if filters.date_to:
        events = events.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1),
                                                          zone))
    return events.select_related("actor_organisation").order_by("-created_at", "-id")


# --- a page of the trail -------------------------------------------------------------------
# A network's trail holds millions of events: the page never counts them (a COUNT over them
# takes longer than the page itself) and never skips rows with OFFSET. It pages by keyset: a
# cursor names the (created_at, id) of the row at the page's edge, and the next page starts
# after it along the index audit_network_time. One row more than a page tells whether there is
# another page.

_CURSOR = re.compile(r"^(\d{1,19})-(\d{1,19})$")
_EPOCH_START = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class EventPage:
    """The events of one page, newest first, and cursors for the pages beside it."""

    events: list[AuditEvent]
    newer: str | None  # ?after=… shows the page of newer events
    older: str | None  # ?before=… shows the page of older events
    is_newest: bool  # this page starts at the newest event matching the filters

    @property
    def is_complete(self) -> bool:
        """Every matching event is on this page (so their number is known without a count)."""
        return self.is_newest and self.older is None

    def __iter__(self):
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)


def event_cursor(event: AuditEvent) -> str:
    micros = (event.created_at - _EPOCH_START) // timedelta(microseconds=1)
    return f"{micros}-{event.pk}"


def _parse_cursor(value: str) -> tuple[datetime, int] | None:
    """(created_at, id) from a cursor, or None for anything else (then: the newest page)."""
    match = _CURSOR.match(value or "")
    if not match:
        return None
    try:
        when = _EPOCH_START + timedelta(microseconds=int(match.group(1)))
    except OverflowError:
        return None
    return when, int(match.group(2))


def audit_events_page(*, membership: Membership, filters: AuditFilters, before: str = "",
                      after: str = "", size: int = 50) -> EventPage:
    """One page of `audit_events`: older than the `before` cursor, newer than `after`, or the
    newest. Fetches size + 1 rows, then the rows its details name (one query per type). Each
    event gets `detail_lines`: [(label, value), …] in the reader's language."""
    page = _events_page(membership=membership, filters=filters, before=before, after=after,
                        size=size)
    lines = details_of(page.events)
    for event in page.events:
        event.detail_lines = lines.get(event.pk, [])
    return page


def _events_page(*, membership: Membership, filters: AuditFilters, before: str,
                 after: str, size: int) -> EventPage:
    events = audit_events(membership=membership, filters=filters)
    newer_than = _parse_cursor(after)
    if newer_than is not None:
        when, pk = newer_than
        rows = list(events.filter(Q(created_at__gt=when) | Q(created_at=when, pk__gt=pk),
                                  created_at__gte=when)
                    .order_by("created_at", "id")[:size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return EventPage(rows, newer=event_cursor(rows[0]) if more_newer else None,
                         older=event_cursor(rows[-1]) if rows else None,
                         is_newest=not more_newer)
    older_than = _parse_cursor(before)
    if older_than is not None:
        when, pk = older_than
        events = events.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk),
                               created_at__lte=when)
    rows = list(events[:size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    return EventPage(rows, newer=event_cursor(rows[0]) if older_than and rows else None,
                     older=event_cursor(rows[-1]) if more_older else None,
                     is_newest=older_than is None)


def audit_action_choices(*, membership: Membership) -> list[str]:
    """Every action the registry names: a scan for the actions present in millions of events
    would cost more than the page."""
    from accord.audit.actions import ACTIONS

    _require(membership)
    return list(ACTIONS)


def audit_object_type_choices(*, membership: Membership) -> list[str]:
    """Every Accord model an event can be about ("tenancy.body"), without scanning the trail."""
    _require(membership)
    return sorted((model._meta.label_lower for model in apps.get_models()
                   if model.__module__.startswith("accord.")),
                  key=lambda name: object_type_label(name).casefold())


def audit_actor_choices(*, membership: Membership) -> QuerySet[Membership]:
    """Everyone who is or was a member: former members' events stay in the trail. Only used
    to check a member named in a link (?actor=…); the page asks for a name instead of
    listing thousands of members."""
    _require(membership)
    return _members_ever(membership)


def audit_last_verification(*, membership: Membership) -> AuditEvent | None:
    """The latest verification of the network's chain run from the audit page."""
    _require(membership)
    return _network_events(membership).filter(action=VERIFIED_ACTION).order_by(
        "-created_at", "-id").first()


# --- who read this ---------------------------------------------------------------------------


def access_reads(*, membership: Membership, object_type: str,
                 object_id: str) -> QuerySet[AccessRecord]:
    """Every recorded read of one object of the network, newest first, folded or not: who
    (person and organisation, kept on the record), when, for what purpose, on which decision.
    Exact on the type and id (index access_object)."""
    _require(membership)
    return (AccessRecord.objects.filter(network=membership.network, object_type=object_type,
                                        object_id=object_id)
            .select_related("user", "organisation").order_by("-at", "-id"))
