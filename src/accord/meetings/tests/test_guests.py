import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.audit.models import AccessRecord
from accord.meetings.models import GuestInvitation, Meeting
from accord.meetings.tests.conftest import TEXTS
from accord.meetings.tests.helpers import pdf_text

OWN = {TEXTS[(1, "network")], TEXTS[(1, "present")]}
OTHERS = set(TEXTS.values()) - OWN


def guest_in(client, held) -> None:
    """Open the link, type the e-mailed code, acknowledge confidentiality."""
    with held.on_commit(execute=True):
        assert client.get(f"/guest/{held.guest_token}/").status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert client.post("/guest/code/", {"code": code}).status_code == 302
    assert client.post("/guest/confidentiality/", {"confirm": "yes"}).status_code == 302


def test_guest_sees_only_their_item_through_page_api_and_pdf(held, client):
    guest_in(client, held)
    page = client.get("/guest/meeting/").content.decode()
    assert "Alpha topic" in page
    assert "Bravo case" not in page and "Charlie decision" not in page
    assert "RS-2026-014" not in page
    for text in OTHERS:
        assert text.replace("<", "&lt;").replace(">", "&gt;") not in page
    for text in OWN:
        assert text in page
    # never the participant list
    assert "Leaver" not in page and "Secretary" not in page

    agenda = client.get("/api/v1/guest/meeting/agenda-items").json()
    assert [row["title"] for row in agenda if row["id"]] == ["Alpha topic"]
    assert all(row["title"] == "Other item" for row in agenda if row["id"] is None)
    entries = client.get("/api/v1/guest/meeting/minute-entries").json()
    assert {row["text"] for row in entries if row["text"]} == OWN

    text = " ".join(pdf_text(client.get("/guest/meeting/minutes.pdf").content).split())
    assert all(t in text for t in OWN) and not any(t in text for t in OTHERS)
    assert "Prepared for Gerda Gast" in text


def test_every_guest_view_is_audited(held, client):
    guest_in(client, held)
    client.get("/guest/meeting/")
    client.get("/api/v1/guest/meeting/minute-entries")
    with scope(network=held.network.pk):
        reads = AccessRecord.objects.filter(actor_label="").count()
        purposes = list(AccessRecord.objects.values_list("purpose", flat=True))
    assert reads == 0
    assert any("meeting page" in p for p in purposes) and any("API minutes" in p
                                                              for p in purposes)


def test_nothing_is_shown_before_code_and_acknowledgement(held, client):
    client.get(f"/guest/{held.guest_token}/")
    assert client.get("/guest/meeting/")["Location"].endswith("/guest/code/")
    assert client.get("/api/v1/guest/meeting/minute-entries").status_code == 404


def test_a_guest_link_works_once(held, client):
    assert client.get(f"/guest/{held.guest_token}/").status_code == 302
    other_browser = type(client)()
    response = other_browser.get(f"/guest/{held.guest_token}/")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def meeting_ended(held, ago: timedelta) -> None:
    with scope(network=held.network.pk):
        Meeting.objects.filter(pk=held.meeting.pk).update(
            starts_at=timezone.now() - ago - timedelta(hours=2),
            ends_at=timezone.now() - ago)


def test_a_guest_link_after_expiry_is_refused(held, client):
    meeting_ended(held, timedelta(hours=GuestInvitation.grace_hours(), minutes=1))
    assert client.get(f"/guest/{held.guest_token}/").status_code == 410


def test_guest_access_ends_after_the_meeting_and_grace_period(held, client):
    guest_in(client, held)
    meeting_ended(held, timedelta(hours=GuestInvitation.grace_hours(), seconds=1))
    assert client.get("/guest/meeting/").status_code == 403
    assert client.get("/guest/meeting/minutes.pdf").status_code == 403


def test_wrong_codes_lock_the_invitation(held, client):
    client.get(f"/guest/{held.guest_token}/")
    for _ in range(5):
        assert client.post("/guest/code/", {"code": "000000"}).status_code in (400, 302)
    assert client.post("/guest/code/", {"code": "000000"}).status_code == 403


def test_a_guest_guessing_other_item_ids_finds_nothing(held, client):
    guest_in(client, held)
    slug, pk = held.network.slug, held.meeting.pk
    # The guest is no member: network routes do not exist for them.
    assert client.get(f"/api/v1/n/{slug}/meetings/{pk}/minute-entries").status_code == 401
    page = client.get(reverse("meetings:detail", kwargs={"network": slug, "pk": pk}))
    assert page.status_code == 302  # to sign-in
