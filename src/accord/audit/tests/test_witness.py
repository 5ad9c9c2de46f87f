"""The outside witness: signed chain heads, kept outside the database, catch what the chain
alone cannot: a superuser who rewrites the tail of a chain together with its head row."""

import base64
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import connection
from django_scopes import scopes_disabled

from accord.audit.hashing import event_hash
from accord.audit.models import AuditChainHead, AuditEvent, WitnessRun
from accord.audit.tests.conftest import raw_sql
from accord.audit.verification import verify_chain
from accord.audit.witness import signing_key, witness_check, witness_overdue, witness_sign

pytestmark = pytest.mark.django_db


def audit(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def entries_in(directory: Path) -> list[dict]:
    return [json.loads(line) for file in sorted(directory.glob("*.jsonl"))
            for line in file.read_text().splitlines()]


def rewrite_tail(network, count: int) -> None:
    """What a superuser with the guards off can do: rewrite the last events so that each
    still links to the one before, and move the head row onto the new last hash. The chain
    then verifies; only the witness remembers what it said."""
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(chain=network.pk).order_by("epoch", "seq"))
    previous = events[-count - 1].hash
    for event in events[-count:]:
        event.prev_hash = previous
        event.summary = {"fields": ["rewritten"]}
        event.hash = event_hash(event)
        raw_sql("UPDATE audit_auditevent SET prev_hash = %s, summary = %s, hash = %s "
                "WHERE id = %s", [event.prev_hash, json.dumps(event.summary), event.hash,
                                  event.pk])
        previous = event.hash
    raw_sql("UPDATE audit_auditchainhead SET last_hash = %s WHERE chain = %s",
            [previous, network.pk])


def test_signed_heads_can_be_checked_with_the_public_key_alone(network_a, write_events,
                                                               tmp_path):
    write_events(network_a, 3)
    run = witness_sign(out=str(tmp_path))
    assert run.ok and run.heads >= 1
    [entry] = [e for e in entries_in(tmp_path) if e["chain"] == network_a.pk]
    assert (entry["epoch"], entry["seq"]) == (AuditChainHead.objects.get(
        chain=network_a.pk).epoch, 3)
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(
        audit("witness", "show").split("Public key (raw, base64): ")[1].split()[0]))
    public.verify(base64.b64decode(entry["signature"]), entry["signed"].encode())  # no raise
    assert f"hash={entry['hash']}" in entry["signed"]


def test_the_chain_moving_forward_still_matches_the_witness(network_a, write_events, tmp_path):
    write_events(network_a, 3)
    witness_sign(out=str(tmp_path))
    write_events(network_a, 4)
    witness_sign(out=str(tmp_path))
    out = audit("verify", "--witness", str(tmp_path))
    assert "all match" in out and "All chains intact." in out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the issue's superuser test is "
                    "on PostgreSQL; SQLite's variant runs below")
def test_a_rewritten_tail_with_its_head_is_caught_by_the_witness_on_postgresql(
        network_a, write_events, tmp_path):
    _rewritten_tail_is_caught(network_a, write_events, tmp_path)


def test_a_rewritten_tail_with_its_head_is_caught_by_the_witness(network_a, write_events,
                                                                 tmp_path):
    _rewritten_tail_is_caught(network_a, write_events, tmp_path)


def _rewritten_tail_is_caught(network_a, write_events, tmp_path):
    write_events(network_a, 5)
    witness_sign(out=str(tmp_path))
    write_events(network_a, 10)
    witness_sign(out=str(tmp_path))
    rewrite_tail(network_a, 10)
    assert verify_chain(network_a.pk).intact  # the chain alone cannot tell

    with pytest.raises(CommandError):
        call_command("audit", "verify", "--witness", str(tmp_path), stdout=(out := StringIO()))
    printed = out.getvalue()
    assert "rewritten" in printed
    assert "last signed head that matches: " in printed and "/5 signed" in printed


def test_a_head_moved_back_is_caught_with_the_last_matching_head(network_a, write_events,
                                                                 tmp_path):
    events = write_events(network_a, 8)
    witness_sign(out=str(tmp_path))
    raw_sql("DELETE FROM audit_auditevent WHERE chain = %s AND seq > 4", [network_a.pk])
    raw_sql("UPDATE audit_auditchainhead SET seq = 4, last_hash = %s WHERE chain = %s",
            [events[3].hash, network_a.pk])
    report = witness_check(tmp_path)
    [finding] = [f for f in report.findings if f.chain == network_a.pk]
    assert "moved back" in finding.problem and "now" in finding.problem


def test_a_tampered_or_foreign_entry_is_named(network_a, write_events, tmp_path):
    write_events(network_a, 2)
    witness_sign(out=str(tmp_path))
    file = next(tmp_path.glob("*.jsonl"))
    lines = file.read_text().splitlines()
    entry = json.loads(lines[0])
    entry["seq"] += 1
    forged = dict(json.loads(lines[0]), key="0123456789abcdef")
    file.write_text("\n".join([json.dumps(entry), json.dumps(forged), *lines[1:]]) + "\n")
    problems = {f.entry: f.problem for f in witness_check(tmp_path).findings}
    assert problems[f"{file.name}:1"] == "the signed text does not match the entry's fields"
    assert "unknown key" in problems[f"{file.name}:2"]


def test_a_witness_that_cannot_be_written_is_recorded_and_warned_about(network_a,
                                                                       write_events, tmp_path):
    write_events(network_a, 1)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    with pytest.raises(OSError):
        witness_sign(out=str(blocked))
    run = WitnessRun.objects.latest("at")
    assert not run.ok and run.error
    assert witness_overdue()
    witness_sign(out=str(tmp_path))
    assert not witness_overdue()


def test_the_signing_key_comes_from_the_environment_and_a_bad_one_stops_the_start(tmp_path):
    env = {**os.environ, "ACCORD_ENV": "production", "SECRET_KEY": "x" * 50,
           "ACCORD_MASTER_KEY": base64.b64encode(b"k" * 32).decode(),
           "ALLOWED_HOSTS": "accord.example.org", "ACCORD_AUDIT_WITNESS_DIR": str(tmp_path),
           "ACCORD_AUDIT_SIGNING_KEY": "not-a-key", "DJANGO_SETTINGS_MODULE": "accord.settings"}
    env.pop("ACCORD_AUDIT_SIGNING_KEY_FILE", None)
    code = "import django; django.setup()"
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "ACCORD_AUDIT_SIGNING_KEY" in bad.stderr
    del env["ACCORD_AUDIT_SIGNING_KEY"]
    missing = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True)
    assert missing.returncode != 0 and "ACCORD_AUDIT_SIGNING_KEY" in missing.stderr
    env["ACCORD_AUDIT_SIGNING_KEY"] = base64.b64encode(bytes(range(32))).decode()
    good = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr


def test_the_dev_key_is_made_once_and_kept(settings):
    first = signing_key().public_key()
    second = signing_key().public_key()
    assert first.public_bytes_raw() == second.public_bytes_raw()
    assert Path(settings.ACCORD_AUDIT_SIGNING_KEY_PATH).exists()


def test_the_audit_page_warns_when_the_witness_is_behind(coordinator_client, network_a,
                                                         write_events, tmp_path):
    from django.urls import reverse

    write_events(network_a, 1)
    url = reverse("audit:events", kwargs={"network": network_a.slug})
    WitnessRun.objects.create(ok=False, reason="hourly", error="disk full")
    assert "outside witness has not received" in coordinator_client.get(url).content.decode()
    witness_sign(out=str(tmp_path))
    assert "outside witness" not in coordinator_client.get(url).content.decode()


def test_the_deployment_check_warns_about_a_witness_inside_the_var_dir(settings, tmp_path):
    from accord.audit.checks import witness_outside_var_dir

    settings.VAR_DIR = tmp_path
    settings.STORAGES = {**settings.STORAGES, "audit_witness": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "witness")}}}
    assert [w.id for w in witness_outside_var_dir(None)] == ["accord.W201"]
    settings.STORAGES["audit_witness"]["OPTIONS"]["location"] = "/srv/elsewhere"
    assert witness_outside_var_dir(None) == []
