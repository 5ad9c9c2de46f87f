import pytest

from accord.sharing.tests.consent_helpers import make_world


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    # Uploaded written forms go to a folder of the test's own.
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def world(db):
    return make_world()
