"""Reminders, run by the background worker (django.tasks). Each task is idempotent within
its window, so a periodic trigger (cron, systemd timer or the worker's scheduler) can call
`remind_upcoming_meetings` hourly and `remind_actions` daily without double messages. Each
reminder carries an idempotency key, so a run cut short by a killed worker and run again by
another sends the rest, and nothing twice (accord.core.mail)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from accord.core.mail import mail_send
from accord.meetings.models import ActionItem, Meeting, MeetingState
from accord.meetings.models.work import OPEN_ACTION_STATES
from accord.meetings.services.invitations import participants
from accord.tenancy.models import Network


def _url(name: str, network: Network, **kwargs) -> str:
    return settings.ACCORD_BASE_URL + reverse(name, kwargs={"network": network.slug, **kwargs})


@task()
def remind_upcoming_meetings(*, hours_ahead: int = 24) -> int:
    """E-mail participants of meetings that start between `hours_ahead` and one hour later
    (an hourly trigger reaches each meeting once)."""
    now = timezone.now()
    start, end = now + timedelta(hours=hours_ahead), now + timedelta(hours=hours_ahead + 1)
    sent = 0
    for network in Network.objects.all():
        with scope(network=network.pk):
            meetings = Meeting.objects.filter(state=MeetingState.AGENDA_PUBLISHED,
                                              starts_at__gte=start, starts_at__lt=end)
            for meeting in meetings.select_related("body"):
                for attendance in participants(meeting).exclude(status="excused"):
                    user = attendance.membership.user
                    # One reminder per person and start time, however often the task runs.
                    key = (f"meeting-reminder:{meeting.pk}:{attendance.membership_id}:"
                           f"{meeting.starts_at.isoformat()}")
                    mail_send(to=user.email, template="meetings/email/reminder", key=key,
                              language=user.language, subject=_("Meeting reminder"),
                              context={"meeting": meeting, "recipient": user,
                                       "time_zone": network.time_zone,
                                       "url": _url("meetings:detail", network, pk=meeting.pk)})
                    sent += 1
    return sent


@task()
def remind_actions(*, days_ahead: int = 2) -> int:
    """Once a day: each owner gets one e-mail listing actions due in `days_ahead` days and
    those overdue. Owners who left are skipped (their organisation sees them on its page)."""
    today = timezone.localdate()
    sent = 0
    for network in Network.objects.all():
        with scope(network=network.pk):
            due = (ActionItem.objects.filter(status__in=OPEN_ACTION_STATES, owner__isnull=False)
                   .filter(Q(due_on=today + timedelta(days=days_ahead)) | Q(due_on__lt=today))
                   .select_related("owner__user", "body"))
            by_owner: dict = {}
            for action in due:
                if action.owner.is_active:
                    by_owner.setdefault(action.owner, []).append(action)
            for owner, actions in by_owner.items():
                mail_send(to=owner.user.email, template="meetings/email/action_reminder",
                          key=f"action-reminder:{owner.pk}:{today.isoformat()}",
                          language=owner.user.language, subject=_("Your actions"),
                          context={"recipient": owner.user, "actions": actions,
                                   "overdue": any(a.is_overdue for a in actions),
                                   "url": _url("meetings:actions", network)})
                sent += 1
    return sent


@task()
def approve_minutes_by_silent_procedure() -> int:
    """Daily: approve circulated draft minutes whose silent period (ACCORD_MINUTES_SILENT_DAYS)
    ended with no objection. Objections leave them for the next meeting. Idempotent."""
    from accord.meetings.services.circulation import minutes_approve_silently

    approved = 0
    for network in Network.objects.all():
        with scope(network=network.pk):
            waiting = Meeting.objects.filter(state=MeetingState.HELD,
                                             minutes_circulated_at__isnull=False)
            for meeting in waiting:
                approved += minutes_approve_silently(meeting=meeting)
    return approved
