"""Finding a date and answering the invitation (issue 16, parts 1 and 2).

A date poll is proposed by the meeting's planners for a meeting that is still only scheduled
(its provisional time stands until a date is chosen); the body's members answer yes, if need
be or no. Choosing a date moves the meeting through meeting_update, so calendars and
invitations follow the same way as for any other change. Replies say who comes, remotely,
excused or through a deputy of the same organisation, and attendance recording starts from
them (the attendance page starts excused people as excused, deputies as present).

Every service checks the policy, writes and records its audit event in one transaction; a
refused answer (a closed poll, a deputy of another organisation, an unknown date) writes
nothing.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord import policy
from accord.core.mail import mail_send
from accord.meetings import planning_links
from accord.meetings.ics import invitation_ics, meeting_page_url
from accord.meetings.models import (
    AnsweredVia,
    AnswersVisibility,
    Attendance,
    AttendanceStatus,
    DateAnswer,
    DateAnswerChoice,
    DateOption,
    DatePoll,
    Meeting,
    MeetingState,
    Reply,
    ReplyAnswer,
)
from accord.meetings.services._common import audit, require_planner
from accord.meetings.services.errors import Refused
from accord.meetings.services.meetings import meeting_update
from accord.tenancy.models import BodyMembership, Membership

MAX_OPTIONS = 12
OPEN_STATES = (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED)


class PollClosed(Refused):
    """An answer to a poll that no longer takes answers (a 409 in the API, 410 for a link)."""


def _closed() -> PollClosed:
    return PollClosed(_("This date poll is closed: answers are no longer taken."))


# Date polls --------------------------------------------------------------------------------

def _check_options(options: Sequence[tuple[datetime, datetime]]) -> None:
    if not 1 <= len(options) <= MAX_OPTIONS:
        raise ValidationError({"options": _("Propose between 1 and %(max)d dates.")
                               % {"max": MAX_OPTIONS}})
    now = timezone.now()
    for starts_at, ends_at in options:
        if ends_at <= starts_at:
            raise ValidationError({"options": _("Each date must end after it starts.")})
        if starts_at <= now:
            raise ValidationError({"options": _("Propose dates in the future.")})
    if len({start for start, _end in options}) != len(options):
        raise ValidationError({"options": _("Each date can be proposed once.")})


def _members_of_body(meeting: Meeting) -> list[Membership]:
    """Everyone who answers for the body: its active seated members and the officers."""
    seats = (BodyMembership.objects.filter(body_id=meeting.body_id)
             .select_related("membership__user", "membership__organisation"))
    people = {s.membership.pk: s.membership for s in seats if s.membership.is_active}
    for officer in (meeting.chair, meeting.secretary):
        if officer is not None and officer.is_active:
            people.setdefault(officer.pk, officer)
    return sorted(people.values(), key=lambda m: m.pk)


@transaction.atomic
def date_poll_create(*, membership, meeting: Meeting,
                     options: Sequence[tuple[datetime, datetime]], closes_at=None,
                     answers_visibility: str = AnswersVisibility.BODY) -> DatePoll:
    """Propose dates for `meeting` (still scheduled, without a poll). The body's members get
    an e-mail with one link per date and answer. Planners only; audited."""
    require_planner(membership, meeting)
    if meeting.state != MeetingState.SCHEDULED:
        raise Refused(_("Only a scheduled meeting whose agenda is not yet published can look "
                        "for a date."))
    if DatePoll.objects.filter(meeting=meeting).exists():
        raise Refused(_("This meeting already has a date poll."))
    _check_options(options)
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The answers must be open until a moment in "
                                              "the future.")})
    if answers_visibility not in AnswersVisibility.values:
        raise ValidationError({"answers_visibility": _("Choose who sees the answers.")})
    poll = DatePoll.objects.create(network=meeting.network, meeting=meeting,
                                   closes_at=closes_at, answers_visibility=answers_visibility,
                                   created_by=membership)
    DateOption.objects.bulk_create([
        DateOption(network=meeting.network, poll=poll, starts_at=start, ends_at=end)
        for start, end in sorted(options)])
    sent = _send_poll(poll)
    audit(membership, "date_poll.created", poll, meeting=meeting.pk, options=len(options),
          answers_visibility=answers_visibility, invited=sent)
    return poll


def _send_poll(poll: DatePoll) -> int:
    meeting = poll.meeting
    options = list(poll.options.all())
    sent = 0
    for person in _members_of_body(meeting):
        user = person.user
        links = [{"option": option, "answers": [
            (DateAnswerChoice(answer).label,
             planning_links.poll_answer_url(option=option, membership=person, answer=answer))
            for answer in DateAnswerChoice.values]} for option in options]
        mail_send(to=user.email, template="meetings/email/date_poll", language=user.language,
                  subject=format_lazy("{}: {}", gettext_lazy("When can you meet?"),
                                      meeting.title),
                  context={"meeting": meeting, "recipient": user, "links": links,
                           "poll": poll, "url": poll_page_url(meeting),
                           "time_zone": meeting.network.time_zone},
                  key=f"date-poll:{poll.pk}:{person.pk}")
        sent += 1
    return sent


def poll_page_url(meeting: Meeting) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.ACCORD_BASE_URL + reverse(
        "meetings:date-poll", kwargs={"network": meeting.network.slug, "pk": meeting.pk})


@transaction.atomic
def date_answers_set(*, membership, poll: DatePoll, answers: Mapping[int, str],
                     via: str = AnsweredVia.PAGE) -> list[DateAnswer]:
    """Store `membership`'s answers (option id → yes / if_need_be / no). Members of the body;
    refused once the poll is closed, and for a date that is not this poll's: then nothing is
    stored. Answering the same again changes nothing. Audited."""
    policy.require(membership, "date_poll.answer", poll, purpose="prepare")
    poll = DatePoll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_open:
        raise _closed()
    if not answers:
        raise ValidationError({"answers": _("Answer at least one date.")})
    options = {o.pk: o for o in poll.options.all()}
    unknown = set(answers) - set(options)
    if unknown:
        raise ValidationError({"answers": _("These dates are not part of this poll: %(ids)s.")
                               % {"ids": ", ".join(map(str, sorted(unknown)))}})
    if any(value not in DateAnswerChoice.values for value in answers.values()):
        raise ValidationError({"answers": _("Answer yes, if need be or no.")})
    existing = {a.option_id: a for a in DateAnswer.objects.filter(
        option__poll=poll, membership=membership)}
    changed = []
    for option_id, value in answers.items():
        row = existing.get(option_id)
        if row is None:
            row = DateAnswer(network=poll.network, option=options[option_id],
                             membership=membership)
        elif row.answer == value:
            continue
        row.answer, row.via, row.answered_at = value, via, timezone.now()
        row.save()
        changed.append(row)
    if changed:
        audit(membership, "date_poll.answered", poll, answers=len(changed), via=via)
    return changed


@transaction.atomic
def date_poll_choose(*, membership, poll: DatePoll, option: DateOption) -> Meeting:
    """Fix the meeting on `option`: the meeting moves (meeting_update: calendars that had it
    get an update) and the poll closes. The body's members are told the date. Planners only;
    audited."""
    meeting = poll.meeting
    require_planner(membership, meeting)
    if poll.chosen_id is not None:
        raise Refused(_("A date has already been chosen for this meeting."))
    if option.poll_id != poll.pk:
        raise ValidationError({"option_id": _("Choose one of this poll's dates.")})
    if meeting.state not in OPEN_STATES:
        raise Refused(_("This meeting is no longer ahead: its date cannot change."))
    meeting = meeting_update(membership=membership, meeting=meeting,
                             starts_at=option.starts_at, ends_at=option.ends_at)
    poll.chosen, poll.closed_at = option, timezone.now()
    poll.save(update_fields=["chosen", "closed_at"])
    for person in _members_of_body(meeting):
        mail_send(to=person.user.email, template="meetings/email/date_chosen",
                  language=person.user.language,
                  subject=format_lazy("{}: {}", gettext_lazy("Date chosen"), meeting.title),
                  context={"meeting": meeting, "recipient": person.user,
                           "url": meeting_page_url(meeting),
                           "time_zone": meeting.network.time_zone},
                  key=f"date-chosen:{poll.pk}:{person.pk}")
    audit(membership, "date_poll.chosen", poll, meeting=meeting.pk, option=option.pk)
    return meeting


# Replies -----------------------------------------------------------------------------------

def _check_deputy(meeting: Meeting, person, deputy) -> None:
    if deputy is None:
        raise ValidationError({"deputy": _("Name the deputy who comes in your place.")})
    if (deputy.network_id != meeting.network_id or deputy.pk == person.pk
            or deputy.organisation_id != person.organisation_id or not deputy.is_active):
        raise ValidationError({"deputy": _("A deputy is an active member of your own "
                                           "organisation in this network.")})


@transaction.atomic
def reply_set(*, membership, meeting: Meeting, answer: str, deputy=None, note: str = "",
              via: str = AnsweredVia.PAGE) -> Reply:
    """`membership` answers the meeting's invitation. A deputy is an active member of the
    same organisation and network, and is invited in their place. Refused once the meeting is
    held or cancelled. Those invited (members of the body, the officers); audited."""
    policy.require(membership, "meeting.reply", meeting, purpose="prepare")
    if meeting.state not in OPEN_STATES:
        raise Refused(_("This meeting is no longer ahead: replies are closed."))
    if answer not in ReplyAnswer.values:
        raise ValidationError({"answer": _("Choose a reply.")})
    if answer == ReplyAnswer.DEPUTY:
        _check_deputy(meeting, membership, deputy)
    else:
        deputy = None
    reply = Reply.objects.select_for_update().filter(meeting=meeting,
                                                     membership=membership).first()
    before = (reply.answer, reply.deputy_id, reply.note) if reply else None
    if before == (answer, getattr(deputy, "pk", None), note):
        return reply  # the same answer again (a second click on a link): nothing changes
    previous_deputy_id = reply.deputy_id if reply else None
    reply = reply or Reply(network=meeting.network, meeting=meeting, membership=membership)
    reply.answer, reply.deputy, reply.note, reply.via = answer, deputy, note, via
    reply.answered_at = timezone.now()
    reply.full_clean()
    reply.save()
    _attendance_from_reply(meeting, reply, previous_deputy_id)
    audit(membership, "meeting.replied", reply, meeting=meeting.pk, answer=answer,
          deputy=getattr(deputy, "pk", None), via=via)
    return reply


def _attendance_from_reply(meeting: Meeting, reply: Reply, previous_deputy_id) -> None:
    """Attendance starts from the replies: excused people as excused, deputies invited (and
    e-mailed if the invitations went out already) on their behalf."""
    status = (AttendanceStatus.EXCUSED
              if reply.answer in (ReplyAnswer.EXCUSED, ReplyAnswer.DEPUTY)
              else AttendanceStatus.CONFIRMED)
    row, _created = Attendance.objects.get_or_create(
        meeting=meeting, membership=reply.membership,
        defaults={"network": meeting.network, "organisation": reply.membership.organisation})
    row.status = status
    row.save(update_fields=["status"])
    if previous_deputy_id and previous_deputy_id != reply.deputy_id:
        _withdraw_deputy(meeting, previous_deputy_id)
    if reply.deputy_id and reply.deputy_id != previous_deputy_id:
        _invite_deputy(meeting, reply)


def _withdraw_deputy(meeting: Meeting, deputy_id: int) -> None:
    # Only a seat the reply created goes: someone invited in their own right stays.
    if deputy_id in (meeting.chair_id, meeting.secretary_id) or BodyMembership.objects.filter(
            body_id=meeting.body_id, membership_id=deputy_id).exists():
        return
    Attendance.objects.filter(meeting=meeting, membership_id=deputy_id,
                              status__in=[AttendanceStatus.INVITED,
                                          AttendanceStatus.CONFIRMED]).delete()


def _invite_deputy(meeting: Meeting, reply: Reply) -> None:
    deputy = reply.deputy
    row, created = Attendance.objects.get_or_create(
        meeting=meeting, membership=deputy,
        defaults={"network": meeting.network, "organisation": reply.membership.organisation,
                  "status": AttendanceStatus.CONFIRMED})
    if not created and row.status in (AttendanceStatus.INVITED, AttendanceStatus.EXCUSED):
        row.status = AttendanceStatus.CONFIRMED
        row.save(update_fields=["status"])
    if meeting.state == MeetingState.AGENDA_PUBLISHED:
        user = deputy.user
        mail_send(to=user.email, template="meetings/email/invitation", language=user.language,
                  subject=format_lazy("{}: {}", gettext_lazy("Invitation and agenda"),
                                      meeting.title),
                  context={"meeting": meeting, "recipient": user,
                           "url": meeting_page_url(meeting),
                           "items": list(meeting.items.all()),
                           "time_zone": meeting.network.time_zone,
                           "deputy_for": reply.membership.user.full_name},
                  attachments=[("invite.ics", invitation_ics(meeting, attendee_email=user.email,
                                                          membership_id=deputy.pk),
                                "text/calendar; method=REQUEST")],
                  key=f"deputy-invitation:{meeting.pk}:{deputy.pk}:{meeting.ics_sequence}")
