"""The sharing regime as data: every preset compiles and validates; a compiled rule decides
(naming its id and basis), a deny rule forbids with its reason, a consent rule without consent
says what is missing; coordinators propose, privacy officers approve; a lockout is refused;
another network's regime never applies."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scope, scopes_disabled

from accord.audit.models import AuditEvent
from accord.cases.facets import CaseFacet
from accord.cases.models import Case, CaseParticipant
from accord.policy import Denied, Effect, decide
from accord.sharing import regime_services as services
from accord.sharing.compile import compile_rules
from accord.sharing.models.regime import RegimeVersion, SharingRegime, SharingRule
from accord.sharing.presets import PRESETS
from accord.tenancy.models import Role, Sector
from accord.testing import factories


def people(network):
    org = {s: factories.make_organisation(network, name=f"{s} {network.slug}", sector=s)
           for s in (Sector.MUNICIPALITY, Sector.YOUTH_SOCIAL, Sector.POLICE,
                     Sector.COUNSELLING)}
    w = SimpleNamespace(network=network, org=org)
    w.coordinator = factories.make_member(network, organisation=org[Sector.MUNICIPALITY],
                                          roles=(Role.COORDINATOR,))
    w.lead_worker = factories.make_member(network, organisation=org[Sector.MUNICIPALITY],
                                          roles=(Role.CASE_WORKER,))
    w.youth = factories.make_member(network, organisation=org[Sector.YOUTH_SOCIAL],
                                    roles=(Role.CASE_WORKER,))
    w.police = factories.make_member(network, organisation=org[Sector.POLICE],
                                     roles=(Role.MEMBER,))
    w.privacy = factories.make_member(network, organisation=org[Sector.MUNICIPALITY],
                                      roles=(Role.PRIVACY_OFFICER,))
    with scopes_disabled():
        w.case = Case.objects.create(network=network, reference=f"{network.slug}-2026-001",
                                     state="active", source_sector=Sector.MUNICIPALITY,
                                     lead_organisation=org[Sector.MUNICIPALITY])
        for sector in (Sector.YOUTH_SOCIAL, Sector.POLICE):
            CaseParticipant.objects.create(network=network, case=w.case,
                                           organisation=org[sector])
    return w


@pytest.fixture
def world(db):
    network = factories.make_network(slug="rheinhafen", jurisdiction="DE-NW")
    w = people(network)
    with scope(network=network.pk):
        yield w


def facet(w, category, sector=Sector.MUNICIPALITY):
    return CaseFacet(case=w.case, category=category, source=w.org[sector])


def rule(**fields):
    data = {"category": "assessment", "legal_bases": ["statute"], "citation": "§ 1 Testgesetz",
            "conditions": ["recipient_participant"], "form": "pseudonymised"}
    return {**data, **fields}


def in_force(w, rules):
    services.propose(membership=w.coordinator, rules=rules)
    return services.approve(membership=w.privacy)


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_every_preset_compiles_and_validates(world, code):
    version = services.install_preset(world.network, code, by=world.coordinator,
                                      approved_by=world.privacy)
    regime = SharingRegime.objects.get(network=world.network)
    assert regime.version == version.number and regime.preset == code
    assert SharingRule.objects.filter(regime=regime, version=regime.version).count() == len(
        PRESETS[code].rules)
    if PRESETS[code].rules:
        assert regime.compiled_decisions.count("@id(") == len(PRESETS[code].rules)


def test_nothing_in_force_the_other_organisation_reads_nothing(world):
    decision = decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.effect == Effect.DENY
    assert decide(world.lead_worker, "case_data.read", facet(world, "assessment"),
                  purpose="case_work").allowed


def test_a_permit_names_the_rule_its_basis_and_form(world):
    in_force(world, [rule(to_sector=Sector.YOUTH_SOCIAL)])
    rule_pk = SharingRule.objects.get().pk
    decision = decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.effect == Effect.PERMIT
    assert decision.rule == f"sharing.{world.network.pk}.{rule_pk}"
    assert decision.basis == "statute (§ 1 Testgesetz)"
    assert decision.form == "pseudonymised"
    # Not the police: the rule is for youth services.
    assert not decide(world.police, "case_data.read", facet(world, "assessment"),
                      purpose="case_work").allowed


def test_a_review_rule_answers_review(world):
    in_force(world, [rule(effect="review", to_sector=Sector.POLICE)])
    decision = decide(world.police, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.effect == Effect.REVIEW


def test_a_deny_rule_forbids_with_its_reason(world):
    in_force(world, [rule(), rule(effect="deny", legal_bases=[], to_sector=Sector.POLICE,
                                  from_sector=Sector.MUNICIPALITY, conditions=[])])
    deny_pk = SharingRule.objects.get(effect="deny").pk
    decision = decide(world.police, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.effect == Effect.DENY
    assert decision.rule == f"sharing.{world.network.pk}.{deny_pk}"
    assert decision.missing == "sharing.denied_by_rule"
    assert decision.reason == ("The network's sharing regime does not let \u201cAssessment\u201d "
                               "recorded by Municipality go to Police and security.")
    assert decide(world.youth, "case_data.read", facet(world, "assessment"),
                  purpose="case_work").allowed


def test_a_consent_rule_without_consent_says_no_consent_covers_it(world):
    in_force(world, [rule(legal_bases=["consent"], citation="")])
    decision = decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.effect == Effect.DENY
    assert decision.missing == "sharing.no_consent"
    assert decision.reason == ("No consent covers \u201cAssessment\u201d for Youth and social "
                               "services.")
    with translation.override("de"):
        assert decision.reason  # translated or not, never empty, placeholders filled
        assert "{" not in decision.reason


def test_a_consent_rule_with_consent_permits(world):
    from accord.cases import facets as facet_registry

    def consents(items):
        return [{"consents": [{"__entity": {"type": "Organisation",
                                            "id": str(world.org[Sector.YOUTH_SOCIAL].pk)}}]}
                for _ in items]

    in_force(world, [rule(legal_bases=["consent"], citation="")])
    facet_registry.register_facet_attrs(consents)
    try:
        decision = decide(world.youth, "case_data.read", facet(world, "assessment"),
                          purpose="case_work")
    finally:
        facet_registry._facet_attrs.remove(consents)
    assert decision.effect == Effect.PERMIT and decision.basis == "consent"


def test_conditions_compile_to_their_checks(world):
    body = factories.make_body(world.network, name="Fallkonferenz")
    factories.add_to_body(body, world.youth)
    in_force(world, [rule(conditions=[f"in_conference:{body.pk}", "case_open"]),
                     rule(category="health", conditions=["clearance:vetted"])])
    assessment = facet(world, "assessment")
    assert decide(world.youth, "case_data.read", assessment, purpose="prepare").allowed
    refused = decide(world.youth, "case_data.read", assessment, purpose="case_work")
    assert refused.missing == "sharing.conference_only"
    assert decide(world.police, "case_data.read", facet(world, "health"),
                  purpose="view").missing == "sharing.clearance_required"
    world.police.clearance = "vetted"
    world.police.save()
    world.police.__dict__.pop("_policy_principal", None)
    assert decide(world.police, "case_data.read", facet(world, "health"),
                  purpose="view").allowed


def test_the_edit_and_approve_flow_is_audited(world):
    version = services.propose(membership=world.coordinator, rules=[rule()])
    regime = SharingRegime.objects.get()
    assert regime.state == "proposed" and regime.version == 0
    # A proposal decides nothing until it is approved.
    assert not decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work").allowed
    with pytest.raises(Denied):
        services.approve(membership=world.coordinator)
    with pytest.raises(Denied):
        services.propose(membership=world.privacy, rules=[])
    services.approve(membership=world.privacy)
    regime.refresh_from_db()
    assert (regime.version, regime.state, regime.approved_by) == (version.number, "",
                                                                  world.privacy)
    assert decide(world.youth, "case_data.read", facet(world, "assessment"),
                  purpose="case_work").allowed
    # The next proposal is rejected with a reason; version 1 stays in force.
    services.propose(membership=world.coordinator, rules=[])
    with pytest.raises(ValidationError):
        services.reject(membership=world.privacy, reason="  ")
    services.reject(membership=world.privacy, reason="Keine Rechtsgrundlage genannt.")
    regime.refresh_from_db()
    assert (regime.version, regime.state) == (1, "rejected")
    assert list(RegimeVersion.objects.values_list("number", "state")) == [
        (2, "rejected"), (1, "in_force")]
    actions = list(AuditEvent.objects.filter(network=world.network,
                                             action__startswith="sharing_regime.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["sharing_regime.proposed", "sharing_regime.approved",
                       "sharing_regime.proposed", "sharing_regime.rejected"]


def test_the_proposer_does_not_approve_their_own_change(world):
    both = factories.make_member(world.network, organisation=world.org[Sector.MUNICIPALITY],
                                 roles=(Role.COORDINATOR, Role.PRIVACY_OFFICER))
    services.propose(membership=both, rules=[rule()])
    with pytest.raises(ValidationError) as refused:
        services.approve(membership=both)
    assert "another person" in str(refused.value)


def test_a_lockout_is_refused_with_the_reason_and_nothing_written(world):
    lockout = rule(category="identity", effect="deny", legal_bases=[], conditions=[])
    with pytest.raises(ValidationError) as refused:
        services.propose(membership=world.coordinator, rules=[rule(), lockout])
    assert "nobody able to read \u201cIdentity\u201d" in str(refused.value) or \
        "nobody able to read Identity" in str(refused.value)
    assert "Rule 2" in str(refused.value)
    assert not SharingRule.objects.exists() and not RegimeVersion.objects.exists()
    # A deny with an exception that still leaves the recording organisation reading it is fine.
    services.propose(membership=world.coordinator, rules=[
        rule(category="identity", effect="deny", legal_bases=[], to_sector=Sector.POLICE,
             from_sector=Sector.HEALTH, conditions=[])])


@pytest.mark.parametrize("bad, field", [
    ({"category": "dna"}, "category"),
    ({"from_sector": "army"}, "from_sector"),
    ({"legal_bases": ["whim"]}, "legal_bases"),
    ({"legal_bases": []}, "legal_bases"),
    ({"legal_bases": ["statute"], "citation": ""}, "citation"),
    ({"conditions": ["in_conference:999999"]}, "conditions"),
    ({"conditions": ['clearance:x") || true || ("']}, "conditions"),
    ({"note": "<script>alert(1)</script>"}, "note"),
])
def test_a_wrong_rule_is_refused_per_field(world, bad, field):
    with pytest.raises(ValidationError) as refused:
        services.propose(membership=world.coordinator, rules=[rule(**bad)])
    assert f"Rule 1, {field}" in " ".join(refused.value.messages)
    assert not SharingRule.objects.exists()


def test_a_citation_with_quotes_cannot_break_out_of_its_annotation(world):
    in_force(world, [rule(citation='Art. 1 "quoted" \\ back')])
    decision = decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work")
    assert decision.basis == 'statute (Art. 1 "quoted" \\ back)'


def test_another_networks_regime_never_applies(world):
    other = factories.make_network(slug="polderwijk", jurisdiction="NL", language="nl")
    o = people(other)
    with scope(network=other.pk):
        # Network B shares everything with everyone...
        services.propose(membership=o.coordinator, rules=[rule(conditions=[])])
        services.approve(membership=o.privacy)
        assert decide(o.youth, "case_data.read", facet(o, "assessment"),
                      purpose="case_work").allowed
    # ...which network A's members never inherit, and A's case stays A's.
    assert not decide(world.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work").allowed
    with scope(network=other.pk):
        assert decide(o.youth, "case_data.read", facet(world, "assessment"),
                      purpose="case_work").rule == "limit.same_network"
    with scope(network=other.pk):
        compiled = compile_rules(other.pk, list(SharingRule.objects.all()))
    assert f'Network::"{other.pk}"' in compiled.decisions
    assert f'Network::"{world.network.pk}"' not in compiled.decisions
