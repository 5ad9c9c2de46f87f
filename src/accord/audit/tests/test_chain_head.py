"""The chain head: it only moves forward, verification never stops at it, and a head moved back
behind the events pauses writes with a clear answer until `accord audit repair-head` puts it
back and records the repair. On PostgreSQL and SQLite alike."""

import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import ChainHeadBehind, audit_record
from accord.audit.tests.conftest import clock, raw_sql
from accord.audit.verification import HEAD_BEHIND, verify_chain
from accord.tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def head_of(network) -> AuditChainHead:
    return AuditChainHead.objects.get(chain=network.pk)


def run_sql(sql: str, params=()) -> None:
    """As the application's database user would, with every guard in place."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def move_head_back(network, event: AuditEvent) -> None:
    """What a database superuser did: put the head on an earlier event, guard switched off."""
    raw_sql("UPDATE audit_auditchainhead SET epoch = %s, seq = %s, last_hash = %s "
            "WHERE chain = %s", [event.epoch, event.seq, event.hash, network.pk])


def audit(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def failing_audit(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", *args, stdout=StringIO())
    return str(failure.value)


# --- the database refuses ----------------------------------------------------------------------

def test_the_database_refuses_to_move_the_head_back(network_a, write_events):
    events = write_events(network_a, 5)
    second = events[1]

    with pytest.raises(DatabaseError, match="may only move forward"):
        run_sql("UPDATE audit_auditchainhead SET seq = %s, last_hash = %s WHERE chain = %s",
                [second.seq, second.hash, network_a.pk])

    assert head_of(network_a).seq == 5
    assert verify_chain(network_a.pk).intact


def test_the_database_refuses_to_delete_the_head_or_move_it_onto_a_made_up_hash(
        network_a, write_events):
    write_events(network_a, 3)
    for sql, params in (
            ("DELETE FROM audit_auditchainhead WHERE chain = %s", [network_a.pk]),
            # forward, but onto no stored event: the head would claim events that do not exist
            ("UPDATE audit_auditchainhead SET seq = 9 WHERE chain = %s", [network_a.pk]),
            ("UPDATE audit_auditchainhead SET seq = 3, last_hash = %s WHERE chain = %s",
             ["f" * 64, network_a.pk]),
            ("UPDATE audit_auditchainhead SET chain = 999 WHERE chain = %s", [network_a.pk])):
        with pytest.raises(DatabaseError):
            run_sql(sql, params)

    head = head_of(network_a)
    assert (head.seq, head.chain) == (3, network_a.pk)


def test_the_head_still_moves_forward_through_new_years_and_the_seal(network_a, write_events):
    write_events(network_a, 2, year=2024)
    write_events(network_a, 2, year=2025)  # seals 2024, opens 2025 from its checkpoint
    with clock(2027, 1, 2):
        call_command("audit", "seal", stdout=StringIO())

    head = head_of(network_a)
    assert (head.epoch, head.seq) == (2027, 0)
    assert verify_chain(network_a.pk).intact


# --- verification reads beyond the head -----------------------------------------------------

def test_verify_names_the_events_beyond_a_moved_back_head_and_fails(network_a, write_events):
    events = write_events(network_a, 5)
    move_head_back(network_a, events[1])

    error = failing_audit("verify", "--network", "rheinstadt")

    assert "3 event(s) lie beyond the chain head" in error
    for event in events[2:]:
        assert f"seq {event.seq} (event id {event.pk})" in error
    assert f"the chain head says year {events[1].epoch}, seq 2, hash {events[1].hash[:12]}" in (
        error)
    assert "accord audit repair-head" in error
    report = verify_chain(network_a.pk)
    assert report.events_checked == 5  # every event was read, not only those up to the head
    assert (report.broken.code, report.broken.seq, report.broken.event_id) == (
        HEAD_BEHIND, 3, events[2].pk)


def test_verify_finds_a_head_moved_back_into_a_sealed_year(network_a, write_events):
    old = write_events(network_a, 3, year=2024)
    write_events(network_a, 2, year=2025)
    move_head_back(network_a, old[-1])

    report = verify_chain(network_a.pk)

    assert report.broken.code == HEAD_BEHIND
    assert report.broken.epoch == 2025 and report.broken.seq == 1
    assert report.events_checked == 5


def test_many_events_beyond_the_head_are_named_then_counted(network_a, write_events):
    events = write_events(network_a, 14)
    move_head_back(network_a, events[0])

    problem = verify_chain(network_a.pk).broken.problem

    assert "13 event(s) lie beyond the chain head" in problem
    assert f"event id {events[10].pk}" in problem and f"event id {events[11].pk}" not in problem
    assert "and 3 more" in problem


# --- the next write is refused, clearly -----------------------------------------------------

def test_the_next_write_is_refused_with_the_repair_command_not_a_unique_error(
        network_a, write_events, caplog):
    events = write_events(network_a, 5)
    move_head_back(network_a, events[1])

    with (caplog.at_level(logging.CRITICAL, logger="accord.audit"),
          pytest.raises(ChainHeadBehind) as refused):
        audit_record(network=network_a, actor=None, action="body.updated")

    assert "accord audit repair-head --network rheinstadt" in str(refused.value)
    assert any("accord audit repair-head --network rheinstadt" in record.getMessage()
               and record.levelno == logging.CRITICAL for record in caplog.records)
    assert AuditEvent.objects.with_scopes_disabled().filter(chain=network_a.pk).count() == 5


def test_the_next_write_after_a_head_moved_back_over_new_year_is_refused(network_a,
                                                                         write_events):
    old = write_events(network_a, 3, year=2024)
    write_events(network_a, 2, year=2025)
    move_head_back(network_a, old[-1])

    with clock(2025, 7, 1), pytest.raises(ChainHeadBehind):
        audit_record(network=network_a, actor=None, action="body.updated")


def test_sealing_skips_a_chain_whose_head_was_moved_back_and_seals_the_others(
        network_a, network_b, write_events):
    old = write_events(network_a, 3, year=2024)
    write_events(network_a, 1, year=2025)
    write_events(network_b, 2, year=2025)
    move_head_back(network_a, old[-1])

    with clock(2026, 1, 2):
        out = audit("seal")

    assert "1 chain(s) sealed." in out
    assert verify_chain(network_b.pk).intact


def test_a_page_that_writes_answers_503_and_saves_nothing(coordinator_client, coordinator,
                                                          network_a, write_events):
    events = write_events(network_a, 3)
    move_head_back(network_a, events[0])

    response = coordinator_client.post(reverse("audit:verify", kwargs={"network": "rheinstadt"}))

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Changes paused" in page and "Nothing was saved." in page
    assert "Traceback" not in page
    assert not AuditEvent.objects.with_scopes_disabled().filter(
        action="audit.chain_verified").exists()


def test_an_api_write_answers_a_503_problem_and_saves_nothing(coordinator, network_a):
    client = token_client(token_for(coordinator))
    last = AuditEvent.objects.with_scopes_disabled().filter(chain=network_a.pk).first()
    audit_record(network=network_a, actor=None, action="body.updated")
    move_head_back(network_a, last)

    response = post_json(client, "/api/v1/n/rheinstadt/organisations",
                         {"name": "Jugendamt Rheinstadt", "sector": "youth_social"})

    body = assert_problem(response, 503)
    assert body["type"] == "about:blank#audit_chain_head_behind"
    with scope(network=network_a.pk):
        assert not Organisation.objects.filter(name="Jugendamt Rheinstadt").exists()


# --- the repair --------------------------------------------------------------------------------

def test_repair_puts_the_head_on_the_last_event_and_records_what_it_was(network_a,
                                                                        write_events):
    events = write_events(network_a, 5)
    move_head_back(network_a, events[1])

    out = audit("repair-head", "--network", "rheinstadt")

    assert "it said year" in out and "seq 2" in out and "seq 5" in out
    assert "3 event(s) were beyond it" in out
    with scopes_disabled():
        record = AuditEvent.objects.get(action="audit.head_repaired")
    assert record.seq == 6  # the repair is the next link of the same chain
    assert record.summary["head_was"] == {"epoch": events[1].epoch, "seq": 2,
                                          "hash": events[1].hash}
    assert record.summary["head_now"] == {"epoch": events[4].epoch, "seq": 5,
                                          "hash": events[4].hash}
    assert record.summary["events_beyond"] == 3
    assert record.actor_label.startswith("accord audit repair-head (command line")
    assert "intact" in audit("verify", "--network", "rheinstadt")
    # and writing works again
    audit_record(network=network_a, actor=None, action="body.updated")
    assert head_of(network_a).seq == 7


def test_repair_of_a_head_moved_back_into_a_sealed_year(network_a, write_events):
    old = write_events(network_a, 3, year=2024)
    write_events(network_a, 2, year=2025)
    move_head_back(network_a, old[-1])

    with clock(2025, 8, 1):
        audit("repair-head", "--network", "rheinstadt")
        audit_record(network=network_a, actor=None, action="body.updated")

    report = verify_chain(network_a.pk)
    assert report.intact, report.broken
    assert report.events_checked == 7


def test_repair_refuses_an_intact_chain(network_a, write_events):
    write_events(network_a, 2)

    assert "nothing to repair" in failing_audit("repair-head", "--network", "rheinstadt")
    assert not AuditEvent.objects.with_scopes_disabled().filter(
        action="audit.head_repaired").exists()


def test_repair_never_moves_the_head_back_over_deleted_events(network_a, write_events):
    events = write_events(network_a, 4)
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])

    error = failing_audit("repair-head", "--network", "rheinstadt")

    assert "broken elsewhere" in error and "the last events were deleted" in error
    assert head_of(network_a).seq == 4  # the evidence stays


def test_repair_does_not_bless_a_tampered_event_beyond_the_head(network_a, write_events):
    events = write_events(network_a, 4)
    move_head_back(network_a, events[0])
    raw_sql("UPDATE audit_auditevent SET actor_label = 'Someone Else' WHERE id = %s",
            [events[2].pk])

    error = failing_audit("repair-head", "--network", "rheinstadt")

    assert "broken elsewhere" in error and f"event id {events[2].pk}" in error
    assert head_of(network_a).seq == 1


def test_repair_recreates_a_deleted_head(network_a, write_events):
    write_events(network_a, 3)
    raw_sql("DELETE FROM audit_auditchainhead WHERE chain = %s", [network_a.pk])

    audit("repair-head", "--network", "rheinstadt")

    assert head_of(network_a).seq == 4
    assert verify_chain(network_a.pk).intact
