"""PostgreSQL restarting under a request: a 503 with Retry-After in the reader's language (a
page, or a problem in the API), never a 500 with a traceback, and nothing half-written."""

import pytest
from django.db import OperationalError
from django.test import Client
from django_scopes import scope

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.core.unavailable import RETRY_AFTER_SECONDS, database_unreachable
from accord.tenancy.models import Organisation
from accord.testing.html import parse, title

pytestmark = pytest.mark.django_db

LOST = "terminating connection due to administrator command"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _raise_lost(*args, **kwargs):
    raise OperationalError(LOST)


def test_a_page_whose_query_loses_the_database_is_a_503_with_retry_after(settings):
    settings.ROOT_URLCONF = "accord.core.tests.error_urls"
    response = Client(raise_request_exception=False).get("/test-errors/database/")

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert title(page) == "Briefly unavailable · Accord"
    assert {e.tag for e in parse(page).iter()} >= {"header", "main", "footer"}
    assert "saved in full or not at all" in page
    assert "Traceback" not in page and LOST not in page


def test_losing_the_database_while_loading_the_session_is_a_503_not_a_500(
        coordinator_client, monkeypatch):
    # The session is read by middleware, before any view: Django's own 500 handler runs then.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _raise_lost)
    coordinator_client.raise_request_exception = False

    response = coordinator_client.get("/n/rheinstadt/", headers={"accept-language": "de"})

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert '<html lang="de">' in response.content.decode()


def test_losing_the_database_while_saving_the_session_is_a_503_not_a_400(
        coordinator_client, monkeypatch):
    # Django reports a failed session save as "the session was deleted" (400); it was not.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", _raise_lost_save)
    coordinator_client.raise_request_exception = False

    response = coordinator_client.get("/n/rheinstadt/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def _raise_lost_save(self, must_create=False):
    from django.contrib.sessions.backends.base import UpdateError

    try:
        raise OperationalError(LOST)
    except OperationalError:
        raise UpdateError  # as Django's database session backend does


def test_an_api_write_that_loses_the_database_is_a_503_problem_and_writes_nothing(
        coordinator, network_a, monkeypatch):
    client = token_client(token_for(coordinator))
    # The organisation row is written first, then the audit event fails on the dead connection.
    monkeypatch.setattr("accord.tenancy.services.audit_record", _raise_lost)

    response = post_json(client, "/api/v1/n/rheinstadt/organisations",
                         {"name": "Jugendamt Rheinstadt", "sector": "youth_social"})

    body = assert_problem(response, 503)
    assert body["type"] == "about:blank#database_unavailable"
    assert "saved in full or not at all" in body["title"]
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    with scope(network=network_a.pk):
        assert not Organisation.objects.filter(name="Jugendamt Rheinstadt").exists()


def test_an_api_token_check_that_loses_the_database_is_a_503_problem(coordinator, monkeypatch):
    client = token_client(token_for(coordinator))
    # The token is looked up by the network scope middleware, outside ninja.
    monkeypatch.setattr("accord.api.auth.authenticate_api_request", _raise_lost)
    client.raise_request_exception = False

    response = client.get("/api/v1/n/rheinstadt/organisations")

    assert_problem(response, 503)
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_a_bug_stays_a_500_even_when_it_mentions_a_database():
    assert not database_unreachable(RuntimeError("database is fine, the code is not"))
    assert not database_unreachable(None)


def test_an_error_caused_by_a_lost_connection_counts_as_unreachable():
    try:
        try:
            raise OperationalError(LOST)
        except OperationalError as lost:
            raise RuntimeError("rollback failed") from lost
    except RuntimeError as error:
        assert database_unreachable(error)


def test_a_statement_cancelled_by_the_time_limit_counts_as_unavailable():
    import psycopg

    assert database_unreachable(psycopg.errors.QueryCanceled("canceling statement due to "
                                                             "statement timeout"))


@pytest.mark.postgres
def test_a_query_past_the_statement_timeout_is_cancelled_as_unavailable():
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement_timeout")
    # In a savepoint, so the cancelled statement (and the SET LOCAL) are rolled back with it.
    with pytest.raises(OperationalError) as cancelled, transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(1)")
    assert database_unreachable(cancelled.value)


def test_liveness_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
