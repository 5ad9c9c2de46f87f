"""The demo's consents: a guardian's for a minor's case, a withdrawn one, a break-glass access
awaiting review, in the network's language; loading twice adds nothing."""

from django_scopes import scope

from accord.cases.models import Case, CaseParticipant
from accord.sharing.consent_demo import load_consent_demo
from accord.sharing.models import BreakGlass, Consent
from accord.tenancy.models import Role, Sector
from accord.testing import factories


def test_demo_consents_and_break_glass(db):
    network = factories.make_network(slug="polderwijk", name="Netwerk Polderwijk",
                                     jurisdiction="NL", language="nl")
    lead = factories.make_organisation(network, name="Gemeente Polderwijk",
                                       sector=Sector.MUNICIPALITY)
    youth = factories.make_organisation(network, name="Jeugdzorg Polderwijk",
                                        sector=Sector.YOUTH_SOCIAL)
    factories.make_member(network, organisation=lead, roles=(Role.COORDINATOR,))
    factories.make_member(network, organisation=youth, roles=(Role.MEMBER,))
    with scope(network=network.pk):
        for number in range(1, 5):
            case = Case.objects.create(network=network, reference=f"PLW-2026-00{number}",
                                       source_sector="education", lead_organisation=lead,
                                       state="active", age_band="25-34")
            CaseParticipant.objects.create(network=network, case=case, organisation=youth)
    load_consent_demo(network=network)
    load_consent_demo(network=network)
    with scope(network=network.pk):
        consents = list(Consent.objects.select_related("case").order_by("case__reference"))
        assert len(consents) == 2
        guardian, withdrawn = consents
        assert guardian.given_by == "guardian" and guardian.case.age_band == "14-17"
        assert guardian.withdrawn_at is None and guardian.written_form_name == "toestemming.pdf"
        assert guardian.organisations == [youth.pk]
        assert withdrawn.withdrawn_at is not None
        assert "ingetrokken" in withdrawn.withdrawal_reason
        [access] = BreakGlass.objects.all()
        assert access.reviewed_at is None and access.membership.organisation == youth
        assert "school" in access.reason
