"""`accord network create`: a network, its first organisation and a coordinator's invitation,
audited; bad input is refused with a clear message and writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from accord.audit.models import AuditEvent
from accord.core.tokens import token_digest
from accord.tenancy.models import Invitation, Network, Organisation

pytestmark = pytest.mark.django_db

GOOD = ["network", "create", "--slug", "scheldeland", "--name", "Netwerk Scheldeland",
        "--jurisdiction", "BE-VLG", "--language", "nl", "--time-zone", "Europe/Brussels",
        "--coordinator-email", "Coordinator@Example.org", "--coordinator-name", "Wim Test",
        "--organisation", "Stad Scheldeland:municipality"]


def _with(**changes):
    args = list(GOOD)
    for option, value in changes.items():
        flag = "--" + option.replace("_", "-")
        args[args.index(flag) + 1] = value
    return args


def test_it_creates_the_network_its_organisation_and_a_coordinator_invitation():
    out = StringIO()
    call_command(*GOOD, stdout=out)
    with scopes_disabled():
        network = Network.objects.get(slug="scheldeland")
        organisation = Organisation.objects.get(network=network)
        invitation = Invitation.objects.get(network=network)
        actions = list(AuditEvent.objects.filter(network=network).order_by("pk")
                       .values_list("action", flat=True))
    assert (network.jurisdiction, network.default_language, network.time_zone) == (
        "BE-VLG", "nl", "Europe/Brussels")
    assert (organisation.name, organisation.sector) == ("Stad Scheldeland", "municipality")
    assert invitation.email == "coordinator@example.org"
    assert invitation.roles == ["coordinator"] and invitation.organisation == organisation
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("http") and "/invitations/" in link
    assert invitation.token_hash == token_digest(link.rstrip("/").rsplit("/", 1)[-1])
    assert actions == ["network.created", "organisation.created", "invitation.created"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "Bad Slug!"}, "slug"),
    ({"jurisdiction": "XX"}, "jurisdiction"),
    ({"language": "tlh"}, "default_language"),
    ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
    ({"coordinator_email": "not-an-address"}, "valid e-mail"),
    ({"organisation": "Stad zonder sector"}, "Name:sector"),
    ({"organisation": "Stad:spies"}, "Unknown sector spies"),
])
def test_bad_input_is_refused_clearly_and_writes_nothing(changes, message):
    with pytest.raises(CommandError) as error:
        call_command(*_with(**changes), stdout=StringIO())
    assert message in str(error.value)
    assert "was not created" in str(error.value)
    with scopes_disabled():
        assert not Network.objects.exists()
        assert not Invitation.objects.exists()


def test_a_taken_slug_is_refused():
    call_command(*GOOD, stdout=StringIO())
    with pytest.raises(CommandError) as error:
        call_command(*_with(name="Tweede"), stdout=StringIO())
    assert "slug" in str(error.value)
    assert Network.objects.count() == 1
