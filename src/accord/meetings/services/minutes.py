"""Minutes: drafted per item by the chair or secretary, approved once, then immutable.

Optimistic locking: an edit names the `lock_version` it started from; if someone saved in
between, nothing is overwritten and the editor sees both texts (EditConflict).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingState,
    MinuteEntry,
    MinuteStatus,
    Visibility,
)
from accord.meetings.services._common import audit, require_officer
from accord.meetings.services.errors import EditConflict, Refused


def _require_draftable(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise Refused(_("The minutes are approved: they can no longer change. "
                        "Add an addendum instead."))


@transaction.atomic
def minute_entry_create(*, membership, item: AgendaItem, text: str,
                        visibility: str) -> MinuteEntry:
    """Write a draft entry. Chair or secretary only; audited without the text."""
    require_officer(membership, item.meeting)
    _require_draftable(item.meeting)
    entry = MinuteEntry(network=item.network, item=item, text=text, visibility=visibility,
                        author=membership)
    entry.full_clean()
    entry.save()
    audit(membership, "minutes.entry_created", entry, item=item.pk, visibility=visibility)
    return entry


@transaction.atomic
def minute_entry_update(*, membership, entry: MinuteEntry, text: str, visibility: str,
                        lock_version: int) -> MinuteEntry:
    """Save an edit made from `lock_version`. Never overwrites a newer save: raises
    EditConflict carrying the stored entry and the submitted text. Approved entries are
    immutable (Refused)."""
    require_officer(membership, entry.item.meeting)
    if entry.status == MinuteStatus.APPROVED:
        raise Refused(_("This entry is approved and can no longer change. "
                        "Add an addendum instead."))
    if entry.addendum_of_id is None:
        _require_draftable(entry.item.meeting)
    candidate = MinuteEntry(network=entry.network, item=entry.item, text=text,
                            visibility=visibility, author=membership)
    candidate.full_clean(exclude=["lock_version"])
    # One conditional UPDATE: two editors can never both win.
    updated = MinuteEntry.objects.filter(
        pk=entry.pk, lock_version=lock_version, status=MinuteStatus.DRAFT,
    ).update(text="" if visibility == Visibility.NOT_RECORDED else text,
             visibility=visibility, lock_version=F("lock_version") + 1,
             updated_at=timezone.now(), author=membership)
    entry.refresh_from_db()
    if not updated:
        raise EditConflict(
            _("Someone else saved this entry while you were editing it. Both texts are shown "
              "below: merge them and save again."),
            current=entry, submitted_text=text)
    audit(membership, "minutes.entry_updated", entry, visibility=visibility,
          lock_version=entry.lock_version)
    return entry


@transaction.atomic
def minute_entry_delete(*, membership, entry: MinuteEntry) -> None:
    require_officer(membership, entry.item.meeting)
    if entry.status == MinuteStatus.APPROVED:
        raise Refused(_("This entry is approved and can no longer change."))
    audit(membership, "minutes.entry_deleted", entry, item=entry.item_id)
    entry.delete()


def approve_entries(meeting: Meeting) -> int:
    """The approval itself, shared by the officers' approval (circulation.minutes_approve,
    which applies the rules of procedure) and the silent procedure; the caller checks,
    audits and holds the transaction."""
    now = timezone.now()
    count = MinuteEntry.objects.filter(
        item__meeting=meeting, status=MinuteStatus.DRAFT, addendum_of__isnull=True,
    ).update(status=MinuteStatus.APPROVED, approved_at=now)
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.minutes_approved_at = now
    meeting.save(update_fields=["state", "minutes_approved_at"])
    return count


@transaction.atomic
def minute_addendum_create(*, membership, entry: MinuteEntry, text: str,
                           visibility: str) -> MinuteEntry:
    """A correction of an approved entry: a new draft that needs its own approval."""
    require_officer(membership, entry.item.meeting)
    if entry.status != MinuteStatus.APPROVED:
        raise Refused(_("Edit the draft directly; addenda correct approved entries."))
    addendum = MinuteEntry(network=entry.network, item=entry.item, text=text,
                           visibility=visibility, author=membership, addendum_of=entry)
    addendum.full_clean()
    addendum.save()
    audit(membership, "minutes.addendum_created", addendum, corrects=entry.pk)
    return addendum


@transaction.atomic
def minute_addendum_approve(*, membership, addendum: MinuteEntry) -> MinuteEntry:
    require_officer(membership, addendum.item.meeting)
    if addendum.addendum_of_id is None or addendum.status != MinuteStatus.DRAFT:
        raise Refused(_("Only a draft addendum can be approved this way."))
    addendum.status = MinuteStatus.APPROVED
    addendum.approved_at = timezone.now()
    addendum.save(update_fields=["status", "approved_at"])
    audit(membership, "minutes.addendum_approved", addendum, corrects=addendum.addendum_of_id)
    return addendum
