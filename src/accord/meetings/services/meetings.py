"""Scheduling meetings: create, change, cancel and reinstate, mark as held, copy an agenda.

Cancelling and marking as held are irreversible steps for the people who rely on them (a
calendar cancellation goes out; the agenda closes). Their confirmation is asked by the page
and the API, not here: a service is also called by programs (the demo, the seeding, other
services) that have nothing to confirm, and the service's guarantees (permission, state,
audit) hold for every caller alike.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.meetings.models import AgendaItem, Meeting, MeetingState
from accord.meetings.services import invitations
from accord.meetings.services._common import (
    audit,
    network_datetime,
    require_agenda_open,
    require_planner,
)
from accord.meetings.services.errors import Refused
from accord.tenancy.models import BodyMembership, BodyRole

SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "video_link", "title")
COPIED_ITEM_FIELDS = ("order", "title", "description", "kind", "time_box_minutes",
                      "confidential", "required_level", "goal_id", "charter_document_id",
                      "case_id")


def _body_officer(body, role: str):
    seat = BodyMembership.objects.filter(body=body, role=role).select_related("membership")
    return seat.first().membership if seat.exists() else None


def _check_overlap(meeting: Meeting) -> None:
    """A body cannot sit twice at once; a clear error on the time fields instead."""
    clash = (Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.ends_at,
                                    ends_at__gt=meeting.starts_at)
             .exclude(state=MeetingState.CANCELLED).exclude(pk=meeting.pk).first())
    if clash is not None:
        raise ValidationError({"starts_at": _("This body already meets at that time (%(title)s).")
                               % {"title": clash.title}})


def _validate(meeting: Meeting) -> None:
    meeting.full_clean()
    _check_overlap(meeting)


@transaction.atomic
def meeting_create(*, membership, body, title: str, starts_at, ends_at, place: str = "",
                   video_link: str = "", chair=None, secretary=None, series=None,
                   copy_agenda_from: Meeting | None = None) -> Meeting:
    """Schedule a meeting of `body`. Planners only (coordinators, the body's chair and
    secretary); chair and secretary default to the body's; audited."""
    policy.require(membership, "body.plan_meetings", body, purpose="prepare")
    meeting = Meeting(
        network=membership.network, body=body, title=title, starts_at=starts_at,
        ends_at=ends_at, place=place, video_link=video_link, series=series,
        chair=chair or _body_officer(body, BodyRole.CHAIR),
        secretary=secretary or _body_officer(body, BodyRole.SECRETARY),
    )
    _validate(meeting)
    meeting.save()
    if copy_agenda_from is not None:
        _copy_agenda(source=copy_agenda_from, target=meeting, membership=membership)
    audit(membership, "meeting.created", meeting, body=body.pk,
          copied_agenda_from=getattr(copy_agenda_from, "pk", None))
    return meeting


def _copy_agenda(*, source: Meeting, target: Meeting, membership) -> None:
    if source.body_id != target.body_id or not policy.decide(
            membership, "meeting.see", source, purpose="prepare").allowed:
        raise ValidationError({"copy_agenda_from": _("Choose a meeting of the same body.")})
    for item in source.items.all():
        AgendaItem.objects.create(network=target.network, meeting=target, **{
            field: getattr(item, field) for field in COPIED_ITEM_FIELDS})


@transaction.atomic
def meeting_update(*, membership, meeting: Meeting, **changes) -> Meeting:
    """Change the schedule. If invitations went out, calendars get an update with a higher
    SEQUENCE (RFC 5545). Refused once the minutes are approved; audited (field names only)."""
    require_planner(membership, meeting)
    require_agenda_open(meeting)
    changed = [field for field, value in changes.items()
               if field in (*SCHEDULE_FIELDS, "chair", "secretary")
               and getattr(meeting, field) != value]
    for field in changed:
        setattr(meeting, field, changes[field])
    _validate(meeting)
    if not changed:
        return meeting
    if any(field in SCHEDULE_FIELDS for field in changed):
        meeting.ics_sequence += 1
    meeting.save()
    if meeting.state == MeetingState.AGENDA_PUBLISHED and meeting.ics_sequence:
        invitations.send_update(meeting=meeting)
    audit(membership, "meeting.updated", meeting, fields=changed)
    return meeting


@transaction.atomic
def meeting_cancel(*, membership, meeting: Meeting) -> Meeting:
    """Cancel; invited calendars get METHOD:CANCEL. Audited."""
    require_planner(membership, meeting)
    if meeting.state not in (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED):
        raise Refused(_("Only a meeting that has not taken place can be cancelled."))
    was_published = meeting.state == MeetingState.AGENDA_PUBLISHED
    meeting.state = MeetingState.CANCELLED
    meeting.ics_sequence += 1
    meeting.save(update_fields=["state", "ics_sequence"])
    if was_published:
        invitations.send_cancellation(meeting=meeting)
    audit(membership, "meeting.cancelled", meeting)
    return meeting


@transaction.atomic
def meeting_reinstate(*, membership, meeting: Meeting) -> Meeting:
    """Bring a cancelled meeting back as scheduled. Its agenda is published again by hand,
    which sends invitations with a higher SEQUENCE, so calendars that got the cancellation
    get the meeting back. Refused if the body meets at that time meanwhile. Planners only;
    audited."""
    require_planner(membership, meeting)
    if meeting.state != MeetingState.CANCELLED:
        raise Refused(_("Only a cancelled meeting can be reinstated."))
    _check_overlap(meeting)
    meeting.state = MeetingState.SCHEDULED
    meeting.save(update_fields=["state"])
    audit(membership, "meeting.reinstated", meeting, state=MeetingState.SCHEDULED)
    return meeting


@transaction.atomic
def meeting_mark_held(*, membership, meeting: Meeting) -> Meeting:
    """Record that the meeting took place: the agenda closes, minutes go to approval.
    Refused before the meeting has begun. Planners only; audited."""
    require_planner(membership, meeting)
    if meeting.state not in (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED):
        raise Refused(_("This meeting is already held, approved or cancelled."))
    if meeting.starts_at > timezone.now():
        raise Refused(_("This meeting has not started yet (it starts %(start)s): it can be "
                        "marked as held once it has begun.")
                      % {"start": network_datetime(meeting.network, meeting.starts_at)})
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state"])
    audit(membership, "meeting.held", meeting)
    return meeting
