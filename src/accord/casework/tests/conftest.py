"""A case of network A: led by the youth service (its case worker manages and assesses it),
with the police taking part (participant, no sharing rule for the youth service's data) and
a counselling service that does not take part yet; plus the root conftest's coordinator,
member and an outsider from network B."""

import html
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.cases.models import Case, CaseParticipant, CaseState
from accord.tenancy.models import Role, Sector
from accord.testing import factories


def person(network, name, organisation, roles=(Role.MEMBER,)):
    return factories.make_member(network, organisation=organisation, roles=roles,
                                 user=factories.make_user(email=f"{name}@example.test",
                                                          full_name=name.title()))


@pytest.fixture
def world(network_a, coordinator, member, outsider):
    youth = factories.make_organisation(network_a, name="Jugendamt Rheinstadt",
                                        sector=Sector.YOUTH_SOCIAL)
    police = factories.make_organisation(network_a, name="Polizei Rheinstadt",
                                         sector=Sector.POLICE)
    w = SimpleNamespace(network=network_a, coordinator=coordinator, member=member,
                        outsider=outsider, youth=youth, police=police,
                        counselling=member.organisation)
    w.worker = person(network_a, "worker", youth, roles=(Role.CASE_WORKER,))
    w.colleague = person(network_a, "colleague", youth, roles=(Role.CASE_WORKER,))
    w.officer = person(network_a, "officer", police)
    w.signal_on = timezone.localdate() - timedelta(days=300)
    with scope(network=network_a.pk):
        w.case = Case.objects.create(network=network_a, reference="RHS-2026-001",
                                     state=CaseState.ACTIVE, source_sector="education",
                                     signal_received_on=w.signal_on, lead_organisation=youth,
                                     signal_summary="Lehrkraft meldet Sorge.")
        CaseParticipant.objects.create(network=network_a, case=w.case, organisation=police)
    return w


@pytest.fixture
def as_worker(world):
    return factories.signed_in_client(world.worker.user)


@pytest.fixture
def as_officer(world):
    return factories.signed_in_client(world.officer.user)


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def url(world, name: str = "", **kwargs) -> str:
    base = f"/n/{world.network.slug}/casework/cases/{world.case.pk}/"
    return base + name
