import shutil
import subprocess
import tempfile

import pytest


def pdf_info(content: bytes) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(["pdfinfo", handle.name], check=True,
                              capture_output=True).stdout.decode()


def pdf_text(content: bytes) -> str:
    """The PDF's text as a reader's tool extracts it (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(["pdftotext", "-layout", handle.name, "-"], check=True,
                                capture_output=True)
    return result.stdout.decode()
