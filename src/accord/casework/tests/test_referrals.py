"""Referrals: proposed by the case's managers, accepted (the receiving organisation becomes a
care partner, and reads only what the policy permits) or declined with a reason."""

import pytest
from django_scopes import scope

from accord.cases.models import CaseParticipant
from accord.casework.models import Referral
from accord.casework.services import referrals
from accord.casework.tests.conftest import text, url
from accord.policy import Denied
from accord.testing import factories

pytestmark = pytest.mark.django_db


def _propose(world, categories=("signal", "assessment")):
    with scope(network=world.network.pk):
        return referrals.referral_propose(membership=world.worker, case=world.case,
                                          to_organisation=world.counselling,
                                          categories=list(categories),
                                          note="Ausstiegsberatung angefragt")


def test_the_case_worker_proposes_a_referral_on_the_page(world, as_worker):
    response = as_worker.post(url(world, "referrals/new/"), {
        "to_organisation": world.counselling.pk, "categories": ["signal", "plan_status"],
        "note": "Bitte um Übernahme"})
    assert response.status_code == 302
    with scope(network=world.network.pk):
        referral = Referral.objects.get(case=world.case)
    assert referral.state == "proposed" and referral.categories == ["signal", "plan_status"]
    assert referral.from_organisation == world.youth
    # Nothing is shared by proposing: the counselling service does not take part yet.
    with scope(network=world.network.pk):
        assert not CaseParticipant.objects.filter(organisation=world.counselling).exists()


def test_the_receiving_organisation_accepts_and_sees_only_what_the_policy_permits(world):
    referral = _propose(world)
    client = factories.signed_in_client(world.member.user)
    incoming = text(client.get(f"/n/{world.network.slug}/casework/referrals/"))
    assert "RHS-2026-001" in incoming
    detail = f"/n/{world.network.slug}/casework/referrals/{referral.pk}/"
    page = text(client.get(detail))
    assert "Ausstiegsberatung angefragt" in page and "Accept: take part" in page
    assert "Lehrkraft meldet Sorge." not in page  # nothing read before accepting
    assert client.post(detail + "accept/").status_code == 302
    with scope(network=world.network.pk):
        participant = CaseParticipant.objects.get(case=world.case,
                                                  organisation=world.counselling)
        referral.refresh_from_db()
    assert participant.tier == "care" and referral.state == "accepted"
    assert referral.decided_by == world.member
    page = text(client.get(detail))
    # No sharing rule covers the youth service's data for counselling in this network: the
    # reason is shown for each category, never the data.
    assert "Lehrkraft meldet Sorge." not in page
    assert page.count("No rule of the network's sharing regime") == 2
    assert "Accept: take part in the case" not in page


def test_a_decline_needs_a_reason(world):
    referral = _propose(world)
    client = factories.signed_in_client(world.member.user)
    decline = f"/n/{world.network.slug}/casework/referrals/{referral.pk}/decline/"
    refused = client.post(decline, {"reason": "  "})
    assert refused.status_code == 400
    with scope(network=world.network.pk):
        referral.refresh_from_db()
        assert referral.state == "proposed"
    assert client.post(decline, {"reason": "Keine Kapazität"}).status_code == 302
    with scope(network=world.network.pk):
        referral.refresh_from_db()
        assert not CaseParticipant.objects.filter(organisation=world.counselling).exists()
    assert referral.state == "declined" and referral.decline_reason == "Keine Kapazität"


def test_only_the_receiving_organisation_decides_and_only_once(world, as_worker):
    referral = _propose(world)
    with scope(network=world.network.pk):
        with pytest.raises(Denied) as refused:
            referrals.referral_accept(membership=world.worker, referral=referral)
        assert refused.value.decision.missing == "casework.receiving_organisation_only"
        referrals.referral_decline(membership=world.member, referral=referral,
                                   reason="Nicht zuständig")
        with pytest.raises(Denied) as again:
            referrals.referral_accept(membership=world.member, referral=referral)
        assert again.value.decision.missing == "casework.referral_decided"
    response = as_worker.post(f"/n/{world.network.slug}/casework/referrals/{referral.pk}/accept/")
    assert response.status_code == 403
    assert "already been accepted or declined" in text(response) or \
        "Only members of the organisation" in text(response)


def test_a_referral_names_known_categories_and_a_new_organisation(world):
    with scope(network=world.network.pk):
        with pytest.raises(Exception) as unknown:
            referrals.referral_propose(membership=world.worker, case=world.case,
                                       to_organisation=world.counselling,
                                       categories=["dna_samples"])
        assert "categories" in str(unknown.value)
        with pytest.raises(Exception) as already:
            referrals.referral_propose(membership=world.worker, case=world.case,
                                       to_organisation=world.police, categories=["signal"])
        assert "already takes part" in str(already.value)
        assert not Referral.objects.exists()
