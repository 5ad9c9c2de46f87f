"""What the case work services share: the audit call, the date rules and the review interval."""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.audit.services import audit_record
from accord.cases.models import ConcernLevel


def audit(membership, action: str, obj, **summary) -> None:
    """Summaries name what changed (levels, counts, states), never the case's words."""
    audit_record(network=membership.network, membership=membership, action=action, obj=obj,
                 summary=summary or None)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def settings_of(network):
    from accord.casework.models import CaseworkSettings

    return (CaseworkSettings.objects.filter(network=network).first()
            or CaseworkSettings(network=network))


def next_review_on(network, level: str, after: date) -> date:
    """The review interval set by the concern level (issue 10, Deliver 5): the network's own,
    by default high 4 weeks, medium 3 months, low 6 months. A case not yet assessed is seen
    again as soon as a high one."""
    settings = settings_of(network)
    if level == ConcernLevel.LOW:
        return add_months(after, settings.low_months)
    if level == ConcernLevel.MEDIUM:
        return add_months(after, settings.medium_months)
    return after + timedelta(weeks=settings.high_weeks)


def check_case_date(case, day: date | None, field: str) -> None:
    """Case work is dated within the case's life: not before its signal, not in the future."""
    if day is None:
        raise ValidationError({field: _("Enter a date.")})
    if day < case.signal_received_on:
        raise ValidationError({field: _(
            "The date cannot be before the case's signal (%(day)s).") % {
            "day": case.signal_received_on.isoformat()}})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def set_case_review(case, *, level: str | None, next_on: date | None) -> None:
    fields = ["next_review_on", "updated_at"]
    if level:
        case.concern_level = level
        fields.append("concern_level")
    case.next_review_on = next_on
    case.updated_at = timezone.now()
    case.save(update_fields=fields)
