"""Encryption at rest: what is stored is a ciphertext bound to its row and column, that fails
loudly when altered, moved or erased."""

import shutil
import subprocess

import pytest
from django.db import connection
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.vault.crypto import VaultError
from accord.vault.models import CaseKey, Subject, SubjectNameIndex
from accord.vault.services import case_key_destroy
from accord.vault.tests.conftest import IDENTITY

pytestmark = pytest.mark.django_db(transaction=False)


def _fresh(subject):
    return Subject.objects.select_related("case_key__network_key").get(pk=subject.pk)


def test_an_identity_comes_back_exactly_as_recorded(vault):
    with scope(network=vault.network.pk):
        subject = _fresh(vault.subject)
        assert subject.identity() == IDENTITY
        assert subject.guardian() is None and subject.is_minor is False
        other = _fresh(vault.other)
        assert other.is_minor is True
        assert other.guardian() == {"name": "Sabine Demirtas", "relationship": "Mutter",
                                    "phone": "", "address": ""}


def test_a_flipped_byte_fails_loudly(vault):
    with scope(network=vault.network.pk):
        subject = _fresh(vault.subject)
        blob = bytearray(subject.identity_ciphertext)
        blob[20] ^= 0x01
        Subject.objects.filter(pk=subject.pk).update(identity_ciphertext=bytes(blob))
        with pytest.raises(VaultError, match="does not decrypt"):
            _fresh(subject).identity()


def test_a_ciphertext_swapped_between_rows_or_columns_does_not_decrypt(vault):
    with scope(network=vault.network.pk):
        first, second = _fresh(vault.subject), _fresh(vault.other)
        # Same case key: only the row id in the associated data tells the rows apart.
        assert first.case_key_id != second.case_key_id
        Subject.objects.filter(pk=first.pk).update(
            identity_ciphertext=bytes(second.identity_ciphertext))
        with pytest.raises(VaultError):
            _fresh(first).identity()
        Subject.objects.filter(pk=second.pk).update(
            identity_ciphertext=bytes(second.guardian_ciphertext))
        with pytest.raises(VaultError):
            _fresh(second).identity()
        # The same key and the same column, but another row: still refused.
        Subject.objects.filter(pk=second.pk).update(case_key=first.case_key,
                                                    identity_ciphertext=bytes(
                                                        first.identity_ciphertext))
        with pytest.raises(VaultError):
            _fresh(second).identity()


def test_an_emptied_guardian_column_is_an_error_not_a_missing_guardian(vault):
    with scope(network=vault.network.pk):
        Subject.objects.filter(pk=vault.other.pk).update(guardian_ciphertext=b"")
        with pytest.raises(VaultError):
            _fresh(vault.other).guardian()


def test_destroying_the_case_key_erases_the_identity_for_good(vault):
    with scope(network=vault.network.pk):
        case_key_destroy(membership=vault.coordinator, case=vault.case,
                         reason="Purged after the retention period")
        key = CaseKey.objects.get(case=vault.case)
        assert bytes(key.wrapped) == b"" and key.destroyed_at is not None
        assert not SubjectNameIndex.objects.filter(subject=vault.subject).exists()
        with pytest.raises(VaultError, match="erased"):
            _fresh(vault.subject).identity()
        event = AuditEvent.objects.filter(action="vault.case_key_destroyed").get()
        assert event.object_id == str(vault.case.pk)
        # The other case keeps its key.
        assert _fresh(vault.other).identity()["names"] == ["Elif Demirtas"]


def test_no_audit_event_holds_the_plaintext(vault):
    with scope(network=vault.network.pk):
        events = list(AuditEvent.objects.filter(action="vault.identity_recorded"))
    assert len(events) == 2
    text = repr([(e.summary, e.purpose, e.categories) for e in events])
    assert "Berg" not in text and "Demirtas" not in text
    assert events[0].summary["fields"] == ["names", "aliases", "addresses", "phones",
                                           "identifiers", "birth_date"]


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    settings = connection.settings_dict
    return subprocess.run(
        ["pg_dump", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432),
         "-U", settings["USER"],
         "--data-only", settings["NAME"]], capture_output=True, text=True, check=True).stdout


# On PostgreSQL committed rows, so that pg_dump (another connection) sees them; SQLite dumps
# its own connection (and its flush after a transactional test would meet the audit guard).
@pytest.mark.django_db(transaction=connection.vendor != "sqlite")
def test_a_dump_of_the_database_holds_no_plaintext_identity(vault):
    dump = _dump()
    assert "RHS-2026-001" in dump  # the dump does hold the case
    for secret in ("van der Berg", "Müller", "Jantje", "Hafenstraße", "5550 123",
                   "T22000129", "Demirtas", "2001-04-17"):
        assert secret not in dump, secret
        assert secret.encode().hex() not in dump.lower(), secret
