from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope

from accord.charter import services
from accord.charter.pdf import pdf_document
from accord.charter.tests.helpers import adopted_document, page_texts


def test_every_page_of_a_version_pdf_carries_the_version_and_its_adoption(
        coordinator, coordinator_client, steering_group, network_a):
    long_text = "\n\n".join(f"Paragraph {i}: " + "we meet and agree. " * 30 for i in range(40))
    with scope(network=network_a.pk):
        version = adopted_document(coordinator, steering_group, text=long_text)
        document = pdf_document("charter/pdf/version.html", {
            "network": network_a, "document": version.document, "version": version,
            "html": "<p>" + long_text.replace("\n\n", "</p><p>") + "</p>"})
    texts = page_texts(document)
    assert len(texts) > 1
    for text in texts:
        assert "Version 1" in text and "Adopted by Steuerungsgruppe" in text

    response = coordinator_client.get(reverse("charter:version-pdf", kwargs={
        "network": "rheinstadt", "pk": version.document_id, "number": 1}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_draft_pdf_says_it_is_not_adopted(coordinator, network_a):
    with scope(network=network_a.pk):
        version = services.document_create(membership=coordinator, kind="custom",
                                           title="Mandat", body="Entwurf")
    document = pdf_document("charter/pdf/version.html", {
        "network": network_a, "document": version.document, "version": version, "html": ""})
    assert "not adopted" in page_texts(document)[0]


@pytest.mark.parametrize("language", ["en", "de", "nl", "fr"])
def test_a_new_members_onboarding_pdf_contains_the_adopted_values(
        language, coordinator, member_client, steering_group, network_a):
    with scope(network=network_a.pk):
        version = services.document_create_from_starter(membership=coordinator,
                                                        kind="goals_values", language=language)
        services.version_propose(membership=coordinator, version=version)
        services.version_adopt(membership=coordinator, version=version, body=steering_group,
                               adopted_on=date.today())
    member_client.cookies["accord-language"] = language
    page = member_client.get(reverse("charter:onboarding", kwargs={"network": "rheinstadt"}))
    first_heading = version.body.splitlines()[0].removeprefix("## ")
    assert first_heading in page.content.decode()
    response = member_client.get(reverse("charter:onboarding-pdf",
                                         kwargs={"network": "rheinstadt"}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
