"""A case conference with everyone the visibility rule distinguishes.

Items: 1 topic, 2 confidential case item (the leaver left the room), 3 decision item.
Entries per item at each visibility; minutes approved, presence frozen.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.meetings.services import agenda, attendance, circulation, guests, minutes
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import BodyRole, Role
from accord.testing import factories

TEXTS = {
    (1, "network"): "Alpha shared with the network",
    (1, "present"): "Alpha among those present",
    (2, "network"): "Bravo shared with the network",
    (2, "present"): "Bravo among those present",
    (3, "network"): "Charlie shared <script>alert(1)</script>",
}


def person(network, name, roles=(Role.MEMBER,)):
    return factories.make_member(network, roles=roles, user=factories.make_user(
        email=f"{name}@example.test", full_name=name.title()))


@pytest.fixture
def cast(network_a, coordinator, member, django_capture_on_commit_callbacks):
    body = factories.make_body(network_a, name="Fallkonferenz Mitte")
    c = SimpleNamespace(network=network_a, body=body, coordinator=coordinator, member=member,
                        on_commit=django_capture_on_commit_callbacks)
    c.chair = person(network_a, "chair")
    c.secretary = person(network_a, "secretary")
    c.leaver = person(network_a, "leaver")
    c.adviser = person(network_a, "adviser")
    c.privacy = person(network_a, "privacy", roles=(Role.PRIVACY_OFFICER,))
    c.observer = person(network_a, "observer", roles=(Role.OBSERVER,))
    c.seated_observer = person(network_a, "seatedobserver", roles=(Role.OBSERVER,))
    factories.add_to_body(body, c.chair, role=BodyRole.CHAIR)
    factories.add_to_body(body, c.secretary, role=BodyRole.SECRETARY)
    factories.add_to_body(body, member)
    factories.add_to_body(body, c.leaver)
    factories.add_to_body(body, c.adviser, role=BodyRole.ADVISER, voting_right=False)
    factories.add_to_body(body, c.seated_observer, role=BodyRole.ADVISER, voting_right=False)
    return c


def schedule(c, *, hours=-3, title="Fallkonferenz März"):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=hours)
    return meeting_services.meeting_create(
        membership=c.chair, body=c.body, title=title, starts_at=start,
        ends_at=start + timedelta(hours=2), place="Rathaus, Raum 3")


@pytest.fixture
def held(cast):
    """The meeting held and minuted, with a guest for item 1, minutes approved."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        c.items = [
            agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                      title="Alpha topic", required_level=2),
            agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                      title="Bravo case", kind="case", confidential=True,
                                      case=factories.make_case(c.meeting.network, "RS-2026-014")),
            agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                      title="Charlie decision", kind="decision"),
        ]
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        c.guest, c.guest_token = guests.guest_invite(
            membership=c.chair, meeting=c.meeting, name="Gerda Gast", email="gast@example.test",
            items=[c.items[0]], level=2)
        everyone = [c.chair, c.secretary, c.member, c.leaver]
        for who in everyone:
            attendance.attendance_set(membership=c.secretary, meeting=c.meeting, person=who,
                                      status="present")
        attendance.item_presence_set(membership=c.secretary, item=c.items[0], members=everyone,
                                     guests=[c.guest])
        attendance.item_presence_set(membership=c.secretary, item=c.items[1],
                                     members=[c.chair, c.secretary, c.member])
        attendance.item_presence_set(membership=c.secretary, item=c.items[2], members=everyone)
        for (number, visibility), text in TEXTS.items():
            minutes.minute_entry_create(membership=c.secretary, item=c.items[number - 1],
                                        text=text, visibility=visibility)
        # Text with "not recorded" is refused (issue 8); the entry says only "discussed".
        minutes.minute_entry_create(membership=c.secretary, item=c.items[2],
                                    text="", visibility="not_recorded")
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
        circulation.minutes_approve(membership=c.chair, meeting=c.meeting)
    return c


@pytest.fixture
def steering(network_a, coordinator, member):
    """A strategic steering group whose chair may adopt charter texts, with a proposed
    version of the network's rules of procedure waiting for a decision."""
    from accord.charter import services as charter

    body = factories.make_body(network_a, name="Lenkungskreis", kind="strategic")
    s = SimpleNamespace(network=network_a, body=body, coordinator=coordinator, member=member)
    s.chair = person(network_a, "steeringchair")
    s.voter = person(network_a, "steeringvoter")
    factories.add_to_body(body, s.chair, role=BodyRole.CHAIR)
    factories.add_to_body(body, s.voter)
    factories.add_to_body(body, member)
    with scope(network=network_a.pk):
        version = charter.document_create(membership=coordinator, kind="rules_of_procedure",
                                          title="Geschäftsordnung", body="1. Wir tagen.")
        s.version = charter.version_propose(membership=coordinator, version=version)
        start = timezone.now().replace(microsecond=0) + timedelta(hours=-3)
        s.meeting = meeting_services.meeting_create(
            membership=s.chair, body=body, title="Lenkungskreis Mai", starts_at=start,
            ends_at=start + timedelta(hours=2))
    return s
