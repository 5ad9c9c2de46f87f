"""ACCORD_MASTER_KEY: one or several keys, checked at start-up; a key that does not unwrap
the stored network keys stops the process at first use, naming the key."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_scopes import scope

from accord.vault.checks import master_key_errors
from accord.vault.keys import MasterKeyError, fingerprint, parse_master_keys
from accord.vault.models import NetworkKey, Subject

NEW = base64.b64encode(b"n" * 32).decode()
OLD = base64.b64encode(b"o" * 32).decode()


def test_several_master_keys_the_first_current_each_with_an_id():
    keys = parse_master_keys(f"2027:{NEW}, 2026:{OLD}")
    assert [k.id for k in keys] == ["2027", "2026"] and keys[0].key == b"n" * 32
    [plain] = parse_master_keys(OLD)
    assert plain.id == fingerprint(b"o" * 32) and plain.id.startswith("k")


@pytest.mark.parametrize(("value", "message"), [
    ("", "empty"),
    ("not base64!", "entry 1 is not base64"),
    (f"{NEW},{base64.b64encode(b'short').decode()}", "entry 2 is 5 bytes"),
    ("y" * 44, "entry 1 is 33 bytes"),
    (f"a:{NEW},a:{OLD}", "names the key 'a' twice"),
    (f"bad id!:{NEW}", "may hold only letters"),
])
def test_a_bad_master_key_is_refused_with_its_reason(value, message):
    with pytest.raises(MasterKeyError, match=message):
        parse_master_keys(value)
    [error] = master_key_errors(value, is_dev=False)
    assert error.id == "accord.E001" and message in error.msg


def test_the_deploy_check_refuses_the_public_development_key_outside_dev(settings):
    dev_key = settings.ACCORD_MASTER_KEY
    assert master_key_errors(dev_key, is_dev=True) == []
    [error] = master_key_errors(dev_key, is_dev=False)
    assert "development key" in error.msg
    assert master_key_errors(f"2027:{NEW},{OLD}", is_dev=False) == []


def test_check_deploy_reports_a_bad_master_key(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.ACCORD_MASTER_KEY = "k" * 44
    with pytest.raises(SystemCheckError, match=r"accord\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_a_master_key_that_does_not_unwrap_stops_at_first_use(vault, settings):
    with scope(network=vault.network.pk):
        stored = NetworkKey.objects.get(network=vault.network)
        settings.ACCORD_MASTER_KEY = f"{stored.master_key_id}:{NEW}"  # same id, wrong key
        with pytest.raises(ImproperlyConfigured, match=stored.master_key_id):
            Subject.objects.select_related("case_key__network_key").get(
                pk=vault.subject.pk).identity()
        settings.ACCORD_MASTER_KEY = f"2027:{NEW}"  # the wrapping key is gone altogether
        with pytest.raises(ImproperlyConfigured, match=f"master key '{stored.master_key_id}'"):
            Subject.objects.select_related("case_key__network_key").get(
                pk=vault.subject.pk).identity()


@pytest.mark.parametrize(("value", "message"), [
    ("y" * 44, "entry 1 is 33 bytes"),
    ("ZGV2LW9ubHktbWFzdGVyLWtleS1ub3Qtc2VjcmV0ISE=", "public development key"),
])
def test_production_refuses_to_start_with_a_bad_master_key(value, message):
    import subprocess
    import sys

    env = {"ACCORD_ENV": "production", "SECRET_KEY": "p" * 60, "ACCORD_MASTER_KEY": value,
           "ACCORD_AUDIT_SIGNING_KEY": "a" * 43 + "=", "ALLOWED_HOSTS": "accord.example.org",
           "DJANGO_SETTINGS_MODULE": "accord.settings", "PATH": "/usr/bin:/bin",
           "ACCORD_VAR_DIR": "/tmp/accord-settings-test", "PYTHONPATH": ":".join(sys.path)}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert message in result.stderr
