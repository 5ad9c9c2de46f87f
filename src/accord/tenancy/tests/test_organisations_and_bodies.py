"""Coordinators create organisations and bodies and seat members; hostile input is refused."""

import pytest
from django_scopes import scope, scopes_disabled

from accord.policy import Denied
from accord.tenancy import services
from accord.tenancy.models import Body, BodyMembership, Organisation
from accord.tenancy.tests.conftest import events, text
from accord.testing import factories

SCRIPT = '<script>alert("x")</script><b>Bold</b>'


def _count(model) -> int:
    with scopes_disabled():
        return model.objects.count()


def _seats(body: Body) -> list[tuple[str, str, bool]]:
    with scopes_disabled():
        return sorted((s.membership.user.email, s.role, s.voting_right)
                      for s in BodyMembership.objects.filter(body=body))


def test_coordinator_creates_and_renames_an_organisation(coordinator_client):
    response = coordinator_client.post("/n/rheinstadt/organisations/new/",
                                       {"name": "Jugendamt Rheinstadt", "sector": "youth_social"})
    assert response.status_code == 302
    with scopes_disabled():
        organisation = Organisation.objects.get(name="Jugendamt Rheinstadt")
    assert [e.summary for e in events("organisation.created")] == [
        {"fields": ["name", "sector"]}]

    response = coordinator_client.post(f"/n/rheinstadt/organisations/{organisation.pk}/edit/",
                                       {"name": "Jugendamt der Stadt", "sector": "youth_social"})
    assert response.status_code == 302
    assert [e.summary for e in events("organisation.updated")] == [{"fields": ["name"]}]
    page = text(coordinator_client.get("/n/rheinstadt/organisations/"))
    assert "Jugendamt der Stadt" in page
    assert "Youth and social services" in page


def test_duplicate_organisation_name_is_a_clear_form_error(coordinator_client, coordinator):
    response = coordinator_client.post("/n/rheinstadt/organisations/new/",
                                       {"name": "Stadt Rheinstadt", "sector": "municipality"})
    assert response.status_code == 400
    assert "already has an organisation of this name" in text(response)
    assert _count(Organisation) == 1


def test_over_long_names_and_unknown_choices_are_form_errors_and_nothing_is_written(
        coordinator_client, coordinator):
    before = (_count(Organisation), _count(Body))
    responses = [
        coordinator_client.post("/n/rheinstadt/organisations/new/",
                                {"name": "O" * 161, "sector": "municipality"}),
        coordinator_client.post("/n/rheinstadt/organisations/new/",
                                {"name": "Ordnungsamt", "sector": "secret_service"}),
        coordinator_client.post("/n/rheinstadt/bodies/new/",
                                {"name": "B" * 161, "kind": "strategic"}),
        coordinator_client.post("/n/rheinstadt/bodies/new/",
                                {"name": "Gruppe", "kind": "strategic", "description": "d" * 2001}),
    ]
    assert [r.status_code for r in responses] == [400, 400, 400, 400]
    assert "at most 160 characters" in text(responses[0])
    assert "Select a valid choice" in text(responses[1])
    assert "at most 2000 characters" in text(responses[3])
    assert (_count(Organisation), _count(Body)) == before


def test_html_and_script_in_names_are_shown_as_text(coordinator_client, member_client, member):
    coordinator_client.post("/n/rheinstadt/organisations/new/",
                            {"name": SCRIPT, "sector": "other"})
    coordinator_client.post("/n/rheinstadt/bodies/new/",
                            {"name": SCRIPT, "kind": "working_group", "description": SCRIPT})
    for url in ("/n/rheinstadt/organisations/", "/n/rheinstadt/bodies/"):
        page = member_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt;" in page
    with scopes_disabled():
        body = Body.objects.get(name=SCRIPT)
    page = member_client.get(f"/n/rheinstadt/bodies/{body.pk}/").content.decode()
    assert "<script>alert" not in page and "<b>Bold</b>" not in page


def test_coordinator_creates_a_body_and_seats_members(coordinator_client, coordinator, member):
    response = coordinator_client.post("/n/rheinstadt/bodies/new/", {
        "name": "Lenkungsgruppe", "kind": "strategic", "description": "Trifft sich quartalsweise."})
    assert response.status_code == 302
    with scopes_disabled():
        body = Body.objects.get(name="Lenkungsgruppe")
    assert response["Location"] == f"/n/rheinstadt/bodies/{body.pk}/"

    add = f"/n/rheinstadt/bodies/{body.pk}/members/add/"
    assert coordinator_client.post(add, {"membership": coordinator.pk, "role": "chair",
                                         "voting_right": "on"}).status_code == 302
    assert coordinator_client.post(add, {"membership": member.pk,
                                         "role": "adviser"}).status_code == 302

    assert _seats(body) == [("coordinator@example.test", "chair", True),
                            ("member@example.test", "adviser", False)]
    assert len(events("body.created")) == 1
    assert len(events("body_membership.added")) == 2
    page = text(coordinator_client.get(f"/n/rheinstadt/bodies/{body.pk}/"))
    assert page.index(coordinator.user.full_name) < page.index(member.user.full_name)


def test_a_body_has_one_chair_and_one_secretary(coordinator_client, coordinator, member,
                                                network_a):
    body = factories.make_body(network_a)
    factories.add_to_body(body, coordinator, role="chair")
    seat = factories.add_to_body(body, member, role="member")
    third = factories.make_member(network_a, email="third@example.test")

    add = f"/n/rheinstadt/bodies/{body.pk}/members/add/"
    response = coordinator_client.post(add, {"membership": third.pk, "role": "chair"})
    assert response.status_code == 400
    assert "This body already has a chair." in text(response)

    change = f"/n/rheinstadt/bodies/{body.pk}/members/{seat.pk}/"
    response = coordinator_client.post(change, {f"seat-{seat.pk}-role": "chair"})
    assert response.status_code == 400
    assert "This body already has a chair." in text(response)

    assert coordinator_client.post(change, {f"seat-{seat.pk}-role": "secretary"}).status_code == 302
    response = coordinator_client.post(add, {"membership": third.pk, "role": "secretary"})
    assert "This body already has a secretary." in text(response)
    assert _seats(body) == [("coordinator@example.test", "chair", True),
                            ("member@example.test", "secretary", False)]
    [event] = events("body_membership.changed")
    assert event.summary["fields"] == ["role", "voting_right"]


def test_coordinator_removes_a_member_from_a_body(coordinator_client, member, network_a):
    body = factories.make_body(network_a)
    seat = factories.add_to_body(body, member)
    response = coordinator_client.post(f"/n/rheinstadt/bodies/{body.pk}/members/{seat.pk}/remove/")
    assert response.status_code == 302
    assert _seats(body) == []
    [event] = events("body_membership.removed")
    assert event.object_id == str(seat.pk)


def test_seating_someone_twice_or_from_another_network_is_a_form_error(
        coordinator_client, member, outsider, network_a):
    body = factories.make_body(network_a)
    factories.add_to_body(body, member)
    add = f"/n/rheinstadt/bodies/{body.pk}/members/add/"
    for candidate in (member, outsider):
        response = coordinator_client.post(add, {"membership": candidate.pk, "role": "member"})
        assert response.status_code == 400
        assert "Select a valid choice" in text(response)
    assert _seats(body) == [("member@example.test", "member", True)]


def test_services_refuse_another_networks_member_and_non_coordinators(coordinator, member,
                                                                      outsider, network_a):
    body = factories.make_body(network_a)
    with scope(network=network_a.pk):
        with pytest.raises(services.ValidationError):
            services.body_membership_add(by=coordinator, body=body, membership=outsider,
                                         role="member", voting_right=True)
        with pytest.raises(Denied):
            services.body_create(by=member, name="Schattenrat", kind="strategic")
        with pytest.raises(Denied):  # a coordinator, of another network
            services.body_update(by=outsider, body=body, name="Fremd", kind="strategic")
    assert _count(BodyMembership) == 0
    assert _count(Body) == 1


def test_member_reads_bodies_but_cannot_manage_them(member_client, coordinator, network_a):
    body = factories.make_body(network_a, name="Fallkonferenz")
    seat = factories.add_to_body(body, coordinator, role="chair")
    page = text(member_client.get(f"/n/rheinstadt/bodies/{body.pk}/"))
    assert "Fallkonferenz" in page and coordinator.user.full_name in page
    assert "Add a member" not in page
    for url, data in [
        ("/n/rheinstadt/bodies/new/", {"name": "X", "kind": "strategic"}),
        (f"/n/rheinstadt/bodies/{body.pk}/edit/", {"name": "X", "kind": "strategic"}),
        (f"/n/rheinstadt/bodies/{body.pk}/members/add/", {"membership": coordinator.pk}),
        (f"/n/rheinstadt/bodies/{body.pk}/members/{seat.pk}/", {f"seat-{seat.pk}-role": "member"}),
        (f"/n/rheinstadt/bodies/{body.pk}/members/{seat.pk}/remove/", {}),
        ("/n/rheinstadt/organisations/new/", {"name": "X", "sector": "other"}),
    ]:
        response = member_client.post(url, data)
        assert response.status_code == 403, url
        assert "Only the network's coordinators may do this." in text(response)
    assert _seats(body) == [("coordinator@example.test", "chair", True)]
    assert _count(Body) == 1
