"""THE visibility rule for minutes and call logs (issue 4, Deliver 6), in one place.

Every read path — page, API, PDF, e-mail, guest pages — gets its entries from here and from
nowhere else:

- `network`: every reader of the body's minutes (see permissions.py).
- `present`: only those recorded present for that agenda item, plus the meeting's chair and
  secretary. Presence is frozen when the minutes are approved.
- `not_recorded`: only the fact that the item was discussed. The text is never stored
  (MinuteEntry.save drops it), so there is nothing to leak.
- Guests: only approved entries of their own items, at `network` visibility, and `present`
  entries of items they were recorded present for.

The rest of an item's record — its decisions, the actions agreed on it, who was in the room —
follows the same rule (issue 8, Deliver 3), see items_on_record_for. Call logs have their own
choices (CallVisibility): network, participants of the call, not recorded.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.meetings import permissions
from accord.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemKind,
    Attendance,
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
from accord.tenancy.models import Membership

OPEN_TO_READERS = (Visibility.NETWORK, Visibility.NOT_RECORDED)
CALL_OPEN_TO_READERS = (CallVisibility.NETWORK, CallVisibility.NOT_RECORDED)


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


def items_on_record_for(*, meeting: Meeting, membership: Membership | None = None,
                        guest: GuestInvitation | None = None) -> set[int]:
    """The items of `meeting` whose decisions, actions and presence list this reader sees.

    Officers: every item. Readers of the meeting: the unrestricted items, and the restricted
    ones they were in the room for (exactly who reads `present` entries). Guests: only their
    own items they were recorded present for, once the minutes are approved (as for their
    entries). Everyone else: nothing.
    """
    items = AgendaItem.objects.filter(meeting=meeting)
    if guest is not None:
        if guest.meeting_id != meeting.pk or not meeting.minutes_locked:
            return set()
        present = ItemPresence.objects.filter(guest=guest).values("item_id")
        return set(items.filter(pk__in=present, guests=guest).values_list("pk", flat=True))
    if not permissions.reads_meeting(membership, meeting):
        return set()
    if permissions.is_officer(membership, meeting):
        return set(items.values_list("pk", flat=True))
    present = ItemPresence.objects.filter(membership=membership).values("item_id")
    readable = items.exclude(_restricted_items()) | items.filter(pk__in=present)
    return set(readable.values_list("pk", flat=True))


def attendance_on_record_for(*, meeting: Meeting, membership: Membership | None = None,
                             guest: GuestInvitation | None = None) -> QuerySet[Attendance]:
    """The meeting's attendance list (present, excused, absent) for this reader.

    Every reader of the meeting sees it: who attended a meeting is part of its minutes and says
    nothing about any one item. Who was in the room for a confidential or case item is another
    matter (it tells who works on the case), so that list goes with the item's record
    (items_on_record_for). A guest sees the room of their own items only, never the list of
    everyone the network invited; a person who does not read the minutes sees nothing."""
    if guest is not None or not permissions.reads_meeting(membership, meeting):
        return Attendance.objects.none()
    return Attendance.objects.filter(meeting=meeting)


def decisions_on_record_for(*, meeting: Meeting, items: set[int],
                            guest: GuestInvitation | None = None) -> QuerySet[Decision]:
    """The meeting's decisions on the `items` a reader sees (items_on_record_for), and for a
    member those taken without an item. A guest sees only decisions of their items."""
    decisions = Decision.objects.filter(meeting=meeting)
    on_items = Q(item_id__in=items)
    return decisions.filter(on_items if guest is not None else on_items | Q(item__isnull=True))


def actions_on_record_for(*, meeting: Meeting, items: set[int],
                          guest: GuestInvitation | None = None) -> QuerySet[ActionItem]:
    """Actions agreed at the meeting: on an item, on a decision (which follows its item), or
    on the meeting as a whole; by the same rule as decisions_on_record_for."""
    agreed = (Q(meeting=meeting) | Q(item__meeting=meeting) | Q(decision__meeting=meeting))
    item_of = Q(item_id__in=items) | Q(item__isnull=True, decision__item_id__in=items)
    without_item = Q(item__isnull=True) & (Q(decision__isnull=True)
                                          | Q(decision__item__isnull=True))
    shown = item_of if guest is not None else item_of | without_item
    return ActionItem.objects.filter(agreed).filter(shown).distinct()


def decisions_on_record_across_meetings(membership: Membership) -> Q:
    """For lists across meetings (the decision register): a decision on a restricted item is
    shown to the meeting's officers and to those present for the item, as on the minutes."""
    present = ItemPresence.objects.filter(membership=membership).values("item_id")
    restricted = AgendaItem.objects.filter(_restricted_items()).values("pk")
    officer = Q(meeting__chair=membership) | Q(meeting__secretary=membership)
    return Q(item__isnull=True) | ~Q(item_id__in=restricted) | Q(item_id__in=present) | officer


def minute_entries_visible_to(*, meeting: Meeting, membership: Membership | None = None,
                              guest: GuestInvitation | None = None) -> QuerySet[MinuteEntry]:
    """The meeting's minutes entries this reader may see, and nothing else."""
    entries = MinuteEntry.objects.filter(item__meeting=meeting).select_related("item")
    if guest is not None:
        return _visible_to_guest(entries, meeting=meeting, guest=guest)
    if not permissions.reads_meeting(membership, meeting):
        return entries.none()
    if permissions.is_officer(membership, meeting):
        return entries
    present_items = ItemPresence.objects.filter(
        membership=membership, item__meeting=meeting).values("item_id")
    return entries.filter(Q(visibility__in=OPEN_TO_READERS)
                          | Q(visibility=Visibility.PRESENT, item_id__in=present_items))


def _visible_to_guest(entries, *, meeting: Meeting, guest: GuestInvitation):
    if guest.meeting_id != meeting.pk:
        return entries.none()
    present_items = ItemPresence.objects.filter(guest=guest).values("item_id")
    return entries.filter(
        item__in=guest.items.all(), status=MinuteStatus.APPROVED,
    ).filter(Q(visibility__in=OPEN_TO_READERS)
             | Q(visibility=Visibility.PRESENT, item_id__in=present_items))


def call_logs_visible_to(*, membership: Membership) -> QuerySet[CallLog]:
    """Call logs of the bodies this person reads: `network` and `not recorded` logs to every
    reader; `participants` logs to the people on the call and the body's chair and secretary
    (who review the log at the next meeting)."""
    bodies = permissions.bodies_read_by(membership)
    logs = CallLog.objects.filter(body__in=bodies)
    officer_bodies = permissions.bodies_chaired_by(membership)
    return logs.filter(
        Q(visibility__in=CALL_OPEN_TO_READERS)
        | Q(visibility=CallVisibility.PARTICIPANTS, participants=membership)
        | Q(visibility=CallVisibility.PARTICIPANTS, body__in=officer_bodies)
    ).distinct()


def minute_entries_readable_by(*, membership: Membership) -> QuerySet[MinuteEntry]:
    """Every minutes entry of every meeting this person may read, by the same rule as
    minute_entries_visible_to (one meeting); for search across meetings."""
    if membership is None or permissions.is_oversight_only(membership):
        return MinuteEntry.objects.none()
    bodies = permissions.bodies_read_by(membership).values("pk")
    officer = Q(item__meeting__chair=membership) | Q(item__meeting__secretary=membership)
    present_items = ItemPresence.objects.filter(membership=membership).values("item_id")
    readable = Q(item__meeting__body__in=bodies) | officer
    return MinuteEntry.objects.filter(readable).filter(
        officer | Q(visibility__in=OPEN_TO_READERS)
        | Q(visibility=Visibility.PRESENT, item_id__in=present_items))


def minutes_search(*, membership: Membership, query: str) -> QuerySet[MinuteEntry]:
    """Entries whose text contains `query`, among those this person may read. A `not
    recorded` entry stores no text, so it can never be a hit."""
    query = query.strip()
    if len(query) < 2:
        return MinuteEntry.objects.none()
    return (minute_entries_readable_by(membership=membership)
            .filter(text__icontains=query).exclude(visibility=Visibility.NOT_RECORDED)
            .select_related("item__meeting__body").order_by("-item__meeting__starts_at", "pk"))
