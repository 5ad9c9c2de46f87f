"""Helpers for the tenancy stories: reading the invitation link from the e-mail, counting
audit events, and a second member of network A."""

import html
import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from accord.audit.models import AuditEvent
from accord.tenancy.models import Role
from accord.testing import factories

LINK = re.compile(r"https?://[^\s]+/invitations/([A-Za-z0-9_-]+)/")


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; turned back into characters)."""
    return html.unescape(response.content.decode())


def token_from_mail(message=None) -> str:
    message = message or mail.outbox[-1]
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def events(action: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action))


@pytest.fixture
def invite(coordinator_client, coordinator, django_capture_on_commit_callbacks):
    """Invite by the page, as the coordinator; returns the token from the e-mail sent."""
    def _invite(email="new.person@example.test", roles=(Role.MEMBER,), **extra):
        data = {"email": email, "full_name": "Nora Neuhaus",
                "organisation": coordinator.organisation_id, "roles": list(roles), **extra}
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post("/n/rheinstadt/members/invite/", data)
        assert response.status_code == 302, response.content.decode()
        return token_from_mail()
    return _invite


@pytest.fixture
def second_coordinator(network_a):
    return factories.make_member(network_a, roles=(Role.COORDINATOR,),
                                 email="second.coordinator@example.test")
