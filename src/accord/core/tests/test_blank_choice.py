"""The empty choice of a drop-down reads in the page's language (issue 8: "- Select an option -"
stayed English in German and Dutch, because Django's own catalogues lack it). Accord sets the
label itself (core/apps.py), so its msgid is extracted into Accord's catalogues, which come
first."""

import pytest
from django.utils import translation

from accord.tenancy.models import Organisation


@pytest.mark.parametrize("language", ["de", "nl", "fr"])
def test_the_blank_choice_reads_in_the_pages_language(language):
    sector = Organisation._meta.get_field("sector")
    with translation.override(language):
        blank = dict(sector.get_choices())[""]
        assert str(blank) != "- Select an option -"
