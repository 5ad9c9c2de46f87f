"""Oversized and malformed input is a 4xx problem with nothing written, never a 500: a body
over the limit, ids and dates beyond what the database stores, control characters, a body
that is not JSON, a vote closed by a stray body, an adoption naming a stranger's decision."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.charter import services as charter
from accord.meetings.models import CallLog, Decision, Meeting
from accord.meetings.services import decisions
from accord.tenancy.models import BodyRole, Organisation
from accord.testing import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/n/rheinstadt"
BEYOND_64_BITS = 2**63


@pytest.fixture
def api(coordinator):
    return token_client(token_for(coordinator))


@pytest.fixture
def steering_group(network_a, coordinator, member):
    body = factories.make_body(network_a, name="Lenkungskreis", kind="strategic")
    factories.add_to_body(body, coordinator, role=BodyRole.CHAIR)
    factories.add_to_body(body, member)
    return body


@pytest.fixture
def open_vote(network_a, coordinator, steering_group):
    with scope(network=network_a.pk):
        return decisions.decision_create(
            membership=coordinator, body=steering_group, title="Jahresplanung",
            motion="Wir beschließen die Jahresplanung.", procedure="simple_majority")


def _organisation_names(network) -> set[str]:
    with scopes_disabled():
        return set(Organisation.objects.filter(network=network).values_list("name", flat=True))


# --- size ---------------------------------------------------------------------------------

def test_a_body_over_the_upload_limit_is_a_413_problem_and_nothing_is_created(
        api, network_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = _organisation_names(network_a)

    response = post_json(api, f"{BASE}/organisations", {"name": "x" * 20_000,
                                                        "sector": "police"})

    body = assert_problem(response, 413)
    assert body["type"] == "about:blank#too_large"
    assert "10000" in body["detail"]
    assert _organisation_names(network_a) == before


def test_ten_megabytes_to_the_api_are_a_413_with_the_default_limit(api):
    response = post_json(api, f"{BASE}/organisations", {"name": "x" * 10_000_000,
                                                        "sector": "police"})

    assert_problem(response, 413)


def test_a_form_post_over_the_limit_is_a_413_page_in_the_users_language(
        coordinator_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = coordinator_client.post(
        reverse("tenancy:organisations", kwargs={"network": "rheinstadt"}),
        {"name": "x" * 20_000}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Too much to send at once" in page
    assert "nothing was saved" in page


# --- numbers and dates beyond what is stored ---------------------------------------------

def test_an_id_beyond_64_bits_in_a_query_filter_is_a_422_naming_it(api):
    for path in ("decisions", "meetings"):
        response = api.get(f"{BASE}/{path}?body_id={BEYOND_64_BITS}")

        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "query.body_id"


def test_an_id_beyond_64_bits_in_the_path_is_a_422(api):
    response = api.get(f"{BASE}/decisions/{BEYOND_64_BITS}")

    assert assert_problem(response, 422)["errors"][0]["field"] == "path.decision_id"


def test_an_id_beyond_64_bits_in_a_list_is_a_422_and_no_call_is_logged(api, network_a,
                                                                       steering_group):
    response = post_json(api, f"{BASE}/call-logs", {
        "body_id": steering_group.pk, "occurred_on": "2026-03-02", "topic": "Rückruf Schule",
        "participant_ids": [1, BEYOND_64_BITS]})

    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "body.participant_ids.1"
    with scopes_disabled():
        assert not CallLog.objects.filter(network=network_a).exists()


def test_a_date_whose_conversion_to_utc_overflows_is_a_422_and_no_meeting_is_made(
        api, network_a, steering_group):
    response = post_json(api, f"{BASE}/meetings", {
        "body_id": steering_group.pk, "title": "Ende der Zeit",
        "starts_at": "9999-12-31T23:00:00-12:00", "ends_at": "9999-12-31T23:30:00-12:00"})

    body = assert_problem(response, 422)
    assert {e["field"] for e in body["errors"]} == {"body.starts_at", "body.ends_at"}
    assert "out of range" in body["errors"][0]["message"]
    with scopes_disabled():
        assert not Meeting.objects.filter(network=network_a).exists()


def test_a_huge_number_where_no_bound_type_guards_it_is_still_a_4xx(api, proposed):
    version = f"{BASE}/charter-documents/{proposed.document_id}/versions"
    responses = [
        api.get(f"{version}/{2**70}"),
        api.patch(f"{version}/1", data=json.dumps({"body": "Neu", "lock_version": 2**70}),
                  content_type="application/json"),
    ]

    assert all(400 <= r.status_code < 500 for r in responses), [r.status_code for r in responses]
    with scopes_disabled():
        proposed.refresh_from_db()
    assert proposed.body == "1. Wir tagen."


# --- control characters and media types -------------------------------------------------

@pytest.mark.parametrize("text", ["Rückruf\x00Schule", "\x1b[31mRot", "Ende\x7f"])
def test_control_characters_are_refused_by_the_api_as_by_the_forms(api, network_a,
                                                                   steering_group, text):
    response = post_json(api, f"{BASE}/call-logs", {
        "body_id": steering_group.pk, "occurred_on": "2026-03-02", "topic": text})

    body = assert_problem(response, 422)
    assert body["errors"] == [{"field": "body.topic", "code": "control_characters",
                               "message": "Control characters are not allowed here."}]
    assert text not in response.content.decode()
    with scopes_disabled():
        assert not CallLog.objects.filter(network=network_a).exists()


def test_line_breaks_and_tabs_are_text_and_kept(api, network_a, steering_group):
    response = post_json(api, f"{BASE}/call-logs", {
        "body_id": steering_group.pk, "occurred_on": "2026-03-02", "topic": "Rückruf",
        "summary": "Erstens:\n\tSchule informiert.\r\nZweitens: Termin."})

    assert response.status_code == 201, response.content
    assert response.json()["summary"] == "Erstens:\n\tSchule informiert.\r\nZweitens: Termin."


def test_a_control_character_in_a_query_is_a_422_never_a_database_error(api):
    response = api.get(f"{BASE}/minutes/search", {"q": "Schule\x00"})

    assert assert_problem(response, 422)["errors"][0]["field"] == "query.q"


def test_the_forms_member_picker_and_the_api_use_one_control_character_rule():
    from accord.api import parser, text
    from accord.core.text import has_control_characters
    from accord.tenancy import fields

    assert fields.has_control_characters is has_control_characters
    assert text.has_control_characters is has_control_characters
    assert parser.has_control_characters is has_control_characters


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/xml"])
def test_a_body_that_is_not_json_is_a_415_and_nothing_is_created(api, network_a, content_type):
    response = api.post(f"{BASE}/organisations",
                        data=json.dumps({"name": "Schule am Hafen", "sector": "education"}),
                        content_type=content_type)

    assert assert_problem(response, 415)["type"] == "about:blank#unsupported_media_type"
    assert "Schule am Hafen" not in _organisation_names(network_a)


def test_a_json_body_with_a_charset_or_a_json_suffix_is_accepted(api, network_a):
    for content_type, name in (("application/json; charset=utf-8", "Schule Nord"),
                               ("application/merge-patch+json", "Schule Süd")):
        response = api.post(f"{BASE}/organisations",
                            data=json.dumps({"name": name, "sector": "education"}),
                            content_type=content_type)
        assert response.status_code == 201, response.content


# --- closing a vote ----------------------------------------------------------------------

@pytest.mark.parametrize("stray", ["false", "[]", '"x"', "0", '{"close": true}'])
def test_a_stray_body_does_not_close_the_vote(api, network_a, open_vote, stray):
    response = api.post(f"{BASE}/decisions/{open_vote.pk}/close", data=stray,
                        content_type="application/json")

    assert_problem(response, 422)
    with scopes_disabled():
        assert Decision.objects.get(pk=open_vote.pk).voting_open


def test_the_chair_closes_the_vote_with_no_body_or_with_an_empty_object(
        api, network_a, coordinator, steering_group, open_vote):
    with scope(network=network_a.pk):
        second = decisions.decision_create(
            membership=coordinator, body=steering_group, title="Haushalt",
            motion="Wir beschließen den Haushalt.", procedure="simple_majority")

    no_body = api.generic("POST", f"{BASE}/decisions/{open_vote.pk}/close")
    empty = post_json(api, f"{BASE}/decisions/{second.pk}/close", {})

    assert no_body.status_code == 200, no_body.content
    assert empty.status_code == 200, empty.content
    assert no_body.json()["voting_open"] is False and empty.json()["voting_open"] is False


# --- adopting a charter version ------------------------------------------------------------

@pytest.fixture
def proposed(network_a, coordinator):
    with scope(network=network_a.pk):
        version = charter.document_create(membership=coordinator, kind="rules_of_procedure",
                                          title="Geschäftsordnung", body="1. Wir tagen.")
        return charter.version_propose(membership=coordinator, version=version)


def _adopt(api, proposed, body, decision_id):
    return post_json(api, f"{BASE}/charter-documents/{proposed.document_id}/versions/1/adopt", {
        "body_id": body.pk, "adopted_on": date.today().isoformat(),
        "decision_id": decision_id})


def _still_proposed(proposed) -> bool:
    with scopes_disabled():
        proposed.refresh_from_db()
    return proposed.status == "proposed" and proposed.decision_id is None


def test_adoption_by_another_networks_decision_is_refused_and_nothing_changes(
        api, network_b, outsider, proposed, steering_group):
    their_body = factories.make_body(network_b, name="Stuurgroep")
    factories.add_to_body(their_body, outsider, role=BodyRole.CHAIR)
    with scope(network=network_b.pk):
        theirs = decisions.decision_create(
            membership=outsider, body=their_body, title="Reglement", motion="Vastgesteld.",
            procedure="simple_majority")

    for decision_id in (theirs.pk, 987654):
        body = assert_problem(_adopt(api, proposed, steering_group, decision_id), 422)
        assert body["errors"] == [{"field": "body.decision_id", "code": "invalid",
                                   "message": "Unknown id in this network."}]
    assert _still_proposed(proposed)


def test_adoption_by_a_decision_of_another_body_is_refused(
        api, network_a, coordinator, proposed, steering_group, open_vote):
    other = factories.make_body(network_a, name="Fallkonferenz")

    response = _adopt(api, proposed, other, open_vote.pk)

    message = assert_problem(response, 422)["errors"][0]["message"]
    assert message == "Choose a decision of the body that adopts the version."
    assert _still_proposed(proposed)


def test_adoption_names_the_bodys_own_decision(api, proposed, steering_group, open_vote):
    response = _adopt(api, proposed, steering_group, open_vote.pk)

    assert response.status_code == 200, response.content
    assert response.json()["decision_id"] == open_vote.pk
