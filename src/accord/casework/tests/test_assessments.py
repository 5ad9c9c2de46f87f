"""Assessments: ratings with evidence, the assessor's own level, co-raters and consensus; the
level sets the case's level and next review; versions supersede; the policy decides reads."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.casework.frameworks import default_framework
from accord.casework.models import Assessment, Indicator
from accord.casework.services import assessments
from accord.casework.services._common import add_months
from accord.casework.tests.conftest import text, url
from accord.policy import Denied

pytestmark = pytest.mark.django_db


def _record(world, level="high", days_ago=10, **extra):
    with scope(network=world.network.pk):
        framework = default_framework(world.network)
        first = Indicator.objects.filter(domain__framework=framework).order_by("pk").first()
        return assessments.assessment_record(
            membership=world.worker, case=world.case,
            assessed_on=timezone.localdate() - timedelta(days=days_ago), concern_level=level,
            judgement="Deutliche Zuspitzung im Umfeld.", ratings=[{
                "indicator": first, "rating": "present", "decisive": True,
                "evidence_for": "Beiträge in einer Chatgruppe", "evidence_against": "",
                "source": "Schule", "source_reliability": "high"}], **extra)


def test_the_page_form_records_ratings_and_the_chosen_level(world, as_worker):
    with scope(network=world.network.pk):
        framework = default_framework(world.network)
        indicator = Indicator.objects.filter(domain__framework=framework).order_by("pk").first()
    form = as_worker.get(url(world, "assessments/new/"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Ideological engagement" in page and "not computed" in page
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    data = {"assessed_on": day, "status": "final", "concern_level": "medium",
            "judgement": "Lage stabil", f"i{indicator.pk}_rating": "partly",
            f"i{indicator.pk}_decisive": "on", f"i{indicator.pk}_evidence_for": "Gespräch",
            f"i{indicator.pk}_source_reliability": "medium"}
    # Every other indicator keeps its defaults (unknown, not decisive).
    with scope(network=world.network.pk):
        for other in Indicator.objects.filter(domain__framework=framework):
            data.setdefault(f"i{other.pk}_rating", "unknown")
            data.setdefault(f"i{other.pk}_source_reliability", "unknown")
    response = as_worker.post(url(world, "assessments/new/"), data)
    assert response.status_code == 302
    with scope(network=world.network.pk):
        assessment = Assessment.objects.get(case=world.case)
        rating = assessment.ratings.get(indicator=indicator)
        assert assessment.ratings.count() == Indicator.objects.filter(
            domain__framework=framework).count()
        world.case.refresh_from_db()
    assert assessment.organisation == world.youth and assessment.concern_level == "medium"
    assert rating.rating == "partly" and rating.decisive and rating.evidence_for == "Gespräch"
    assert world.case.concern_level == "medium"
    assert world.case.next_review_on == add_months(timezone.localdate() - timedelta(days=5), 3)


def test_a_level_sets_the_case_level_and_a_new_version_supersedes(world):
    first = _record(world, level="high", days_ago=40)
    with scope(network=world.network.pk):
        world.case.refresh_from_db()
        assert world.case.concern_level == "high"
        assert world.case.next_review_on == first.assessed_on + timedelta(weeks=4)
        second = _record(world, level="low", days_ago=2)
        world.case.refresh_from_db()
        assert (second.version, second.supersedes_id) == (2, first.pk)
        assert Assessment.objects.filter(case=world.case).count() == 2  # history stays
        assert world.case.concern_level == "low"
        assert world.case.next_review_on == add_months(second.assessed_on, 6)


def test_co_raters_and_the_consensus_level_stand_for_the_assessment(world, as_worker):
    assessment = _record(world, level="high")
    with scope(network=world.network.pk):
        assessments.assessment_rater_add(membership=world.worker, assessment=assessment,
                                         rater=world.colleague, concern_level="medium")
        assessments.assessment_consensus_record(
            membership=world.worker, assessment=assessment,
            text="Einigung nach Fallbesprechung", level="medium")
        world.case.refresh_from_db()
    assert world.case.concern_level == "medium"
    page = as_worker.get(url(world, f"assessments/{assessment.pk}/")).content.decode()
    assert "Einigung nach Fallbesprechung" in page and "Colleague" in page
    assert "Beiträge in einer Chatgruppe" in page


def test_consensus_needs_its_words(world, as_worker):
    assessment = _record(world)
    response = as_worker.post(url(world, f"assessments/{assessment.pk}/consensus/"),
                              {"text": "  ", "level": "low"})
    assert response.status_code == 400
    with scope(network=world.network.pk):
        assert Assessment.objects.get(pk=assessment.pk).consensus_level == ""


def test_an_external_instrument_keeps_only_that_it_was_done(world):
    with scope(network=world.network.pk):
        with pytest.raises(Exception) as refused:
            assessments.assessment_record(membership=world.worker, case=world.case,
                                          assessed_on=timezone.localdate(),
                                          concern_level="medium", external=True)
        assert "external_instrument" in str(refused.value)
        done = assessments.assessment_record(
            membership=world.worker, case=world.case, assessed_on=timezone.localdate(),
            concern_level="medium", external=True, external_instrument="Lizenziertes Instrument",
            external_done_on=timezone.localdate(), external_level="medium")
        assert done.framework is None and done.ratings.count() == 0


def test_a_participant_without_a_sharing_rule_sees_the_reason_not_the_assessment(
        world, as_officer):
    assessment = _record(world)
    page = text(as_officer.get(url(world)))
    assert "Deutliche Zuspitzung" not in page
    assert "No rule of the network's sharing regime lets your organisation see" in page
    detail = as_officer.get(url(world, f"assessments/{assessment.pk}/"))
    assert detail.status_code == 403
    assert "Beiträge in einer Chatgruppe" not in text(detail)
    assert "No rule of the network's sharing regime" in text(detail)


def test_only_a_participating_organisation_records_assessments(world, as_officer):
    with scope(network=world.network.pk):
        with pytest.raises(Denied):
            assessments.assessment_record(membership=world.member, case=world.case,
                                          assessed_on=timezone.localdate(),
                                          concern_level="low")
        assert not Assessment.objects.filter(case=world.case).exists()


def test_another_networks_member_does_not_find_the_case(world):
    from accord.testing import factories

    client = factories.signed_in_client(world.outsider.user)
    assert client.get(url(world)).status_code == 404


def test_a_draft_changes_nothing_until_it_is_made_final(world, as_worker):
    high = _record(world, level="high", days_ago=20)
    draft = _record(world, level="low", days_ago=1, status="draft")
    with scope(network=world.network.pk):
        world.case.refresh_from_db()
        assert world.case.concern_level == "high" and draft.supersedes_id is None
    response = as_worker.post(url(world, f"assessments/{draft.pk}/final/"))
    assert response.status_code == 302
    with scope(network=world.network.pk):
        draft.refresh_from_db()
        world.case.refresh_from_db()
    assert draft.status == "final" and draft.supersedes_id == high.pk
    assert world.case.concern_level == "low"


def test_the_plan_page_updates_an_interventions_status_and_outcome(world, as_worker):
    from accord.casework.models import Intervention
    from accord.casework.services import plans

    with scope(network=world.network.pk):
        goal = plans.plan_goal_add(membership=world.worker, case=world.case,
                                   life_area="housing", text="Eigene Wohnung")
        intervention = plans.intervention_create(
            membership=world.worker, case=world.case, organisation=world.youth, kind="care",
            title="Betreutes Wohnen", goal=goal, status="running")
    page = text(as_worker.get(url(world, "plan/")))
    assert "Eigene Wohnung" in page and "Betreutes Wohnen" in page
    response = as_worker.post(url(world, f"interventions/{intervention.pk}/"), {
        "status": "completed", "outcome": "Wohnung bezogen", "ends_on": ""})
    assert response.status_code == 302
    with scope(network=world.network.pk):
        intervention = Intervention.objects.get(pk=intervention.pk)
    assert (intervention.status, intervention.outcome) == ("completed", "Wohnung bezogen")
    assert "Wohnung bezogen" in text(as_worker.get(url(world)))
    # A reader without the plan status sees neither the plan nor the intervention.
    officer_page = text(factories_client(world.officer).get(url(world)))
    assert "Betreutes Wohnen" not in officer_page


def factories_client(membership):
    from accord.testing import factories

    return factories.signed_in_client(membership.user)


def test_reading_the_case_work_records_the_permitted_reads_in_the_access_log(world, as_worker):
    from accord.audit.models import AccessRecord, AuditEvent

    assessment = _record(world)
    as_worker.get(url(world))
    with scope(network=world.network.pk):
        reads = AccessRecord.objects.filter(object_type="cases.case",
                                            object_id=str(world.case.pk), user=world.worker.user)
        categories = {c for r in reads for c in r.categories}
        event = AuditEvent.objects.filter(action="assessment.recorded").get()
    assert {"case.assessment", "case.plan_status"} <= categories
    assert all(r.rule == "cases.data.own_organisation" for r in reads)
    # The trail names what changed, never the assessment's words.
    assert "Zuspitzung" not in str(event.summary) and event.object_id == str(assessment.pk)
