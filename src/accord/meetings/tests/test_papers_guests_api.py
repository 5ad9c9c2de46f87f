"""Papers for guests and through the API (issue 16, Deliver 3 and "Names other programs rely
on")."""

import re

from django.core import mail
from django_scopes import scope

from accord.audit.models import AccessRecord
from accord.meetings.models import Paper
from accord.meetings.tests.papers_world import (  # noqa: F401 (fixtures)
    PDF,
    papers_dir_fixture,
    stored_files,
    world_fixture,
)
from accord.testing import factories


def guest_in(client, w) -> None:
    with w.on_commit(execute=True):
        assert client.get(f"/guest/{w.guest_token}/").status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert client.post("/guest/code/", {"code": code}).status_code == 302
    assert client.post("/guest/confidentiality/", {"confirm": "yes"}).status_code == 302


def test_a_guest_sees_only_their_items_guest_papers(world, client):
    w = world
    guest_in(client, w)
    page = client.get("/guest/meeting/papers/").content.decode()
    assert "Guest brief" in page
    for title in ("Agenda note", "Body paper", "Case report", "Bravo case"):
        assert title not in page
    response = client.get(f"/guest/meeting/papers/{w.papers['guests'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    for other in ("network", "body", "invited"):
        assert client.get(f"/guest/meeting/papers/{w.papers[other].pk}/").status_code == 404


def test_a_guests_download_is_recorded_as_guest_reads_are(world, client):
    w = world
    guest_in(client, w)
    client.get(f"/guest/meeting/papers/{w.papers['guests'].pk}/")
    with scope(network=w.network.pk):
        reads = list(AccessRecord.objects.filter(object_type="meetings.paper"))
    assert [(r.object_id, r.membership_id) for r in reads] == [(str(w.papers["guests"].pk),
                                                                None)]
    assert reads[0].actor_label == f"guest {w.guest.pk}: Gerda Gast"


def _api(w, item, rest=""):
    return (f"/api/v1/n/{w.network.slug}/meetings/{w.meeting.pk}/agenda-items/{item.pk}/"
            f"papers{rest}")


def test_the_api_lists_what_the_reader_may_know_and_read(world):
    w = world
    member = factories.signed_in_client(w.member.user)
    rows = member.get(_api(w, w.items[0])).json()
    assert {r["title"]: r["readable"] for r in rows} == {
        "Agenda note": True, "Body paper": True, "Guest brief": True}
    rows = member.get(_api(w, w.items[1])).json()
    assert [(r["title"], r["readable"]) for r in rows] == [("Case report", False)]
    assert "invited" in rows[0]["reason"]
    outside = factories.signed_in_client(w.outside.user)
    assert [r["title"] for r in outside.get(_api(w, w.items[0])).json()] == ["Agenda note"]
    assert outside.get(_api(w, w.items[1])).status_code == 404


def test_the_api_streams_a_download_and_refuses_with_the_reason(world):
    w = world
    member = factories.signed_in_client(w.member.user)
    response = member.get(_api(w, w.items[0], f"/{w.papers['network'].pk}/download"))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF
    refused = member.get(_api(w, w.items[1], f"/{w.papers['invited'].pk}/download"))
    assert refused.status_code == 403
    assert "invited" in refused.json()["detail"]
    outside = factories.signed_in_client(w.outside.user)
    assert outside.get(_api(w, w.items[0], f"/{w.papers['body'].pk}/download")
                       ).status_code == 404


def test_the_api_takes_an_upload_and_a_link_and_refuses_bad_ones(world):
    w = world
    chair = factories.signed_in_client(w.chair.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    created = chair.post(_api(w, w.items[0]), {
        "title": "Vorlage", "visibility": "body",
        "file": SimpleUploadedFile("vorlage.pdf", PDF)})
    assert created.status_code == 201, created.content
    assert created.json()["content_type"] == "application/pdf"
    link = chair.post(_api(w, w.items[0]), {"kind": "link", "title": "Wiki",
                                            "url": "https://example.test/wiki"})
    assert link.status_code == 201 and link.json()["url"] == "https://example.test/wiki"
    with scope(network=w.network.pk):
        before = Paper.objects.count()
    files = stored_files(w.papers_dir)
    svg = chair.post(_api(w, w.items[0]), {
        "title": "Bild", "file": SimpleUploadedFile("bild.svg", b"<svg></svg>")})
    assert svg.status_code == 422 and "not accepted" in svg.content.decode()
    mismatch = chair.post(_api(w, w.items[0]), {
        "title": "Bild", "file": SimpleUploadedFile("bild.png", PDF)})
    assert mismatch.status_code == 422 and "does not match" in mismatch.content.decode()
    unknown = chair.post(_api(w, w.items[0]), {"kind": "link", "title": "x", "owner": "me",
                                               "url": "https://example.test/"})
    assert unknown.status_code == 422
    plain_http = chair.post(_api(w, w.items[0]), {"kind": "link", "title": "x",
                                                  "url": "http://example.test/"})
    assert plain_http.status_code == 422
    with scope(network=w.network.pk):
        assert Paper.objects.count() == before
    assert stored_files(w.papers_dir) == files


def test_an_api_upload_over_the_size_limit_is_refused(world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = world
    settings.ACCORD_PAPER_MAX_BYTES = 2000
    chair = factories.signed_in_client(w.chair.user)
    response = chair.post(_api(w, w.items[0]), {
        "title": "Gross", "file": SimpleUploadedFile("gross.pdf", PDF + b"0" * 3000)})
    assert response.status_code == 422 and "larger than" in response.content.decode()
    # Far over what the route allows: refused on the declared length, before it is read.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = chair.post(_api(w, w.items[0]), {
        "title": "Gross", "file": SimpleUploadedFile("gross.pdf", PDF + b"0" * 9000)})
    assert response.status_code == 413
