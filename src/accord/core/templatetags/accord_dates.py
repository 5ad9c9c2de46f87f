"""One way to write a date and one way to write a date and time, on every page, PDF and
e-mail: the reader's locale form (DATE_FORMAT, DATETIME_FORMAT), in the active time zone (the
network's, set by the network middleware or the mail's language and zone override).

Loaded as template builtins (settings.TEMPLATES), so a template only writes
`{{ meeting.starts_at|local_datetime }}` or `{{ action.due_on|local_date }}`.
"""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def local_date(value: date | datetime | None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


@register.filter(expects_localtime=True, is_safe=False)
def local_datetime(value: datetime | None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
