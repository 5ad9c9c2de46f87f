""""Who read this" through the API: `GET /api/v1/n/{network}/audit/reads?object_type=…&
object_id=…`, exact, paginated, for the network's coordinators and privacy officers only."""

import pytest

from accord.api.tests.helpers import assert_problem, token_client, token_for
from accord.audit.access import access_fold, access_record
from accord.tenancy.models import Role
from accord.testing import factories

pytestmark = pytest.mark.django_db

READS = "/api/v1/n/rheinstadt/audit/reads"
ENTRY = "meetings.minuteentry"


def read(membership, *ids, purpose="meeting preparation", effect="permit",
         rule="minutes.present"):
    access_record(membership=membership, object_type=ENTRY, object_ids=list(ids),
                  categories=["minutes"], purpose=purpose, effect=effect, rule=rule)


@pytest.fixture
def readings(coordinator, member, outsider):
    read(member, 12, purpose="case conference follow-up")
    access_fold(force=True)
    read(coordinator, 12, 112, effect="review", rule="minutes.privacy_review")
    read(outsider, 12)


def test_who_read_an_entry_lists_exactly_its_readers_folded_or_not(coordinator, member,
                                                                    readings):
    response = token_client(token_for(coordinator)).get(
        READS, {"object_type": ENTRY, "object_id": "12"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    newest, oldest = body["items"]
    assert newest["reader"] == {"member_id": coordinator.pk,
                                "full_name": coordinator.user.full_name}
    assert newest["organisation"] == {"id": coordinator.organisation_id,
                                      "name": "Stadt Rheinstadt"}
    assert (newest["effect"], newest["rule"], newest["folded"]) == (
        "review", "minutes.privacy_review", False)
    assert oldest["reader"]["member_id"] == member.pk
    assert (oldest["purpose"], oldest["folded"], oldest["object_id"]) == (
        "case conference follow-up", True, "12")
    assert set(newest) == {"id", "at", "reader", "organisation", "object_type", "object_id",
                           "categories", "purpose", "effect", "rule", "folded"}
    assert "Polderdam" not in response.content.decode()


def test_the_reads_are_paginated_like_the_other_lists(coordinator, readings):
    read(coordinator, 12)
    read(coordinator, 12)
    client = token_client(token_for(coordinator))

    page = client.get(READS, {"object_type": ENTRY, "object_id": "12", "limit": 2,
                              "offset": 1}).json()

    assert page["count"] == 4 and len(page["items"]) == 2
    assert_problem(client.get(READS, {"object_type": ENTRY, "object_id": "12",
                                      "limit": 100000}), 422)


def test_a_privacy_officer_may_ask(network_a, readings):
    officer = factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,))

    body = token_client(token_for(officer)).get(
        READS, {"object_type": ENTRY, "object_id": "112"}).json()

    assert body["count"] == 1


@pytest.mark.parametrize(("params", "field"), [
    ({"object_id": "12"}, "query.object_type"),
    ({"object_type": ENTRY}, "query.object_id"),
    ({"object_type": "cases.nothing", "object_id": "12"}, "query.object_type"),
    ({"object_type": ENTRY, "object_id": ""}, "query.object_id"),
    ({"object_type": ENTRY, "object_id": "1" * 81}, "query.object_id"),
    ({"object_type": ENTRY, "object_id": "<b>12</b>"}, "query.object_id"),
])
def test_a_missing_or_invalid_parameter_is_a_422_problem(coordinator, readings, params, field):
    body = assert_problem(token_client(token_for(coordinator)).get(READS, params), 422)

    assert field in {error["field"] for error in body["errors"]}


@pytest.mark.parametrize("params", [{}, {"object_type": ENTRY, "object_id": "12"}])
def test_a_member_who_may_not_see_the_audit_gets_403(member, readings, params):
    body = assert_problem(token_client(token_for(member)).get(READS, params), 403)

    assert "privacy officers" in body["detail"]


def test_another_network_is_a_404(outsider, readings):
    response = token_client(token_for(outsider)).get(
        READS, {"object_type": ENTRY, "object_id": "12"})

    assert_problem(response, 404)


def test_without_a_token_it_is_a_401(readings):
    assert_problem(token_client("").get(READS, {"object_type": ENTRY, "object_id": "12"}), 401)
