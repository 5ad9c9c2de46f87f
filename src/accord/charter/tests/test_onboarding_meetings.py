"""A new member's onboarding pack lists the meetings ahead (title, body, time, place; never
the agenda), on the page and in the PDF. Charter learns of meetings through its registry, not
by importing them."""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats, timezone
from django_scopes import scope

from accord.meetings.services import agenda
from accord.meetings.services import meetings as meeting_services
from accord.meetings.tests.helpers import pdf_text
from accord.testing import factories

BERLIN = ZoneInfo("Europe/Berlin")


def nine_in_berlin(days: int) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(9, 30),
                            tzinfo=BERLIN)


def test_the_onboarding_pack_lists_the_meetings_ahead(coordinator, member, member_client,
                                                      steering_group, network_a):
    factories.add_to_body(steering_group, member)
    start = nine_in_berlin(days=10)
    with scope(network=network_a.pk):
        ahead = meeting_services.meeting_create(
            membership=coordinator, body=steering_group, title="Steuerungsgruppe Januar",
            starts_at=start, ends_at=start + timedelta(hours=2), place="Rathaus, Raum 3")
        agenda.agenda_item_create(membership=coordinator, meeting=ahead,
                                  title="Fall RS-2026-014", kind="case", confidential=True,
                                  case=factories.make_case(ahead.network, "RS-2026-014"))
        cancelled = meeting_services.meeting_create(
            membership=coordinator, body=steering_group, title="Abgesagte Sitzung",
            starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=1))
        meeting_services.meeting_cancel(membership=coordinator, meeting=cancelled)
        past = nine_in_berlin(days=-10)
        meeting_services.meeting_create(
            membership=coordinator, body=steering_group, title="Vergangene Sitzung",
            starts_at=past, ends_at=past + timedelta(hours=1))

    page = member_client.get(reverse("charter:onboarding",
                                     kwargs={"network": network_a.slug})).content.decode()
    with timezone.override(BERLIN):
        when = formats.date_format(start, "DATETIME_FORMAT")
    assert "Steuerungsgruppe Januar" in page and when in page and "Rathaus, Raum 3" in page
    assert "Meetings will be listed here" not in page
    for absent in ("Abgesagte Sitzung", "Vergangene Sitzung", "RS-2026-014"):
        assert absent not in page

    pdf = member_client.get(reverse("charter:onboarding-pdf",
                                    kwargs={"network": network_a.slug}))
    text = " ".join(pdf_text(pdf.content).split())
    assert "Steuerungsgruppe Januar" in text and "RS-2026-014" not in text


def test_without_meetings_the_pack_says_none_are_ahead(member_client, network_a):
    page = member_client.get(reverse("charter:onboarding",
                                     kwargs={"network": network_a.slug})).content.decode()
    assert "No meetings ahead." in page


def test_charter_does_not_import_meetings():
    charter = Path(__file__).resolve().parents[1]
    for path in charter.rglob("*.py"):
        if "tests" in path.parts:
            continue
        source = path.read_text()
        assert "accord.meetings" not in source, path
