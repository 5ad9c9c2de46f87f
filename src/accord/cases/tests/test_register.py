"""The case register's services: references, lifecycle, updates; every refusal writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.cases import lifecycle, services
from accord.cases.models import Case, CaseState, CaseTransition, ConcernType
from accord.policy import Denied
from accord.tenancy.models import Sector
from accord.testing import factories

pytestmark = pytest.mark.django_db


def _events(network, action):
    with scope(network=network.pk):
        return AuditEvent.objects.filter(network=network, action=action).count()


def test_a_new_case_gets_the_next_reference_of_its_network_and_year(world):
    with scope(network=world.network.pk):
        assert world.case.reference == f"RHE-{date.today().year}-001"
        second = services.case_create(membership=world.worker, source_sector=Sector.POLICE)
        old = services.case_create(membership=world.worker, source_sector=Sector.POLICE,
                                   signal_received_on=date(2025, 3, 1))
        assert second.reference == f"RHE-{date.today().year}-002"
        assert old.reference == "RHE-2025-001"
        assert second.lead_organisation == world.youth and second.coordinator == world.worker
        assert ConcernType.objects.filter(network=world.network).count() == 6
        assert CaseTransition.objects.filter(case=second, to_state="signal").count() == 1
    assert _events(world.network, "case.created") == 3


def test_a_reference_taken_by_a_concurrent_writer_is_retried(world, monkeypatch):
    """Two writers computing the same number: the unique constraint refuses the second,
    which takes the next number."""
    with scope(network=world.network.pk):
        taken = services.next_reference(world.network, date.today().year)
        calls = []
        real = services.next_reference

        def stale(network, year):
            calls.append(year)
            return world.case.reference if len(calls) == 1 else real(network, year)

        monkeypatch.setattr(services, "next_reference", stale)
        case = services.case_create(membership=world.worker, source_sector=Sector.POLICE)
        assert case.reference == taken
        assert len(calls) == 2


def test_only_coordinators_and_case_workers_open_cases(world):
    with scope(network=world.network.pk), pytest.raises(Denied) as denied:
        services.case_create(membership=world.officer, source_sector=Sector.POLICE)
    assert "Only coordinators and case workers" in denied.value.decision.reason
    with scope(network=world.network.pk):
        assert Case.objects.count() == 1


def test_another_networks_organisation_is_refused(world):
    foreign = factories.make_organisation(world.other, name="Gemeente Polderdam")
    with scope(network=world.network.pk), pytest.raises(ValidationError) as error:
        services.case_create(membership=world.worker, source_sector=Sector.POLICE,
                             participants=[(foreign, "case")])
    assert "participants" in error.value.error_dict
    with scope(network=world.network.pk):
        assert Case.objects.count() == 1


def _illegal_steps():
    for from_state in lifecycle.ALLOWED:
        for to_state in CaseState.values:
            if not lifecycle.allowed(from_state, to_state):
                yield from_state, to_state


@pytest.mark.parametrize(("from_state", "to_state"), list(_illegal_steps()))
def test_every_illegal_transition_is_refused_with_a_message_and_writes_nothing(
        world, from_state, to_state):
    with scope(network=world.network.pk):
        Case.objects.filter(pk=world.case.pk).update(state=from_state)
        world.case.refresh_from_db()
        before = CaseTransition.objects.count()
        with pytest.raises(ValidationError) as error:
            services.case_transition(membership=world.case_coordinator, case=world.case,
                                     to_state=to_state, reason="Weil es so sein soll.",
                                     triage_outcome="taken_on", closure_reason="other")
        message = " ".join(error.value.message_dict["to_state"])
        assert "cannot go from" in message or "purged by the retention" in message
        assert Case.objects.get(pk=world.case.pk).state == from_state
        assert CaseTransition.objects.count() == before
    assert _events(world.network, "case.transition") == 0


def test_purging_by_hand_is_refused_even_where_the_lifecycle_allows_it(world):
    with scope(network=world.network.pk):
        Case.objects.filter(pk=world.case.pk).update(state="closed")
        world.case.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.case_transition(membership=world.case_coordinator, case=world.case,
                                     to_state="purged", reason="Aufbewahrung abgelaufen.")
    assert "retention" in str(error.value)


def test_leaving_triage_needs_an_outcome_and_closing_a_reason(world):
    with scope(network=world.network.pk):
        services.case_transition(membership=world.case_coordinator, case=world.case,
                                 to_state="triage", reason="Erste Einschätzung.")
        with pytest.raises(ValidationError) as error:
            services.case_transition(membership=world.case_coordinator, case=world.case,
                                     to_state="planning", reason="Übernommen.")
        assert "triage_outcome" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.case_transition(membership=world.case_coordinator, case=world.case,
                                     to_state="closing", reason="Keine Gefahr.",
                                     triage_outcome="no_action")
        assert "closure_reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.case_transition(membership=world.case_coordinator, case=world.case,
                                     to_state="planning", triage_outcome="taken_on", reason=" ")
        assert "reason" in error.value.message_dict
        step = services.case_transition(membership=world.case_coordinator, case=world.case,
                                        to_state="closing", reason="Keine Gefahr.",
                                        triage_outcome="no_action", closure_reason="other_route")
        case = Case.objects.get(pk=world.case.pk)
        assert (case.state, case.triage_outcome, case.closure_reason) == (
            "closing", "no_action", "other_route")
        assert (step.from_state, step.to_state, step.by) == ("triage", "closing",
                                                             world.case_coordinator)
        assert CaseTransition.objects.filter(case=case).count() == 3
    assert _events(world.network, "case.transition") == 2


def test_a_participant_who_does_not_manage_may_not_move_the_case(world):
    with scope(network=world.network.pk), pytest.raises(Denied) as denied:
        services.case_transition(membership=world.officer, case=world.case, to_state="triage",
                                 reason="Polizei will weiter.")
    assert "Only the case's coordinator" in denied.value.decision.reason


def test_update_replaces_participants_and_workers_and_is_audited(world):
    with scope(network=world.network.pk):
        services.case_update(membership=world.case_coordinator, case=world.case,
                             participants=[(world.police, "case"), (world.school, "care")],
                             workers=[world.youth_member], district="Hafen",
                             next_review_on=date(2030, 1, 1))
        case = Case.objects.get(pk=world.case.pk)
        assert case.district == "Hafen" and case.next_review_on == date(2030, 1, 1)
        assert sorted(case.participants.values_list("organisation__name", "tier")) == [
            ("Polizei Rheinstadt", "case"), ("Schule am Fluss", "care")]
        assert list(case.workers.values_list("membership", flat=True)) == [
            world.youth_member.pk]
        event = AuditEvent.objects.get(network=world.network, action="case.updated")
    assert sorted(event.summary["fields"]) == ["district", "next_review_on"]


def test_update_refuses_a_member_of_another_network(world):
    with scope(network=world.network.pk), pytest.raises(ValidationError):
        services.case_update(membership=world.case_coordinator, case=world.case,
                             workers=[world.outsider])
    with scope(network=world.network.pk):
        assert list(world.case.workers.values_list("membership", flat=True)) == [
            world.worker.pk]
