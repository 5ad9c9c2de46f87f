"""How the meetings app's objects appear to the policy (policies/meetings.cedar): one bulk
attribute builder per model, registered in MeetingsConfig.ready().

Each builder answers for a whole list with a constant number of queries (one per relation,
never one per object): a list page of 50 entries decides them in one go. What a rule reads
from a related row (an entry's room, its meeting's officers) is flattened into the resource's
own attributes, so a decision needs no entity but the resource and the actor.

Sensitive reads (issue 9, Deliver 3) are those whose adapter names categories: minutes
entries beyond network visibility, call logs, and whatever a guest reads.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from accord.policy.entities import ref, refs, register, register_principal

# Visibility choices (models.Visibility) whose text every reader of the body may read.
OPEN = ("network", "not_recorded")


# While a page reads one meeting's minutes (selectors.minutes_record), the rooms, guests and
# `present` entries of its items are loaded once and shared by every decision on its items and
# entries; outside it each builder asks for what it needs.
_FACTS: ContextVar[dict | None] = ContextVar("meetings_policy_facts", default=None)


@contextmanager
def facts_of(meeting: Any) -> Iterator[None]:
    token = _FACTS.set({"meeting": meeting.pk})
    try:
        yield
    finally:
        _FACTS.reset(token)


def _shared(name: str, meeting_ids: set, load) -> Any:
    facts = _FACTS.get()
    if facts is None or meeting_ids != {facts["meeting"]}:
        return None
    if name not in facts:
        facts[name] = load({"item__meeting_id": facts["meeting"]})
    return facts[name]


def _cached(obj: Any, name: str) -> Any:
    return obj._state.fields_cache.get(name)


def _meetings(objs: Iterable[Any], attr: str = "meeting_id") -> dict[int, Any]:
    """The meetings of `objs` by pk: those already loaded, the rest in one query."""
    from accord.meetings.models import Meeting

    found: dict[int, Any] = {}
    for obj in objs:
        meeting = _cached(obj, attr.removesuffix("_id"))
        if meeting is not None:
            found[meeting.pk] = meeting
    missing = {getattr(o, attr) for o in objs} - set(found) - {None}
    if missing:
        found.update({m.pk: m for m in Meeting.objects.filter(pk__in=missing).only(
            "pk", "network_id", "body_id", "chair_id", "secretary_id", "state")})
    return found


def _officers(meeting: Any) -> list:
    if meeting is None:
        return []
    return refs("Member", (meeting.chair_id, meeting.secretary_id))


def _presences(lookup: dict) -> list:
    from accord.meetings.models import ItemPresence

    return list(ItemPresence.objects.filter(**lookup).select_related("membership__user",
                                                                      "guest"))


def shared_presences(meeting_pk: int) -> list | None:
    """The meeting's presence rows (with people) while facts_of(meeting) is active: the page
    shows the rooms it decided with, from the same load."""
    return _shared("presences", {meeting_pk}, _presences)


def _rooms(item_ids: set[int], meeting_ids: set = frozenset()) -> tuple[dict, dict]:
    """Who was recorded present for each item: members and guests."""
    rows = _shared("presences", meeting_ids, _presences)
    if rows is None:
        return _load_rooms({"item_id__in": item_ids})
    members: dict[int, list] = defaultdict(list)
    guests: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.membership_id is not None:
            members[row.item_id].append(row.membership_id)
        if row.guest_id is not None:
            guests[row.item_id].append(row.guest_id)
    return members, guests


def _load_rooms(lookup: dict) -> tuple[dict, dict]:
    from accord.meetings.models import ItemPresence

    members: dict[int, list] = defaultdict(list)
    guests: dict[int, list] = defaultdict(list)
    for item_id, membership_id, guest_id in ItemPresence.objects.filter(
            **lookup).values_list("item_id", "membership_id", "guest_id"):
        if membership_id is not None:
            members[item_id].append(membership_id)
        if guest_id is not None:
            guests[item_id].append(guest_id)
    return members, guests


def _item_guests(item_ids: set[int], meeting_ids: set = frozenset()) -> dict[int, list]:
    shared = _shared("guests", meeting_ids, lambda lookup: _load_guests(
        {"agendaitem__meeting_id": lookup["item__meeting_id"]}))
    return shared if shared is not None else _load_guests({"agendaitem_id__in": item_ids})


def _load_guests(lookup: dict) -> dict[int, list]:
    from accord.meetings.models import GuestInvitation

    invited: dict[int, list] = defaultdict(list)
    for item_id, guest_id in GuestInvitation.items.through.objects.filter(
            **lookup).values_list("agendaitem_id", "guestinvitation_id"):
        invited[item_id].append(guest_id)
    return invited


def _restricted(items: Sequence[Any]) -> set[int]:
    """Items whose record follows their `present` minutes (visibility._restricted_items)."""
    from accord.meetings.models import AgendaItemKind, MinuteEntry

    def load(lookup: dict) -> set[int]:
        return set(MinuteEntry.objects.filter(visibility="present", **lookup)
                   .values_list("item_id", flat=True))

    minuted_present = _shared("minuted_present", {i.meeting_id for i in items}, load)
    if minuted_present is None:
        minuted_present = load({"item_id__in": [i.pk for i in items]})
    return {i.pk for i in items
            if i.confidential or i.kind == AgendaItemKind.CASE or i.pk in minuted_present}


def meeting_attrs(meetings: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", m.network_id), "body": ref("Body", m.body_id),
             "officers": _officers(m), "state": m.state} for m in meetings]


def item_attrs(items: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.meetings.models import MeetingState

    ids = {i.pk for i in items}
    meetings = _meetings(items)
    meeting_ids = set(meetings)
    members, guests_present = _rooms(ids, meeting_ids)
    invited = _item_guests(ids, meeting_ids)
    restricted = _restricted(items)
    result = []
    for item in items:
        meeting = meetings[item.meeting_id]
        result.append({
            "network": ref("Network", item.network_id),
            "meeting": ref("Meeting", item.meeting_id), "body": ref("Body", meeting.body_id),
            "officers": _officers(meeting), "confidential": item.confidential,
            "restricted": item.pk in restricted, "present": refs("Member", members[item.pk]),
            "guests": refs("Guest", invited[item.pk]),
            "guests_present": refs("Guest", guests_present[item.pk]),
            "minutes_approved": meeting.state == MeetingState.MINUTES_APPROVED,
        })
    return result


def entry_attrs(entries: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.meetings.models import AgendaItem, MinuteStatus

    item_ids = {e.item_id for e in entries}
    items = {e.item_id: _cached(e, "item") for e in entries if _cached(e, "item") is not None}
    if item_ids - set(items):
        items.update({i.pk: i for i in AgendaItem.objects.filter(
            pk__in=item_ids - set(items)).only("pk", "meeting_id")})
    meetings = _meetings(items.values())
    meeting_ids = set(meetings)
    members, guests_present = _rooms(item_ids, meeting_ids)
    invited = _item_guests(item_ids, meeting_ids)
    result = []
    for entry in entries:
        meeting = meetings[items[entry.item_id].meeting_id]
        result.append({
            "network": ref("Network", entry.network_id), "meeting": ref("Meeting", meeting.pk),
            "body": ref("Body", meeting.body_id), "officers": _officers(meeting),
            "item": ref("AgendaItem", entry.item_id), "visibility": entry.visibility,
            "approved": entry.status == MinuteStatus.APPROVED,
            "present": refs("Member", members[entry.item_id]),
            "guests": refs("Guest", invited[entry.item_id]),
            "guests_present": refs("Guest", guests_present[entry.item_id]),
        })
    return result


def entry_categories(entry: Any) -> list[str]:
    # Beyond network visibility: a read of a `present` entry is recorded. A `not recorded`
    # entry stores no text, so reading it tells nothing worth recording.
    return ["minutes_present"] if entry.visibility == "present" else []


def decision_attrs(decisions: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.meetings.models import AgendaItem, Attendance, AttendanceStatus

    meetings = _meetings(decisions)
    item_ids = {d.item_id for d in decisions if d.item_id is not None}
    items = list(AgendaItem.objects.filter(pk__in=item_ids).only("pk", "confidential", "kind"))
    restricted = _restricted(items)
    members, _guests = _rooms(item_ids)
    at_meeting: dict[int, list] = defaultdict(list)
    without_item = {d.meeting_id for d in decisions if d.item_id is None and d.meeting_id}
    for meeting_id, membership_id in Attendance.objects.filter(
            meeting_id__in=without_item, status=AttendanceStatus.PRESENT).values_list(
            "meeting_id", "membership_id"):
        at_meeting[meeting_id].append(membership_id)
    result = []
    for decision in decisions:
        present = members[decision.item_id] if decision.item_id is not None else []
        room = present if decision.item_id is not None else at_meeting[decision.meeting_id]
        result.append({
            "network": ref("Network", decision.network_id), "body": ref("Body", decision.body_id),
            "officers": _officers(meetings.get(decision.meeting_id)),
            "in_meeting": decision.meeting_id is not None,
            "restricted": decision.item_id in restricted,
            "present": refs("Member", present), "room": refs("Member", room),
        })
    return result


def action_attrs(actions: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", a.network_id), "body": ref("Body", a.body_id),
             "owner": refs("Member", [a.owner_id]),
             "owner_organisation": ref("Organisation", a.owner_organisation_id)}
            for a in actions]


def call_attrs(logs: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.meetings.models import CallLog

    participants: dict[int, list] = defaultdict(list)
    for log_id, membership_id in CallLog.participants.through.objects.filter(
            calllog_id__in=[log.pk for log in logs]).values_list("calllog_id", "membership_id"):
        participants[log_id].append(membership_id)
    return [{"network": ref("Network", log.network_id), "body": ref("Body", log.body_id),
             "visibility": log.visibility, "participants": refs("Member", participants[log.pk])}
            for log in logs]


def series_attrs(series: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", s.network_id), "body": ref("Body", s.body_id)}
            for s in series]


def invitation_attrs(invitations: Sequence[Any]) -> list[dict[str, Any]]:
    meetings = _meetings(invitations)
    return [{"network": ref("Network", i.network_id), "meeting": ref("Meeting", i.meeting_id),
             "body": ref("Body", meetings[i.meeting_id].body_id),
             "officers": _officers(meetings[i.meeting_id])} for i in invitations]


def guest_attrs(invitations: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", i.network_id), "meeting": ref("Meeting", i.meeting_id)}
            for i in invitations]


def register_meetings() -> None:
    from accord.meetings.models import (
        ActionItem,
        AgendaItem,
        CallLog,
        Decision,
        GuestInvitation,
        Meeting,
        MeetingSeries,
        MinuteEntry,
    )
    register(Meeting, type="Meeting", attrs=meeting_attrs, exists_action="meeting.see")
    register(AgendaItem, type="AgendaItem", attrs=item_attrs, exists_action="agenda_item.see")
    # A `present` entry someone may not read does not exist for them (today's 404), so the
    # read itself is the existence check.
    register(MinuteEntry, type="MinuteEntry", attrs=entry_attrs,
             exists_action="minute_entry.read", categories=entry_categories)
    register(Decision, type="Decision", attrs=decision_attrs, exists_action="decision.read")
    register(ActionItem, type="ActionItem", attrs=action_attrs,
             exists_action="action_item.view")
    register(CallLog, type="CallLog", attrs=call_attrs, exists_action="call_log.read",
             categories=lambda log: ["call_log"])
    register(MeetingSeries, type="MeetingSeries", attrs=series_attrs,
             exists_action="series.view")
    register(GuestInvitation, type="GuestInvitation", attrs=invitation_attrs,
             exists_action="")
    register_principal(GuestInvitation, type="Guest", attrs=guest_attrs)
