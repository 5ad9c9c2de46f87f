"""Where a version was adopted by a decision of a meeting, every place that names the adoption
points at that decision: the version page, the document list and the PDF."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scope

from accord.charter import services
from accord.charter.pdf import pdf_document
from accord.charter.tests.helpers import page_texts


def _adopt(coordinator, body, *, decision_id):
    version = services.document_create(membership=coordinator, kind="rules_of_procedure",
                                       title="Geschäftsordnung", body="We meet monthly.")
    version = services.version_propose(membership=coordinator, version=version)
    return services.version_adopt(membership=coordinator, version=version, body=body,
                                  adopted_on=date(2026, 3, 5), decision_id=decision_id)


@pytest.fixture
def adopted(network_a, coordinator, steering_group):
    with scope(network=network_a.pk):
        return _adopt(coordinator, steering_group, decision_id=42)


def test_the_decision_url_is_the_meetings_decision_page():
    assert reverse("meetings:decision", kwargs={"network": "rheinstadt", "pk": 42}) \
        .endswith("/decisions/42/")


def test_member_follows_the_version_page_to_the_adopting_decision(member_client, adopted):
    page = member_client.get(reverse("charter:version", kwargs={
        "network": "rheinstadt", "pk": adopted.document_id, "number": 1})).content.decode()
    link = reverse("meetings:decision", kwargs={"network": "rheinstadt", "pk": 42})
    assert f'<a class="decision-link" href="{link}">decision #42</a>' in page
    assert "Adopting decision:" in page


def test_the_document_list_names_the_version_in_force_and_its_decision(member_client, adopted):
    page = member_client.get(reverse("charter:documents", kwargs={"network": "rheinstadt"}))
    html = page.content.decode()
    link = reverse("meetings:decision", kwargs={"network": "rheinstadt", "pk": 42})
    assert "In force: version 1" in html
    assert f'href="{link}"' in html


def test_every_pdf_page_footer_says_when_by_whom_and_by_which_decision(network_a, adopted):
    with scope(network=network_a.pk):
        document = pdf_document("charter/pdf/version.html", {
            "network": network_a, "document": adopted.document, "version": adopted,
            "html": "<p>" + "We meet monthly. " * 900 + "</p>"})
    texts = page_texts(document)
    assert len(texts) > 1
    for text in texts:
        assert "Adopted on March 5, 2026 by Steuerungsgruppe (decision #42)" in text
    decision = reverse("meetings:decision", kwargs={"network": "rheinstadt", "pk": 42})
    targets = [link[1] for page in document.pages for link in page.links]
    assert f"{settings.ACCORD_BASE_URL}{decision}" in targets


def test_a_version_adopted_without_a_decision_shows_no_decision(member_client, network_a,
                                                                coordinator, steering_group):
    with scope(network=network_a.pk):
        version = _adopt(coordinator, steering_group, decision_id=None)
    page = member_client.get(reverse("charter:version", kwargs={
        "network": "rheinstadt", "pk": version.document_id, "number": 1})).content.decode()
    assert "decision #" not in page and "Adopting decision" not in page
