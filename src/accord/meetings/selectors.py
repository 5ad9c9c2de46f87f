"""Reads of the meetings app. Every single object is fetched by its one fetch-and-authorise
selector (meeting_for, agenda_item_for, minute_entry_for, decision_for, action_for,
call_log_for, series_for, guest_invitation_for), which asks accord.policy; lists are narrowed
by the pre-filters of visibility.py and decided in bulk. Sensitive reads (entries beyond
network visibility, call logs, whatever a guest reads) are recorded here, never in a view."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.charter.onboarding import UpcomingMeeting
from accord.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CallLog,
    Decision,
    GuestInvitation,
    Meeting,
    MeetingSeries,
    MeetingState,
    MinuteEntry,
)
from accord.meetings.models.work import OPEN_ACTION_STATES
from accord.meetings.policy_entities import facts_of, shared_presences
from accord.meetings.services import decisions as decision_services
from accord.meetings.visibility import (
    actions_on_record_for,
    call_logs_visible_to,
    decisions_on_record_across_meetings,
    decisions_on_record_for,
    meetings_seen_by,
    minute_entries_visible_to,
)
from accord.tenancy.models import Body, Membership


def may(actor, action: str, obj, *, purpose: str = "view") -> bool:
    """Whether the policy permits `action` (for what a page offers: buttons, links)."""
    return actor is not None and policy.decide(actor, action, obj, purpose=purpose).allowed


def require_a_body(membership: Membership, action: str, offered: QuerySet[Body], *,
                   purpose: str) -> None:
    """A form that acts for a body (plan a meeting, assign an action, log a call) offers the
    bodies of its pre-filter. When it offers none, the policy's own refusal of the act on the
    network's first body is raised (Denied: a 403 with the reason, as the API answers), rather
    than a form with nothing to choose that can only come back as a 400."""
    if offered.exists():
        return
    first = Body.objects.filter(network_id=membership.network_id).order_by("name", "pk").first()
    if first is not None:
        policy.require(membership, action, first, purpose=purpose)


def meeting_for(membership: Membership, pk: int, *, action: str = "meeting.see",
                purpose: str = "view") -> Meeting:
    """The meeting, if the policy permits `action` on it: 404 when this person may not know
    it exists, 403 with the reason when they may see it but not do this."""
    return policy.fetch(membership, Meeting.objects.select_related(
        "body", "chair__user", "secretary__user", "network"), action=action, purpose=purpose,
        pk=pk)


def agenda_item_for(membership: Membership, pk: int, *, meeting_pk: int | None = None,
                    action: str = "agenda_item.see", purpose: str = "view") -> AgendaItem:
    lookup = {"pk": pk} if meeting_pk is None else {"pk": pk, "meeting_id": meeting_pk}
    return policy.fetch(membership, AgendaItem.objects.select_related(
        "meeting__body", "meeting__network"), action=action, purpose=purpose, **lookup)


def minute_entry_for(membership: Membership, pk: int, *, meeting_pk: int | None = None,
                     action: str = "minute_entry.read", purpose: str = "view") -> MinuteEntry:
    """A minutes entry; an entry this person may not read does not exist for them. A read of
    one beyond network visibility is recorded."""
    lookup = {"pk": pk} if meeting_pk is None else {"pk": pk, "item__meeting_id": meeting_pk}
    return policy.fetch(membership, MinuteEntry.objects.select_related("item__meeting"),
                        action=action, purpose=purpose,
                        record=action == "minute_entry.read", **lookup)


def decision_for(membership: Membership, pk: int, *, action: str = "decision.read",
                 purpose: str = "view") -> Decision:
    return policy.fetch(membership, Decision.objects.select_related("body", "meeting"),
                        action=action, purpose=purpose, pk=pk)


def action_for(membership: Membership, pk: int, *, action: str = "action_item.view",
               purpose: str = "view") -> ActionItem:
    return policy.fetch(membership, ActionItem.objects.select_related("body"), action=action,
                        purpose=purpose, pk=pk)


def call_log_for(membership: Membership, pk: int, *, action: str = "call_log.read",
                 purpose: str = "view") -> CallLog:
    """A call log; every read of one is recorded."""
    return policy.fetch(membership, CallLog.objects.select_related("body"), action=action,
                        purpose=purpose, record=action == "call_log.read", pk=pk)


def series_for(membership: Membership, pk: int, *, action: str = "series.view",
               purpose: str = "view") -> MeetingSeries:
    return policy.fetch(membership, MeetingSeries.objects.select_related("body"),
                        action=action, purpose=purpose, pk=pk)


def guest_invitation_for(membership: Membership, pk: int, *, meeting_pk: int,
                         action: str = "guest_invitation.manage",
                         purpose: str = "prepare") -> GuestInvitation:
    return policy.fetch(membership, GuestInvitation.objects.select_related("meeting"),
                        action=action, purpose=purpose, pk=pk, meeting_id=meeting_pk)


def require_some_body(membership: Membership, action: str, *,
                      purpose: str = "prepare") -> None:
    """For a page that acts on a body chosen in its form (a series, a written procedure):
    not found unless the policy permits `action` on at least one of the network's bodies."""
    from accord.policy.decision import Decision as PolicyDecision
    from accord.policy.decision import Effect
    from accord.tenancy.models import Body

    bodies = list(Body.objects.filter(network_id=membership.network_id))
    decisions = policy.decide_many(membership, action, bodies, purpose=purpose)
    if not any(d.allowed for d in decisions):
        raise policy.Denied(decisions[0] if decisions else PolicyDecision(
            effect=Effect.DENY, action=action, purpose=purpose, rule="policy.not_found",
            missing="not_permitted"), hidden=True)


def call_logs_read(*, membership: Membership, purpose: str = "view",
                   logs: QuerySet[CallLog] | None = None, limit: int = 200) -> list[CallLog]:
    """Call logs this person may read (pre-filtered, then decided in bulk), each read
    recorded."""
    rows = call_logs_visible_to(membership=membership) if logs is None else logs
    return policy.read_many(membership, "call_log.read",
                            list(rows.select_related("body")[:limit]), purpose=purpose)


def minute_entries_read(*, meeting: Meeting, membership: Membership | None = None,
                        guest: GuestInvitation | None = None, purpose: str = "view",
                        seen_as: str = "") -> list[MinuteEntry]:
    """The meeting's entries this reader may read, decided in bulk; the reads of entries
    beyond network visibility recorded (a guest's every view, as `seen_as`)."""
    rows = list(minute_entries_visible_to(meeting=meeting, membership=membership, guest=guest))
    for row in rows:
        row.item.meeting = meeting  # known: the policy's attributes need not load it again
    if guest is not None:
        _guest_read(guest, seen_as)
        decisions = policy.decide_many(guest, "minute_entry.read", rows, purpose="guest")
        return [row for row, d in zip(rows, decisions, strict=True) if d.allowed]
    if membership is None:
        return []
    return policy.read_many(membership, "minute_entry.read", rows, purpose=purpose)


def _guest_read(guest: GuestInvitation, seen_as: str) -> None:
    # A guest is no membership, so the access log cannot name them yet (no user, no
    # organisation): their reads stay one chained event per view, named after the guest.
    from accord.meetings.services.guests import guest_read_audit

    if seen_as:
        guest_read_audit(guest, seen_as)


def meetings_for(*, membership: Membership, body_id: int | None = None) -> QuerySet[Meeting]:
    meetings = meetings_seen_by(membership).select_related("body")
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    return meetings.order_by("-starts_at")


def upcoming_meetings_for(*, membership: Membership, limit: int = 5) -> list[Meeting]:
    """For the network home: the next meetings this person may see, soonest first."""
    return list(meetings_seen_by(membership).select_related("body")
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
               guest: GuestInvitation | None = None, seen_as: str = "") -> list[AgendaLine]:
    """The agenda with times. Confidential items are masked for those who do not read the
    body's minutes; a guest sees only their own items, the others as unnamed slots
    (agenda_item.view, decided for all items at once)."""
    items = list(meeting.items.all())
    actor = guest if guest is not None else membership
    if guest is not None:
        _guest_read(guest, seen_as)
    decisions = (policy.decide_many(actor, "agenda_item.view", items,
                                    purpose="guest" if guest is not None else "view")
                 if actor is not None else [])
    allowed = {item.pk for item, d in zip(items, decisions, strict=False) if d.allowed}
    lines, start = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        shown = item.pk in allowed
        title = item.title if shown else (_("Confidential item") if item.confidential
                                          and guest is None else _("Other item"))
        lines.append(AgendaLine(item if shown else None, number, start, item.time_box_minutes,
                                title, shown))
        start += timedelta(minutes=item.time_box_minutes)
    return lines


def minutes_by_item(*, meeting: Meeting, membership=None, guest=None, purpose: str = "view",
                    seen_as: str = "") -> dict[int, list]:
    entries = minute_entries_read(meeting=meeting, membership=membership, guest=guest,
                                  purpose=purpose, seen_as=seen_as)
    grouped: dict[int, list] = {}
    for entry in entries:
        grouped.setdefault(entry.item_id, []).append(entry)
    return grouped


def agenda_with_minutes(*, meeting: Meeting, membership=None, guest=None,
                        purpose: str = "view", seen_as: str = "") -> list[AgendaLine]:
    """The agenda as this reader sees it, each shown item with the entries they may read."""
    grouped = minutes_by_item(meeting=meeting, membership=membership, guest=guest,
                              purpose=purpose, seen_as=seen_as)
    lines = agenda_for(meeting=meeting, membership=membership, guest=guest)
    for line in lines:
        if line.shown:
            line.entries = grouped.get(line.item.pk, [])
    return lines


def items_on_record_for(*, meeting: Meeting, membership: Membership | None = None,
                        guest: GuestInvitation | None = None) -> set[int]:
    """The items of `meeting` whose decisions, actions and presence list this reader sees
    (agenda_item.read_record: officers every item; readers the unrestricted ones and the
    restricted ones they were in the room for; guests their own items they were present for,
    once the minutes are approved)."""
    actor = guest if guest is not None else membership
    if actor is None:
        return set()
    items = list(meeting.items.all())
    decisions = policy.decide_many(actor, "agenda_item.read_record", items,
                                   purpose="guest" if guest is not None else "view")
    return {item.pk for item, d in zip(items, decisions, strict=True) if d.allowed}


def attendance_on_record_for(*, meeting: Meeting, membership: Membership | None = None,
                             guest: GuestInvitation | None = None) -> QuerySet[Attendance]:
    """The meeting's attendance list (present, excused, absent) for this reader.

    Every reader of the meeting sees it: who attended a meeting is part of its minutes and says
    nothing about any one item. Who was in the room for a confidential or case item is another
    matter (it tells who works on the case), so that list goes with the item's record
    (items_on_record_for). A guest sees the room of their own items only, never the list of
    everyone the network invited; a person who does not read the minutes sees nothing."""
    if guest is not None or not may(membership, "meeting.read", meeting):
        return Attendance.objects.none()
    return Attendance.objects.filter(meeting=meeting)


ATTENDANCE_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT,
                    AttendanceStatus.CONFIRMED, AttendanceStatus.INVITED)


def minutes_record(*, meeting: Meeting, membership: Membership | None = None,
                   guest: GuestInvitation | None = None, purpose: str = "view",
                   seen_as: str = "") -> MinutesRecord:
    """The minutes as this reader may read them, for the meeting page and the PDF."""
    # The items once for every decision below, and their rooms and guests once for the
    # policy's item and entry attributes (a constant number of queries per page).
    prefetch_related_objects([meeting], "items")
    with facts_of(meeting):
        lines = agenda_with_minutes(meeting=meeting, membership=membership, guest=guest,
                                    purpose=purpose, seen_as=seen_as)
        on_record = items_on_record_for(meeting=meeting, membership=membership, guest=guest)
        presences = [p for p in shared_presences(meeting.pk) if p.item_id in on_record]
    # What was decided or agreed outside any item is on the record of the meeting's readers.
    whole = guest is None and may(membership, "meeting.read", meeting)
    decisions = list(decisions_on_record_for(meeting=meeting, items=on_record,
                                             meeting_level=whole)
                     .select_related("item").order_by("created_at", "pk"))
    for decision in decisions:
        decision.tally_on_record = tally_on_record(decision)
    actions = list(actions_on_record_for(meeting=meeting, items=on_record, meeting_level=whole)
                   .select_related("owner__user", "owner_organisation", "decision")
                   .order_by("due_on", "pk"))
    attendances = list(
        attendance_on_record_for(meeting=meeting, membership=membership, guest=guest)
        .select_related("membership__user", "organisation")
        .order_by("membership__user__full_name", "pk"))
    _fill_item_records(lines, on_record, decisions, actions, attendances, presences)
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
                       actions: list, attendances: list[Attendance], presences: list) -> None:
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
    decisions = (Decision.objects.filter(network_id=membership.network_id)
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


def my_actions(*, membership: Membership) -> QuerySet[ActionItem]:
    return (ActionItem.objects.filter(Q(owner=membership) | Q(
        owner__isnull=True, owner_organisation=membership.organisation))
        .select_related("body", "meeting", "owner__user").order_by("status", "due_on"))


def calls_for_review(*, meeting: Meeting, membership: Membership) -> list[CallLog]:
    """Call logs of the body since its previous meeting, up to this one, that this reader may
    see: listed on the meeting page for review (each read recorded)."""
    logs = call_logs_visible_to(membership=membership).filter(
        body=meeting.body, occurred_on__lte=timezone.localtime(meeting.starts_at).date())
    previous = previous_meeting(meeting)
    if previous is not None:
        logs = logs.filter(occurred_on__gt=timezone.localtime(previous.starts_at).date())
    return call_logs_read(membership=membership, logs=logs.order_by("occurred_on", "pk"))


def steering_meeting_after(meeting: Meeting) -> Meeting | None:
    """The steering group's next meeting whose agenda is still open, for forwarding."""
    from accord.tenancy.models import BodyKind

    return (Meeting.objects.filter(body__kind=BodyKind.STRATEGIC,
                                   starts_at__gte=max(meeting.starts_at, timezone.now()),
                                   state__in=[MeetingState.SCHEDULED,
                                              MeetingState.AGENDA_PUBLISHED])
            .order_by("starts_at").first())
