"""The neutral default framework: eight domains of Accord's own words, created once."""

import pytest
from django.utils import translation
from django_scopes import scope

from accord.casework.frameworks import DEFAULT_DOMAINS, default_framework
from accord.casework.models import AssessmentFramework, Indicator, IndicatorKind

pytestmark = pytest.mark.django_db

LICENSED_NAMES = ("VERA", "ERG", "RADAR", "TRAP-18", "TRAP")


def test_a_network_gets_the_default_framework_with_eight_domains_on_first_use(network_a):
    with scope(network=network_a.pk):
        framework = default_framework(network_a)
        assert default_framework(network_a).pk == framework.pk  # created once
        assert AssessmentFramework.objects.filter(network=network_a).count() == 1
        domains = list(framework.domains.all())
        assert [d.label for d in domains] == [
            "Ideological engagement", "Attitude to violence and intent", "Capability and means",
            "Social relations", "Behaviour", "Life circumstances and needs",
            "Protective factors and strengths", "Motivation to engage with support"]
        for domain in domains:
            indicators = list(domain.indicators.all())
            assert 2 <= len(indicators) <= 4
            assert all(i.kind in IndicatorKind.values for i in indicators)
            # Default rows store a code, and show the default text in the reader's language.
            assert all(i.text == "" and i.label != i.code for i in indicators)
        assert framework.is_default and framework.owner == "Accord"


def test_the_default_framework_holds_no_licensed_instrument_content(network_a):
    texts = [str(name) for _c, name, _i in DEFAULT_DOMAINS] + [
        str(text) for _c, _n, items in DEFAULT_DOMAINS for _code, _k, text in items]
    for text in texts:
        assert not any(name in text.upper() for name in LICENSED_NAMES), text
    with scope(network=network_a.pk):
        framework = default_framework(network_a)
        assert "VERA" not in framework.label.upper()
        kinds = set(Indicator.objects.filter(domain__framework=framework)
                    .values_list("kind", flat=True))
    assert kinds == set(IndicatorKind.values)


def test_default_texts_are_translatable_strings(network_a):
    with scope(network=network_a.pk):
        domain = default_framework(network_a).domains.first()
    # The label is looked up when shown, so it follows the active language.
    with translation.override("de"):
        assert isinstance(domain.label, str) and domain.label
