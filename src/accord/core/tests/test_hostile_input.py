"""Hostile values into every form and every API body (issue 5, item 6): never a 5xx, a refusal
writes nothing, and whatever is stored comes back escaped. Forms are found by walking the pages,
so a new form joins without touching this file. `accord bench security` runs many more
examples; here each form and each API operation gets a few."""

import pytest
from django.test import Client

from accord.security.hostile import MARKER, run_api_bodies, run_forms
from accord.security.routes import Catalogue
from accord.security.world import build_world

EXAMPLES_PER_FORM = 4

# Found by this suite and reported to the owning app, which is still being finished: the
# operation is tested on its own in api/tests/test_schemathesis.py (strict xfail).
KNOWN_BUGS: set[str] = set()
KNOWN_FORM_BUGS: set[str] = set()


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
def test_hostile_values_in_every_form_never_break_a_page_or_half_write(world):
    report = run_forms(world, Catalogue(), max_examples=EXAMPLES_PER_FORM,
                       skip=KNOWN_FORM_BUGS)

    print(report.summary())
    assert report.forms >= 15, "the walk should find the network's forms"
    assert not report.findings, "\n".join(report.findings)


@pytest.mark.django_db
def test_hostile_values_in_every_api_body_never_give_a_5xx_or_half_write(world):
    report = run_api_bodies(world, max_examples=EXAMPLES_PER_FORM, skip=KNOWN_BUGS)

    print(report.summary())
    assert report.operations >= 20
    assert not report.findings, "\n".join(report.findings)


@pytest.mark.django_db
def test_the_check_sees_an_unescaped_script(world):
    """The control: a page that echoes our marker raw is caught."""
    from accord.security.hostile import HostileReport, check_answer, row_counts

    class Raw:
        status_code = 200

        def get(self, key, default=""):
            return "text/html" if key == "Content-Type" else default

        content = f"<p>{MARKER}</p>".encode()

    report = HostileReport()
    check_answer("GET /", Raw(), Client(), row_counts(), report)

    assert report.findings == ["GET /: our <script> is on the page unescaped"]
