"""Attendance per meeting and presence per agenda item (who was in the room).

Presence decides who reads an item's "present" minutes and who may vote on its decisions, so
it has to agree with the attendance list: a member absent or excused for the meeting was in
no room, and a member who voted on an item's decision was in that room.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BallotCast,
    ItemPresence,
    Meeting,
    Vote,
)
from accord.meetings.services._common import audit, require_agenda_open, require_officer
from accord.tenancy.models import Membership

NOT_IN_THE_ROOM = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


def contradiction_message(*, name: str, status: str, items: Iterable[str]) -> str:
    """Why a member cannot be present for these items (shown on the form and in the API)."""
    return _("%(name)s is marked %(status)s for the meeting, so cannot be present for: "
             "%(items)s. Untick the items or change the attendance.") % {
        "name": name, "status": AttendanceStatus(status).label.lower(),
        "items": "; ".join(items)}


def contradictions(*, statuses: Mapping[int, str],
                   presence: Mapping[AgendaItem, Iterable[int]]) -> dict[int, list[AgendaItem]]:
    """Per membership id, the items it is ticked present for while absent or excused."""
    found: dict[int, list[AgendaItem]] = {}
    for item, member_ids in presence.items():
        for member_id in member_ids:
            if statuses.get(member_id) in NOT_IN_THE_ROOM:
                found.setdefault(member_id, []).append(item)
    return found


def _voters_of(item: AgendaItem) -> set[int]:
    """Members who voted on a decision of this item (named or secret: both name the voter)."""
    return (set(Vote.objects.filter(decision__item=item).values_list("voter_id", flat=True))
            | set(BallotCast.objects.filter(decision__item=item)
                  .values_list("voter_id", flat=True)))


def _voters_in_meeting(meeting: Meeting) -> set[int]:
    """Members who voted on a decision of the meeting that has no item (it counts attendance)."""
    kept = {"decision__meeting": meeting, "decision__item__isnull": True}
    return (set(Vote.objects.filter(**kept).values_list("voter_id", flat=True))
            | set(BallotCast.objects.filter(**kept).values_list("voter_id", flat=True)))


def _title(item: AgendaItem) -> str:
    return item.title


@transaction.atomic
def attendance_set(*, membership, meeting: Meeting, person, status: str,
                   organisation=None) -> Attendance:
    """Record one person's attendance. Absent or excused is refused while they are recorded
    present for an item, or voted at the meeting. Chair or secretary; audited; frozen after
    approval."""
    require_officer(membership, meeting, action="meeting.record_attendance")
    require_agenda_open(meeting)
    if person.network_id != meeting.network_id:
        raise ValidationError({"membership": _("Choose a member of this network.")})
    if status in NOT_IN_THE_ROOM:
        items = list(AgendaItem.objects.filter(meeting=meeting, presences__membership=person))
        if items:
            raise ValidationError({"status": contradiction_message(
                name=person.user.full_name, status=status, items=map(_title, items))})
        if person.pk in _voters_in_meeting(meeting):
            raise ValidationError({"status": _("%(name)s voted at this meeting, so was "
                                               "present.") % {"name": person.user.full_name}})
    return _attendance_write(membership, meeting, person, status, organisation)


def _attendance_write(membership, meeting, person, status, organisation=None) -> Attendance:
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
    refused once the minutes are approved (frozen). Refused for a member absent or excused
    for the meeting, and for leaving out a member who voted on the item's decision. Chair or
    secretary; audited."""
    meeting = item.meeting
    require_officer(membership, meeting, action="meeting.record_attendance")
    require_agenda_open(meeting)
    members, guests = list(members), list(guests)
    statuses = dict(meeting.attendances.values_list("membership_id", "status"))
    _check_presence(item, members, guests, statuses)
    _presence_write(membership, item, members, guests)


def _check_presence(item, members, guests, statuses: Mapping[int, str]) -> None:
    meeting = item.meeting
    if any(m.network_id != meeting.network_id for m in members):
        raise ValidationError({"members": _("Choose members of this network.")})
    if any(g.meeting_id != meeting.pk or not g.items.filter(pk=item.pk).exists()
           for g in guests):
        raise ValidationError({"guests": _("Only guests invited to this item can be present.")})
    for m in members:
        if statuses.get(m.pk) in NOT_IN_THE_ROOM:
            raise ValidationError({"members": contradiction_message(
                name=m.user.full_name, status=statuses[m.pk], items=[_title(item)])})
    missing = _voters_of(item) - {m.pk for m in members}
    if missing:
        names = ", ".join(sorted(p.user.full_name for p in Membership.objects.filter(
            pk__in=missing).select_related("user")))
        raise ValidationError({"members": _("%(names)s voted on this item's decision, so "
                                            "was present for it.") % {"names": names}})


def _presence_write(membership, item, members, guests=()) -> None:
    meeting = item.meeting
    ItemPresence.objects.filter(item=item).delete()
    ItemPresence.objects.bulk_create(
        [ItemPresence(network=meeting.network, item=item, membership=m) for m in members]
        + [ItemPresence(network=meeting.network, item=item, guest=g) for g in guests])
    audit(membership, "presence.recorded", item, members=len(members), guests=len(guests))


@transaction.atomic
def attendance_record(*, membership, meeting: Meeting, statuses: Mapping,
                      presence: Mapping[AgendaItem, list]) -> None:
    """The attendance page in one step: the new statuses (membership → status) and who was
    present for each item, checked together so that marking someone absent and unticking
    their items in one go is accepted, and a contradiction writes nothing. Guests' presence
    is kept. Chair or secretary; audited; frozen after approval."""
    require_officer(membership, meeting, action="meeting.record_attendance")
    require_agenda_open(meeting)
    final = dict(meeting.attendances.values_list("membership_id", "status"))
    final.update({person.pk: status for person, status in statuses.items()})
    for item, members in presence.items():
        guests = [p.guest for p in item.presences.filter(guest__isnull=False)
                  .select_related("guest")]
        _check_presence(item, members, guests, final)
    voted = _voters_in_meeting(meeting)
    for person, status in statuses.items():
        if status in NOT_IN_THE_ROOM and person.pk in voted:
            raise ValidationError({"status": _("%(name)s voted at this meeting, so was "
                                               "present.") % {"name": person.user.full_name}})
        _attendance_write(membership, meeting, person, status)
    for item, members in presence.items():
        guests = [p.guest for p in item.presences.filter(guest__isnull=False)
                  .select_related("guest")]
        _presence_write(membership, item, members, guests)


def present_members_for_all_items(*, membership, meeting: Meeting, members) -> None:
    """Convenience: the same people were present for every item."""
    for item in meeting.items.all():
        item_presence_set(membership=membership, item=item, members=members)
