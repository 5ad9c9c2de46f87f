"""Every string a user sees exists in English, German, Dutch and French."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = ("de", "nl", "fr")
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|\{(\w*)\}")


def catalogue(language: str) -> polib.POFile:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"missing catalogue {path}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalogue(language)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert len(po) > 50
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    broken = []
    for entry in catalogue(language).translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            got = [set(PLACEHOLDER.findall(s)) for s in entry.msgstr_plural.values()]
            if any(g - wanted - set(PLACEHOLDER.findall(entry.msgid_plural)) for g in got):
                broken.append(entry.msgid)
        elif set(PLACEHOLDER.findall(entry.msgstr)) != wanted:
            broken.append(entry.msgid)
    assert broken == [], f"{language}: placeholders differ in {broken[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_catalogues_cover_every_string_in_the_source(tmp_path):
    """Extract the messages afresh from a copy of the source and compare with the catalogues."""
    copy = tmp_path / "accord"
    shutil.copytree(settings.BASE_DIR, copy,
                    ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests", "e2e"))
    # With a locale folder of its own, makemessages writes into the copy, never the real one.
    (copy / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-obsolete",
         "--ignore", "static/*", "--verbosity", "0"],
        cwd=copy, check=True, capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "accord.settings", "ACCORD_ENV": "test",
             "PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR.parent),
             "ACCORD_VAR_DIR": str(tmp_path / "var")},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in catalogue("de")}
    missing = sorted(fresh - known)
    assert missing == [], f"{len(missing)} strings missing from the catalogues: {missing[:15]}"
