"""`accord keys rotate`: new network key versions, every case key re-wrapped, old versions
retired and erased, every identity still readable; `--master` moves to a new master key."""

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.vault.models import CaseKey, NetworkKey, Subject
from accord.vault.services import case_key_destroy
from accord.vault.tests.conftest import IDENTITY, OTHER

NEW = base64.b64encode(b"n" * 32).decode()


def _identities(network) -> list:
    with scope(network=network.pk):
        return [s.identity() for s in Subject.objects.select_related(
            "case_key__network_key").order_by("case__reference")]


def _rotate(*args) -> str:
    out = StringIO()
    call_command("keys", "rotate", *args, stdout=out)
    return out.getvalue()


def test_rotation_rewraps_every_case_key_and_every_identity_still_decrypts(vault):
    with scope(network=vault.network.pk):
        before = {k.pk: bytes(k.wrapped) for k in CaseKey.objects.all()}
    output = _rotate()
    assert "rheinstadt: key version 2, 2 case keys re-wrapped" in output
    assert "cases/s" in output
    assert _identities(vault.network) == [IDENTITY, {**OTHER}]
    with scope(network=vault.network.pk):
        versions = {k.version: k for k in NetworkKey.objects.all()}
        assert versions[1].retired_at is not None and bytes(versions[1].wrapped) == b""
        assert versions[2].retired_at is None
        after = {k.pk: bytes(k.wrapped) for k in CaseKey.objects.all()}
        assert all(after[pk] != before[pk] for pk in before)
        assert set(CaseKey.objects.values_list("network_key__version", flat=True)) == {2}
        assert AuditEvent.objects.filter(action="vault.keys_rotated").count() == 1
    # Running again is safe: one more version, still everything readable.
    assert "key version 3" in _rotate("--network", vault.network.slug)
    assert _identities(vault.network)[0] == IDENTITY


def test_a_destroyed_key_stays_destroyed_through_a_rotation(vault):
    with scope(network=vault.network.pk):
        case_key_destroy(membership=vault.coordinator, case=vault.second, reason="Purged")
    assert "1 case keys re-wrapped" in _rotate()
    with scope(network=vault.network.pk):
        destroyed = CaseKey.objects.get(case=vault.second)
        assert bytes(destroyed.wrapped) == b"" and destroyed.network_key.version == 2
        assert Subject.objects.select_related("case_key__network_key").get(
            pk=vault.subject.pk).identity() == IDENTITY


def test_a_new_master_key_takes_over_without_downtime(vault, settings):
    with scope(network=vault.network.pk):
        old_id = NetworkKey.objects.get().master_key_id
    # The new key first, the old one still accepted: everything reads as before.
    settings.ACCORD_MASTER_KEY = f"2027:{NEW},{settings.ACCORD_MASTER_KEY}"
    assert _identities(vault.network)[0] == IDENTITY
    output = _rotate("--master")
    assert "rheinstadt: 1 network keys moved to master key 2027" in output
    with scope(network=vault.network.pk):
        assert NetworkKey.objects.get().master_key_id == "2027"
    assert "0 network keys moved" in _rotate("--master")  # idempotent
    settings.ACCORD_MASTER_KEY = f"2027:{NEW}"  # the old master key is gone
    assert _identities(vault.network)[0] == IDENTITY
    status = StringIO()
    call_command("keys", "status", stdout=status)
    assert "Master keys: 2027 (current)" in status.getvalue()
    assert "rheinstadt: v1 under 2027, 2 case keys, 0 destroyed" in status.getvalue()
    assert old_id not in status.getvalue()


def test_an_unknown_network_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No network"):
        _rotate("--network", "nowhere")
