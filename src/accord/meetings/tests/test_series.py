"""Recurring series: every N weeks or every third Thursday; occurrences generated ahead with
the previous agenda; one occurrence edited or cancelled on its own."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import Meeting, MeetingSeries
from accord.meetings.services import agenda
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.series import (
    monthly_rule,
    occurrence_days,
    series_create,
    series_generate,
    weekly_rule,
)
from accord.testing import factories


def test_every_third_thursday_and_every_second_week():
    days = occurrence_days(monthly_rule(weekday=3, nth=3), first_day=date(2026, 1, 1))
    assert [next(days) for _ in range(3)] == [date(2026, 1, 15), date(2026, 2, 19),
                                              date(2026, 3, 19)]
    days = occurrence_days(weekly_rule(weekday=0, interval=2), first_day=date(2026, 1, 1))
    assert [next(days) for _ in range(3)] == [date(2026, 1, 5), date(2026, 1, 19),
                                              date(2026, 2, 2)]
    last = occurrence_days(monthly_rule(weekday=4, nth=-1), first_day=date(2026, 1, 1))
    assert next(last) == date(2026, 1, 30)


def test_chair_creates_a_monthly_series_by_page_and_six_meetings_are_scheduled(cast):
    c = cast
    client = factories.signed_in_client(c.chair.user)
    response = client.post(reverse("meetings:series-create", kwargs={"network": c.network.slug}),
                           {"body": c.body.pk, "title": "Fallkonferenz", "pattern": "monthly",
                            "weekday": 3, "nth": 3, "first_day": timezone.localdate()
                            .isoformat(), "start_time": "14:00", "duration_minutes": 90})
    assert response.status_code == 302
    with scope(network=c.network.pk):
        series = MeetingSeries.objects.get(title="Fallkonferenz")
        meetings = list(series.meetings.order_by("starts_at"))
    assert series.rule == "FREQ=MONTHLY;BYDAY=3TH"
    assert len(meetings) == 6
    for meeting in meetings:
        local = meeting.starts_at.astimezone(ZoneInfo(c.network.time_zone))
        assert local.weekday() == 3 and 15 <= local.day <= 21
        assert (local.hour, local.minute) == (14, 0)
        assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    page = client.get(reverse("meetings:series", kwargs={"network": c.network.slug,
                                                          "pk": series.pk}))
    assert page.content.decode().count("Fallkonferenz") >= 6


@pytest.fixture
def weekly(cast):
    with scope(network=cast.network.pk):
        cast.series = series_create(
            membership=cast.chair, body=cast.body, title="Wochenrunde",
            rule=weekly_rule(weekday=timezone.localdate().weekday(), interval=1),
            first_day=timezone.localdate() + timedelta(days=1), start_time=time(9, 0),
            duration_minutes=60)
        first = series_generate(membership=cast.chair, series=cast.series, ahead=1)[0]
        agenda.agenda_item_create(membership=cast.chair, meeting=first, title="Lagebild")
        agenda.agenda_item_create(membership=cast.chair, meeting=first, title="Fälle")
    return cast


def test_next_meetings_copy_the_previous_agenda(weekly):
    c = weekly
    with scope(network=c.network.pk):
        created = series_generate(membership=c.chair, series=c.series, ahead=4)
        assert len(created) == 3
        for meeting in created:
            assert list(meeting.items.values_list("title", flat=True)) == ["Lagebild", "Fälle"]


def test_one_occurrence_moved_or_cancelled_stays_so_when_generating_again(weekly):
    c = weekly
    with scope(network=c.network.pk):
        second, third = series_generate(membership=c.chair, series=c.series, ahead=3)
        meeting_services.meeting_cancel(membership=c.chair, meeting=second)
        moved = third.starts_at + timedelta(days=1)
        meeting_services.meeting_update(membership=c.chair, meeting=third, starts_at=moved,
                                        ends_at=moved + timedelta(hours=1))
        again = series_generate(membership=c.chair, series=c.series, ahead=4)
        assert len(again) == 1
        assert Meeting.objects.get(pk=second.pk).state == "cancelled"
        assert Meeting.objects.get(pk=third.pk).starts_at == moved
        assert c.series.meetings.count() == 4


def test_a_plain_member_cannot_create_a_series(cast):
    client = factories.signed_in_client(cast.member.user)
    assert client.get(reverse("meetings:series-create",
                              kwargs={"network": cast.network.slug})).status_code == 404
