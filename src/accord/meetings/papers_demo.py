"""Demo papers (issue 16, "Done when"): on the upcoming meeting, two items carry papers of
different visibilities, and a guest invited to the topic item has a paper of their own.
Called from meetings.demo with one line; through the same services as the pages. The PDFs
are generated here, one page of fictional text each."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.meetings.models import Meeting
from accord.meetings.services import guests
from accord.meetings.services import papers as paper_services

TEXTS = {
    "de": {"note": "Lagebild Schulen: Kurzbericht", "body": "Schulliste (nur Fallkonferenz)",
           "guest": "Fragen an die Expertin", "case": "Fallverlauf DEMO-2026-007",
           "link": "Landesprogramm Prävention (Website)",
           "guest_name": ("Dr. Jana Muster", "Hochschule für Soziale Arbeit")},
    "nl": {"note": "Situatie op scholen: kort verslag", "body": "Schoollijst (alleen casusoverleg)",
           "guest": "Vragen aan de deskundige", "case": "Verloop casus DEMO-2026-007",
           "link": "Landelijk preventieprogramma (website)",
           "guest_name": ("Dr. Jana Voorbeeld", "Hogeschool Sociaal Werk")},
}


def demo_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF showing `title` (ASCII; offsets computed)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    return bytes(out)


def _pdf(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


def load_papers_demo(*, body, chair, secretary, members, language: str) -> None:
    meeting = (Meeting.objects.filter(body=body, starts_at__gt=timezone.now())
               .order_by("starts_at").first())
    if meeting is None or meeting.items.filter(papers__isnull=False).exists():
        return
    texts = TEXTS.get(language, TEXTS["de"])
    items = list(meeting.items.all())
    topic = next((i for i in items if i.required_level is not None), items[0])
    case = next((i for i in items if i.confidential or i.kind == "case"), items[-1])
    author = members[0] if members else secretary
    paper_services.paper_upload(membership=secretary, item=topic, title=texts["note"],
                                visibility="network", upload=_pdf("kurzbericht.pdf",
                                                                  texts["note"]))
    paper_services.paper_upload(membership=author, item=topic, title=texts["body"],
                                visibility="body", upload=_pdf("schulliste.pdf", texts["body"]))
    paper_services.paper_link_add(membership=secretary, item=topic, title=texts["link"],
                                  visibility="network", url="https://example.org/praevention")
    paper_services.paper_upload(membership=chair, item=case, title=texts["case"],
                                visibility="invited", upload=_pdf("fallverlauf.pdf",
                                                                  texts["case"]))
    if topic.required_level is not None:
        name, organisation = texts["guest_name"]
        guests.guest_invite(membership=chair, meeting=meeting, name=name,
                            email="guest.papers@example.org", organisation_name=organisation,
                            items=[topic], level=topic.required_level)
        paper_services.paper_upload(membership=chair, item=topic, title=texts["guest"],
                                    visibility="guests",
                                    upload=_pdf("fragen.pdf", texts["guest"]))
