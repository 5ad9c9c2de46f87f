import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.meetings.services.errors import Refused


def audit(membership, action: str, obj, **summary) -> None:
    """Summaries name what changed (fields, counts, states), never minutes text."""
    audit_record(network=membership.network, actor=membership.user, action=action, obj=obj,
                 summary=summary or None)


def check_case(obj) -> None:
    """A linked case is one of the object's own network (another's is not found)."""
    case_id = getattr(obj, "case_id", None)
    if case_id is None:
        return
    from accord.cases.models import Case

    if not Case.objects.filter(pk=case_id, network_id=obj.network_id).exists():
        raise ValidationError({"case": _("No case of this network has this reference.")})


def require_sees(membership, meeting, *, purpose: str = "view") -> None:
    # Existence is information: a meeting this person may not see is not found (Denied, 404).
    policy.require(membership, "meeting.see", meeting, purpose=purpose)


def require_planner(membership, meeting) -> None:
    """meeting.plan: a meeting's chair and secretary, the body's, coordinators."""
    policy.require(membership, "meeting.plan", meeting, purpose="prepare")


def require_officer(membership, meeting, *, action: str = "meeting.minute") -> None:
    """The officers' work (meeting.minute, record_attendance, approve_minutes, decide)."""
    policy.require(membership, action, meeting, purpose="minute")


def require_agenda_open(meeting) -> None:
    if meeting.minutes_locked:
        raise Refused(_("The minutes of this meeting are approved (or it was cancelled): "
                        "its agenda can no longer change."))


def network_datetime(network, moment) -> str:
    """A moment as the network reads it: its time zone, the active language's date form
    (messages are built in services, outside the page's time-zone override)."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(network.time_zone))
    return formats.date_format(local, "DATETIME_FORMAT")
