"""Circulating draft minutes for comments, and approving them by the rules of procedure.

The secretary circulates the draft once the meeting was held; members of the body comment on
an entry they may read, or on the whole meeting. Approval follows the usual rules of
procedure of a local network's bodies (the charter's rules of procedure are prose, so these
are the three ways the issue names, and an approval records which one it used):

- by the chair of the meeting, who signs the minutes (at the next meeting or whenever);
- by the secretary, once the circulated draft's period for comments ended without an
  objection (the same condition as the silent procedure, which does it without anyone);
- by the body's decision: an adopted decision of the same body, taken since the meeting
  began, named by the chair or the secretary who records the approval.

Anything else is refused with the reason and the way that would work.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord import policy
from accord.audit.services import audit_record
from accord.core.mail import mail_send
from accord.meetings.models import (
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingState,
    MinutesComment,
)
from accord.meetings.services._common import (
    audit,
    network_datetime,
    require_officer,
)
from accord.meetings.services.errors import Refused
from accord.meetings.services.minutes import approve_entries
from accord.meetings.visibility import minute_entries_visible_to
from accord.tenancy.models import BodyMembership, Membership


def silent_days(network) -> int:
    """N of the silent procedure. ACCORD_MINUTES_SILENT_DAYS (default 7): the minutes policy
    is prose, so its N cannot be read from it reliably."""
    return int(getattr(settings, "ACCORD_MINUTES_SILENT_DAYS", 7))


def silent_deadline(meeting: Meeting):
    if meeting.minutes_circulated_at is None:
        return None
    return meeting.minutes_circulated_at + timedelta(days=silent_days(meeting.network))


def has_objection(meeting: Meeting) -> bool:
    return meeting.minutes_comments.filter(objection=True).exists()


@transaction.atomic
def minutes_circulate(*, membership, meeting: Meeting) -> Meeting:
    """Send the draft minutes round for comments; starts the silent procedure's clock.
    Chair or secretary; the meeting must be held and not yet circulated; audited."""
    require_officer(membership, meeting)
    if meeting.state != MeetingState.HELD:
        raise Refused(_("Draft minutes can be circulated once the meeting is marked as held."))
    if meeting.minutes_circulated_at is not None:
        raise Refused(_("These minutes are already circulated."))
    meeting.minutes_circulated_at = timezone.now()
    meeting.save(update_fields=["minutes_circulated_at"])
    audit(membership, "minutes.circulated", meeting, silent_days=silent_days(meeting.network))
    _notify_circulated(meeting)
    return meeting


def _notify_circulated(meeting: Meeting) -> int:
    """E-mail the body's active members that draft minutes await comments. The message holds
    the meeting's title, the link and the deadline, never minutes text: who may read which
    entry is decided in Accord, not in an inbox."""
    seats = BodyMembership.objects.filter(
        body=meeting.body, membership__in=Membership.objects.active()
    ).select_related("membership__user").order_by("pk")
    path = reverse("meetings:detail", kwargs={"network": meeting.network.slug, "pk": meeting.pk})
    for seat in seats:
        user = seat.membership.user
        mail_send(to=user.email, template="meetings/email/minutes_circulated",
                  language=user.language,
                  subject=format_lazy("{}: {}", gettext_lazy("Draft minutes for comment"),
                                      meeting.title),
                  context={"meeting": meeting, "recipient": user,
                           "deadline": silent_deadline(meeting),
                           "time_zone": meeting.network.time_zone,
                           "url": settings.ACCORD_BASE_URL + path})
    return len(seats)


@transaction.atomic
def minutes_comment_add(*, membership, meeting: Meeting, text: str, objection: bool = False,
                        entry_id: int | None = None) -> MinutesComment:
    """A reader of the body's minutes comments on circulated draft minutes. A comment on an
    entry is possible only on an entry this person may read (another entry is not found).
    Audited without the text."""
    policy.require(membership, "meeting.read", meeting, purpose="view")
    if meeting.state != MeetingState.HELD or meeting.minutes_circulated_at is None:
        raise Refused(_("Only circulated draft minutes take comments."))
    entry = None
    if entry_id is not None:
        from accord.meetings.selectors import minute_entry_for

        entry = minute_entry_for(membership, entry_id, meeting_pk=meeting.pk)
    comment = MinutesComment(network=meeting.network, meeting=meeting, entry=entry,
                             author=membership, text=text, objection=objection)
    comment.full_clean()
    comment.save()
    audit(membership, "minutes.commented", meeting, entry=entry_id, objection=objection)
    return comment


def comments_visible_to(*, meeting: Meeting, membership):
    """Comments follow the entries: a comment on an entry is read only by those who may read
    that entry; comments on the whole meeting by every reader."""
    if membership is None or not policy.decide(membership, "meeting.read", meeting,
                                               purpose="view").allowed:
        return MinutesComment.objects.none()
    visible = minute_entries_visible_to(meeting=meeting, membership=membership)
    return (meeting.minutes_comments.filter(entry__isnull=True)
            | meeting.minutes_comments.filter(entry__in=visible.values("pk"))
            ).select_related("author__user", "entry__item")


@transaction.atomic
def minutes_approve_silently(*, meeting: Meeting, now=None) -> bool:
    """Approve circulated minutes whose silent period ended without an objection. Run by the
    background task; audited with no acting person. Returns whether it approved."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    deadline = silent_deadline(meeting)
    if (meeting.state != MeetingState.HELD or deadline is None
            or deadline > (now or timezone.now()) or has_objection(meeting)):
        return False
    count = approve_entries(meeting)
    audit_record(network=meeting.network, actor=None, actor_label="silent procedure",
                 action="minutes.approved_silently", obj=meeting,
                 summary={"entries": count, "silent_days": silent_days(meeting.network)})
    return True


class ApprovalWay:
    """How minutes were approved, as the audit event records it."""

    CHAIR = "chair"
    SECRETARY = "secretary_after_circulation"
    DECISION = "decision"


def approval_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """Decisions that may approve these minutes: adopted by the meeting's body since the
    meeting began (at a later meeting, by written procedure, or at its end)."""
    return (Decision.objects.filter(network=meeting.network, body=meeting.body,
                                    outcome=DecisionOutcome.ADOPTED,
                                    decided_at__gte=meeting.starts_at)
            .order_by("-decided_at", "-pk"))


def secretary_refusal(meeting: Meeting) -> str | None:
    """Why the secretary may not approve these minutes yet (None: they may)."""
    deadline = silent_deadline(meeting)
    if deadline is None:
        return _("The secretary approves minutes only after the draft was circulated and its "
                 "period for comments ended. Circulate the draft first, or ask the chair, or "
                 "name the body's decision that approves them.")
    if has_objection(meeting):
        return _("A member objected to the circulated draft: the chair, or a decision of the "
                 "body, approves these minutes.")
    if deadline > timezone.now():
        return _("The period for comments ends %(deadline)s: until then the chair, or a "
                 "decision of the body, approves these minutes.") % {
            "deadline": network_datetime(meeting.network, deadline)}
    return None


def approval_way(*, membership, meeting: Meeting, decision: Decision | None = None) -> str:
    """The way of the rules of procedure by which `membership` may approve these minutes
    now, or Refused with the reason (ValidationError for a decision that cannot approve)."""
    require_officer(membership, meeting, action="meeting.approve_minutes")
    if meeting.state != MeetingState.HELD:
        raise Refused(_("Minutes can be approved once the meeting is marked as held."))
    if decision is not None:
        if not approval_decisions(meeting).filter(pk=decision.pk).exists():
            raise ValidationError({"decision": _(
                "Choose a decision of this body, adopted since the meeting began.")})
        return ApprovalWay.DECISION
    if membership.pk == meeting.chair_id:
        return ApprovalWay.CHAIR
    reason = secretary_refusal(meeting)
    if reason is not None:
        raise Refused(reason)
    return ApprovalWay.SECRETARY


@transaction.atomic
def minutes_approve(*, membership, meeting: Meeting, decision: Decision | None = None) -> int:
    """Approve the meeting's minutes by one of the rules of procedure (approval_way): every
    draft entry becomes approved and immutable, and presence per item is frozen (it decides
    who reads `present` entries). Chair or secretary; only after the meeting was held; the
    audit event names the way and the decision. Returns the number of entries approved."""
    # Two officers approving at once: the second waits, then sees the approved state.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.refresh_from_db()
    way = approval_way(membership=membership, meeting=meeting, decision=decision)
    count = approve_entries(meeting)
    audit(membership, "minutes.approved", meeting, entries=count, way=way,
          decision=getattr(decision, "pk", None))
    return count
