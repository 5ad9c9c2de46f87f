"""The demo: a trajectory over the past year, a plan with interventions (one agreed by a
case conference's decision) and a referral, in the network's language."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.cases.models import Case, CaseState
from accord.casework.demo import load_casework_demo
from accord.casework.models import Assessment, Intervention, Referral, Review
from accord.meetings.models import Decision
from accord.tenancy.models import Role, Sector
from accord.testing import factories

pytestmark = pytest.mark.django_db


def test_the_demo_gives_a_case_a_visible_trajectory_a_plan_and_a_referral(world):
    body = factories.make_body(world.network, name="Fallkonferenz")
    factories.make_organisation(world.network, name="Familienhilfe", sector=Sector.HEALTH)
    with scope(network=world.network.pk):
        decision = Decision.objects.create(network=world.network, body=body,
                                           title="Ausstiegsberatung", motion="Beauftragen",
                                           procedure="consensus")
        Case.objects.create(network=world.network, reference="RHS-2026-002",
                            state=CaseState.ACTIVE, source_sector="police",
                            lead_organisation=world.police,
                            signal_received_on=timezone.localdate() - timedelta(days=100))
    factories.make_member(world.network, organisation=world.police, roles=(Role.CASE_WORKER,))
    load_casework_demo(world.network)
    with scope(network=world.network.pk):
        first = Case.objects.get(reference="RHS-2026-001")
        levels = list(Assessment.objects.filter(case=first).order_by("version")
                      .values_list("concern_level", flat=True))
        assert levels == ["high", "medium", "low"]
        assert Review.objects.filter(case=first).count() == 3
        assert Assessment.objects.filter(case__reference="RHS-2026-002").count() == 3
        first.refresh_from_db()
        assert first.concern_level == "low" and first.next_review_on
        assert Intervention.objects.filter(case=first, decision=decision).count() == 1
        assert first.plan.goals.count() == 3
        referral = Referral.objects.get()
        assert referral.state == "proposed" and referral.note.startswith("Bitte")
        assert Assessment.objects.filter(judgement__startswith="Deutliche").exists()
