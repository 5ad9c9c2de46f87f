"""A Brussels network's 14:00 meeting reads "2 p.m." on every page, not the server's UTC
"1 p.m.": the network middleware switches the zone for the whole request."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_scopes import scope

from accord.charter import services as charter
from accord.charter.models import VersionComment
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import Invitation, Network
from accord.tenancy.services import invitation_create
from accord.testing import factories

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def brussels(network_a, coordinator):
    Network.objects.filter(pk=network_a.pk).update(time_zone="Europe/Brussels")
    coordinator.network.refresh_from_db()
    return network_a


def two_pm_in_brussels(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(14, 0), tzinfo=BRUSSELS)


def shown(moment: datetime) -> str:
    with timezone.override(BRUSSELS):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def server_time(moment: datetime) -> str:
    with timezone.override(ZoneInfo("UTC")):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def test_the_home_page_shows_the_meeting_at_two_in_the_afternoon(brussels, coordinator,
                                                                  coordinator_client):
    body = factories.make_body(brussels, name="Stuurgroep")
    factories.add_to_body(body, coordinator)
    start = two_pm_in_brussels(days=20)
    with scope(network=brussels.pk):
        meeting_services.meeting_create(membership=coordinator, body=body, title="Stuurgroep",
                                        starts_at=start, ends_at=start + timedelta(hours=2))
    page = coordinator_client.get(reverse("tenancy:home",
                                          kwargs={"network": brussels.slug})).content.decode()
    assert shown(start) in page and "2 p.m." in page
    assert server_time(start) not in page


def test_the_members_page_shows_an_invitations_expiry_in_brussels_time(brussels, coordinator,
                                                                        coordinator_client):
    with scope(network=brussels.pk):
        invitation_create(by=coordinator, email="nieuw@example.test",
                          organisation=coordinator.organisation, roles=["member"])
        expiry = two_pm_in_brussels(days=7)
        Invitation.objects.filter(network=brussels).update(expires_at=expiry)
    page = coordinator_client.get(reverse("tenancy:members",
                                          kwargs={"network": brussels.slug})).content.decode()
    assert shown(expiry) in page
    assert server_time(expiry) not in page


def test_a_charter_comment_shows_its_time_in_brussels(brussels, coordinator,
                                                      coordinator_client):
    with scope(network=brussels.pk):
        version = charter.document_create(membership=coordinator, kind="rules_of_procedure",
                                          title="Huishoudelijk reglement",
                                          body="# Regels\n\nWe vergaderen maandelijks.\n")
        version = charter.version_propose(membership=coordinator, version=version)
        charter.comment_add(membership=coordinator, version=version, text="Akkoord.")
        written = two_pm_in_brussels(days=-1)
        VersionComment.objects.filter(version=version).update(created_at=written)
    page = coordinator_client.get(reverse("charter:version", kwargs={
        "network": brussels.slug, "pk": version.document_id, "number": version.number,
    })).content.decode()
    assert "Akkoord." in page
    assert shown(written) in page
    assert server_time(written) not in page


def test_the_zone_ends_with_the_request(brussels, coordinator_client):
    coordinator_client.get(reverse("tenancy:home", kwargs={"network": brussels.slug}))
    assert timezone.get_current_timezone_name() == "UTC"


def test_dates_on_the_home_page_read_one_way_in_the_readers_language(brussels, coordinator,
                                                                     coordinator_client):
    """The invitation's expiry was "12/08/2026" next to a meeting on "Dec. 21, 2026":
    every date now has the locale's long form, here in German."""
    body = factories.make_body(brussels, name="Stuurgroep")
    factories.add_to_body(body, coordinator)
    start = two_pm_in_brussels(days=20)
    with scope(network=brussels.pk):
        meeting_services.meeting_create(membership=coordinator, body=body, title="Stuurgroep",
                                        starts_at=start, ends_at=start + timedelta(hours=2))
        invitation_create(by=coordinator, email="nieuw@example.test",
                          organisation=coordinator.organisation, roles=["member"])
        expiry = two_pm_in_brussels(days=7)
        Invitation.objects.filter(network=brussels).update(expires_at=expiry)
    coordinator.user.language = "de"
    coordinator.user.save(update_fields=["language"])
    page = coordinator_client.get(reverse("tenancy:home", kwargs={"network": brussels.slug}),
                                  HTTP_ACCEPT_LANGUAGE="de").content.decode()
    with translation.override("de"), timezone.override(BRUSSELS):
        expiry_day = formats.date_format(expiry.date(), "DATE_FORMAT")
        meeting_day = formats.date_format(start.date(), "DATE_FORMAT")
    assert expiry_day in page and meeting_day in page
    assert not re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", page)
