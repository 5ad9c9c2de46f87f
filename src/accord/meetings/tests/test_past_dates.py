"""A past date typed for a new meeting or action is asked about once: the form says so and
offers "Yes, this date is in the past"; the services and the API take dates as given."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import ActionItem, Meeting
from accord.testing import factories

BERLIN = ZoneInfo("Europe/Berlin")
FMT = "%Y-%m-%dT%H:%M"
CONFIRM = "Yes, this date is in the past"


def meeting_form(c, start):
    return {"body": c.body.pk, "title": "Nachtrag Fallkonferenz",
            "starts_at": start.strftime(FMT),
            "ends_at": (start + timedelta(hours=2)).strftime(FMT)}


def test_a_meeting_in_the_past_is_refused_once_then_saved_when_confirmed(cast):
    client = factories.signed_in_client(cast.chair.user)
    url = reverse("meetings:create", kwargs={"network": cast.network.slug})
    # A blank form does not ask about the past.
    assert CONFIRM not in client.get(url).content.decode()
    start = (timezone.now() - timedelta(days=3)).astimezone(BERLIN)
    refused = client.post(url, meeting_form(cast, start))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "This date is in the past." in page
    assert f'<label for="id_past_confirmed">{CONFIRM}</label>' in page
    with scope(network=cast.network.pk):
        assert not Meeting.objects.filter(title="Nachtrag Fallkonferenz").exists()

    saved = client.post(url, {**meeting_form(cast, start), "past_confirmed": "on"})
    assert saved.status_code == 302
    with scope(network=cast.network.pk):
        assert Meeting.objects.filter(title="Nachtrag Fallkonferenz").count() == 1


def test_a_meeting_ahead_is_not_asked_about(cast):
    client = factories.signed_in_client(cast.chair.user)
    start = (timezone.now() + timedelta(days=3)).astimezone(BERLIN)
    response = client.post(reverse("meetings:create", kwargs={"network": cast.network.slug}),
                           meeting_form(cast, start))
    assert response.status_code == 302


def test_editing_a_past_meeting_without_moving_it_asks_nothing(held):
    client = factories.signed_in_client(held.chair.user)
    with scope(network=held.network.pk):
        Meeting.objects.filter(pk=held.meeting.pk).update(state="held",
                                                          minutes_approved_at=None)
        meeting = Meeting.objects.get(pk=held.meeting.pk)
    start, end = (moment.astimezone(BERLIN) for moment in (meeting.starts_at, meeting.ends_at))
    response = client.post(
        reverse("meetings:edit", kwargs={"network": held.network.slug, "pk": meeting.pk}),
        {"title": "Fallkonferenz März (korrigiert)", "starts_at": start.strftime(FMT),
         "ends_at": end.strftime(FMT), "place": meeting.place})
    assert response.status_code == 302


def test_an_action_due_in_the_past_is_refused_once_then_saved_when_confirmed(cast):
    client = factories.signed_in_client(cast.member.user)
    url = reverse("meetings:actions", kwargs={"network": cast.network.slug})
    # Past and today as the network's clock shows them (the page reads dates in its zone).
    today = timezone.localdate(timezone=ZoneInfo(cast.network.time_zone))
    yesterday = (today - timedelta(days=1)).isoformat()
    form = {"title": "Elternabend nachbereiten", "body": cast.body.pk, "due_on": yesterday}
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "This date is in the past." in refused.content.decode()
    with scope(network=cast.network.pk):
        assert not ActionItem.objects.filter(title="Elternabend nachbereiten").exists()
    assert client.post(url, {**form, "past_confirmed": "on"}).status_code == 302
    assert client.post(url, {**form, "title": "Heute fällig",
                             "due_on": today.isoformat()}).status_code == 302
    with scope(network=cast.network.pk):
        assert ActionItem.objects.filter(title__in=["Elternabend nachbereiten",
                                                    "Heute fällig"]).count() == 2
