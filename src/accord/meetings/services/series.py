"""Recurring meetings of a body: "every N weeks on a weekday" or "every third Thursday of the
month". The rule is stored as an RFC 5545 RRULE; occurrences are generated ahead as ordinary
meetings, so one occurrence can be edited or cancelled like any other meeting."""

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.meetings.models import Meeting, MeetingSeries, MeetingState
from accord.meetings.services._common import audit
from accord.meetings.services.meetings import meeting_create

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_AHEAD = 24


def weekly_rule(*, weekday: int, interval: int = 1) -> str:
    return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={WEEKDAYS[weekday]}"


def monthly_rule(*, weekday: int, nth: int) -> str:
    """nth weekday of the month; -1 is the last one."""
    return f"FREQ=MONTHLY;BYDAY={nth}{WEEKDAYS[weekday]}"


def _parse(rule: str) -> dict:
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    byday = parts.get("BYDAY", "")
    if parts.get("FREQ") not in ("WEEKLY", "MONTHLY") or byday[-2:] not in WEEKDAYS:
        raise ValidationError({"rule": _("Choose every N weeks or a weekday of the month.")})
    interval = int(parts.get("INTERVAL", "1"))
    nth = int(byday[:-2] or "1")
    if not 1 <= interval <= 8 or nth not in (1, 2, 3, 4, -1):
        raise ValidationError({"rule": _("Choose every N weeks or a weekday of the month.")})
    return {"freq": parts["FREQ"], "interval": interval, "nth": nth,
            "weekday": WEEKDAYS.index(byday[-2:])}


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month)
            if d.month == month and d.weekday() == weekday]
    return days[nth - 1] if nth > 0 else days[-1]


def occurrence_days(rule: str, *, first_day: date):
    """The days of the series from `first_day` on, endlessly (the caller stops)."""
    spec = _parse(rule)
    if spec["freq"] == "WEEKLY":
        day = first_day + timedelta(days=(spec["weekday"] - first_day.weekday()) % 7)
        while True:
            yield day
            day += timedelta(weeks=spec["interval"])
    year, month = first_day.year, first_day.month
    while True:
        day = _nth_weekday(year, month, spec["weekday"], spec["nth"])
        if day >= first_day:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@transaction.atomic
def series_create(*, membership, body, title: str, rule: str, first_day: date, start_time,
                  duration_minutes: int = 120, place: str = "") -> MeetingSeries:
    """A recurring series of `body`'s meetings. Planners of the body; audited."""
    policy.require(membership, "body.plan_meetings", body, purpose="prepare")
    _parse(rule)
    series = MeetingSeries(network=membership.network, body=body, title=title, rule=rule,
                           first_day=first_day, start_time=start_time,
                           duration_minutes=duration_minutes, place=place,
                           created_by=membership)
    series.full_clean()
    series.save()
    audit(membership, "meeting_series.created", series, body=body.pk, rule=rule)
    return series


@transaction.atomic
def series_generate(*, membership, series: MeetingSeries, ahead: int = 6) -> list[Meeting]:
    """Schedule the series' next `ahead` occurrences from today that do not exist yet; each new
    meeting copies the agenda of the series' previous meeting. A cancelled or moved occurrence
    keeps its day taken, so generating again never brings it back. Planners; audited."""
    policy.require(membership, "series.plan", series, purpose="prepare")
    ahead = max(1, min(ahead, MAX_AHEAD))
    zone = ZoneInfo(series.network.time_zone)
    taken = set(series.meetings.values_list("series_day", flat=True))
    start_from = max(series.first_day, timezone.localdate())
    created = []
    for day in _take(occurrence_days(series.rule, first_day=start_from), ahead):
        if day in taken:
            continue
        starts_at = datetime.combine(day, series.start_time, tzinfo=zone)
        meeting = meeting_create(
            membership=membership, body=series.body, title=series.title, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=series.duration_minutes), place=series.place,
            series=series, copy_agenda_from=_previous(series, starts_at))
        meeting.series_day = day
        meeting.save(update_fields=["series_day"])
        created.append(meeting)
    audit(membership, "meeting_series.generated", series, created=len(created))
    return created


def _take(days, count: int) -> list[date]:
    return [next(days) for _ in range(count)]


def _previous(series: MeetingSeries, before) -> Meeting | None:
    return (series.meetings.filter(starts_at__lt=before).exclude(state=MeetingState.CANCELLED)
            .order_by("-starts_at").first())
