"""Every (role, visibility, presence) combination, through the page, the API and the PDF.

Alpha (item 1): everyone in the body present. Bravo (item 2, confidential): the leaver left
the room. Charlie (item 3): a `not recorded` entry besides the network one.
"""

import pytest
from django.urls import reverse

from accord.meetings.tests.conftest import TEXTS
from accord.meetings.tests.helpers import pdf_info, pdf_text
from accord.testing import factories

ALL = set(TEXTS.values())
NETWORK_ONLY = {TEXTS[(1, "network")], TEXTS[(2, "network")], TEXTS[(3, "network")]}

# reader → the entries they may read; None: the meeting does not exist for them (404).
MATRIX = {
    "chair": ALL,
    "secretary": ALL,
    "member": ALL,  # present for every item
    "leaver": ALL - {TEXTS[(2, "present")]},  # left the room for Bravo
    "adviser": NETWORK_ONLY,  # in the body, present for nothing
    "coordinator": NETWORK_ONLY,  # reads every body, was not in the room
    "seated_observer": NETWORK_ONLY,  # observer appointed to the body
    "privacy": set(),  # sees the meeting exists, never minutes content
    "observer": None,  # observer not in the body
    "outsider": None,  # another network
}


def reader(held, name, outsider):
    return outsider if name == "outsider" else getattr(held, name)


def urls(held):
    slug, pk = held.network.slug, held.meeting.pk
    return (reverse("meetings:detail", kwargs={"network": slug, "pk": pk}),
            f"/api/v1/n/{slug}/meetings/{pk}/minute-entries",
            reverse("meetings:pdf", kwargs={"network": slug, "pk": pk}))


@pytest.mark.parametrize("name", MATRIX)
def test_each_reader_sees_exactly_their_entries_in_page_api_and_pdf(held, outsider, name):
    client = factories.signed_in_client(reader(held, name, outsider).user)
    page_url, api_url, pdf_url = urls(held)
    expected = MATRIX[name]
    page, api, pdf = client.get(page_url), client.get(api_url), client.get(pdf_url)

    if expected is None:
        assert (page.status_code, api.status_code, pdf.status_code) == (404, 404, 404)
        return

    html = page.content.decode()
    api_texts = {row["text"] for row in api.json() if row["text"]}
    assert page.status_code == 200 and api.status_code == 200
    assert api_texts == expected
    for text in ALL:
        escaped = text.replace("<", "&lt;").replace(">", "&gt;")
        assert (escaped in html) == (text in expected), (name, text)
    assert "<script>alert(1)" not in html
    assert "never stored" not in html and "never stored" not in api.content.decode()

    if not expected:  # privacy officer: sees the meeting, reads no minutes, so no minutes PDF
        assert pdf.status_code == 403
        assert "does not read content" in pdf.content.decode()
        return
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    flat = " ".join(text.split())
    for entry in ALL:
        assert (entry in flat) == (entry in expected), (name, entry)
    assert "Discussed; not recorded." in flat


def test_the_pdf_names_its_reader_and_says_confidential_on_every_page(held):
    client = factories.signed_in_client(held.leaver.user)
    pdf = client.get(urls(held)[2])
    pages = pdf_text(pdf.content).split("\f")
    pages = [page for page in pages if page.strip()]
    assert pages
    for page in pages:
        assert "Confidential" in page and "Prepared for Leaver" in page
    assert pdf.content[:8].startswith(b"%PDF-1.7")
    info = pdf_info(pdf.content)
    assert "Tagged:          yes" in info  # PDF/UA-1: a tagged, searchable PDF


def test_confidential_item_title_is_masked_for_the_privacy_officer(held):
    html = factories.signed_in_client(held.privacy.user).get(urls(held)[0]).content.decode()
    assert "Bravo case" not in html and "Confidential item" in html
    assert "RS-2026-014" not in html
