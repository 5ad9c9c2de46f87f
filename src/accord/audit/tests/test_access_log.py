"""The access log: a read is one row, written without the chain lock; rows are folded into the
chain as Merkle-rooted batches; the database refuses to change them; verification names the
batch whose records were deleted, added or altered."""

import hashlib
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.audit import access
from accord.audit.access import BATCH_ACTION, access_fold, access_record
from accord.audit.guard import (
    ACCESS_APPEND_ONLY,
    ACCESS_FIXED_COLUMNS,
    sqlite_install,
    sqlite_remove,
)
from accord.audit.hashing import access_leaf_hash, merkle_root
from accord.audit.models import AccessRecord, AppendOnlyError, AuditEvent
from accord.audit.verification import verify_access, verify_chain
from accord.core.signals import worker_stopping
from accord.testing import factories

pytestmark = pytest.mark.django_db


def read(membership, *ids, object_type="meetings.minuteentry", purpose="meeting preparation",
         effect="permit", rule="minutes.present"):
    access_record(membership=membership, object_type=object_type, object_ids=list(ids),
                  categories=["minutes"], purpose=purpose, effect=effect, rule=rule)


def records(network=None) -> list[AccessRecord]:
    with scopes_disabled():
        rows = AccessRecord.objects.order_by("id")
        return list(rows.filter(network=network) if network is not None else rows)


def batches(network) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(network=network, action=BATCH_ACTION)
                    .order_by("id"))


def _execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@contextmanager
def access_triggers_dropped():
    """What a database superuser does before rewriting the access log: the table's own
    triggers switched off (PostgreSQL) or dropped (SQLite), and back afterwards."""
    if connection.vendor == "postgresql":
        _execute("ALTER TABLE audit_accessrecord DISABLE TRIGGER USER")
        try:
            yield
        finally:
            _execute("ALTER TABLE audit_accessrecord ENABLE TRIGGER USER")
        return
    sqlite_remove(_execute, triggers=ACCESS_APPEND_ONLY)
    try:
        yield
    finally:
        sqlite_install(_execute, triggers=ACCESS_APPEND_ONLY)


def tamper(sql: str, params=()) -> int:
    with access_triggers_dropped():
        return _execute(sql, params)


def verify_out(*args: str) -> tuple[str, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as failure:
        return out.getvalue(), str(failure)
    return out.getvalue(), ""


# --- recording ---------------------------------------------------------------------------------

def test_a_list_page_records_one_row_per_object_naming_person_and_organisation(
        coordinator, network_a):
    read(coordinator, 12, "112", 12)  # the same object twice on one page is one read

    rows = records(network_a)

    assert [row.object_id for row in rows] == ["12", "112"]
    row = rows[0]
    assert (row.membership_id, row.user_id, row.organisation_id) == (
        coordinator.pk, coordinator.user_id, coordinator.organisation_id)
    assert (row.object_type, row.categories, row.purpose, row.effect, row.rule) == (
        "meetings.minuteentry", ["minutes"], "meeting preparation", "permit", "minutes.present")
    assert row.batch_id is None
    assert row.leaf_hash == access_leaf_hash(row)


def test_a_read_is_one_insert_and_takes_no_chain_lock(coordinator, monkeypatch):
    read(coordinator, 1)  # any first-time look-ups out of the way
    monkeypatch.setattr(access, "CHECK_EVERY", 10**12)  # not the insert that counts the backlog

    with CaptureQueriesContext(connection) as captured:
        read(coordinator, *range(2, 40))

    statements = [query["sql"] for query in captured.captured_queries]
    assert len(statements) == 1 and statements[0].startswith("INSERT INTO")
    assert not any("FOR UPDATE" in sql or "audit_auditchainhead" in sql for sql in statements)


def test_a_record_still_names_person_and_organisation_after_the_membership_ended(
        coordinator, member, network_a):
    read(member, 7)
    with scopes_disabled():
        member.active_until = timezone.now()
        member.save()

    row = records(network_a)[0]

    assert (row.user_id, row.organisation_id) == (member.user_id, member.organisation_id)


def test_an_unknown_decision_is_refused(coordinator):
    with pytest.raises(ValueError, match="unknown effect"):
        read(coordinator, 1, effect="maybe")
    assert records() == []


# --- the database refuses changes ---------------------------------------------------------

def test_the_guard_lists_every_column_but_the_batch():
    columns = {field.column for field in AccessRecord._meta.concrete_fields}
    assert columns - set(ACCESS_FIXED_COLUMNS) == {"batch_id"}
    assert set(ACCESS_FIXED_COLUMNS) <= columns


def test_the_database_refuses_to_change_or_delete_a_record(coordinator, network_a):
    read(coordinator, 5)
    pk = records()[0].pk
    for sql in ("UPDATE audit_accessrecord SET object_id = '6' WHERE id = %s",
                "UPDATE audit_accessrecord SET purpose = 'x', batch_id = 1 WHERE id = %s",
                "DELETE FROM audit_accessrecord WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic():
            _execute(sql, [pk])
    with pytest.raises(AppendOnlyError), scopes_disabled():
        AccessRecord.objects.filter(pk=pk).delete()

    assert records()[0].object_id == "5"


def test_the_batch_is_set_once_and_never_changed_or_cleared(coordinator, network_a):
    read(coordinator, 5)
    pk = records()[0].pk
    _execute("UPDATE audit_accessrecord SET batch_id = 1 WHERE id = %s", [pk])  # folding

    for sql in ("UPDATE audit_accessrecord SET batch_id = 2 WHERE id = %s",
                "UPDATE audit_accessrecord SET batch_id = NULL WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic():
            _execute(sql, [pk])

    assert records()[0].batch_id == 1


# --- the Merkle tree --------------------------------------------------------------------

# The test vectors of RFC 6962's reference implementation (certificate-transparency,
# merkle_tree_test): leaf inputs, and the tree hash of the first n of them.
LEAF_INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
               "606162636465666768696a6b6c6d6e6f"]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("count", range(1, 9))
def test_the_merkle_root_is_rfc_6962s_tree_hash(count):
    leaves = [hashlib.sha256(b"\x00" + bytes.fromhex(data)).hexdigest()
              for data in LEAF_INPUTS[:count]]
    assert merkle_root(leaves) == ROOTS[count - 1]


@pytest.mark.django_db(databases=[])
def test_the_empty_tree_is_the_hash_of_nothing():
    assert merkle_root([]) == hashlib.sha256(b"").hexdigest()


# --- folding --------------------------------------------------------------------------------

def test_folding_makes_one_chained_event_with_root_count_and_ids(coordinator, member,
                                                                 network_a, network_b,
                                                                 outsider):
    read(coordinator, 1, 2, 3)
    read(member, 3)
    read(outsider, 9)

    folded = access_fold(network=network_a, force=True)

    rows = records(network_a)
    (event,) = batches(network_a)
    assert [batch.event for batch in folded] == [event]
    assert event.summary["root"] == merkle_root([row.leaf_hash for row in rows])
    assert (event.summary["count"], event.summary["first_id"], event.summary["last_id"]) == (
        4, rows[0].pk, rows[-1].pk)
    assert {row.batch_id for row in rows} == {event.pk}
    assert records(network_b)[0].batch_id is None  # another network's chain, another fold
    assert verify_chain(network_a.pk).intact
    report = verify_access(network_a.pk)
    assert (report.intact, report.batches_checked, report.records_checked, report.unfolded) == (
        True, 1, 4, 0)


def test_folding_without_force_waits_for_a_minute_or_a_thousand_reads(coordinator, network_a):
    read(coordinator, 1)

    assert access_fold(network=network_a) == []
    assert access_fold(network=network_a, force=True)[0].count == 1
    assert access_fold(network=network_a, force=True) == []  # nothing folds twice


def test_a_thousand_waiting_reads_fold_after_the_commit(coordinator, network_a,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        read(coordinator, *range(1, 1001))

    (event,) = batches(network_a)
    assert event.summary["count"] == 1000
    assert verify_access(network_a.pk).unfolded == 0


def test_a_large_backlog_folds_as_several_batches(coordinator, network_a, monkeypatch):
    monkeypatch.setattr(access, "MAX_BATCH", 3)
    read(coordinator, *range(1, 8))

    access_fold(force=True)

    assert [event.summary["count"] for event in batches(network_a)] == [3, 3, 1]
    assert verify_access(network_a.pk).intact


@pytest.mark.django_db(transaction=True)
def test_a_stopping_worker_folds_what_waits(coordinator, network_a,
                                            audit_rows_erased_afterwards):
    read(coordinator, 1, 2)

    worker_stopping.send(sender=None)

    assert batches(network_a)[0].summary["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_folds_at_its_stop(coordinator, network_a, settings,
                                              audit_rows_erased_afterwards):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    read(coordinator, 1)

    call_command("worker", "--batch", "--no-schedule", "--interval", "0", verbosity=0)

    assert batches(network_a)[0].summary["count"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_folders_fold_each_record_once():
    network = factories.make_network(slug="folding")
    membership = factories.make_member(network)
    read(membership, *range(1, 301))
    barrier = threading.Barrier(4)
    errors = []

    def fold():
        try:
            barrier.wait()
            access_fold(network=network, force=True)
        except Exception as exc:  # reported below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(event.summary["count"] for event in batches(network)) == 300
    assert verify_access(network.pk).intact and verify_chain(network.pk).intact


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_readers_do_not_wait_on_a_writer_holding_the_chain_lock():
    from accord.audit.services import audit_record

    network = factories.make_network(slug="busy")
    membership = factories.make_member(network)
    audit_record(network=network, action="body.created")
    locked, done, errors = threading.Event(), threading.Event(), []

    def writer():
        try:
            with transaction.atomic():
                audit_record(network=network, action="body.updated")  # holds the head lock
                locked.set()
                done.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        _execute("SET lock_timeout = '2s'")  # a wait would fail, not hang
        try:
            read(membership, 1, 2, 3)
        except DatabaseError as exc:  # pragma: no cover - what the test guards against
            errors.append(exc)
        finally:
            _execute("RESET lock_timeout")
    finally:
        done.set()
        thread.join()

    assert errors == []
    assert len(records(network)) == 3


# --- verification ------------------------------------------------------------------------

@pytest.fixture
def folded(coordinator, member, network_a):
    read(coordinator, 12, 13, 14)
    read(member, 12)
    access_fold(force=True)
    read(member, 15)  # waits for the next fold
    (event,) = batches(network_a)
    return event


def test_verify_reports_the_batches_and_the_waiting_reads(folded):
    out, failure = verify_out("--network", "rheinstadt")

    assert failure == ""
    assert "access log: 1 batches, 4 read records checked, intact; 1 read records not " \
           "folded yet" in out


def _names_the_batch(folded, text: str) -> None:
    assert f"batch event id {folded.pk} (year {folded.epoch}, seq {folded.seq}" in text
    assert folded.summary["first_at"] in text and folded.summary["last_at"] in text


def test_verify_names_the_batch_of_a_deleted_record(folded, network_a):
    victim = records(network_a)[1]
    assert tamper("DELETE FROM audit_accessrecord WHERE id = %s", [victim.pk]) == 1

    out, failure = verify_out("--network", "rheinstadt")

    _names_the_batch(folded, failure)
    assert "1 of its 4 read records are missing (deleted)" in failure
    assert "BROKEN batch event id" in out
    assert verify_chain(network_a.pk).intact  # the chain itself is untouched


def test_verify_names_the_batch_of_an_altered_record(folded, network_a):
    victim = records(network_a)[0]
    tamper("UPDATE audit_accessrecord SET user_id = %s WHERE id = %s", [999, victim.pk])

    _out, failure = verify_out()

    _names_the_batch(folded, failure)
    assert f"id {victim.pk} no longer match their leaf hash" in failure


def test_verify_names_the_batch_of_a_record_altered_with_a_fresh_leaf_hash(folded, network_a):
    victim = records(network_a)[0]
    victim.purpose = "curiosity"
    tamper("UPDATE audit_accessrecord SET purpose = %s, leaf_hash = %s WHERE id = %s",
           ["curiosity", access_leaf_hash(victim), victim.pk])

    _out, failure = verify_out()

    _names_the_batch(folded, failure)
    assert "do not rebuild the batch's Merkle root" in failure


def test_verify_names_the_batch_a_record_was_inserted_into(folded, coordinator, network_a):
    read(coordinator, 99)
    forged = records(network_a)[-1]
    tamper("UPDATE audit_accessrecord SET batch_id = %s WHERE id = %s", [folded.pk, forged.pk])

    _out, failure = verify_out()

    _names_the_batch(folded, failure)
    assert "1 read record(s) more than the 4 folded (added)" in failure


def test_verify_finds_records_that_claim_a_batch_the_chain_does_not_have(folded, coordinator,
                                                                         network_a):
    read(coordinator, 98)
    forged = records(network_a)[-1]
    tamper("UPDATE audit_accessrecord SET batch_id = %s WHERE id = %s",
           [folded.pk + 1000, forged.pk])

    _out, failure = verify_out()

    assert f"name batch event id {folded.pk + 1000}, which is not a batch" in failure


def test_the_audit_page_verification_names_a_broken_batch(folded, network_a,
                                                          coordinator_client):
    from django.urls import reverse

    tamper("DELETE FROM audit_accessrecord WHERE id = %s", [records(network_a)[0].pk])

    response = coordinator_client.post(reverse("audit:verify", kwargs={"network": "rheinstadt"}),
                                       follow=True)

    page = response.content.decode()
    assert "The record of reads is broken" in page
    assert f"batch event id {folded.pk}" in page
    with scopes_disabled():
        verified = AuditEvent.objects.filter(action="audit.chain_verified").get()
    assert verified.summary["result"] == "broken"
    assert verified.summary["batches_broken"] == 1


def test_verify_counts_the_waiting_reads_of_a_network_without_events(network_b, outsider):
    read(outsider, 1, 2)

    out, failure = verify_out()

    assert failure == ""
    assert "polderdam (chain" in out
    assert "access log: 0 batches, 0 read records checked, intact; 2 read records not " \
           "folded yet" in out
