"""Reads of the meetings app. Everything that shows minutes goes through visibility.py."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.onboarding import UpcomingMeeting
from accord.meetings import permissions
from accord.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    GuestInvitation,
    ItemPresence,
    Meeting,
    MeetingState,
)
from accord.meetings.models.work import OPEN_ACTION_STATES
from accord.meetings.services import decisions as decision_services
from accord.meetings.visibility import (
    actions_on_record_for,
    attendance_on_record_for,
    decisions_on_record_across_meetings,
    decisions_on_record_for,
    items_on_record_for,
    minute_entries_visible_to,
)
from accord.tenancy.models import Membership


def meeting_get(*, membership: Membership, pk: int) -> Meeting:
    """The meeting, or 404 when this person may not know it exists."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "chair__user", "secretary__user", "network"),
        pk=pk)
    if not permissions.sees_meeting(membership, meeting):
        raise Http404
    return meeting


def meetings_for(*, membership: Membership, body_id: int | None = None) -> QuerySet[Meeting]:
    meetings = permissions.meetings_seen_by(membership).select_related("body")
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    return meetings.order_by("-starts_at")


def upcoming_meetings_for(*, membership: Membership, limit: int = 5) -> list[Meeting]:
    """For the network home: the next meetings this person may see, soonest first."""
    return list(permissions.meetings_seen_by(membership).select_related("body")
                .filter(ends_at__gte=timezone.now())
                .exclude(state=MeetingState.CANCELLED).order_by("starts_at")[:limit])


def upcoming_for_onboarding(*, membership: Membership,
                            limit: int = 5) -> list[UpcomingMeeting]:
    """The onboarding pack's meetings (charter.onboarding registry): title, body, time and
    place of what this member may see, never the agenda."""
    return [UpcomingMeeting(title=m.title, body_name=m.body.name, starts_at=m.starts_at,
                            place=m.place)
            for m in upcoming_meetings_for(membership=membership, limit=limit)]


def open_actions_for(*, membership: Membership) -> QuerySet[ActionItem]:
    """The person's open actions, and those of their organisation whose owner has left."""
    return (ActionItem.objects.filter(status__in=OPEN_ACTION_STATES)
            .filter(Q(owner=membership) | Q(owner__isnull=True,
                                            owner_organisation=membership.organisation))
            .select_related("body", "meeting").order_by("due_on", "pk"))


@dataclass
class AgendaLine:
    """One line of an agenda as a given reader may see it."""

    item: AgendaItem | None
    number: int
    starts_at: datetime
    minutes: int
    title: str
    shown: bool  # False: only a time slot ("confidential item" or another guest's item)
    entries: list = field(default_factory=list)
    # The item's record beyond its entries (minutes_record): only when the reader may see it.
    on_record: bool = False
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    present: list = field(default_factory=list)
    left: list = field(default_factory=list)
    guests_present: list = field(default_factory=list)


@dataclass
class MinutesRecord:
    """What the minutes carry for one reader (issue 8, Deliver 3): the agenda with entries,
    and per item the decisions, actions and who was in the room; the meeting's attendance;
    decisions and actions agreed outside any item. All through visibility.py."""

    agenda: list[AgendaLine]
    attendance: list[tuple[str, list]] = field(default_factory=list)
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def agenda_for(*, meeting: Meeting, membership: Membership | None = None,
               guest: GuestInvitation | None = None) -> list[AgendaLine]:
    """The agenda with times. Confidential items are masked for those who do not read the
    body's minutes; a guest sees only their own items, the others as unnamed slots."""
    if guest is not None:
        allowed = set(guest.items.values_list("pk", flat=True))
    elif permissions.reads_meeting(membership, meeting):
        allowed = None
    else:
        allowed = {i.pk for i in meeting.items.all() if not i.confidential}
    lines, start = [], meeting.starts_at
    for number, item in enumerate(meeting.items.all(), start=1):
        shown = allowed is None or item.pk in allowed
        title = item.title if shown else (_("Confidential item") if item.confidential
                                          and guest is None else _("Other item"))
        lines.append(AgendaLine(item if shown else None, number, start, item.time_box_minutes,
                                title, shown))
        start += timedelta(minutes=item.time_box_minutes)
    return lines


def minutes_by_item(*, meeting: Meeting, membership=None, guest=None) -> dict[int, list]:
    entries = minute_entries_visible_to(meeting=meeting, membership=membership, guest=guest)
    grouped: dict[int, list] = {}
    for entry in entries:
        grouped.setdefault(entry.item_id, []).append(entry)
    return grouped


def agenda_with_minutes(*, meeting: Meeting, membership=None, guest=None) -> list[AgendaLine]:
    """The agenda as this reader sees it, each shown item with the entries they may read."""
    grouped = minutes_by_item(meeting=meeting, membership=membership, guest=guest)
    lines = agenda_for(meeting=meeting, membership=membership, guest=guest)
    for line in lines:
        if line.shown:
            line.entries = grouped.get(line.item.pk, [])
    return lines


ATTENDANCE_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT,
                    AttendanceStatus.CONFIRMED, AttendanceStatus.INVITED)


def minutes_record(*, meeting: Meeting, membership: Membership | None = None,
                   guest: GuestInvitation | None = None) -> MinutesRecord:
    """The minutes as this reader may read them, for the meeting page and the PDF."""
    lines = agenda_with_minutes(meeting=meeting, membership=membership, guest=guest)
    on_record = items_on_record_for(meeting=meeting, membership=membership, guest=guest)
    decisions = list(decisions_on_record_for(meeting=meeting, items=on_record, guest=guest)
                     .select_related("item").order_by("created_at", "pk"))
    for decision in decisions:
        decision.tally_on_record = tally_on_record(decision)
    actions = list(actions_on_record_for(meeting=meeting, items=on_record, guest=guest)
                   .select_related("owner__user", "owner_organisation", "decision")
                   .order_by("due_on", "pk"))
    attendances = list(
        attendance_on_record_for(meeting=meeting, membership=membership, guest=guest)
        .select_related("membership__user", "organisation")
        .order_by("membership__user__full_name", "pk"))
    _fill_item_records(lines, on_record, decisions, actions, attendances)
    return MinutesRecord(
        agenda=lines, attendance=_attendance_groups(attendances),
        decisions=[d for d in decisions if d.item_id is None],
        actions=[a for a in actions if _item_of_action(a) is None])


def tally_on_record(decision: Decision) -> dict[str, int] | None:
    """The tally as the minutes show it: only once the vote is closed (a secret vote's running
    tally would reveal ballots), and only for procedures with a vote."""
    if not decision.has_vote or decision.voting_open or decision.voting_closed_at is None:
        return None
    return decision_services.tally(decision)


def _item_of_action(action: ActionItem) -> int | None:
    if action.item_id is not None:
        return action.item_id
    return action.decision.item_id if action.decision_id else None


def _attendance_groups(attendances: list[Attendance]) -> list[tuple[str, list]]:
    labels = dict(AttendanceStatus.choices)
    return [(labels[status], [a for a in attendances if a.status == status])
            for status in ATTENDANCE_ORDER
            if any(a.status == status for a in attendances)]


def _fill_item_records(lines: list[AgendaLine], on_record: set[int], decisions: list,
                       actions: list, attendances: list[Attendance]) -> None:
    presences = list(ItemPresence.objects.filter(item_id__in=on_record)
                     .select_related("membership__user", "guest"))
    present_at_meeting = [a.membership for a in attendances
                          if a.status == AttendanceStatus.PRESENT]
    for line in lines:
        if not line.shown or line.item.pk not in on_record:
            continue
        pk = line.item.pk
        here = [p for p in presences if p.item_id == pk]
        line.on_record = True
        line.decisions = [d for d in decisions if d.item_id == pk]
        line.actions = [a for a in actions if _item_of_action(a) == pk]
        line.present = sorted((p.membership for p in here if p.membership_id is not None),
                              key=lambda m: m.user.full_name or m.user.email)
        line.guests_present = sorted((p.guest for p in here if p.guest_id is not None),
                                     key=lambda g: g.name)
        if line.present:
            # Who was at the meeting but not in the room for this item (left, or came later).
            ids = {m.pk for m in line.present}
            line.left = [m for m in present_at_meeting if m.pk not in ids]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.starts_at)
            .exclude(state=MeetingState.CANCELLED).order_by("-starts_at").first())


def carry_over_for(*, meeting: Meeting) -> dict:
    """What the agenda editor offers: open actions of the body and unresolved items of the
    body's previous meeting."""
    previous = previous_meeting(meeting)
    unresolved = (previous.items.filter(resolved=False).exclude(forwarded_to__meeting=meeting)
                  if previous else AgendaItem.objects.none())
    return {
        "previous": previous,
        "unresolved_items": unresolved,
        "open_actions": ActionItem.objects.filter(body=meeting.body,
                                                  status__in=OPEN_ACTION_STATES),
    }


def decisions_register(*, membership: Membership, body_id=None, outcome: str = "",
                       procedure: str = "", query: str = "") -> QuerySet[Decision]:
    """Decisions of every body whose minutes this person reads, with filters and search."""
    decisions = (Decision.objects.filter(body__in=permissions.bodies_read_by(membership))
                 .filter(decisions_on_record_across_meetings(membership))
                 .select_related("body", "meeting"))
    if body_id:
        decisions = decisions.filter(body_id=body_id)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if procedure:
        decisions = decisions.filter(procedure=procedure)
    if query:
        decisions = decisions.filter(Q(title__icontains=query) | Q(motion__icontains=query)
                                     | Q(rationale__icontains=query))
    return decisions.order_by("-created_at")


def decision_get(*, membership: Membership, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("body", "meeting"), pk=pk)
    if not permissions.reads_body(membership, decision.body) and not (
            decision.meeting and permissions.reads_meeting(membership, decision.meeting)):
        raise Http404
    # A decision on a confidential, case or "present" item is read like that item's minutes.
    if (decision.item_id is not None and membership is not None and not Decision.objects
            .filter(pk=pk).filter(decisions_on_record_across_meetings(membership)).exists()):
        raise Http404
    return decision


def my_actions(*, membership: Membership) -> QuerySet[ActionItem]:
    return (ActionItem.objects.filter(Q(owner=membership) | Q(
        owner__isnull=True, owner_organisation=membership.organisation))
        .select_related("body", "meeting", "owner__user").order_by("status", "due_on"))


def calls_for_review(*, meeting: Meeting, membership: Membership):
    """Call logs of the body since its previous meeting, up to this one, that this reader may
    see: listed on the meeting page for review."""
    from accord.meetings.visibility import call_logs_visible_to

    logs = call_logs_visible_to(membership=membership).filter(
        body=meeting.body, occurred_on__lte=timezone.localtime(meeting.starts_at).date())
    previous = previous_meeting(meeting)
    if previous is not None:
        logs = logs.filter(occurred_on__gt=timezone.localtime(previous.starts_at).date())
    return logs.order_by("occurred_on", "pk")


def steering_meeting_after(meeting: Meeting) -> Meeting | None:
    """The steering group's next meeting whose agenda is still open, for forwarding."""
    from accord.tenancy.models import BodyKind

    return (Meeting.objects.filter(body__kind=BodyKind.STRATEGIC,
                                   starts_at__gte=max(meeting.starts_at, timezone.now()),
                                   state__in=[MeetingState.SCHEDULED,
                                              MeetingState.AGENDA_PUBLISHED])
            .order_by("starts_at").first())
