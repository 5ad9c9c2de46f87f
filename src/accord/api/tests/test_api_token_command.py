"""Operators create and revoke tokens from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.api.models import ApiToken
from accord.api.tests.helpers import token_client
from accord.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("api-token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_command_prints_a_working_token(member):
    raw = _run("create", "--email", "MEMBER@example.test", "--network", "rheinstadt",
               "--name", "Nachtlauf", "--days", "3")

    assert raw.startswith("acc_") and "\n" not in raw
    assert token_client(raw).get("/api/v1/n/rheinstadt/organisations").status_code == 200
    with scopes_disabled():
        token = ApiToken.objects.get(membership=member)
        assert AuditEvent.objects.filter(action="api_token.created").count() == 1
    assert token.name == "Nachtlauf"
    assert (token.expires_at - timezone.now()).days in (2, 3)


def test_command_refuses_a_person_outside_the_network(member, outsider):
    with pytest.raises(CommandError):
        _run("create", "--email", "outsider@example.test", "--network", "rheinstadt")
    with pytest.raises(CommandError):
        _run("create", "--email", "nobody@example.test", "--network", "rheinstadt")
    with pytest.raises(CommandError):
        _run("create", "--email", "member@example.test", "--network", "rheinstadt",
             "--days", "400")
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_command_revokes_by_prefix(member):
    raw = _run("create", "--email", "member@example.test", "--network", "rheinstadt")

    assert "Revoked" in _run("revoke", "--prefix", raw[:12])

    assert token_client(raw).get("/api/v1/n/rheinstadt/organisations").status_code == 401
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_command_refuses_a_short_or_unknown_prefix(member):
    _run("create", "--email", "member@example.test", "--network", "rheinstadt")

    for prefix in ("acc_", "acc_zzzzzzzz"):
        with pytest.raises(CommandError):
            _run("revoke", "--prefix", prefix)
