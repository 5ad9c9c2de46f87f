"""Writes of charter documents and their versions: draft → proposed → adopted → superseded."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import (
    MAX_BODY_CHARS,
    CharterDocument,
    CharterVersion,
    DocumentKind,
    VersionComment,
    VersionStatus,
)
from accord.charter.services._common import audit, permit
from accord.charter.starter import starter_text
from accord.tenancy.models import Body, Membership


class StaleVersion(ValidationError):
    """Somebody else saved this version since the editor opened it."""


def _check_body(body: str) -> None:
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            {"body": _("The text is too long: %(length)s characters, at most %(limit)s.")
             % {"length": len(body), "limit": MAX_BODY_CHARS}})


def _open_version(document: CharterDocument) -> CharterVersion | None:
    return document.versions.filter(
        status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED]).first()


@transaction.atomic
def document_create(*, membership: Membership, kind: str, title: str,
                    body: str = "") -> CharterVersion:
    """Create a document with its first draft. Editors only; audited (created + drafted)."""
    permit(membership, "charter.edit")
    _check_body(body)
    document = CharterDocument(network=membership.network, kind=kind, title=title,
                               created_by=membership)
    document.full_clean()
    document.save()
    audit(membership, "charter_document.created", document, {"fields": ["kind", "title"]})
    version = CharterVersion(network=membership.network, document=document, number=1,
                             body=body, created_by=membership)
    version.full_clean()
    version.save()
    audit(membership, "charter_version.drafted", version, {"number": 1})
    return version


def document_create_from_starter(*, membership: Membership, kind: str,
                                 language: str) -> CharterVersion:
    """Adopt Accord's starter template for `kind` in `language` as a first draft."""
    if kind not in DocumentKind.values or kind == DocumentKind.CUSTOM:
        raise ValidationError({"kind": _("There is no starter template for this kind.")})
    title, body = starter_text(kind=kind, language=language)
    return document_create(membership=membership, kind=kind, title=title, body=body)


@transaction.atomic
def version_draft(*, membership: Membership, document: CharterDocument) -> CharterVersion:
    """Start a new draft from the latest text. Refused while another draft or proposal is open,
    so that there is only ever one text under discussion."""
    permit(membership, "charter_document.draft", document)
    document = CharterDocument.objects.select_for_update().get(pk=document.pk)
    open_version = _open_version(document)
    if open_version is not None:
        raise ValidationError(
            _("Version %(number)s is still open; edit or adopt it first.")
            % {"number": open_version.number})
    latest = document.versions.order_by("-number").first()
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CharterVersion.objects.create(
        network=document.network, document=document, number=number,
        body=latest.body if latest else "", based_on=latest, created_by=membership,
    )
    audit(membership, "charter_version.drafted", version,
          {"number": number, "based_on": latest.number if latest else None})
    return version


@transaction.atomic
def version_edit(*, membership: Membership, version: CharterVersion, body: str,
                 lock_version: int) -> CharterVersion:
    """Change a draft's text. Adopted, superseded and proposed texts never change (a new draft
    is made instead); a save based on an older lock_version is refused, nothing is lost."""
    permit(membership, "charter_version.edit", version)
    _check_body(body)
    current = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(number)s is %(status)s and can no longer be changed. Start a new draft "
              "from it instead.")
            % {"number": current.number, "status": current.get_status_display().lower()})
    if current.lock_version != lock_version:
        raise StaleVersion(_("Somebody saved this draft while you were editing it. Copy your "
                             "changes, reload the page and apply them again."))
    if current.body == body:
        return current
    current.body = body
    current.lock_version += 1
    current.updated_at = timezone.now()
    current.save(update_fields=["body", "lock_version", "updated_at"])
    audit(membership, "charter_version.edited", current, {"fields": ["body"]})
    return current


@transaction.atomic
def version_propose(*, membership: Membership, version: CharterVersion) -> CharterVersion:
    """Put a draft up for comment and adoption. Editors only; audited."""
    permit(membership, "charter_version.propose", version)
    current = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be proposed."))
    if not current.body.strip():
        raise ValidationError(_("An empty text cannot be proposed."))
    current.status = VersionStatus.PROPOSED
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "updated_at"])
    audit(membership, "charter_version.proposed", current, {"number": current.number})
    return current


@transaction.atomic
def version_withdraw(*, membership: Membership, version: CharterVersion) -> CharterVersion:
    """Take a proposal back to draft, e.g. to work in the comments."""
    permit(membership, "charter_version.withdraw", version)
    current = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Only a proposed version can go back to draft."))
    current.status = VersionStatus.DRAFT
    current.lock_version += 1
    current.save(update_fields=["status", "lock_version"])
    audit(membership, "charter_version.withdrawn", current, {"number": current.number})
    return current


@transaction.atomic
def version_adopt(*, membership: Membership, version: CharterVersion, body: Body,
                  adopted_on: date, decision_id: int | None = None) -> CharterVersion:
    """Record that `body` adopted a proposed version; the previously adopted one is superseded.

    The document row is locked, so two adoptions cannot race; a version is adopted once only.
    Both changes and both audit events commit together or not at all.
    """
    permit(membership, "charter_version.adopt", version)
    document = CharterDocument.objects.select_for_update().get(pk=version.document_id)
    current = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if current.status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED):
        raise ValidationError(_("Version %(number)s has already been adopted.")
                              % {"number": current.number})
    if current.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Only a proposed version can be adopted. Propose it first."))
    if body.network_id != membership.network_id:
        raise ValidationError({"body": _("Choose a body of this network.")})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The adoption date cannot be in the future.")})
    previous = document.versions.filter(status=VersionStatus.ADOPTED).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_on = adopted_on
        previous.save(update_fields=["status", "superseded_on"])
        audit(membership, "charter_version.superseded", previous,
              {"number": previous.number, "by": current.number})
    current.status = VersionStatus.ADOPTED
    current.adopted_by_body = body
    current.adopted_on = adopted_on
    current.decision_id = decision_id
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "adopted_by_body", "adopted_on", "decision_id",
                                "updated_at"])
    audit(membership, "charter_version.adopted", current,
          {"number": current.number, "body": body.pk, "adopted_on": adopted_on.isoformat()})
    return current


@transaction.atomic
def comment_add(*, membership: Membership, version: CharterVersion, text: str) -> VersionComment:
    """Members comment on proposed versions only; audited without the comment's text."""
    permit(membership, "charter_version.comment", version)
    # Who may comment is the policy's; when is the text's state (a refusal, not a denial).
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Comments are open only while a version is proposed."))
    comment = VersionComment(network=membership.network, version=version, author=membership,
                             text=text)
    comment.full_clean()
    comment.save()
    audit(membership, "charter_comment.added", comment, {"version": version.number})
    return comment
