"""Attendance per meeting and presence per agenda item (who was in the room)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.meetings.models import AgendaItem, Attendance, ItemPresence, Meeting
from accord.meetings.services._common import audit, require_agenda_open, require_officer


@transaction.atomic
def attendance_set(*, membership, meeting: Meeting, person, status: str,
                   organisation=None) -> Attendance:
    """Record one person's attendance. Chair or secretary; audited; frozen after approval."""
    require_officer(membership, meeting)
    require_agenda_open(meeting)
    if person.network_id != meeting.network_id:
        raise ValidationError({"membership": _("Choose a member of this network.")})
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting, membership=person,
        defaults={"network": meeting.network, "organisation": person.organisation})
    attendance.status = status
    if organisation is not None:
        attendance.organisation = organisation
    attendance.full_clean()
    attendance.save()
    audit(membership, "attendance.recorded", attendance, status=status)
    return attendance


@transaction.atomic
def item_presence_set(*, membership, item: AgendaItem, members, guests=()) -> None:
    """Replace who was present for `item`. It decides who reads `present` entries, so it is
    refused once the minutes are approved (frozen). Chair or secretary; audited."""
    meeting = item.meeting
    require_officer(membership, meeting)
    require_agenda_open(meeting)
    members, guests = list(members), list(guests)
    if any(m.network_id != meeting.network_id for m in members):
        raise ValidationError({"members": _("Choose members of this network.")})
    if any(g.meeting_id != meeting.pk or not g.items.filter(pk=item.pk).exists()
           for g in guests):
        raise ValidationError({"guests": _("Only guests invited to this item can be present.")})
    ItemPresence.objects.filter(item=item).delete()
    ItemPresence.objects.bulk_create(
        [ItemPresence(network=meeting.network, item=item, membership=m) for m in members]
        + [ItemPresence(network=meeting.network, item=item, guest=g) for g in guests])
    audit(membership, "presence.recorded", item, members=len(members), guests=len(guests))


def present_members_for_all_items(*, membership, meeting: Meeting, members) -> None:
    """Convenience: the same people were present for every item."""
    for item in meeting.items.all():
        item_presence_set(membership=membership, item=item, members=members)
