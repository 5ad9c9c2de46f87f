"""`accord otp <email>` prints the current code in development, and nowhere else."""

import io

import pytest
from django.core.management import CommandError, call_command

from .conftest import code_for, device_of


def test_otp_prints_the_current_code_in_dev(enrolled, settings):
    settings.ACCORD_ENV = "dev"
    out = io.StringIO()
    call_command("otp", enrolled.email, stdout=out)
    code, rest = out.getvalue().split("  ", 1)
    assert code == code_for(device_of(enrolled))
    seconds = int(rest.split("valid for ")[1].split(" ")[0])
    assert 1 <= seconds <= 30


@pytest.mark.parametrize("env", ["test", "production"])
def test_otp_is_refused_outside_dev(enrolled, settings, env):
    settings.ACCORD_ENV = env
    with pytest.raises(CommandError, match="only runs with ACCORD_ENV=dev"):
        call_command("otp", enrolled.email, stdout=io.StringIO())


def test_otp_is_refused_outside_dev_with_a_non_zero_exit(enrolled):
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "django", "otp", enrolled.email],
        env={**os.environ, "ACCORD_ENV": "test", "DJANGO_SETTINGS_MODULE": "accord.settings"},
        capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "only runs with ACCORD_ENV=dev" in result.stderr


def test_otp_names_an_unknown_address(settings, db):
    settings.ACCORD_ENV = "dev"
    with pytest.raises(CommandError, match="No user"):
        call_command("otp", "nobody@example.test", stdout=io.StringIO())
