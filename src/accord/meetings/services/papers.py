"""Meeting papers (issue 16, Deliver 3): uploads and links on agenda items, each at its own
visibility, read through the decision point.

An upload is hostile input. Its name must be a plain file name (no path, no control
character); its type is read from its content (magic bytes; for ODT and DOCX the zip's own
declaration), never from its name, and must agree with the name's extension; only PDF, ODT,
DOCX, PNG and JPEG are taken, so no active content (SVG, HTML) is ever stored, let alone served.
It is checked whole before anything is written: a refused upload leaves no row and no file.
Files go through Django's storage API (STORAGES["papers"]) under a name of our own making.

A new version supersedes the current one; old versions stay. Papers change only while the
meeting's minutes are open, so the version current when the minutes were approved is the one
they keep for good (Paper.current_at says which was current at any moment).

Papers are never attached to e-mails: invitations link to the meeting page, where each reader
sees the papers they may read.
"""

import hashlib
import os
import unicodedata
import uuid
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.access import access_record
from accord.core.text import has_control_characters
from accord.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    GuestInvitation,
    Paper,
    PaperKind,
    PaperVisibility,
)
from accord.meetings.services._common import audit, require_agenda_open

CHUNK = 64 * 1024
PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
# What each accepted type may be called; a name whose extension says otherwise is refused.
EXTENSIONS = {PDF: {".pdf"}, ODT: {".odt"}, DOCX: {".docx"}, PNG: {".png"},
              JPEG: {".jpg", ".jpeg"}}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def papers_storage():
    return storages["papers"]


def max_bytes() -> int:
    return settings.ACCORD_PAPER_MAX_BYTES


# Checks ------------------------------------------------------------------------------------

def clean_filename(name: str) -> str:
    """The file name as given, if it is a plain one: a path or a control character is refused
    (never silently cut to its last part, which would hide what was sent)."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or name in {".", ".."}:
        raise ValidationError({"file": _("Give the file a name.")})
    # Format characters too: a right-to-left override makes "fdp.exe" read as "exe.pdf".
    if has_control_characters(name, multiline=False) or any(
            unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValidationError({"file": _("The file's name contains control characters: "
                                         "rename it and upload it again.")})
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValidationError({"file": _("The file's name must not contain a path: give a "
                                         "plain name such as report.pdf.")})
    if len(name) > 200:
        raise ValidationError({"file": _("The file's name is too long (200 characters at "
                                         "most).")})
    return name


def _head(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    # Never more than `size` bytes decompressed: a zip bomb stays a small read.
    with archive.open(name) as member:
        return member.read(size)


def _zip_type(upload) -> str | None:
    """ODT names itself in a first `mimetype` member; DOCX declares its main part in
    [Content_Types].xml."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype" and _head(archive, "mimetype", 100).strip() == (
                    ODT.encode()):
                return ODT
            if ("[Content_Types].xml" in names and "word/document.xml" in names
                    and DOCX_MAIN.encode() in _head(archive, "[Content_Types].xml", 200_000)):
                return DOCX
    # Whatever a broken or hostile archive raises, it is not a document we accept.
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError,
            NotImplementedError, EOFError, zlib.error):
        return None
    return None


def detect_type(upload) -> str | None:
    """The content type read from the content, or None for anything not accepted."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    return None


def check_upload(upload, filename: str | None = None) -> tuple[str, str]:
    """(clean file name, content type) of an acceptable upload; ValidationError otherwise.
    `filename`: the name as the client sent it (api.limits.sent_file_name), when known."""
    name = clean_filename(filename if filename is not None else getattr(upload, "name", ""))
    if upload.size > max_bytes():
        raise ValidationError({"file": _("The file is larger than %(limit)s MB: upload a "
                                         "smaller one.") % {"limit": max_bytes() // 2**20}})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    content_type = detect_type(upload)
    if content_type is None:
        raise ValidationError({"file": _("This type of file is not accepted: upload a PDF, "
                                         "ODT, DOCX, PNG or JPEG file.")})
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError({"file": _("The file's content does not match its name: its "
                                         "content is %(kind)s, its name ends in “%(ext)s”.")
                               % {"kind": content_type, "ext": extension or "—"}})
    return name, content_type


def _checksum(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_visibility(item: AgendaItem, visibility: str) -> None:
    if visibility not in PaperVisibility.values:
        raise ValidationError({"visibility": _("Choose who may read this paper.")})
    # A confidential or case item's papers stay with the body: sharing one with the whole
    # network would tell members outside the body what the item keeps from them.
    if visibility == PaperVisibility.NETWORK and (item.confidential
                                                  or item.kind == AgendaItemKind.CASE):
        raise ValidationError({"visibility": _("A paper of a confidential or case item cannot "
                                               "be shared with the whole network.")})
    if visibility == PaperVisibility.GUESTS and item.required_level is None:
        raise ValidationError({"visibility": _("This item admits no guests: choose another "
                                               "visibility, or set the item's required level "
                                               "first.")})


# Writes ------------------------------------------------------------------------------------

def _prepare(membership, item: AgendaItem, supersedes: Paper | None) -> dict:
    policy.require(membership, "paper.upload", item, purpose="prepare")
    require_agenda_open(item.meeting)
    if supersedes is None:
        return {"version": 1}
    policy.require(membership, "paper.supersede", supersedes, purpose="prepare")
    if supersedes.item_id != item.pk or supersedes.superseded_at is not None:
        raise ValidationError({"supersedes": _("Choose the current version of a paper of "
                                               "this item.")})
    return {"version": supersedes.version + 1, "supersedes": supersedes}


def _supersede(old: Paper | None, now) -> None:
    if old is None:
        return
    # One conditional UPDATE: two new versions of the same paper can never both win.
    if not Paper.objects.filter(pk=old.pk, superseded_at__isnull=True).update(
            superseded_at=now):
        raise ValidationError({"supersedes": _("Someone replaced this paper in the meantime: "
                                               "reload the page.")})
    old.superseded_at = now


@transaction.atomic
def paper_upload(*, membership, item: AgendaItem, title: str, visibility: str, upload,
                 filename: str | None = None, supersedes: Paper | None = None) -> Paper:
    """Add an uploaded paper to `item` (or a new version of `supersedes`). Members of the body
    and the meeting's officers (paper.upload); checked whole before anything is stored; the
    row and the file both, or neither; audited with the checksum, never the content."""
    fields = _prepare(membership, item, supersedes)
    _check_visibility(item, visibility)
    name, content_type = check_upload(upload, filename)
    extension = os.path.splitext(name)[1].lower()
    now = timezone.now()
    paper = Paper(network=item.network, item=item, title=title or name, kind=PaperKind.UPLOAD,
                  original_filename=name, content_type=content_type, size=upload.size,
                  sha256=_checksum(upload), visibility=visibility, uploaded_by=membership,
                  uploaded_at=now, stored_name=f"{item.network_id}/{uuid.uuid4().hex}{extension}",
                  **fields)
    paper.full_clean(exclude=["supersedes"])
    _supersede(supersedes, now)
    storage = papers_storage()
    try:
        stored = storage.save(paper.stored_name, upload)
    except BaseException:
        if storage.exists(paper.stored_name):  # a write that failed half-way (disk full)
            storage.delete(paper.stored_name)
        raise
    try:
        paper.stored_name = stored
        paper.save()
        audit(membership, "papers.uploaded", paper, item=item.pk, version=paper.version,
              sha256=paper.sha256, size=paper.size, visibility=visibility)
    except BaseException:
        storage.delete(stored)  # no file without its row
        raise
    return paper


@transaction.atomic
def paper_link_add(*, membership, item: AgendaItem, title: str, visibility: str, url: str,
                   supersedes: Paper | None = None) -> Paper:
    """Add a link (https only) to `item`, or a new version of `supersedes`; as paper_upload."""
    fields = _prepare(membership, item, supersedes)
    _check_visibility(item, visibility)
    now = timezone.now()
    paper = Paper(network=item.network, item=item, title=title, kind=PaperKind.LINK, url=url,
                  visibility=visibility, uploaded_by=membership, uploaded_at=now, **fields)
    paper.full_clean(exclude=["supersedes"])
    _supersede(supersedes, now)
    paper.save()
    audit(membership, "papers.linked", paper, item=item.pk, version=paper.version,
          visibility=visibility)
    return paper


# Reads -------------------------------------------------------------------------------------

def paper_open(paper: Paper):
    """The stored file, opened for streaming (never read whole)."""
    return papers_storage().open(paper.stored_name, "rb")


@transaction.atomic
def guest_paper_read_audit(guest: GuestInvitation, paper: Paper) -> None:
    """A guest's download is a read in the access log named after them, as every guest read
    is (services.guests.guest_read_audit), on the paper itself."""
    access_record(membership=None, network=guest.network, object_type="meetings.paper",
                  object_ids=[paper.pk], categories=["meeting_paper"],
                  purpose=f"guest {guest.pk}: paper download", effect="permit",
                  rule="meetings.paper.guest", actor_label=f"guest {guest.pk}: {guest.name}")
