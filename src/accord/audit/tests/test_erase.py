"""Erasing a year after its retention: the one audited way audit events leave the database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accord.audit.models import AuditCheckpoint, AuditEvent
from accord.audit.services import ErasureRefused, audit_erase_epoch
from accord.audit.tests.conftest import clock, raw_sql
from accord.audit.verification import verify_chain


def erase(*args: str) -> str:
    out = StringIO()
    call_command("audit", "erase", *args, stdout=out)
    return out.getvalue()


def remaining_years(chain: int) -> list[tuple[int, int]]:
    events = AuditEvent.objects.with_scopes_disabled().filter(chain=chain)
    return [(year, events.filter(epoch=year).count())
            for year in sorted(set(events.values_list("epoch", flat=True)))]


@pytest.fixture
def three_years(network_a, write_events):
    write_events(network_a, 4, year=2024)
    write_events(network_a, 3, year=2025)
    write_events(network_a, 2, year=2026)
    return network_a


@pytest.mark.django_db
def test_erasing_a_sealed_year_after_retention_leaves_later_years_verifiable(three_years):
    with clock(2026, 3, 1):
        out = erase("--year", "2024", "--network", "rheinstadt", "--yes")

    assert "Erased 4 events of 2024 from rheinstadt" in out
    chain = three_years.pk
    assert remaining_years(chain) == [(2025, 3), (2026, 3)]
    assert AuditCheckpoint.objects.filter(chain=chain, epoch=2024, count=4).exists()
    record = AuditEvent.objects.with_scopes_disabled().get(chain=chain,
                                                          action="audit.epoch_erased")
    assert record.summary == {"year": 2024, "count": 4, "checkpoint_count": 4}
    assert record.actor_label.startswith("accord audit erase (command line")
    report = verify_chain(chain)
    assert report.intact, report.broken
    assert report.events_checked == 6


@pytest.mark.django_db
def test_the_erased_years_stay_accepted_when_the_year_holding_the_record_is_erased_too(
        three_years, write_events):
    with clock(2026, 3, 1):
        audit_erase_epoch(network=three_years, year=2024)
    write_events(three_years, 1, year=2027)
    with clock(2028, 1, 5):
        audit_erase_epoch(network=three_years, year=2025)
        audit_erase_epoch(network=three_years, year=2026)  # holds the record of 2024

    assert remaining_years(three_years.pk) == [(2027, 1), (2028, 2)]
    assert verify_chain(three_years.pk).intact


@pytest.mark.django_db
def test_the_delete_guard_is_back_after_an_erasure(three_years):
    with clock(2026, 3, 1):
        audit_erase_epoch(network=three_years, year=2024)

    with pytest.raises(DatabaseError, match=r"append-only|pgtrigger"):  # noqa: SIM117
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE chain = %s", [three_years.pk])


@pytest.mark.django_db
def test_erasing_a_year_still_in_retention_is_refused(three_years):
    with clock(2026, 12, 31), pytest.raises(CommandError, match="retention period"):
        erase("--year", "2025", "--network", "rheinstadt", "--yes")

    assert remaining_years(three_years.pk)[0] == (2024, 4)


@pytest.mark.django_db
def test_the_retention_follows_the_setting(three_years, settings):
    settings.ACCORD_AUDIT_RETENTION_YEARS = 2
    with clock(2026, 6, 1), pytest.raises(ErasureRefused, match="from 1 January 2027"):
        audit_erase_epoch(network=three_years, year=2024)


@pytest.mark.django_db
def test_erasing_the_open_year_is_refused(three_years):
    with clock(2030, 1, 1), pytest.raises(CommandError, match="2026 is not sealed"):
        erase("--year", "2026", "--network", "rheinstadt", "--yes")


@pytest.mark.django_db
def test_years_are_erased_oldest_first(three_years, write_events):
    write_events(three_years, 1, year=2028)
    with clock(2028, 2, 1), pytest.raises(ErasureRefused, match="Erase 2024 first"):
        audit_erase_epoch(network=three_years, year=2025)


@pytest.mark.django_db
def test_erasure_without_confirmation_changes_nothing(three_years):
    with clock(2027, 1, 1), pytest.raises(CommandError, match="add --yes"):
        erase("--year", "2024", "--network", "rheinstadt")

    assert remaining_years(three_years.pk)[0] == (2024, 4)


@pytest.mark.django_db
def test_erasing_twice_is_refused(three_years):
    with clock(2027, 1, 1):
        audit_erase_epoch(network=three_years, year=2024)
        with pytest.raises(ErasureRefused, match="no events left"):
            audit_erase_epoch(network=three_years, year=2024)


@pytest.mark.django_db
def test_a_broken_chain_is_not_erased_so_the_evidence_survives(three_years):
    first = AuditEvent.objects.with_scopes_disabled().filter(chain=three_years.pk).first()
    raw_sql("UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s", [first.pk])

    with clock(2027, 1, 1), pytest.raises(ErasureRefused, match="chain is broken"):
        audit_erase_epoch(network=three_years, year=2024)
    assert remaining_years(three_years.pk)[0] == (2024, 4)


@pytest.mark.django_db
def test_the_installation_chain_is_erased_the_same_way(write_events):
    from accord.audit.services import audit_record

    with clock(2024):
        audit_record(network=None, actor=None, action="auth.signed_in")
    with clock(2025):
        audit_record(network=None, actor=None, action="auth.signed_in")
    with clock(2026):
        out = erase("--year", "2024", "--installation", "--yes")

    assert "Erased 1 events of 2024 from installation" in out
    assert verify_chain(0).intact


@pytest.mark.django_db
def test_the_reads_folded_into_an_erased_year_are_erased_with_it(network_a, coordinator,
                                                                 write_events):
    from django_scopes import scopes_disabled

    from accord.audit.access import access_fold, access_record
    from accord.audit.models import AccessRecord
    from accord.audit.verification import verify_access

    def read_and_fold(year: int, ids: list[int]) -> None:
        with clock(year):
            access_record(membership=coordinator, object_type="meetings.minuteentry",
                          object_ids=ids, categories=["minutes"], purpose="preparation",
                          effect="permit", rule="minutes.present")
            access_fold(force=True)

    read_and_fold(2024, [1, 2])
    read_and_fold(2025, [3])
    write_events(network_a, 1, year=2026)

    with clock(2026, 3, 1):
        audit_erase_epoch(network=network_a, year=2024)

    with scopes_disabled():
        assert list(AccessRecord.objects.values_list("object_id", flat=True)) == ["3"]
    assert verify_chain(network_a.pk).intact
    report = verify_access(network_a.pk)
    assert report.intact and report.batches_checked == 1
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessrecord")  # the guard is back
