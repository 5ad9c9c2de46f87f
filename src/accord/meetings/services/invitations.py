"""The e-mails of a meeting's schedule: invitation, update, cancellation, each with an .ics.

Each participant gets the message in their own language (accord.core.mail.mail_send), queued
after the transaction commits. Nothing from the agenda's confidential or case items is sent.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.core.mail import mail_send
from accord.meetings.ics import invitation_ics, meeting_page_url
from accord.meetings.models import Attendance, Meeting
from accord.meetings.planning_links import reply_links


def participants(meeting: Meeting):
    return (Attendance.objects.filter(meeting=meeting)
            .select_related("membership__user").order_by("pk"))


def _send(meeting: Meeting, *, template: str, subject) -> int:
    sent = 0
    for attendance in participants(meeting):
        user = attendance.membership.user
        if not attendance.membership.is_active:
            continue
        mail_send(
            to=user.email, template=f"meetings/email/{template}", language=user.language,
            subject=format_lazy("{}: {}", subject, meeting.title),
            context={"meeting": meeting, "recipient": user, "url": meeting_page_url(meeting),
                     "items": [item for item in meeting.items.all()],
                     "time_zone": meeting.network.time_zone,
                     # One signed link per reply (issue 16); a cancellation asks for none.
                     "reply_links": [] if template == "cancelled"
                     else reply_links(meeting, attendance.membership)},
            attachments=[("invite.ics", invitation_ics(meeting, attendee_email=user.email,
                                                          membership_id=attendance.membership_id),
                          "text/calendar; method=" + ("CANCEL" if template == "cancelled"
                                                      else "REQUEST"))],
        )
        sent += 1
    return sent


def send_invitation(*, meeting: Meeting) -> int:
    return _send(meeting, template="invitation", subject=_("Invitation and agenda"))


def send_update(*, meeting: Meeting) -> int:
    return _send(meeting, template="updated", subject=_("Meeting changed"))


def send_cancellation(*, meeting: Meeting) -> int:
    return _send(meeting, template="cancelled", subject=_("Meeting cancelled"))
