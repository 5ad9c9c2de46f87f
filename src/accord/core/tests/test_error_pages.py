"""404, 403, 410 and 500 are Accord's own pages: in the reader's language, with a header, main
and footer, and a link back to the start. Rendered as production does, with DEBUG off."""

import pytest
from django.test import Client

from accord.testing.html import parse, title

pytestmark = [pytest.mark.django_db, pytest.mark.urls("accord.core.tests.error_urls")]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def visit(path: str, language: str = "en") -> tuple[int, str]:
    client = Client(raise_request_exception=False, headers={"accept-language": language})
    response = client.get(path)
    return response.status_code, response.content.decode()


def landmarks(page: str) -> set[str]:
    return {e.tag for e in parse(page).iter() if e.tag in {"header", "main", "footer"}}


def links(page: str) -> list[str]:
    return [e.attrs.get("href") for e in parse(page).iter() if e.tag == "a"]


@pytest.mark.parametrize(("path", "status", "heading"), [
    ("/no-such-page/", 404, "Page not found"),
    ("/test-errors/403/", 403, "Not allowed"),
    ("/test-errors/410/", 410, "No longer available"),
    ("/test-errors/500/", 500, "Something went wrong"),
])
def test_an_error_page_says_what_happened_and_offers_a_way_back(path, status, heading):
    code, page = visit(path)

    assert code == status
    assert title(page) == f"{heading} · Accord"
    assert f"<h1>{heading}</h1>" in page
    assert landmarks(page) == {"header", "main", "footer"}
    assert "/" in links(page)
    assert "Django" not in page and "Traceback" not in page


def test_a_german_reader_gets_the_page_not_found_in_german():
    code, page = visit("/no-such-page/", language="de")

    assert code == 404
    assert '<html lang="de">' in page
    # The page's own words follow the catalogue (its new sentences are translated by the lead);
    # the frame's, translated already, show it is German throughout.
    assert "Zum Hauptinhalt springen" in page


def test_the_500_page_renders_without_any_request_context():
    from django.template.loader import get_template

    page = get_template("500.html").render()

    assert "Something went wrong" in page
    assert landmarks(page) == {"header", "main", "footer"}
