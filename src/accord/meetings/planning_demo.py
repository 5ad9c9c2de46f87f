"""The demo's meeting planning (issue 16), called at the end of load_meetings_demo inside the
network's scope: the case conference's next meeting of its series (still scheduled) looks
for a date with an open poll and answers; the upcoming meeting (agenda published) has
replies, one of them excused with a deputy of the same organisation. Through the services,
so the audit trail is real; running it again changes nothing."""

from datetime import timedelta

from django.utils import timezone

from accord import policy
from accord.meetings.models import (
    AnsweredVia,
    DatePoll,
    Meeting,
    MeetingState,
    Reply,
    ReplyAnswer,
)
from accord.meetings.services import planning
from accord.tenancy.models import BodyMembership, Membership

ANSWER_PATTERN = ("yes", "if_need_be", "no", "yes", "yes", "no", "if_need_be")
REPLY_PATTERN = (ReplyAnswer.ATTENDING, ReplyAnswer.REMOTE, ReplyAnswer.ATTENDING, None)


def load_planning_demo(*, body, chair) -> None:
    people = [s.membership for s in BodyMembership.objects.filter(body=body)
              .select_related("membership__user", "membership__organisation")
              .order_by("pk") if s.membership.is_active]
    _date_poll(body, chair, people)
    _replies(body, chair, people)


def _date_poll(body, chair, people) -> None:
    meeting = (Meeting.objects.filter(body=body, series__isnull=False,
                                      state=MeetingState.SCHEDULED,
                                      starts_at__gt=timezone.now())
               .order_by("starts_at").first())
    if meeting is None or DatePoll.objects.filter(meeting=meeting).exists():
        return
    start = meeting.starts_at
    length = meeting.ends_at - meeting.starts_at
    # The series' own day and time first, then the afternoon before and the morning after.
    starts = [start, start - timedelta(days=1) + timedelta(hours=5), start + timedelta(days=1),
              start + timedelta(days=7)]
    poll = planning.date_poll_create(
        membership=chair, meeting=meeting, options=[(s, s + length) for s in starts],
        closes_at=start - timedelta(days=7))
    options = list(poll.options.all())
    people = [p for p in people if policy.decide(p, "date_poll.answer", poll,
                                                 purpose="prepare").allowed]
    # Everyone but the last member has answered; the pattern makes one date clearly best.
    for index, person in enumerate(people[:-1]):
        planning.date_answers_set(membership=person, poll=poll, via=AnsweredVia.EMAIL, answers={
            option.pk: ANSWER_PATTERN[(index + number) % len(ANSWER_PATTERN)]
            for number, option in enumerate(options)})


def _replies(body, chair, people) -> None:
    meeting = (Meeting.objects.filter(body=body, state=MeetingState.AGENDA_PUBLISHED,
                                      starts_at__gt=timezone.now())
               .order_by("starts_at").first())
    if meeting is None or Reply.objects.filter(meeting=meeting).exists():
        return
    # Those the rules let reply (a seated privacy officer oversees, and does not reply).
    people = [p for p in people if policy.decide(p, "meeting.reply", meeting,
                                                 purpose="prepare").allowed]
    excused, deputy = _excused_with_deputy(people, chair)
    if excused is not None:
        planning.reply_set(membership=excused, meeting=meeting, answer=ReplyAnswer.DEPUTY,
                           deputy=deputy, via=AnsweredVia.PAGE)
    others = [p for p in people if p != excused]
    for person, answer in zip(others, REPLY_PATTERN * len(others), strict=False):
        if answer:  # None: not answered yet
            planning.reply_set(membership=person, meeting=meeting, answer=answer,
                               via=AnsweredVia.EMAIL)


def _excused_with_deputy(people, chair) -> tuple[Membership | None, Membership | None]:
    """A seated member (not the chair) with an active colleague of the same organisation."""
    seated = {p.pk for p in people}
    for person in reversed(people):
        if person == chair:
            continue
        colleague = (Membership.objects.active().filter(organisation_id=person.organisation_id)
                     .exclude(pk__in=seated).first()
                     or Membership.objects.active().filter(
                         organisation_id=person.organisation_id).exclude(pk=person.pk).first())
        if colleague is not None:
            return person, colleague
    return None, None
