"""A network with a lead organisation (youth services), a participating police organisation and
an organisation that does not take part; a case coordinator, a case worker who is not the
coordinator, a member of the lead, of the police and of the outsider organisation."""

from types import SimpleNamespace

import pytest
from django_scopes import scope

from accord.cases import services
from accord.tenancy.models import Role, Sector
from accord.testing import factories


def person(network, organisation, name, roles=(Role.MEMBER,)):
    return factories.make_member(network, organisation=organisation, roles=roles,
                                 user=factories.make_user(email=f"{name}@example.test",
                                                          full_name=name.title()))


@pytest.fixture
def world(network_a, network_b, coordinator):
    w = SimpleNamespace(network=network_a, other=network_b, coordinator=coordinator)
    w.youth = factories.make_organisation(network_a, name="Jugendamt Rheinstadt",
                                          sector=Sector.YOUTH_SOCIAL)
    w.police = factories.make_organisation(network_a, name="Polizei Rheinstadt",
                                           sector=Sector.POLICE)
    w.school = factories.make_organisation(network_a, name="Schule am Fluss",
                                           sector=Sector.EDUCATION)
    w.case_coordinator = person(network_a, w.youth, "fallkoordination", (Role.CASE_WORKER,))
    w.worker = person(network_a, w.youth, "fallarbeit", (Role.CASE_WORKER,))
    w.youth_member = person(network_a, w.youth, "jugendamt")
    w.officer = person(network_a, w.police, "polizei")
    w.teacher = person(network_a, w.school, "lehrkraft")
    w.privacy = person(network_a, w.school, "datenschutz", (Role.PRIVACY_OFFICER,))
    w.outsider = factories.make_member(network_b, roles=(Role.COORDINATOR,),
                                       email="outsider@example.test")
    with scope(network=network_a.pk):
        w.case = services.case_create(
            membership=w.case_coordinator, source_sector=Sector.EDUCATION,
            signal_summary="Äußerungen im Unterricht über einen geplanten Anschlag.",
            participants=[(w.police, "core")], workers=[w.worker], district="Altstadt",
            age_band="14-17", gender="m")
    return w
