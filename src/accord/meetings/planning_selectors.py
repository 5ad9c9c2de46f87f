"""Reads of meeting planning (issue 16): a meeting's date poll with its best dates, and who
comes to a meeting per organisation.

The board of a poll is read in a constant number of queries, however many members and dates
(options, answers, seats, the case items' lead organisations: one query each), and the
ranking runs in Python over what was loaded.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord import policy
from accord.meetings import selectors
from accord.meetings.models import (
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    DateAnswer,
    DateAnswerChoice,
    DatePoll,
    Meeting,
    Reply,
    ReplyAnswer,
)
from accord.tenancy.models import BodyMembership, Membership, Organisation

AVAILABLE = (DateAnswerChoice.YES, DateAnswerChoice.IF_NEED_BE)


def date_poll_for(membership: Membership, meeting_pk: int, *,
                  action: str = "meeting.see") -> DatePoll:
    """The meeting's poll: its meeting through meeting_for (which decides `action`), then the
    poll through date_poll.view; 404 when the meeting has none or may not be known."""
    meeting = selectors.meeting_for(membership, meeting_pk, action=action, purpose="prepare")
    poll = policy.fetch(membership, DatePoll.objects.select_related("chosen"),
                        action="date_poll.view", purpose="prepare", meeting=meeting)
    poll.meeting = meeting
    return poll


@dataclass
class Voter:
    membership: Membership
    voting: bool
    answers: list[str] = field(default_factory=list)  # per option, "" when not answered


@dataclass
class DateRow:
    option: object
    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    voting_available: int = 0
    voting_yes: int = 0
    missing: list[Organisation] = field(default_factory=list)
    rank: int = 0

    def key(self, required: int) -> tuple:
        """Best first: every organisation that must be present, then voting members who can
        come (a "yes" before an "if need be"), then everyone who can, then the earlier date."""
        return (-(required - len(self.missing)), -self.voting_available, -self.voting_yes,
                -(self.yes + self.if_need_be), -self.yes, self.option.starts_at)


@dataclass
class PollBoard:
    poll: DatePoll
    rows: list[DateRow]  # in the options' order
    ranked: list[DateRow]  # best first
    voters: list[Voter]
    required: list[Organisation]
    mine: dict[int, str]
    may_answer: bool
    may_read_answers: bool
    may_plan: bool

    @property
    def best(self) -> DateRow | None:
        return self.ranked[0] if self.ranked else None


def _case_lead_organisations(meeting: Meeting) -> set[int]:
    """The lead organisations of the cases discussed at the meeting: they must be present.
    Only their ids are read (for the weighing); no case content."""
    items = meeting.items.filter(kind=AgendaItemKind.CASE,
                                 case__lead_organisation__isnull=False)
    return set(items.values_list("case__lead_organisation_id", flat=True))


def _voters(meeting: Meeting) -> list[Voter]:
    seats = (BodyMembership.objects.filter(body_id=meeting.body_id)
             .select_related("membership__user", "membership__organisation"))
    found: dict[int, Voter] = {}
    for seat in seats:
        if seat.membership.is_active:
            found[seat.membership_id] = Voter(seat.membership, seat.voting_right)
    return sorted(found.values(), key=lambda v: (v.membership.user.full_name, v.membership.pk))


def poll_board(membership: Membership, poll: DatePoll) -> PollBoard:
    meeting = poll.meeting
    options = list(poll.options.all())
    may_read = policy.decide(membership, "date_poll.read_answers", poll,
                             purpose="prepare").allowed
    voters = _voters(meeting)
    answers = {(a.option_id, a.membership_id): a.answer for a in DateAnswer.objects.filter(
        option__poll=poll).only("option_id", "membership_id", "answer")}
    required_ids = ({v.membership.organisation_id for v in voters if v.voting}
                    | _case_lead_organisations(meeting))
    organisations = {v.membership.organisation_id: v.membership.organisation for v in voters}
    missing_ids = required_ids - set(organisations)
    if missing_ids:
        organisations.update({o.pk: o for o in Organisation.objects.filter(pk__in=missing_ids)})
    rows = [_row(option, voters, answers, required_ids, organisations) for option in options]
    ranked = sorted(rows, key=lambda r: r.key(len(required_ids)))
    for number, row in enumerate(ranked, start=1):
        row.rank = number
    for voter in voters:
        voter.answers = [answers.get((o.pk, voter.membership.pk), "") for o in options]
    return PollBoard(
        poll=poll, rows=rows, ranked=ranked, voters=voters if may_read else [],
        required=sorted((organisations[i] for i in required_ids), key=lambda o: o.name),
        mine={o.pk: answers.get((o.pk, membership.pk), "") for o in options},
        may_answer=policy.decide(membership, "date_poll.answer", poll,
                                 purpose="prepare").allowed,
        may_read_answers=may_read,
        may_plan=selectors.may(membership, "meeting.plan", meeting, purpose="prepare"))


def _row(option, voters, answers, required_ids, organisations) -> DateRow:
    row = DateRow(option)
    present = set()
    for voter in voters:
        answer = answers.get((option.pk, voter.membership.pk))
        if answer == DateAnswerChoice.YES:
            row.yes += 1
        elif answer == DateAnswerChoice.IF_NEED_BE:
            row.if_need_be += 1
        elif answer == DateAnswerChoice.NO:
            row.no += 1
        if answer in AVAILABLE:
            present.add(voter.membership.organisation_id)
            if voter.voting:
                row.voting_available += 1
                row.voting_yes += answer == DateAnswerChoice.YES
    row.missing = sorted((organisations[i] for i in required_ids - present),
                         key=lambda o: o.name)
    return row


# Replies -----------------------------------------------------------------------------------

@dataclass
class OrganisationTurnout:
    organisation: Organisation
    required: bool
    coming: list = field(default_factory=list)  # (name, answer label)
    not_coming: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Must be present, and nobody of it has said they come."""
        return self.required and not self.coming


def replies_for(membership: Membership, meeting: Meeting) -> list[Reply]:
    """Every reply (organisers: meeting.plan), or the member's own."""
    rows = Reply.objects.filter(meeting=meeting).select_related(
        "membership__user", "membership__organisation", "deputy__user")
    if not selectors.may(membership, "meeting.plan", meeting, purpose="prepare"):
        rows = rows.filter(membership=membership)
    return list(rows.order_by("membership__user__full_name", "pk"))


def turnout(meeting: Meeting) -> list[OrganisationTurnout]:
    """Per organisation, who comes (from the replies and the invitations), for the organiser:
    the organisations of the body's voting members and of the cases on the agenda must be
    present, and one with nobody coming is flagged."""
    voters = _voters(meeting)
    required = ({v.membership.organisation_id for v in voters if v.voting}
                | _case_lead_organisations(meeting))
    replies = {r.membership_id: r for r in Reply.objects.filter(meeting=meeting)
               .select_related("deputy__user")}
    invited = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)
               .select_related("membership__user", "organisation")}
    people = {v.membership.pk: (v.membership, v.membership.organisation) for v in voters}
    for row in invited.values():
        people.setdefault(row.membership_id, (row.membership, row.organisation))
    deputies = {r.deputy_id: r.membership_id for r in replies.values() if r.deputy_id}
    names = {pk: person.user.full_name for pk, (person, _org) in people.items()}
    by_org: dict[int, OrganisationTurnout] = {}
    for person, organisation in people.values():
        entry = by_org.setdefault(organisation.pk, OrganisationTurnout(
            organisation, organisation.pk in required))
        _place(entry, person, replies.get(person.pk), invited.get(person.pk),
               names.get(deputies.get(person.pk)))
    for org in Organisation.objects.filter(pk__in=required - set(by_org)):
        by_org[org.pk] = OrganisationTurnout(org, True)
    return sorted(by_org.values(), key=lambda e: (not e.flagged, e.organisation.name))


def _place(entry: OrganisationTurnout, person, reply, attendance, deputy_for) -> None:
    name = person.user.full_name
    if reply is not None:
        if reply.answer in (ReplyAnswer.ATTENDING, ReplyAnswer.REMOTE):
            entry.coming.append((name, reply.get_answer_display()))
        else:
            entry.not_coming.append((name, reply.get_answer_display()))
    elif deputy_for:
        entry.coming.append((name, _("Deputy for %(name)s") % {"name": deputy_for}))
    elif attendance is not None and attendance.status == AttendanceStatus.CONFIRMED:
        entry.coming.append((name, AttendanceStatus.CONFIRMED.label))
    else:
        entry.unanswered.append(name)


def reply_of(membership: Membership, meeting: Meeting) -> Reply | None:
    return Reply.objects.filter(meeting=meeting, membership=membership).select_related(
        "deputy__user").first()


def deputies_offered(membership: Membership) -> QuerySet[Membership]:
    """Who can stand in for `membership`: active members of the same organisation."""
    return (Membership.objects.active().filter(organisation_id=membership.organisation_id)
            .exclude(pk=membership.pk).select_related("user").order_by("user__full_name"))
