"""Meetings with agendas, attendance, minutes of all three visibilities, decisions with named
and secret votes, presence lists and action items, network by network.

Rows are buffered per table and copied in dependency order (Django's foreign keys are checked
at the end of each COPY's transaction), so memory stays bounded at any profile.
"""

import uuid
from datetime import datetime, timedelta

from accord.bench.progress import Progress
from accord.bench.seeding import names
from accord.bench.seeding.copying import Table
from accord.bench.seeding.people import BodyInfo, Net
from accord.bench.seeding.shape import Profile, rng_for
from accord.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    BallotCast,
    Decision,
    DecisionOutcome,
    ItemPresence,
    Meeting,
    MeetingState,
    MinuteEntry,
    MinuteStatus,
    Procedure,
    SecretTally,
    Visibility,
    Vote,
    VoteChoice,
    VoteMode,
)

# Dependency order: a row's foreign keys point only at tables earlier in this list.
ORDER = (Meeting, AgendaItem, Attendance, MinuteEntry, ItemPresence, Decision, Vote,
         BallotCast, SecretTally, ActionItem)
FLUSH_ROWS = 50_000
RECENT = timedelta(days=14)


class Buffer:
    def __init__(self):
        self.tables = {model: Table(model) for model in ORDER}
        self.rows = {model: [] for model in ORDER}
        self.pending = 0

    def add(self, model, row: dict) -> None:
        self.rows[model].append(row)
        self.pending += 1

    def flush(self) -> None:
        for model in ORDER:
            self.tables[model].copy(self.rows[model])
            self.rows[model] = []
        self.pending = 0


def seed_meetings(profile: Profile, nets: list[Net], *, start: datetime, now: datetime,
                  show: bool = True) -> None:
    buffer = Buffer()
    with Progress("meetings", profile_meetings(nets), enabled=show) as bar:
        for net in nets:
            _NetworkMeetings(profile, net, buffer, start=start, now=now).run(bar)
            if buffer.pending >= FLUSH_ROWS:
                buffer.flush()
        buffer.flush()


def profile_meetings(nets: list[Net]) -> int:
    return sum(net.shape.meetings for net in nets)


class _NetworkMeetings:
    def __init__(self, profile, net: Net, buffer: Buffer, *, start, now):
        self.net, self.buffer, self.now = net, buffer, now
        self.rng = rng_for(profile, "meetings", net.shape.index)
        self.start = start
        self.organisation_of = {p.membership_id: p.organisation_id for p in net.people}
        self.t = buffer.tables

    def run(self, bar: Progress) -> None:
        span = (self.now + timedelta(days=90) - self.start).total_seconds()
        times = sorted(self.rng.random() * span for _ in range(self.net.shape.meetings))
        for meeting_id, offset in zip(self.t[Meeting].take_ids(len(times)), times, strict=True):
            starts = (self.start + timedelta(seconds=offset)).replace(minute=0, second=0,
                                                                      microsecond=0)
            self._meeting(meeting_id, self.rng.choice(self.net.bodies), starts)
            bar.advance()

    def _state(self, starts: datetime) -> str:
        if starts > self.now:
            return self.rng.choice((MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED))
        if starts > self.now - RECENT:
            return MeetingState.HELD
        roll = self.rng.random()
        return (MeetingState.CANCELLED if roll < 0.05 else
                MeetingState.HELD if roll < 0.15 else MeetingState.MINUTES_APPROVED)

    def _meeting(self, meeting_id: int, body: BodyInfo, starts: datetime) -> None:
        state = self._state(starts)
        approved = state == MeetingState.MINUTES_APPROVED
        self.buffer.add(Meeting, {
            "id": meeting_id, "network_id": self.net.id, "body_id": body.id, "series_id": None,
            "title": f"{names.BODY_NAMES[body.kind]}, {starts:%d %b %Y}",
            "starts_at": starts, "ends_at": starts + timedelta(hours=2),
            "place": f"Room {self.rng.randint(1, 40)}", "video_link": "",
            "chair_id": body.seat_of("chair"), "secretary_id": body.seat_of("secretary"),
            "state": state, "uid": uuid.UUID(int=self.rng.getrandbits(128), version=4),
            "ics_sequence": 0, "created_at": starts - timedelta(days=21),
            "minutes_approved_at": starts + timedelta(days=7) if approved else None,
        })
        past = state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
        present = self._attendance(meeting_id, body, past=past)
        items = self._agenda(meeting_id, body, starts, past=past, approved=approved,
                             present=present)
        if past:
            self._actions(meeting_id, body, starts, items)

    def _attendance(self, meeting_id: int, body: BodyInfo, *, past: bool) -> list[int]:
        present = []
        for seat, pk in zip(body.seats, self.t[Attendance].take_ids(len(body.seats)),
                            strict=True):
            roll = self.rng.random()
            if past:
                status = (AttendanceStatus.PRESENT if roll < 0.75 else
                          AttendanceStatus.EXCUSED if roll < 0.9 else AttendanceStatus.ABSENT)
            else:
                status = AttendanceStatus.CONFIRMED if roll < 0.5 else AttendanceStatus.INVITED
            if status == AttendanceStatus.PRESENT:
                present.append(seat.membership_id)
            self.buffer.add(Attendance, {
                "id": pk, "network_id": self.net.id, "meeting_id": meeting_id,
                "membership_id": seat.membership_id, "status": status,
                "organisation_id": self.organisation_of[seat.membership_id]})
        return present

    def _agenda(self, meeting_id, body, starts, *, past, approved, present) -> list[int]:
        count = self.rng.randint(3, 7)
        ids = list(self.t[AgendaItem].take_ids(count))
        for order, pk in enumerate(ids):
            kind = self._kind(order)
            confidential = kind == AgendaItemKind.CASE
            self.buffer.add(AgendaItem, {
                "id": pk, "network_id": self.net.id, "meeting_id": meeting_id, "order": order,
                "title": names.sentence(self.rng, 6)[:200], "kind": kind,
                "description": names.sentence(self.rng, 20),
                "time_box_minutes": self.rng.choice((10, 15, 20, 30)),
                "confidential": confidential, "required_level": None, "goal_id": None,
                "charter_document_id": None, "forwarded_from_id": None, "resolved": past,
                "case_reference": f"C-{self.rng.randint(1000, 99999)}" if confidential else "",
            })
            if past:
                self._minutes(pk, body, starts, confidential, approved, present)
                if kind == AgendaItemKind.DECISION:
                    self._decision(meeting_id, pk, body, starts, approved, present)
        return ids

    def _kind(self, order: int) -> str:
        if order == 0:
            return AgendaItemKind.INFORMATION
        roll = self.rng.random()
        return (AgendaItemKind.DECISION if roll < 0.15 else AgendaItemKind.CASE if roll < 0.4
                else AgendaItemKind.GOAL_REVIEW if roll < 0.45 else AgendaItemKind.TOPIC)

    def _minutes(self, item_id, body, starts, confidential, approved, present) -> None:
        roll = self.rng.random()
        if confidential:
            visibility = Visibility.PRESENT if roll < 0.7 else Visibility.NOT_RECORDED
        else:
            visibility = Visibility.NETWORK if roll < 0.9 else Visibility.PRESENT
        written = starts + timedelta(hours=3)
        self.buffer.add(MinuteEntry, {
            "id": self.t[MinuteEntry].take_ids(1)[0], "network_id": self.net.id,
            "item_id": item_id, "visibility": visibility, "lock_version": 1,
            "text": "" if visibility == Visibility.NOT_RECORDED else names.sentence(self.rng, 60),
            "status": MinuteStatus.APPROVED if approved else MinuteStatus.DRAFT,
            "addendum_of_id": None, "author_id": body.seat_of("secretary"),
            "created_at": written, "updated_at": written,
            "approved_at": starts + timedelta(days=7) if approved else None,
        })
        if visibility == Visibility.PRESENT:
            for membership_id in present:
                self.buffer.add(ItemPresence, {
                    "id": self.t[ItemPresence].take_ids(1)[0], "network_id": self.net.id,
                    "item_id": item_id, "membership_id": membership_id, "guest_id": None})

    def _decision(self, meeting_id, item_id, body, starts, approved, present) -> None:
        roll = self.rng.random()
        procedure = (Procedure.CONSENSUS if roll < 0.4 else Procedure.SIMPLE_MAJORITY
                     if roll < 0.8 else Procedure.QUALIFIED_MAJORITY if roll < 0.9
                     else Procedure.CHAIR)
        voting = procedure in (Procedure.SIMPLE_MAJORITY, Procedure.QUALIFIED_MAJORITY)
        secret = voting and self.rng.random() < 0.1
        # Meetings of the last two weeks still have their votes open (the load test votes).
        open_ = voting and not approved and starts > self.now - RECENT
        decision_id = self.t[Decision].take_ids(1)[0]
        decided = None if open_ else starts + timedelta(hours=1)
        self.buffer.add(Decision, {
            "id": decision_id, "network_id": self.net.id, "body_id": body.id,
            "meeting_id": meeting_id, "item_id": item_id,
            "title": f"Decision on {self.rng.choice(names.TOPICS)}",
            "motion": names.sentence(self.rng, 30), "procedure": procedure,
            "procedure_version_id": None,
            "vote_mode": VoteMode.SECRET if secret else VoteMode.NAMED,
            "quorum": 3 if voting else None, "voting_open": open_,
            "voting_closed_at": decided if voting else None,
            "outcome": DecisionOutcome.PENDING if open_ else (
                DecisionOutcome.ADOPTED if self.rng.random() < 0.85 else DecisionOutcome.REJECTED),
            "rationale": "" if open_ else names.sentence(self.rng, 15), "dissent": "",
            "minority_statement": "", "adopts_charter_version_id": None,
            "decided_at": decided, "created_by_id": body.seat_of("secretary"),
            "created_at": starts + timedelta(minutes=30),
        })
        if voting and not open_:
            self._votes(decision_id, body, present, secret, starts)

    def _votes(self, decision_id, body, present, secret, starts) -> None:
        voters = [s.membership_id for s in body.seats if s.voting and s.membership_id in present]
        # A secret vote keeps counters per choice, never a row per ballot (issue 8).
        counts = dict.fromkeys(VoteChoice.values, 0)
        for voter in voters:
            choice = self.rng.choices(VoteChoice.values, weights=(7, 2, 1))[0]
            if secret:
                self.buffer.add(BallotCast, {"id": self.t[BallotCast].take_ids(1)[0],
                                             "network_id": self.net.id,
                                             "decision_id": decision_id, "voter_id": voter})
                counts[choice] += 1
            else:
                self.buffer.add(Vote, {"id": self.t[Vote].take_ids(1)[0],
                                       "network_id": self.net.id, "decision_id": decision_id,
                                       "voter_id": voter, "choice": choice,
                                       "cast_at": starts + timedelta(minutes=45)})
        if secret:
            for choice, pk in zip(counts, self.t[SecretTally].take_ids(len(counts)),
                                  strict=True):
                self.buffer.add(SecretTally, {"id": pk, "network_id": self.net.id,
                                              "decision_id": decision_id, "choice": choice,
                                              "count": counts[choice]})

    def _actions(self, meeting_id, body, starts, items) -> None:
        for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3))):
            owner = self.rng.choice(body.seats).membership_id
            due = (starts + timedelta(days=self.rng.randint(14, 60))).date()
            roll = self.rng.random()
            if due < self.now.date():
                status = (ActionStatus.DONE if roll < 0.6 else ActionStatus.DROPPED if roll < 0.7
                          else ActionStatus.OPEN if roll < 0.9 else ActionStatus.IN_PROGRESS)
            else:
                status = ActionStatus.OPEN if roll < 0.7 else ActionStatus.IN_PROGRESS
            self.buffer.add(ActionItem, {
                "id": self.t[ActionItem].take_ids(1)[0], "network_id": self.net.id,
                "body_id": body.id, "title": f"Follow up: {self.rng.choice(names.TOPICS)}",
                "description": names.sentence(self.rng, 15), "owner_id": owner,
                "owner_organisation_id": self.organisation_of[owner], "due_on": due,
                "status": status, "meeting_id": meeting_id,
                "item_id": self.rng.choice(items), "decision_id": None, "goal_id": None,
                "case_reference": "", "created_by_id": body.seat_of("secretary"),
                "created_at": starts + timedelta(hours=2),
                "done_at": (starts + timedelta(days=10)) if status == ActionStatus.DONE else None,
            })
