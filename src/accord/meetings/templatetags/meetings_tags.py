"""How a meeting is named where several share a title (a series): its title and its date,
the date as the network's clock shows it."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def meeting_date(meeting) -> str:
    """The meeting's date in its network's time zone, in the page's language ("15 Dec 2026")."""
    local = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone))
    return date_format(local, "j M Y")


@register.filter
def meeting_name(meeting) -> str:
    """"Casusoverleg 15 Dec 2026": the title alone does not tell one meeting of a series from
    the next (page titles, links that must say where they go)."""
    return f"{meeting.title} {meeting_date(meeting)}"
