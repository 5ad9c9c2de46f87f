"""A national network has thousands of members: the members page and the network home show a
page of them, never all, and ask the database the same number of times however many there are."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.tenancy.tests.conftest import text
from accord.testing import factories

MEMBER_ROW = re.compile(r'<th scope="row"><a href="/n/rheinstadt/members/\d+/">')


def _add_members(network, count: int, *, prefix: str = "Zora",
                 organisation: str = "Jugendamt Nord") -> None:
    organisation = factories.make_organisation(network, name=organisation)
    for n in range(count):
        factories.make_member(network, organisation=organisation,
                              user=factories.make_user(full_name=f"{prefix} {n:03d}"))


def _rows(response) -> int:
    return len(MEMBER_ROW.findall(response.content.decode()))


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_members_page_shows_fifty_a_page_with_an_accessible_page_navigation(
        member_client, coordinator, network_a):
    _add_members(network_a, 60)  # plus the coordinator and the member: 62
    first = member_client.get("/n/rheinstadt/members/")
    page = text(first)
    assert _rows(first) == 50
    assert "62 active members" in page
    assert 'aria-label="Pages of the member list"' in page
    assert '<a href="?page=1" aria-current="page">' in page
    assert 'href="?page=2" rel="next"' in page
    second = member_client.get("/n/rheinstadt/members/?page=2")
    assert _rows(second) == 12
    assert '<a href="?page=2" aria-current="page">' in text(second)


def test_members_page_asks_the_database_as_often_for_ten_members_as_for_a_hundred(
        member_client, network_a):
    _add_members(network_a, 10)
    member_client.get("/n/rheinstadt/members/")  # the first request of a session writes to it
    few = _queries(member_client, "/n/rheinstadt/members/")
    _add_members(network_a, 90, prefix="Yusuf", organisation="Schulamt Ost")
    response = member_client.get("/n/rheinstadt/members/")
    assert _rows(response) == 50
    assert _queries(member_client, "/n/rheinstadt/members/") == few


def test_member_finds_someone_by_name_or_by_organisation(member_client, network_a):
    _add_members(network_a, 5)
    other = factories.make_organisation(network_a, name="Kinderschutzbund Süd")
    factories.make_member(network_a, organisation=other,
                          user=factories.make_user(full_name="Ilse Imhof"))
    by_name = text(member_client.get("/n/rheinstadt/members/?q=imhof"))
    assert "Ilse Imhof" in by_name and "Zora 000" not in by_name
    assert "1 active member found" in by_name
    by_organisation = text(member_client.get("/n/rheinstadt/members/?q=kinderschutz"))
    assert "Ilse Imhof" in by_organisation and "Zora 001" not in by_organisation
    assert 'value="kinderschutz"' in by_organisation
    nobody = text(member_client.get("/n/rheinstadt/members/?q=" + "x" * 5000))
    assert "No active member matches." in nobody


def test_coordinators_home_lists_ten_members_without_a_body_and_links_to_the_rest(
        coordinator_client, member, network_a):
    _add_members(network_a, 25)  # plus the coordinator and the member, on no body either
    response = coordinator_client.get("/n/rheinstadt/")
    page = text(response)
    assert page.count("(Jugendamt Nord)") <= 10
    assert "and 17 more members without a body" in page
    assert 'href="/n/rheinstadt/members/?without_body=1"' in page
    listed = coordinator_client.get("/n/rheinstadt/members/?without_body=1")
    assert "27 active members found" in text(listed)


def test_members_without_a_body_filter_leaves_out_those_on_a_body(coordinator_client, member,
                                                                   network_a):
    factories.add_to_body(factories.make_body(network_a), member)
    page = text(coordinator_client.get("/n/rheinstadt/members/?without_body=1"))
    assert member.user.full_name not in page
    assert "1 active member found" in page
