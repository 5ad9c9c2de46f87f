"""Glossary tooltips speak the reader's language where the network has translated the term's
definition, and otherwise show the original with a note saying so."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from accord.charter import services
from accord.charter.models import GlossaryTerm
from accord.charter.selectors import glossary_tip
from accord.charter.tests.helpers import adopted_document


@pytest.fixture
def document_with_term(network_a, coordinator, steering_group):
    with scope(network=network_a.pk):
        services.term_create(
            membership=coordinator, term="Fallkonferenz",
            definition="Operative Besprechung eines Falls mit den beteiligten Stellen.",
            translations={"fr": {"term": "Conférence de cas",
                                 "definition": "Réunion opérationnelle sur un cas."},
                          "nl": {"term": "Casusoverleg", "definition": ""}})
        return adopted_document(coordinator, steering_group,
                                text="Die Fallkonferenz tagt monatlich.")


def _tooltip_of(client, version, language: str) -> str:
    client.cookies["accord-language"] = language
    page = client.get(reverse("charter:version", kwargs={
        "network": "rheinstadt", "pk": version.document_id, "number": 1})).content.decode()
    start = page.index('class="glossary-tip"')
    return page[start:page.index("</span></span>", start)]


def test_a_french_reader_sees_the_french_definition(member_client, document_with_term):
    tip = _tooltip_of(member_client, document_with_term, "fr")
    assert 'lang="fr"' in tip
    assert "Conférence de cas" in tip and "Réunion opérationnelle sur un cas." in tip
    assert "Operative Besprechung" not in tip and "glossary-note" not in tip


def test_an_english_reader_without_a_translation_sees_the_original_with_a_note(
        member_client, document_with_term):
    tip = _tooltip_of(member_client, document_with_term, "en")
    assert 'lang="de"' in tip
    assert "Operative Besprechung eines Falls mit den beteiligten Stellen." in tip
    assert "(Not yet translated into English: this is the definition in German.)" in tip


def test_a_reader_in_the_networks_language_sees_the_original_without_a_note(
        member_client, document_with_term):
    tip = _tooltip_of(member_client, document_with_term, "de")
    assert "Operative Besprechung" in tip and "glossary-note" not in tip


def test_a_translated_term_without_a_translated_definition_still_gets_the_note(network_a):
    term = GlossaryTerm(network=network_a, term="Fallkonferenz", definition="Original.",
                        translations={"nl": {"term": "Casusoverleg", "definition": ""}})
    with translation.override("en"):
        tip = glossary_tip(term, language="nl", original="de")
    assert (tip.shown, tip.definition, tip.language, tip.note_language) == (
        "Casusoverleg", "Original.", "de", "nl")
    assert "Dutch" in tip.note
