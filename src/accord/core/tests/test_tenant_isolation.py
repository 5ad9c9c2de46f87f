"""Tenant isolation fuzz (issue 5, item 6): network B's coordinator asks for every object of
network A on every route and API endpoint with an object id, and never gets it.

The bounded sample here (a few ids per model, every route, every method) runs in `make test`;
`accord bench security` runs every id. What counts as a finding is in accord/security/isolation.
"""

import pytest
from django.test import Client

from accord.security.isolation import IsolationFuzz, sample
from accord.security.routes import Catalogue
from accord.security.world import build_world

IDS_PER_MODEL = 3

# Models that routes must reach, so that a broken walker or world cannot pass by trying nothing.
MODELS_WITH_ROUTES = {"membership", "organisation", "body", "meeting", "agendaitem",
                      "minuteentry", "decision", "actionitem", "charterdocument", "goal",
                      "glossaryterm", "responsibility", "level", "apitoken"}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def catalogue(world):
    return Catalogue(Client())


@pytest.mark.django_db
def test_every_id_parameter_names_a_model_with_objects_in_network_a(world, catalogue):
    """The walk found the id routes, and each id parameter points at a model A has rows of."""
    named = {catalogue.param(n).model for t in catalogue.with_ids()
             for n in catalogue.id_params(t)}
    empty = sorted(m for m in named if not world.ids_a.get(m))

    assert named >= MODELS_WITH_ROUTES, sorted(MODELS_WITH_ROUTES - named)
    assert not empty, f"id parameters that name no model with rows in A: {empty}"
    assert len(world.secrets_of_a) >= 20


@pytest.mark.django_db
def test_another_networks_coordinator_never_reaches_network_a_objects(world, catalogue):
    fuzz = IsolationFuzz(world, catalogue, per_model=IDS_PER_MODEL,
                         foreign_slug_methods=("GET", "POST"))

    report = fuzz.run()

    print(report.summary())
    assert len(report.tried) >= 50
    assert not report.findings, "\n".join(report.findings)


@pytest.mark.django_db
def test_the_fuzz_sees_a_leak_when_there_is_one(world, catalogue):
    """The control: A's coordinator on A's own routes is let in and sees A's content, so the
    fuzz's silence above is about B, not about a blind check."""
    fuzz = IsolationFuzz(world, catalogue, per_model=1, methods=("GET",),
                         foreign_slug_methods=("GET",))
    fuzz.clients["b_session"] = fuzz.clients["a_session"]
    fuzz.clients["b_token"] = fuzz.clients["a_token"]
    world.b, world.ids_b = world.a, world.ids_a
    fuzz._drop_common_texts = lambda: None  # B's pages are A's here: every text would go

    report = fuzz.run()

    assert any("shows A's" in f for f in report.findings)
    assert any(": 200" in f for f in report.findings)


def test_sample_spreads_over_the_ids():
    assert sample([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) == [1, 5, 9]
    assert sample([4, 5], 5) == [4, 5]
    assert sample([1, 2, 3], None) == [1, 2, 3]
