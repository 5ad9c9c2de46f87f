import pytest
from django.utils import timezone
from django_scopes import scope

from accord.charter.demo import load_charter_demo
from accord.charter.models import CharterVersion, GlossaryTerm, Goal, Level, PracticeStatus
from accord.charter.raci import role_flags
from accord.charter.selectors import goals_due_for_review, responsibilities, survey_results
from accord.tenancy.models import BodyKind, BodyRole, Role, Sector
from accord.testing import factories


def _network(slug, language="de"):
    network = factories.make_network(slug=slug, language=language)
    orgs = [factories.make_organisation(network, name=f"{slug} {sector}", sector=sector)
            for sector in (Sector.MUNICIPALITY, Sector.POLICE, Sector.COUNSELLING)]
    coordinator = factories.make_member(network, organisation=orgs[0],
                                        roles=(Role.COORDINATOR,))
    others = [factories.make_member(network, organisation=o) for o in orgs[1:]]
    body = factories.make_body(network, name="Steering", kind=BodyKind.STRATEGIC)
    factories.add_to_body(body, coordinator, role=BodyRole.CHAIR)
    factories.add_to_body(body, others[0], role=BodyRole.SECRETARY)
    return network


@pytest.mark.django_db
def test_the_established_demo_network_has_documents_goals_glossary_and_a_planted_flag():
    network = _network("demo-est", language="nl")
    load_charter_demo(network=network, maturity="established")
    load_charter_demo(network=network, maturity="established")  # a second run changes nothing
    with scope(network=network.pk):
        assert CharterVersion.objects.filter(status="adopted").count() == 6
        assert CharterVersion.objects.filter(status="superseded").count() == 1
        assert GlossaryTerm.objects.count() == 15
        overdue = goals_due_for_review(network=network, before=timezone.localdate())
        assert overdue.count() == 1
        flags = role_flags(list(responsibilities(network=network)), network=network)
        # The planted single-person task is still flagged, named in the network's language.
        assert [t.task for t in flags.single_person] == ["Aanspreekpunt voor de politie"]
        assert not flags.nobody_responsible
        assert survey_results(network=network)["count"] == 3  # enough to show the chart


@pytest.mark.django_db
def test_the_starting_demo_network_has_two_practices_in_place():
    network = _network("demo-start", language="en")
    load_charter_demo(network=network, maturity="starting")
    with scope(network=network.pk):
        assert PracticeStatus.objects.filter(status="in_place").count() == 2
        assert CharterVersion.objects.filter(status="draft").count() == 1


@pytest.mark.django_db
def test_the_midway_demo_network_sits_in_between():
    network = _network("demo-mid", language="fr")
    load_charter_demo(network=network, maturity="midway")
    with scope(network=network.pk):
        assert PracticeStatus.objects.filter(status="in_place").count() == 6
        assert CharterVersion.objects.filter(status="adopted").count() == 2
        assert CharterVersion.objects.filter(status="proposed").count() == 1
        assert GlossaryTerm.objects.count() == 8


@pytest.mark.django_db
def test_a_german_demo_network_reads_its_roles_chart_and_levels_in_german():
    network = _network("demo-de", language="de")
    load_charter_demo(network=network, maturity="established")
    with scope(network=network.pk):
        tasks = {r.task for r in responsibilities(network=network)}
        assert "Vorsitz im Lenkungskreis" in tasks
        assert "Chair the steering group" not in tasks
        flags = role_flags(list(responsibilities(network=network)), network=network)
        assert [t.task for t in flags.single_person] == ["Ansprechstelle für die Polizei"]
        assert set(Level.objects.values_list("name", flat=True)) == {
            "Kern", "Eingeladene Fachkräfte", "Externe Fachleute"}
        assert Goal.objects.filter(statement__startswith="Jeder neue Hinweis").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "term", "english"), [
    ("nl", "Casusoverleg", "Case conference"),
    ("de", "Fallkonferenz", "Case conference"),
])
def test_the_demo_glossary_is_written_in_the_networks_language(language, term, english):
    """Scheldemonde's glossary was in English (issue 8): terms and definitions are now the
    network's own, with the other languages kept as translations."""
    network = _network(f"demo-glossary-{language}", language=language)
    load_charter_demo(network=network, maturity="established")
    with scope(network=network.pk):
        entry = GlossaryTerm.objects.get(term=term)
        assert not GlossaryTerm.objects.filter(term=english).exists()
        assert entry.in_language("en")[0] == english
        assert entry.translations["en"]["definition"].startswith("The operational meeting")
        assert entry.definition != entry.translations["en"]["definition"]
