"""The demo's identities, and the security suite's leak detector knowing them."""

from django_scopes import scope

from accord.security.world import _texts
from accord.tenancy.models import Role
from accord.testing import factories
from accord.vault.demo import load_vault_demo
from accord.vault.harness import vault_plaintexts
from accord.vault.models import Subject
from accord.vault.tests.conftest import make_case


def test_the_demo_gives_each_case_an_identity_and_one_minor_a_guardian(network_a):
    lead = factories.make_organisation(network_a, name="Stadt Rheinstadt")
    factories.make_member(network_a, organisation=lead, roles=(Role.CASE_WORKER,))
    cases = [make_case(network_a, lead, n, age_band=band)
             for n, band in enumerate(["25-34", "14-17", "", "35+"], start=1)]
    load_vault_demo(network=network_a)
    load_vault_demo(network=network_a)  # again: nothing twice
    with scope(network=network_a.pk):
        subjects = {s.case_id: s for s in Subject.objects.select_related(
            "case_key__network_key")}
        assert set(subjects) == {c.pk for c in cases}
        minors = [s for s in subjects.values() if s.is_minor]
        assert [s.case_id for s in minors] == [cases[1].pk]
        assert minors[0].guardian()["name"] == "Sabine Brenner"
        names = [s.identity()["names"][0] for s in subjects.values()]
    assert len(set(names)) == 4 and "Lukas Brenner" in names
    # The leak detector searches responses for these names, which the database only holds
    # encrypted.
    plaintexts = vault_plaintexts(network_a)
    assert "Lukas Brenner" in plaintexts and "Sabine Brenner" in plaintexts
    assert "Mehmet Aydin" in _texts(network_a)
