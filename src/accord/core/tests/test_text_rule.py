"""One control-character rule for every form field and the API (issue 9, item 6)."""

import importlib
import pkgutil

import pytest
from django import forms
from django_scopes import scopes_disabled

import accord
from accord.core.forms import Form, TextRulesMixin
from accord.core.text import CONTROL_CHARACTERS_MESSAGE
from accord.tenancy.models import Organisation

HARNESS = {"tests", "e2e", "demo", "bench", "security", "testing", "migrations", "management"}


class Note(Form):
    title = forms.CharField(max_length=100)
    text = forms.CharField(widget=forms.Textarea, max_length=1000)


def _errors(data: dict) -> dict:
    form = Note(data)
    form.is_valid()
    return form.errors


def test_a_single_line_keeps_the_tab_and_refuses_line_breaks_and_other_controls():
    assert "title" not in _errors({"title": "Fall\tkonferenz", "text": "x"})
    for hostile in ("Fall\nkonferenz", "Fall\rkonferenz", "Fall\x1bkonferenz", "Fall\x7f"):
        assert _errors({"title": hostile, "text": "x"})["title"] == [
            str(CONTROL_CHARACTERS_MESSAGE)], repr(hostile)


def test_a_multi_line_text_keeps_tab_and_line_breaks_and_refuses_the_rest():
    assert "text" not in _errors({"title": "x", "text": "Erstens:\n\tSchule.\r\nZweitens."})
    assert _errors({"title": "x", "text": "Schule\x00"})["text"] == [
        str(CONTROL_CHARACTERS_MESSAGE)]  # one message: Django's own NUL check is replaced


def _accord_modules():
    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        parts = set(info.name.split("."))
        # The development OpenID provider is a Django project of its own (its own settings,
        # its own process): not Accord's forms.
        if (not parts & HARNESS and info.name not in {"accord.wsgi", "accord.cli"}
                and "oidc_dev_provider" not in parts):
            yield info.name


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_accord_form_applies_the_rule():
    for name in _accord_modules():
        importlib.import_module(name)
    ours = [cls for cls in set(_subclasses(forms.BaseForm))
            if cls.__module__.startswith("accord.")
            and not set(cls.__module__.split(".")) & HARNESS]
    assert len(ours) >= 40, "the walk should find the apps' forms"
    found = [f"{cls.__module__}.{cls.__qualname__}" for cls in ours
             if not issubclass(cls, TextRulesMixin)]
    assert found == [], ("Derive these from accord.core.forms.Form / ModelForm (or mix in "
                         "TextRulesMixin first): " + ", ".join(sorted(found)))


@pytest.mark.django_db
def test_a_control_character_in_an_organisation_name_is_a_form_error_and_nothing_is_stored(
        coordinator_client):
    response = coordinator_client.post("/n/rheinstadt/organisations/new/",
                                       {"name": "Jugendamt\x1b[31m", "sector": "youth_social"})

    assert response.status_code == 400
    assert "Control characters are not allowed here." in response.content.decode()
    with scopes_disabled():
        assert not Organisation.objects.filter(name__startswith="Jugendamt").exists()
