"""The case pages: the list with its filters and pages, the case page, its refusals."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.audit.models import AccessRecord
from accord.cases import services
from accord.cases.models import Case, CaseParticipant, CaseTransition
from accord.testing import factories

pytestmark = pytest.mark.django_db


def _url(world, suffix=""):
    return f"/n/{world.network.slug}/cases/{suffix}"


def _many(world, count, **fields):
    """`count` cases of the youth services, fast (the services' own path is tested above)."""
    with scope(network=world.network.pk):
        start = Case.objects.count()
        cases = Case.objects.bulk_create([
            Case(network=world.network, reference=f"BULK-{start + n:05d}", source_sector="police",
                 lead_organisation=world.youth, coordinator=world.case_coordinator, **fields)
            for n in range(count)])
    return cases


def test_the_list_shows_the_cases_a_member_may_open_and_only_those(world, client):
    with scope(network=world.network.pk):
        hidden = services.case_create(membership=world.coordinator, source_sector="police",
                                      lead_organisation=world.school)
    officer = factories.signed_in_client(world.officer.user)
    page = officer.get(_url(world)).content.decode()
    assert world.case.reference in page
    assert hidden.reference not in page
    everything = factories.signed_in_client(world.coordinator.user).get(_url(world))
    assert hidden.reference in everything.content.decode()


def test_the_filters_narrow_the_list(world):
    with scope(network=world.network.pk):
        due = services.case_create(membership=world.worker, source_sector="police",
                                   concern_level="high",
                                   next_review_on=timezone.localdate() - timedelta(days=1))
        services.case_transition(membership=world.worker, case=due, to_state="triage",
                                 reason="Prüfen.")
        other = services.case_create(membership=world.coordinator, source_sector="police",
                                     lead_organisation=world.police,
                                     participants=[(world.youth, "case")],
                                     next_review_on=date(2099, 1, 1))
    client = factories.signed_in_client(world.worker.user)

    def listed(query):
        page = client.get(_url(world) + query).content.decode()
        return {c.reference for c in (world.case, due, other) if c.reference in page}

    assert listed("") == {world.case.reference, due.reference, other.reference}
    assert listed("?state=triage") == {due.reference}
    assert listed("?level=high") == {due.reference}
    assert listed("?due=1") == {due.reference}
    assert listed(f"?lead={world.police.pk}") == {other.reference}
    assert listed("?mine=1") == {world.case.reference, due.reference}
    assert listed("?state=nonsense&type=x&lead=99999999999999999999") == listed("")


def test_the_list_pages_by_fifty_with_links(world):
    _many(world, 60)
    client = factories.signed_in_client(world.worker.user)
    first = client.get(_url(world)).content.decode()
    second = client.get(_url(world) + "?page=2").content.decode()
    assert first.count("/cases/") - second.count("/cases/") > 0
    assert 'aria-label="Pages of the case list"' in first
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "61 cases you may open" in first


@pytest.mark.parametrize("count", [10, 60])
def test_the_list_asks_a_constant_number_of_queries(world, count,
                                                    django_assert_max_num_queries):
    for case in _many(world, count):
        with scope(network=world.network.pk):
            CaseParticipant.objects.create(network=world.network, case=case,
                                           organisation=world.police, tier="case")
    client = factories.signed_in_client(world.officer.user)
    client.get(_url(world))  # warm the session and the policy engine
    with django_assert_max_num_queries(22):
        response = client.get(_url(world) + "?mine=0")
    assert response.status_code == 200


def test_the_case_page_shows_the_register_and_the_signal_to_the_lead(world):
    client = factories.signed_in_client(world.worker.user)
    page = client.get(_url(world, f"{world.case.pk}/")).content.decode()
    assert world.case.reference in page
    assert "Polizei Rheinstadt" in page and "Core party" in page
    assert "Fallarbeit" in page and "Altstadt" in page and "14 to 17" in page
    assert "geplanten Anschlag" in page
    with scope(network=world.network.pk):
        assert AccessRecord.objects.filter(object_type="cases.case",
                                           object_id=str(world.case.pk)).exists()


def test_a_participant_without_a_sharing_rule_sees_the_case_but_not_the_signal(world):
    client = factories.signed_in_client(world.officer.user)
    response = client.get(_url(world, f"{world.case.pk}/"))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.case.reference in page
    assert "geplanten Anschlag" not in page
    assert "No rule of the network's sharing regime" in unescape(page)


def test_a_non_participant_gets_403_with_the_reason(world):
    client = factories.signed_in_client(world.teacher.user)
    response = client.get(_url(world, f"{world.case.pk}/"))
    assert response.status_code == 403
    assert "does not take part in this case" in response.content.decode()


def test_another_networks_case_is_not_found(world):
    client = factories.signed_in_client(world.outsider.user)
    response = client.get(f"/n/{world.other.slug}/cases/{world.case.pk}/")
    assert response.status_code == 404


def test_the_transition_form_offers_only_the_next_states_and_records_the_step(world):
    client = factories.signed_in_client(world.case_coordinator.user)
    url = _url(world, f"{world.case.pk}/transition/")
    form = client.get(url).content.decode()
    assert 'value="triage"' in form and 'value="closing"' in form
    assert 'value="active"' not in form
    refused = client.post(url, {"to_state": "active", "reason": "Sofort aktiv."})
    assert refused.status_code == 400
    assert "Choose one of the next states offered" in refused.content.decode() or (
        "Select a valid choice" in refused.content.decode())
    done = client.post(url, {"to_state": "triage", "reason": "Erste Einschätzung."})
    assert done.status_code == 302
    with scope(network=world.network.pk):
        assert Case.objects.get(pk=world.case.pk).state == "triage"
        assert CaseTransition.objects.filter(case=world.case, to_state="triage",
                                             reason="Erste Einschätzung.").exists()
    page = client.get(_url(world, f"{world.case.pk}/")).content.decode()
    assert "Erste Einschätzung." in page


def test_a_participant_may_not_open_the_transition_form(world):
    client = factories.signed_in_client(world.officer.user)
    response = client.get(_url(world, f"{world.case.pk}/transition/"))
    assert response.status_code == 403
    assert "Only the case's coordinator" in unescape(response.content.decode())


def test_a_new_signal_through_the_form(world):
    client = factories.signed_in_client(world.worker.user)
    assert client.get(_url(world, "new/")).status_code == 200
    response = client.post(_url(world, "new/"), {
        "source_sector": "education", "signal_received_on": "2026-02-03",
        "concern_level": "unknown", "lead_organisation": world.youth.pk,
        "signal_summary": "Ein Schüler zeigt Symbole.", f"tier_{world.police.pk}": "case",
        "district": "Nord"})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope(network=world.network.pk):
        case = Case.objects.get(reference="RHE-2026-001") if not Case.objects.filter(
            reference="RHE-2026-002").exists() else Case.objects.get(reference="RHE-2026-002")
        assert case.district == "Nord"
        assert list(case.participants.values_list("organisation", "tier")) == [
            (world.police.pk, "case")]


def test_a_new_signal_with_a_control_character_is_refused(world):
    client = factories.signed_in_client(world.worker.user)
    response = client.post(_url(world, "new/"), {
        "source_sector": "education", "signal_received_on": "2026-02-03",
        "concern_level": "unknown", "lead_organisation": world.youth.pk,
        "district": "Nord\x00"})
    assert response.status_code == 400
    with scope(network=world.network.pk):
        assert Case.objects.count() == 1


def test_the_edit_form_changes_participants(world):
    client = factories.signed_in_client(world.case_coordinator.user)
    url = _url(world, f"{world.case.pk}/edit/")
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "source_sector": "education", "signal_received_on": world.case.signal_received_on,
        "concern_level": "medium", "lead_organisation": world.youth.pk,
        "coordinator": world.case_coordinator.pk, f"tier_{world.school.pk}": "care",
        "workers": [world.worker.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope(network=world.network.pk):
        assert list(world.case.participants.values_list("organisation", flat=True)) == [
            world.school.pk]
        assert Case.objects.get(pk=world.case.pk).concern_level == "medium"
