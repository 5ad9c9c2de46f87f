"""A case led by the coordinator's organisation (Stadt Rheinstadt), a second one for swaps,
a youth-services member whose organisation takes part, and the standing member of another
organisation that does not."""

from types import SimpleNamespace

import pytest
from django_scopes import scope

from accord.cases.models import Case, CaseParticipant
from accord.tenancy.models import Role, Sector
from accord.testing import factories
from accord.vault.services import subject_set_identity

IDENTITY = {
    "names": ["Jan van der Berg", "Jan Müller-Strauß"],
    "aliases": ["Jantje"],
    "birth_date": "2001-04-17",
    "addresses": ["Hafenstraße 12, Rheinstadt"],
    "phones": ["+49 211 5550 123"],
    "identifiers": ["Ausweis T22000129"],
}
OTHER = {"names": ["Elif Demirtas"], "aliases": [], "birth_date": None, "addresses": [],
         "phones": [], "identifiers": []}


def make_case(network, lead, number: int, **fields) -> Case:
    with scope(network=network.pk):
        return Case.objects.create(network=network, reference=f"RHS-2026-{number:03d}",
                                   source_sector="school", lead_organisation=lead,
                                   age_band=fields.pop("age_band", "18-24"),
                                   gender=fields.pop("gender", "m"),
                                   district=fields.pop("district", "Nordhafen"), **fields)


@pytest.fixture
def vault(network_a, coordinator, member):
    lead = coordinator.organisation
    youth_org = factories.make_organisation(network_a, name="Jugendhilfe Rheinstadt",
                                            sector=Sector.YOUTH_SOCIAL)
    youth = factories.make_member(network_a, organisation=youth_org,
                                  roles=(Role.CASE_WORKER,), email="youth@example.test")
    worker = factories.make_member(network_a, organisation=lead, roles=(Role.CASE_WORKER,),
                                   email="worker@example.test")
    case = make_case(network_a, lead, 1)
    second = make_case(network_a, lead, 2, age_band="14-17", gender="f")
    with scope(network=network_a.pk):
        CaseParticipant.objects.create(network=network_a, case=case, organisation=youth_org)
        subject = subject_set_identity(membership=worker, case=case, identity=IDENTITY)
        other = subject_set_identity(membership=worker, case=second, identity=OTHER,
                                     is_minor=True, guardian={"name": "Sabine Demirtas",
                                                              "relationship": "Mutter"})
    return SimpleNamespace(network=network_a, lead=lead, coordinator=coordinator,
                           worker=worker, member=member, youth=youth, case=case,
                           second=second, subject=subject, other=other)
