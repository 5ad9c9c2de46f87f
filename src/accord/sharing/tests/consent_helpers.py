"""The world of the consent, disclosure and break-glass tests: one network with a lead
organisation (youth services) and its case, a participating police organisation and a
non-participating counselling service; a privacy officer; another network with its own case.
And a decision point with one test rule on top of the shipped policies (a consent permits),
standing in for the regime's compiled consent rules."""

import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django_scopes import scope

from accord.cases.models import Case, CaseParticipant, Tier
from accord.policy import engine as engine_module
from accord.policy.loading import POLICY_DIR, load
from accord.tenancy.models import Role, Sector
from accord.testing import factories

CONSENT_RULE = """
@id("test.consent")
@basis("consent")
permit (principal is Member, action == Action::"case_data.read", resource is CaseRecord)
when { resource.consents.contains(principal.organisation) };
"""


@cache
def engine_with_consent_rule():
    """Loaded once per test run: validating every policy file takes a second."""
    directory = Path(tempfile.mkdtemp()) / "policies"
    shutil.copytree(POLICY_DIR, directory)
    (directory / "zz_test_consent.cedar").write_text(CONSENT_RULE, encoding="utf-8")
    return load(directory)


def use_consent_rule(monkeypatch, tmp_path: Path | None = None) -> None:
    custom = engine_with_consent_rule()
    monkeypatch.setattr(engine_module, "engine", lambda: custom)


@dataclass
class World:
    network: object
    lead: object
    police: object
    counselling: object
    coordinator: object
    case_worker: object
    police_member: object
    counsellor: object
    privacy_officer: object
    case: object
    other_network: object
    other_coordinator: object
    other_case: object


def make_world() -> World:
    network = factories.make_network(slug="rheinstadt", name="Netzwerk Rheinstadt")
    lead = factories.make_organisation(network, name="Jugendamt Rheinstadt",
                                       sector=Sector.YOUTH_SOCIAL)
    police = factories.make_organisation(network, name="Polizei Rheinstadt",
                                         sector=Sector.POLICE)
    counselling = factories.make_organisation(network, name="Beratung Lichtblick",
                                              sector=Sector.COUNSELLING)
    coordinator = factories.make_member(network, organisation=lead,
                                        roles=(Role.COORDINATOR,), email="coord@example.test")
    case_worker = factories.make_member(network, organisation=lead,
                                        roles=(Role.CASE_WORKER,), email="worker@example.test")
    police_member = factories.make_member(network, organisation=police, roles=(Role.MEMBER,),
                                          email="police@example.test")
    counsellor = factories.make_member(network, organisation=counselling,
                                       roles=(Role.MEMBER,), email="counsel@example.test")
    privacy_officer = factories.make_member(network, organisation=lead,
                                            roles=(Role.PRIVACY_OFFICER,),
                                            email="privacy@example.test")
    other = factories.make_network(slug="polderdam", name="Netwerk Polderdam",
                                   jurisdiction="NL", language="nl")
    other_org = factories.make_organisation(other, name="Gemeente Polderdam")
    other_coordinator = factories.make_member(other, organisation=other_org,
                                              roles=(Role.COORDINATOR,),
                                              email="other@example.test")
    with scope(network=network.pk):
        case = Case.objects.create(network=network, reference="RHS-2026-001",
                                   source_sector="education", lead_organisation=lead,
                                   coordinator=coordinator, state="active", age_band="14-17")
        CaseParticipant.objects.create(network=network, case=case, organisation=police)
        CaseParticipant.objects.create(network=network, case=case, organisation=counselling,
                                       tier=Tier.CARE)
    with scope(network=other.pk):
        other_case = Case.objects.create(network=other, reference="PLD-2026-001",
                                         source_sector="police", lead_organisation=other_org,
                                         state="active")
    return World(network=network, lead=lead, police=police, counselling=counselling,
                 coordinator=coordinator, case_worker=case_worker,
                 police_member=police_member, counsellor=counsellor,
                 privacy_officer=privacy_officer, case=case, other_network=other,
                 other_coordinator=other_coordinator, other_case=other_case)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
