import zoneinfo

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accord.audit.services import audit_record
from accord.meetings import permissions
from accord.meetings.services.errors import NotAllowed, Refused


def audit(membership, action: str, obj, **summary) -> None:
    """Summaries name what changed (fields, counts, states), never minutes text."""
    audit_record(network=membership.network, actor=membership.user, action=action, obj=obj,
                 summary=summary or None)


def require_sees(membership, meeting) -> None:
    # Existence is information: a meeting this person may not see is not found.
    if not permissions.sees_meeting(membership, meeting):
        raise Http404


def require_planner(membership, meeting) -> None:
    require_sees(membership, meeting)
    if not permissions.plans_meeting(membership, meeting):
        raise NotAllowed(_("Only the chair, the secretary or a coordinator may do this."))


def require_officer(membership, meeting) -> None:
    require_sees(membership, meeting)
    if not permissions.is_officer(membership, meeting):
        raise NotAllowed(_("Only the chair or the secretary of this meeting may do this."))


def require_agenda_open(meeting) -> None:
    if meeting.minutes_locked:
        raise Refused(_("The minutes of this meeting are approved (or it was cancelled): "
                        "its agenda can no longer change."))


def network_datetime(network, moment) -> str:
    """A moment as the network reads it: its time zone, the active language's date form
    (messages are built in services, outside the page's time-zone override)."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(network.time_zone))
    return formats.date_format(local, "DATETIME_FORMAT")
