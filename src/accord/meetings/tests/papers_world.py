"""A meeting under way with papers at every visibility, for the papers and speakers tests.

Item 1 "Alpha topic" admits guests (Gerda Gast is invited to it); item 2 "Bravo case" is a
confidential case item whose room (chair and secretary) leaves out the body's member.
"""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from accord.meetings.services import agenda, attendance, guests
from accord.meetings.services import papers as paper_services
from accord.meetings.tests.conftest import person, schedule

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def build(cast) -> SimpleNamespace:
    c = cast
    c.outside = person(c.network, "outside")  # a member of the network in no body
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=-1)
        c.items = [
            agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                      title="Alpha topic", required_level=2),
            agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                      title="Bravo case", kind="case", confidential=True),
        ]
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        c.guest, c.guest_token = guests.guest_invite(
            membership=c.chair, meeting=c.meeting, name="Gerda Gast",
            email="gast@example.test", items=[c.items[0]], level=2)
        for who in (c.chair, c.secretary, c.member):
            attendance.attendance_set(membership=c.secretary, meeting=c.meeting, person=who,
                                      status="present")
        attendance.item_presence_set(membership=c.secretary, item=c.items[1],
                                     members=[c.chair, c.secretary])
        alpha, bravo = c.items
        c.papers = {
            "network": paper_services.paper_upload(
                membership=c.secretary, item=alpha, title="Agenda note", visibility="network",
                upload=upload("note.pdf")),
            "body": paper_services.paper_upload(
                membership=c.member, item=alpha, title="Body paper", visibility="body",
                upload=upload("body.odt", odt())),
            "guests": paper_services.paper_upload(
                membership=c.chair, item=alpha, title="Guest brief", visibility="guests",
                upload=upload("brief.png", PNG)),
            "invited": paper_services.paper_upload(
                membership=c.chair, item=bravo, title="Case report", visibility="invited",
                upload=upload("case.docx", docx())),
        }
    return c


@pytest.fixture(name="papers_dir")
def papers_dir_fixture(settings, tmp_path):
    """The papers storage in a directory of the test's own."""
    location = tmp_path / "papers"
    settings.STORAGES = {**settings.STORAGES, "papers": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)}}}
    return location


@pytest.fixture(name="world")
def world_fixture(cast, papers_dir):
    w = build(cast)
    w.papers_dir = papers_dir
    return w


def stored_files(directory) -> list:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []
