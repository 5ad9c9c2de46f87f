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
"""

from django.db.models import Q, QuerySet

from accord.meetings import permissions
from accord.meetings.models import (
    CallLog,
    GuestInvitation,
    ItemPresence,
    Meeting,
    MinuteEntry,
    MinuteStatus,
    Visibility,
)
from accord.tenancy.models import Membership

OPEN_TO_READERS = (Visibility.NETWORK, Visibility.NOT_RECORDED)


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
    """Call logs follow the same rule; for `present`, the people on the call count as present,
    and the body's chair and secretary see them too."""
    bodies = permissions.bodies_read_by(membership)
    logs = CallLog.objects.filter(body__in=bodies)
    officer_bodies = permissions.bodies_chaired_by(membership)
    return logs.filter(
        Q(visibility__in=OPEN_TO_READERS)
        | Q(visibility=Visibility.PRESENT, participants=membership)
        | Q(visibility=Visibility.PRESENT, body__in=officer_bodies)
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
