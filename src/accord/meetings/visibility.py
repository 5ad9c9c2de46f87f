"""The SQL pre-filters of the meetings app's lists (issue 9, Deliver 2).

The rule is the policy: src/accord/policy/policies/meetings.cedar decides who may see a
meeting, read a minutes entry (`network`: every reader of the body's minutes; `present`: only
those recorded present for the item, plus the meeting's chair and secretary; `not recorded`:
only the fact that the item was discussed, whose text is never stored), read a call log
(network / participants / not recorded), a decision or an item's record. Single objects are
fetched through the selectors (`meeting_for`, `minute_entry_for`, ...), which ask the policy.

A list cannot ask the policy about every row of the network, so it is narrowed here first, in
SQL. Each pre-filter is proven to agree with the policy: PREFILTERS pairs it with the action
it stands for, and tests/test_policy_agreement.py checks, on the demo data and on the security
suite's world, that for every actor and every object the pre-filter lists exactly what the
policy permits. A change to a rule without the same change here fails that test.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemKind,
    CallLog,
    CallVisibility,
    Decision,
    GuestInvitation,
    ItemPresence,
    Meeting,
    MinuteEntry,
    MinuteStatus,
    Visibility,
)
from accord.tenancy.models import Body, BodyMembership, BodyRole, Membership, Role

OPEN_TO_READERS = (Visibility.NETWORK, Visibility.NOT_RECORDED)
CALL_OPEN_TO_READERS = (CallVisibility.NETWORK, CallVisibility.NOT_RECORDED)
# Roles that read content; a person with none of them (a privacy officer only) reads none.
CONTENT_ROLES = (Role.COORDINATOR, Role.MEMBER, Role.CASE_WORKER, Role.OBSERVER)


def default_visibility(item: AgendaItem) -> str:
    """What a new entry of `item` defaults to: a confidential or case item stays among those
    present unless the secretary decides to share it (paper III.4(e))."""
    if item.confidential or item.kind == AgendaItemKind.CASE:
        return Visibility.PRESENT
    return Visibility.NETWORK


def _restricted_items() -> Q:
    """Items whose record is read only by those who may read their `present` minutes: the
    confidential and case items, and any item the secretary minuted (in part) among those
    present. A decision or an action says what was discussed; on such an item it would tell
    a reader who was not in the room what the minutes keep from them."""
    present_entry = MinuteEntry.objects.filter(item=OuterRef("pk"),
                                               visibility=Visibility.PRESENT)
    return (Q(confidential=True) | Q(kind=AgendaItemKind.CASE)
            | Q(Exists(present_entry)))


def decisions_on_record_for(*, meeting: Meeting, items: set[int],
                            meeting_level: bool) -> QuerySet[Decision]:
    """The meeting's decisions on the `items` a reader sees (selectors.items_on_record_for,
    agenda_item.read_record), and with `meeting_level` (a reader of the meeting, never a
    guest) those taken without an item."""
    decisions = Decision.objects.filter(meeting=meeting)
    on_items = Q(item_id__in=items)
    return decisions.filter(on_items | Q(item__isnull=True) if meeting_level else on_items)


def actions_on_record_for(*, meeting: Meeting, items: set[int],
                          meeting_level: bool) -> QuerySet[ActionItem]:
    """Actions agreed at the meeting: on an item, on a decision (which follows its item), or
    on the meeting as a whole; by the same rule as decisions_on_record_for."""
    agreed = (Q(meeting=meeting) | Q(item__meeting=meeting) | Q(decision__meeting=meeting))
    item_of = Q(item_id__in=items) | Q(item__isnull=True, decision__item_id__in=items)
    without_item = Q(item__isnull=True) & (Q(decision__isnull=True)
                                          | Q(decision__item__isnull=True))
    shown = item_of | without_item if meeting_level else item_of
    return ActionItem.objects.filter(agreed).filter(shown).distinct()


def _reads_content(membership: Membership | None) -> bool:
    return membership is not None and bool(set(membership.roles) & set(CONTENT_ROLES))


def bodies_read_by(membership: Membership) -> QuerySet[Body]:
    """The bodies whose minutes `membership` reads (body.read_minutes)."""
    bodies = Body.objects.filter(network_id=membership.network_id)
    if not _reads_content(membership):
        return bodies.none()
    if membership.is_coordinator:
        return bodies
    return bodies.filter(pk__in=BodyMembership.objects.filter(membership=membership)
                         .values("body_id"))


def bodies_planned_by(membership: Membership) -> QuerySet[Body]:
    """The bodies whose meetings `membership` plans (body.plan_meetings)."""
    bodies = Body.objects.filter(network_id=membership.network_id)
    if not _reads_content(membership):
        return bodies.none()
    if membership.is_coordinator:
        return bodies
    return bodies.filter(pk__in=_led_by(membership))


def _led_by(membership: Membership):
    return BodyMembership.objects.filter(
        membership=membership, role__in=[BodyRole.CHAIR, BodyRole.SECRETARY]).values("body_id")


def meetings_seen_by(membership: Membership) -> QuerySet[Meeting]:
    """The meetings whose existence `membership` may see (meeting.see): list pages,
    calendar, API."""
    meetings = Meeting.objects.filter(network_id=membership.network_id)
    if membership.has_role(Role.PRIVACY_OFFICER) or membership.is_coordinator:
        return meetings
    officer = Q(chair=membership) | Q(secretary=membership)
    if not _reads_content(membership):
        return meetings.filter(officer)
    return meetings.filter(Q(body_id__in=bodies_read_by(membership).values("pk")) | officer)


def decisions_on_record_across_meetings(membership: Membership) -> Q:
    """For lists across meetings (the decision register): a decision on a restricted item is
    shown to the meeting's officers and to those present for the item, as on the minutes."""
    present = ItemPresence.objects.filter(membership=membership).values("item_id")
    restricted = AgendaItem.objects.filter(_restricted_items()).values("pk")
    officer = Q(meeting__chair=membership) | Q(meeting__secretary=membership)
    reader = Q(body__in=bodies_read_by(membership).values("pk"))
    return officer | (reader & (Q(item__isnull=True) | ~Q(item_id__in=restricted)
                                | Q(item_id__in=present)))


def decisions_readable_by(membership: Membership) -> QuerySet[Decision]:
    """Every decision `membership` may read (decision.read)."""
    return Decision.objects.filter(network_id=membership.network_id).filter(
        decisions_on_record_across_meetings(membership))


def minute_entries_readable_by(*, membership: Membership) -> QuerySet[MinuteEntry]:
    """Every minutes entry of every meeting this person may read (minute_entry.read): the
    officers of a meeting read all of its entries; readers of the body the open ones and the
    `present` ones of items they were recorded present for."""
    if membership is None:
        return MinuteEntry.objects.none()
    officer = Q(item__meeting__chair=membership) | Q(item__meeting__secretary=membership)
    entries = MinuteEntry.objects.filter(network_id=membership.network_id)
    if not _reads_content(membership):
        return entries.filter(officer)
    bodies = bodies_read_by(membership).values("pk")
    present_items = ItemPresence.objects.filter(membership=membership).values("item_id")
    return entries.filter(officer | (Q(item__meeting__body__in=bodies) & (
        Q(visibility__in=OPEN_TO_READERS)
        | Q(visibility=Visibility.PRESENT, item_id__in=present_items))))


def minute_entries_visible_to(*, meeting: Meeting, membership: Membership | None = None,
                              guest: GuestInvitation | None = None) -> QuerySet[MinuteEntry]:
    """The meeting's minutes entries this reader may see (minute_entry.read), nothing else."""
    if guest is not None:
        entries = MinuteEntry.objects.filter(item__meeting=meeting)
        return _visible_to_guest(entries, meeting=meeting, guest=guest).select_related("item")
    return (minute_entries_readable_by(membership=membership).filter(item__meeting=meeting)
            .select_related("item"))


def minute_entries_of_guest(guest: GuestInvitation) -> QuerySet[MinuteEntry]:
    return minute_entries_visible_to(meeting=guest.meeting, guest=guest)


def _visible_to_guest(entries, *, meeting: Meeting, guest: GuestInvitation):
    if guest.meeting_id != meeting.pk:
        return entries.none()
    present_items = ItemPresence.objects.filter(guest=guest).values("item_id")
    return entries.filter(
        item__in=guest.items.all(), status=MinuteStatus.APPROVED,
    ).filter(Q(visibility__in=OPEN_TO_READERS)
             | Q(visibility=Visibility.PRESENT, item_id__in=present_items))


def call_logs_visible_to(*, membership: Membership) -> QuerySet[CallLog]:
    """Call logs of the bodies this person reads (call_log.read): `network` and `not
    recorded` logs to every reader; `participants` logs to the people on the call and the
    body's chair and secretary (who review the log at the next meeting)."""
    logs = CallLog.objects.filter(body__in=bodies_read_by(membership))
    return logs.filter(
        Q(visibility__in=CALL_OPEN_TO_READERS)
        | Q(visibility=CallVisibility.PARTICIPANTS, participants=membership)
        | Q(visibility=CallVisibility.PARTICIPANTS, body__in=_led_by(membership))
    ).distinct()


@dataclass(frozen=True)
class Prefilter:
    """A list pre-filter and the policy action it stands for (the agreement test)."""

    name: str
    model: type
    action: str
    rows: Callable[[Membership], QuerySet]


PREFILTERS = (
    Prefilter("bodies_read_by", Body, "body.read_minutes", bodies_read_by),
    Prefilter("bodies_planned_by", Body, "body.plan_meetings", bodies_planned_by),
    Prefilter("meetings_seen_by", Meeting, "meeting.see", meetings_seen_by),
    Prefilter("minute_entries_readable_by", MinuteEntry, "minute_entry.read",
              lambda m: minute_entries_readable_by(membership=m)),
    Prefilter("call_logs_visible_to", CallLog, "call_log.read",
              lambda m: call_logs_visible_to(membership=m)),
    Prefilter("decisions_on_record_across_meetings", Decision, "decision.read",
              decisions_readable_by),
)
# Guests' pre-filter (their own meeting's entries) and the action it stands for.
GUEST_PREFILTER = Prefilter("minute_entries_of_guest", MinuteEntry, "minute_entry.read",
                            minute_entries_of_guest)


def minutes_search(*, membership: Membership, query: str) -> QuerySet[MinuteEntry]:
    """Entries whose text contains `query`, among those this person may read. A `not
    recorded` entry stores no text, so it can never be a hit."""
    query = query.strip()
    if len(query) < 2:
        return MinuteEntry.objects.none()
    return (minute_entries_readable_by(membership=membership)
            .filter(text__icontains=query).exclude(visibility=Visibility.NOT_RECORDED)
            .select_related("item__meeting__body").order_by("-item__meeting__starts_at", "pk"))
