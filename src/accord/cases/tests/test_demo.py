"""The cases demo: about fifteen cases of every state per network, the meetings demo's case
conference linking the real case."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django_scopes import scope

from accord.cases.demo import load_cases_demo
from accord.cases.models import Case, CaseParticipant, CaseState, CaseTransition, CaseWorker
from accord.demo.data import NETWORKS
from accord.demo.loader import _network_load
from accord.meetings.demo import load_meetings_demo
from accord.meetings.models import AgendaItem, CallLog

pytestmark = pytest.mark.django_db


@override_settings(ACCORD_ENV="dev")
@pytest.mark.parametrize("spec", [NETWORKS[0], NETWORKS[-1]], ids=lambda s: s.slug)
def test_the_demo_has_cases_in_every_state_and_the_conference_links_one(spec):
    network, _members = _network_load(spec, users={}, password_hash=make_password("x"))
    cases = load_cases_demo(network=network)
    load_meetings_demo(network=network)
    with scope(network=network.pk):
        assert len(cases) == 15
        assert {c.state for c in Case.objects.filter(network=network)} == set(CaseState.values)
        prefix = cases[0].reference.split("-")[0]
        assert [c.reference for c in cases][:2] == [f"{prefix}-2026-001", f"{prefix}-2026-002"]
        conference = Case.objects.get(network=network, reference=f"{prefix}-2026-007")
        assert conference.state == "active"
        assert AgendaItem.objects.filter(case=conference).exists()
        assert CallLog.objects.filter(case=conference).exists()
        assert Case.objects.filter(network=network).count() == 15  # the demo made no twin
        assert CaseParticipant.objects.filter(case__network=network).values(
            "tier").distinct().count() >= 2
        assert CaseWorker.objects.filter(case__network=network).exists()
        assert CaseTransition.objects.filter(case__network=network).count() > 30
        active = Case.objects.filter(network=network, state="active").first()
        assert active.signal_summary and active.next_review_on
        purged = Case.objects.get(network=network, state="purged")
        assert purged.signal_summary == "" and purged.triage_outcome == "no_action"
