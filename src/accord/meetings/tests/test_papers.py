"""Meeting papers (issue 16, Deliver 3): what is accepted, who reads what, the access log, the
streamed download, versions."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django_scopes import scope

from accord import policy
from accord.audit.models import AccessRecord
from accord.meetings.models import Paper
from accord.meetings.services import papers as paper_services
from accord.meetings.tests.papers_world import (  # noqa: F401 (fixtures)
    JPEG,
    PDF,
    PNG,
    docx,
    odt,
    papers_dir_fixture,
    stored_files,
    upload,
    world_fixture,
)
from accord.testing import factories


def _url(w, paper, part="download/"):
    return (f"/n/{w.network.slug}/meetings/{w.meeting.pk}/items/{paper.item_id}/papers/"
            f"{paper.pk}/{part}")


def _papers_page(w, item):
    return f"/n/{w.network.slug}/meetings/{w.meeting.pk}/items/{item.pk}/papers/"


# Uploads ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.pdf", PDF, "application/pdf"), ("a.png", PNG, "image/png"),
    ("a.JPG", JPEG, "image/jpeg"), ("a.jpeg", JPEG, "image/jpeg"),
    ("a.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ("a.docx", docx(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_accepted_types_are_typed_by_their_content(world, name, content, kind):
    w = world
    with scope(network=w.network.pk):
        paper = paper_services.paper_upload(membership=w.chair, item=w.items[0], title="",
                                            visibility="body", upload=upload(name, content))
        assert paper.content_type == kind and paper.title == name
        assert len(paper.sha256) == 64 and paper.size == len(content)
        with paper_services.paper_open(paper) as handle:
            assert handle.read() == content


REFUSED = [
    ("report.pdf", PNG, "does not match its name"),
    ("photo.png", PDF, "does not match its name"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
     "not accepted"),
    ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "not accepted"),
    ("archive.docx", b"PK\x03\x04not really a zip", "not accepted"),
    ("../../etc/passwd.pdf", PDF, "must not contain a path"),
    ("dir\\x.pdf", PDF, "must not contain a path"),
    ("bad\x07name.pdf", PDF, "control characters"),
    ("evil\u202efdp.exe.pdf", PDF, "control characters"),
    ("empty.pdf", b"", "empty"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_refused_uploads_store_nothing(world, name, content, message):
    w = world
    with scope(network=w.network.pk):
        before, files = Paper.objects.count(), stored_files(w.papers_dir)
        with pytest.raises(ValidationError) as refusal:
            paper_services.paper_upload(membership=w.chair, item=w.items[0], title="x",
                                        visibility="body", upload=upload("x.pdf", content),
                                        filename=name)
        assert message in " ".join(refusal.value.messages)
        assert Paper.objects.count() == before
    assert stored_files(w.papers_dir) == files


def test_an_upload_over_the_limit_is_refused_with_nothing_stored(world, settings):
    w = world
    settings.ACCORD_PAPER_MAX_BYTES = 1000
    with scope(network=w.network.pk):
        before, files = Paper.objects.count(), stored_files(w.papers_dir)
        with pytest.raises(ValidationError, match="larger than"):
            paper_services.paper_upload(membership=w.chair, item=w.items[0], title="big",
                                        visibility="body",
                                        upload=upload("big.pdf", PDF + b"0" * 2000))
        assert Paper.objects.count() == before
    assert stored_files(w.papers_dir) == files


def test_the_page_refuses_a_path_in_the_name_django_would_have_cut(world):
    w = world
    client = factories.signed_in_client(w.chair.user)
    files = stored_files(w.papers_dir)
    # Built by hand: Django's test client (like its parser) would cut the name itself.
    boundary = "BoUnDaRy"
    fields = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                     f"{v}\r\n" for k, v in {"kind": "upload", "visibility": "body"}.items())
    body = (fields.encode() + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../secret.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + PDF + f"\r\n--{boundary}--\r\n".encode())
    response = client.post(_papers_page(w, w.items[0]), body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert "must not contain a path" in response.content.decode()
    assert stored_files(w.papers_dir) == files


def test_the_page_uploads_a_paper(world):
    w = world
    client = factories.signed_in_client(w.member.user)
    response = client.post(_papers_page(w, w.items[0]), {
        "kind": "upload", "visibility": "body", "title": "Protokollentwurf",
        "file": upload("entwurf.pdf")})
    assert response.status_code == 302
    page = client.get(_papers_page(w, w.items[0])).content.decode()
    assert "Protokollentwurf" in page and "entwurf.pdf" in page


def test_links_are_https_only(world):
    w = world
    with scope(network=w.network.pk):
        with pytest.raises(ValidationError, match="https://"):
            paper_services.paper_link_add(membership=w.chair, item=w.items[0], title="Wiki",
                                          visibility="body", url="http://example.test/x")
        link = paper_services.paper_link_add(membership=w.chair, item=w.items[0], title="Wiki",
                                             visibility="body", url="https://example.test/x")
    response = factories.signed_in_client(w.member.user).get(_url(w, link))
    assert response.status_code == 302 and response["Location"] == "https://example.test/x"


def test_a_confidential_items_paper_is_never_network_wide(world):
    w = world
    with scope(network=w.network.pk), pytest.raises(ValidationError, match="whole network"):
        paper_services.paper_upload(membership=w.chair, item=w.items[1], title="x",
                                    visibility="network", upload=upload())


def test_a_member_outside_the_body_may_not_add_papers(world):
    w = world
    with scope(network=w.network.pk), pytest.raises(policy.Denied) as denied:
        paper_services.paper_upload(membership=w.outside, item=w.items[0], title="x",
                                    visibility="body", upload=upload())
    assert denied.value.status == 404  # they may not know the meeting exists
    assert stored_files(w.papers_dir) == stored_files(w.papers_dir)


# Who reads what --------------------------------------------------------------------------

def _readable(w, membership) -> set[str]:
    with scope(network=w.network.pk):
        papers = list(w.papers.values())
        decisions = policy.decide_many(membership, "paper.read", papers, purpose="view")
    return {p.title for p, d in zip(papers, decisions, strict=True) if d.allowed}


def test_each_reader_reads_exactly_the_papers_they_may(world):
    w = world
    everything = {"Agenda note", "Body paper", "Guest brief", "Case report"}
    assert _readable(w, w.chair) == everything
    assert _readable(w, w.secretary) == everything
    assert _readable(w, w.member) == {"Agenda note", "Body paper", "Guest brief"}
    assert _readable(w, w.coordinator) == {"Agenda note", "Body paper", "Guest brief"}
    assert _readable(w, w.outside) == {"Agenda note"}
    assert _readable(w, w.privacy) == set()
    assert _readable(w, w.guest) == {"Guest brief"}


def test_a_member_outside_the_body_is_refused_the_body_paper_but_gets_the_network_one(world):
    w = world
    client = factories.signed_in_client(w.outside.user)
    assert client.get(_url(w, w.papers["body"])).status_code == 404
    response = client.get(_url(w, w.papers["network"]))
    assert response.status_code == 200
    # On the item's page they see the network paper and the item only as a slot.
    page = client.get(_papers_page(w, w.items[0])).content.decode()
    assert "Agenda note" in page and "Body paper" not in page and "Guest brief" not in page
    assert client.get(_papers_page(w, w.items[1])).status_code == 404


def test_a_member_of_the_body_not_in_the_room_is_told_why(world):
    w = world
    client = factories.signed_in_client(w.member.user)
    response = client.get(_url(w, w.papers["invited"]))
    assert response.status_code == 403
    assert "only for those invited to this item" in response.content.decode()
    page = client.get(_papers_page(w, w.items[1])).content.decode()
    assert "Case report" in page and "only for those invited" in page
    assert "case.docx" not in page  # no link, no file name


def test_another_network_finds_nothing(world, outsider):
    w = world
    client = factories.signed_in_client(outsider.user)
    assert client.get(_url(w, w.papers["network"])).status_code == 404


def test_every_download_is_in_the_access_log(world):
    w = world
    client = factories.signed_in_client(w.member.user)
    client.get(_url(w, w.papers["body"]))
    client.get(_url(w, w.papers["invited"]))  # refused: no read
    with scope(network=w.network.pk):
        reads = list(AccessRecord.objects.filter(object_type="meetings.paper"))
    assert [(r.object_id, r.membership_id, r.categories) for r in reads] == [
        (str(w.papers["body"].pk), w.member.pk, ["meeting_paper"])]


# Serving ---------------------------------------------------------------------------------

def test_a_download_is_a_streamed_attachment_that_never_runs(world):
    w = world
    response = factories.signed_in_client(w.member.user).get(_url(w, w.papers["body"]))
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="body.odt"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == w.papers["body"].sha256


# Versions --------------------------------------------------------------------------------

def test_a_new_version_supersedes_and_keeps_the_history(world):
    w = world
    old = w.papers["body"]
    with scope(network=w.network.pk):
        new = paper_services.paper_upload(membership=w.member, item=w.items[0], title="",
                                          visibility="body", upload=upload("body-v2.pdf"),
                                          supersedes=old)
        old.refresh_from_db()
        assert (new.version, new.supersedes_id, new.is_current) == (2, old.pk, True)
        assert old.superseded_at is not None and not old.is_current
        assert old.current_at(new.uploaded_at) is False
        with pytest.raises(ValidationError, match="current version"):
            paper_services.paper_upload(membership=w.member, item=w.items[0], title="",
                                        visibility="body", upload=upload("v3.pdf"),
                                        supersedes=old)
    # The old version is still there and still downloadable.
    client = factories.signed_in_client(w.member.user)
    assert client.get(_url(w, old)).status_code == 200
    page = client.get(_papers_page(w, w.items[0])).content.decode()
    assert "superseded" in page


def test_only_the_uploader_or_planners_make_a_new_version(world):
    w = world
    with scope(network=w.network.pk), pytest.raises(policy.Denied) as denied:
        paper_services.paper_upload(membership=w.leaver, item=w.items[0], title="",
                                    visibility="body", upload=upload(),
                                    supersedes=w.papers["body"])
    assert denied.value.status == 403
    assert "replace it" in denied.value.decision.reason


def test_the_minutes_keep_the_version_current_at_their_approval(world):
    from accord.meetings import papers_selectors
    from accord.meetings.services import circulation
    from accord.meetings.services import meetings as meeting_services
    from accord.meetings.services.errors import Refused

    w = world
    with scope(network=w.network.pk):
        v2 = paper_services.paper_upload(membership=w.member, item=w.items[0], title="",
                                         visibility="body", upload=upload("v2.pdf"),
                                         supersedes=w.papers["body"])
        meeting_services.meeting_mark_held(membership=w.chair, meeting=w.meeting)
        circulation.minutes_approve(membership=w.chair, meeting=w.meeting)
        w.items[0].meeting.refresh_from_db()
        kept = papers_selectors.papers_on_record(w.items[0])
        assert v2 in kept and w.papers["body"] not in kept
        # After approval the papers no longer change, so that version stays the one kept.
        with pytest.raises(Refused):
            paper_services.paper_upload(membership=w.member, item=w.items[0], title="",
                                        visibility="body", upload=upload("v3.pdf"),
                                        supersedes=v2)


def test_papers_are_never_attached_to_e_mails_only_the_meetings_link(cast, papers_dir):
    from django.core import mail

    from accord.meetings.services import agenda
    from accord.meetings.tests.conftest import schedule

    c = cast
    with scope(network=c.network.pk):
        meeting = schedule(c, hours=48, title="Fallkonferenz Juni")
        item = agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Lage")
        paper_services.paper_upload(membership=c.chair, item=item, title="Vorlage",
                                    visibility="body", upload=upload("vorlage.pdf"))
        with c.on_commit(execute=True):
            agenda.agenda_publish(membership=c.chair, meeting=meeting)
    assert mail.outbox
    for message in mail.outbox:
        names = [attachment[0] if isinstance(attachment, tuple) else attachment.get_filename()
                 for attachment in message.attachments]
        assert names == ["invite.ics"]
        assert f"/meetings/{meeting.pk}/" in message.body and "vorlage.pdf" not in message.body


def test_a_storage_that_fails_half_way_leaves_no_file(world, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    w = world
    files = stored_files(w.papers_dir)

    def broken_save(self, name, content, max_length=None):
        with open(self.path(name), "wb") as handle:
            handle.write(b"%PDF-")  # half the file, then the disk is full
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", broken_save)
    with scope(network=w.network.pk):
        before = Paper.objects.count()
        with pytest.raises(OSError):
            paper_services.paper_upload(membership=w.chair, item=w.items[0], title="x",
                                        visibility="body", upload=upload())
        assert Paper.objects.count() == before
    assert stored_files(w.papers_dir) == files


def test_a_zip_bomb_is_read_no_further_than_its_head(world):
    import io
    import zipfile

    w = world
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"\0" * (16 * 1024 * 1024))
        archive.writestr("word/document.xml", "<w:document/>")
    with scope(network=w.network.pk), pytest.raises(ValidationError, match="not accepted"):
        paper_services.paper_upload(membership=w.chair, item=w.items[0], title="x",
                                    visibility="body", upload=upload("bomb.docx",
                                                                     out.getvalue()))
