"""The audit chain: written under a lock, verified link by link, refused change by the database."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django_scopes import scope, scopes_disabled

from accord.audit.hashing import event_hash
from accord.audit.models import (
    GENESIS_HASH,
    AppendOnlyError,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
)
from accord.audit.services import audit_record, audit_seal_closed_epochs
from accord.audit.tests.conftest import clock, raw_sql
from accord.audit.verification import verify_chain
from accord.testing import factories


def verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def broken_verify(*args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", *args, stdout=out)
    return out.getvalue(), str(failure.value)


def events_of(network) -> list[AuditEvent]:
    return list(AuditEvent.objects.with_scopes_disabled().filter(chain=network.pk)
                .order_by("epoch", "seq"))


@pytest.mark.django_db
def test_verify_passes_on_an_untouched_chain_and_counts_every_event(network_a, network_b,
                                                                    write_events):
    write_events(network_a, 5)
    write_events(network_b, 3)
    audit_record(network=None, actor=None, action="auth.sign_in_failed",
                 summary={"reason": "password"})

    out = verify()

    assert "rheinstadt (chain" in out and "5 events checked, intact" in out
    assert "polderdam (chain" in out and "3 events checked, intact" in out
    assert "installation (chain 0): 1 events checked, intact" in out
    assert "Total: 9 events checked." in out


@pytest.mark.django_db
def test_verify_of_one_network_checks_only_its_chain(network_a, network_b, write_events):
    write_events(network_a, 2)
    write_events(network_b, 4)

    out = verify("--network", "polderdam")

    assert "polderdam" in out and "rheinstadt" not in out
    assert "Total: 4 events checked." in out


@pytest.mark.django_db
def test_verify_of_an_unknown_network_says_so(network_a):
    with pytest.raises(CommandError, match="No network with the slug 'atlantis'"):
        call_command("audit", "verify", "--network", "atlantis")


@pytest.mark.django_db
def test_each_event_links_to_the_one_before_and_hashes_its_own_content(network_a, write_events):
    first, second = write_events(network_a, 2)

    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    stored = AuditEvent.objects.with_scopes_disabled().get(pk=second.pk)
    assert event_hash(stored) == stored.hash == second.hash


@pytest.mark.django_db
def test_a_summary_with_tuples_and_number_keys_still_verifies_after_the_round_trip(network_a):
    audit_record(network=network_a, actor=None, action="body.updated",
                 summary={"fields": ("name", "kind"), 7: "seven"}, categories=("contact",))

    assert verify_chain(network_a.pk).intact


@pytest.mark.django_db
def test_a_tampered_row_breaks_verification_exactly_at_that_event(network_a, write_events):
    events = write_events(network_a, 5)
    tampered = events[2]
    raw_sql("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
            ["Someone Else", tampered.pk])

    out, error = broken_verify("--network", "rheinstadt")

    assert "2 events checked, BROKEN" in out
    assert f"seq 3, event id {tampered.pk}: the event's content does not match its hash" in out
    assert f"event id {tampered.pk}" in error


@pytest.mark.django_db
def test_a_rewritten_row_with_a_recomputed_hash_breaks_at_the_next_event(network_a,
                                                                         write_events):
    events = write_events(network_a, 4)
    forged = AuditEvent.objects.with_scopes_disabled().get(pk=events[1].pk)
    forged.actor_label = "Someone Else"
    raw_sql("UPDATE audit_auditevent SET actor_label = %s, hash = %s WHERE id = %s",
            [forged.actor_label, event_hash(forged), forged.pk])

    _, error = broken_verify()

    assert f"seq 3, event id {events[2].pk}: the event does not link" in error


@pytest.mark.django_db
def test_a_deleted_tail_is_caught_against_the_chain_head(network_a, write_events):
    events = write_events(network_a, 5)
    raw_sql("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[3].pk, events[4].pk])

    out, error = broken_verify()

    assert "3 events checked, BROKEN" in out
    assert "seq 4: the chain head is at seq 5 but the events end at seq 3" in error


@pytest.mark.django_db
def test_a_deleted_middle_event_is_a_sequence_gap(network_a, write_events):
    events = write_events(network_a, 4)
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    _, error = broken_verify()

    assert f"seq 3, event id {events[2].pk}: sequence gap" in error


@pytest.mark.django_db
def test_a_deleted_tail_of_a_sealed_year_is_caught_against_its_checkpoint(network_a,
                                                                          write_events):
    old = write_events(network_a, 3, year=2024)
    write_events(network_a, 2, year=2025)
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [old[-1].pk])

    _, error = broken_verify()

    assert "year 2024, seq 3: the year ends at seq 2 but its checkpoint counts 3" in error


@pytest.mark.django_db
def test_a_whole_year_deleted_without_erasure_is_caught(network_a, write_events):
    write_events(network_a, 3, year=2024)
    write_events(network_a, 2, year=2025)
    raw_sql("DELETE FROM audit_auditevent WHERE chain = %s AND epoch = 2024", [network_a.pk])

    _, error = broken_verify()

    assert "year 2024, seq 1: all 3 events of this year are missing and no erasure" in error


@pytest.mark.django_db
def test_an_altered_checkpoint_is_caught(network_a, write_events):
    write_events(network_a, 3, year=2024)
    write_events(network_a, 1, year=2025)
    raw_sql("UPDATE audit_auditcheckpoint SET count = 2 WHERE chain = %s", [network_a.pk])

    _, error = broken_verify()

    assert "year 2024: the year's checkpoint does not match its hash" in error


@pytest.mark.django_db
def test_the_first_event_of_a_new_year_seals_the_old_one_and_links_to_its_checkpoint(
        network_a, write_events):
    write_events(network_a, 3, year=2024)
    first_2025, *_ = write_events(network_a, 2, year=2025)

    checkpoint = AuditCheckpoint.objects.get(chain=network_a.pk, epoch=2024)
    last_2024 = events_of(network_a)[2]
    assert (checkpoint.count, checkpoint.final_hash) == (3, last_2024.hash)
    assert checkpoint.start_hash == GENESIS_HASH
    assert (first_2025.epoch, first_2025.seq) == (2025, 1)
    assert first_2025.prev_hash == checkpoint.hash
    assert "5 events checked, intact" in verify()


@pytest.mark.django_db
def test_a_quiet_year_is_sealed_by_the_seal_command_and_the_next_year_still_links(
        network_a, write_events):
    write_events(network_a, 2, year=2024)
    with clock(2025, 1, 2):
        sealed = audit_seal_closed_epochs()
    assert [(c.chain, c.epoch, c.count) for c in sealed] == [(network_a.pk, 2024, 2)]
    with clock(2027, 1, 2):
        call_command("audit", "seal", stdout=StringIO())  # seals the empty 2025
    later = write_events(network_a, 1, year=2027)[0]

    checkpoints = list(AuditCheckpoint.objects.filter(chain=network_a.pk))
    assert [(c.epoch, c.count) for c in checkpoints] == [(2024, 2), (2025, 0)]
    assert checkpoints[1].start_hash == checkpoints[0].hash
    assert later.prev_hash == checkpoints[1].hash
    assert verify_chain(network_a.pk).intact


@pytest.mark.django_db
def test_the_seal_task_seals_past_years(network_a, write_events):
    from accord.audit.tasks import seal_closed_epochs

    write_events(network_a, 1, year=2024)
    with clock(2025, 1, 1):
        result = seal_closed_epochs.enqueue()

    assert result.return_value == 1
    assert AuditCheckpoint.objects.filter(chain=network_a.pk, epoch=2024).exists()


@pytest.mark.django_db
def test_the_orm_refuses_to_update_or_delete_an_event(network_a, write_events):
    event = write_events(network_a, 1)[0]
    with scope(network=network_a.pk):
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).delete()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditCheckpoint.objects.all().delete()


@pytest.mark.django_db
def test_the_database_refuses_raw_updates_and_deletes(network_a, write_events):
    event = write_events(network_a, 1)[0]
    for sql in ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with scopes_disabled():
        assert AuditEvent.objects.get(pk=event.pk).action == "body.updated"


@pytest.mark.django_db
def test_a_chain_without_a_head_is_broken(network_a, write_events):
    write_events(network_a, 1)
    raw_sql("DELETE FROM audit_auditchainhead WHERE chain = %s", [network_a.pk])

    assert "no chain head" in verify_chain(network_a.pk).broken.problem


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_unbroken_chain():
    network = factories.make_network(slug="concurrent")
    audit_record(network=network, actor=None, action="body.created")  # the head exists
    writers, per_writer = 8, 25
    barrier = threading.Barrier(writers)
    errors = []

    def write():
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(network=network, actor=None, action="body.updated",
                                 object_id=i)
        except Exception as exc:  # reported below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = verify_chain(network.pk)
    assert report.intact, report.broken
    assert report.events_checked == 1 + writers * per_writer
    assert AuditChainHead.objects.get(chain=network.pk).seq == 1 + writers * per_writer


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_writers_of_a_new_chain_do_not_fork_it():
    network = factories.make_network(slug="fresh")
    barrier = threading.Barrier(6)
    errors = []

    def write():
        try:
            barrier.wait()
            audit_record(network=network, actor=None, action="body.created")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert verify_chain(network.pk).events_checked == 6
    assert verify_chain(network.pk).intact
