"""`accord demo`: a newcomer gets three believable, invented networks to sign in to."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled

from accord.accounts.models import User
from accord.audit.models import AuditEvent
from accord.demo.data import PASSWORD
from accord.tenancy.models import Body, BodyKind, BodyMembership, Membership, Network, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev(settings):
    settings.ACCORD_ENV = "dev"


@pytest.fixture(autouse=True)
def _forget_content_types():
    # The reset re-creates content types with new ids; the rollback after a test restores the
    # old rows, so the cache must not keep the new ones for later test modules.
    yield
    ContentType.objects.clear_cache()


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """One load shared by the module's tests (each takes a second), rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(ACCORD_ENV="dev"), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()


def test_demo_loads_a_german_a_dutch_and_a_flemish_network(demo_output):
    networks = {n.slug: n for n in Network.objects.all()}
    assert {(n.jurisdiction, n.default_language, n.time_zone) for n in networks.values()} == {
        ("DE-NW", "de", "Europe/Berlin"),
        ("NL", "nl", "Europe/Amsterdam"),
        ("BE-VLG", "nl", "Europe/Brussels"),
    }
    for network in networks.values():
        with scope(network=network.pk):
            organisations = Organisation.objects.filter(network=network)
            assert organisations.count() >= 7
            assert len({o.sector for o in organisations}) >= 6
            members = Membership.objects.filter(network=network)
            assert 10 <= members.count() <= 14
            assert {"coordinator", "member", "case_worker", "privacy_officer", "observer"} <= {
                role for m in members for role in m.roles
            }
            assert {BodyKind.STRATEGIC, BodyKind.OPERATIONAL} <= set(
                Body.objects.filter(network=network).values_list("kind", flat=True)
            )
            seats = BodyMembership.objects.filter(network=network)
            assert {"chair", "secretary", "member", "adviser"} <= {s.role for s in seats}
            assert seats.filter(role="adviser", voting_right=False).exists()
            assert {m.user.language for m in members} == {network.default_language}


def test_every_demo_person_signs_in_with_the_shared_password_and_an_authenticator(demo_output):
    users = list(User.objects.all())
    assert len(users) >= 30
    for user in users:
        assert user.email.endswith("@example.org")
        assert user.email.count("@") == 1
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert users[0].check_password(PASSWORD)


def test_one_exit_counsellor_belongs_to_the_dutch_and_the_flemish_network(demo_output):
    with scopes_disabled():
        shared = [
            user for user in User.objects.all()
            if Membership.objects.filter(user=user).count() == 2
        ]
        assert len(shared) == 1
        slugs = set(Membership.objects.filter(user=shared[0])
                    .values_list("network__slug", flat=True))
    assert slugs == {"polderwijk", "scheldemonde"}


def test_demo_prints_the_sign_ins_password_and_how_to_get_a_code(demo_output):
    output = demo_output
    assert "anna.keller.rheinhafen@example.org" in output
    assert PASSWORD in output
    assert "accord otp" in output
    assert "http://127.0.0.1:8000" in output
    assert "Rheinhafen (DE-NW): 8 organisations" in output


def test_running_the_demo_again_starts_from_an_empty_database(demo_output, dev):
    first = (User.objects.count(), Network.objects.count())
    with scopes_disabled():
        events = AuditEvent.objects.count()
    run_demo()
    assert (User.objects.count(), Network.objects.count()) == first
    with scopes_disabled():
        assert AuditEvent.objects.count() == events
        # every chain starts again at its genesis: one event per position, no leftovers
        for network in Network.objects.all():
            seqs = list(AuditEvent.objects.filter(network=network).values_list("seq", flat=True))
            assert seqs == list(range(1, len(seqs) + 1))


def test_everything_the_demo_creates_is_in_the_audit_trail(demo_output):
    with scopes_disabled():
        for network in Network.objects.all():
            actions = list(AuditEvent.objects.filter(network=network)
                           .values_list("action", flat=True))
            assert actions.count("organisation.created") == network.organisations.count()
            assert actions.count("body.created") == network.bodies.count()
            assert actions.count("membership.created") == network.memberships.count()


def test_demo_refuses_to_erase_a_database_outside_development(settings, coordinator):
    settings.ACCORD_ENV = "production"
    with pytest.raises(CommandError, match="ACCORD_ENV=dev"):
        run_demo()
    assert User.objects.filter(pk=coordinator.user.pk).exists()


def test_the_demo_audit_trail_verifies(demo_output):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "All chains intact." in out.getvalue()
