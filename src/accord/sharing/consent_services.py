"""Recording and withdrawing consents (issue 10, Deliver 9): ask the policy (case.manage on the
case), check everything, write, record the audit event, in one transaction. A withdrawal takes
effect at the next decision: the facet builder (consent_facets) reads consents live."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.cases.facets import CATEGORIES
from accord.cases.models import AgeBand, Case
from accord.sharing.consent_facets import network_today
from accord.sharing.models import Consent, GivenBy
from accord.tenancy.models import Membership, Organisation

# The purposes a consent can name: the case work and the meetings that discuss the case.
CONSENT_PURPOSES = ("case_work", "prepare", "minute", "view", "api", "export")
MINOR_BANDS = (AgeBand.UNDER_14, AgeBand.A14_17)

# What a written form may be, recognised by its first bytes (never by its name or the
# browser's word): PDF, PNG, JPEG.
FORM_TYPES = {
    "application/pdf": ((b"%PDF-",), ("pdf",)),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), ("png",)),
    "image/jpeg": ((b"\xff\xd8\xff",), ("jpg", "jpeg")),
}
_SAFE_NAME = re.compile(r"^[\w][\w .()-]{0,110}\.[A-Za-z0-9]{1,5}$")


def form_max_bytes() -> int:
    return getattr(settings, "ACCORD_CONSENT_FORM_MAX_BYTES", 5 * 1024 * 1024)


@dataclass(frozen=True)
class WrittenForm:
    """A checked upload: the safe name, the type found in its content, the bytes."""

    name: str
    content_type: str
    content: bytes


def _form_error(message: str, code: str) -> ValidationError:
    return ValidationError({"written_form": ValidationError(message, code=code)})


def check_written_form(name: str, content: bytes) -> WrittenForm:
    """The upload, if it is a PDF or an image by its content, its name a plain file name whose
    extension agrees with the content, and within the size limit; else ValidationError."""
    name = unicodedata.normalize("NFC", name or "")
    if ("/" in name or "\\" in name or ".." in name or not _SAFE_NAME.match(name)):
        raise _form_error(_(
            "The file name must be a plain name such as consent.pdf, without folders or "
            "special characters."), "file_name")
    if len(content) > form_max_bytes():
        raise _form_error(_(
            "The file is larger than %(limit)s MB.") % {
            "limit": form_max_bytes() // (1024 * 1024)}, "file_size")
    if not content:
        raise _form_error(_("The file is empty."), "file_empty")
    extension = name.rsplit(".", 1)[-1].lower()
    for content_type, (signatures, extensions) in FORM_TYPES.items():
        if any(content.startswith(signature) for signature in signatures):
            if extension not in extensions:
                raise _form_error(_(
                    "The file's name says .%(extension)s but its content is not: upload the "
                    "file under its own type.") % {"extension": extension}, "file_type_mismatch")
            return WrittenForm(name=name, content_type=content_type, content=content)
    raise _form_error(_(
        "The written form must be a PDF or an image (PNG or JPEG)."), "file_type")


def _check_scope(case: Case, *, given_by: str, organisation_ids: Sequence[int],
                 categories: Sequence[str], purposes: Sequence[str], given_on: date,
                 expires_on: date | None) -> list[int]:
    errors: dict[str, list[str]] = {}
    if given_by not in GivenBy.values:
        errors.setdefault("given_by", []).append(_("Say who gave the consent."))
    elif given_by == GivenBy.PERSON and case.age_band in MINOR_BANDS:
        errors.setdefault("given_by", []).append(_(
            "The person concerned is a minor: their consent is given by their guardian."))
    if not categories:
        errors.setdefault("categories", []).append(_("Choose at least one category."))
    elif any(category not in CATEGORIES for category in categories):
        errors.setdefault("categories", []).append(
            _("This category is not known to the network's regime."))
    if not purposes:
        errors.setdefault("purposes", []).append(_("Choose at least one purpose."))
    elif any(purpose not in CONSENT_PURPOSES for purpose in purposes):
        errors.setdefault("purposes", []).append(_("This purpose cannot be consented to."))
    ids = sorted({int(pk) for pk in organisation_ids})
    if not ids:
        errors.setdefault("organisations", []).append(_("Choose at least one organisation."))
    elif Organisation.objects.filter(network_id=case.network_id, pk__in=ids).count() != len(ids):
        errors.setdefault("organisations", []).append(_(
            "Choose organisations of this network."))
    today = network_today(case.network.time_zone)
    if given_on > today:
        errors.setdefault("given_on", []).append(_("A consent cannot be given in the future."))
    if expires_on is not None and expires_on < given_on:
        errors.setdefault("expires_on", []).append(_(
            "The consent cannot expire before it was given."))
    if errors:
        raise ValidationError(errors)
    return ids


def consent_record(*, membership: Membership, case: Case, given_by: str,
                   organisation_ids: Sequence[int], categories: Sequence[str],
                   purposes: Sequence[str], given_on: date, expires_on: date | None = None,
                   written_form: WrittenForm | None = None) -> Consent:
    policy.require(membership, "case.manage", case, purpose="case_work")
    ids = _check_scope(case, given_by=given_by, organisation_ids=organisation_ids,
                       categories=categories, purposes=purposes, given_on=given_on,
                       expires_on=expires_on)
    consent = Consent(network_id=case.network_id, case=case, given_by=given_by,
                      organisations=ids, categories=sorted(set(categories)),
                      purposes=sorted(set(purposes)), given_on=given_on,
                      expires_on=expires_on, recorded_by=membership)
    stored = ""
    try:
        with transaction.atomic():
            if written_form is not None:
                consent.written_form_name = written_form.name
                consent.written_form_type = written_form.content_type
                consent.written_form.save(written_form.name,
                                          ContentFile(written_form.content), save=False)
                stored = consent.written_form.name
            consent.save()
            audit_record(network=case.network, membership=membership,
                         action="consent.recorded", obj=consent, purpose="case_work",
                         summary={"case": case.pk, "given_by": given_by, "organisations": ids,
                                  "categories": consent.categories,
                                  "purposes": consent.purposes,
                                  "given_on": given_on.isoformat(),
                                  "expires_on": expires_on.isoformat() if expires_on else None,
                                  "written_form": bool(written_form)})
    except BaseException:
        # Nothing half-written: a stored file whose row did not commit goes again.
        if stored:
            Consent._meta.get_field("written_form").storage.delete(stored)
        raise
    return consent


def consent_withdraw(*, membership: Membership, consent: Consent, reason: str) -> Consent:
    """At once: the next decision no longer counts this consent."""
    policy.require(membership, "case.manage", consent.case, purpose="case_work")
    reason = (reason or "").strip()
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="withdrawn")
    if not reason:
        raise ValidationError({"reason": _("Say why, or on whose word, the consent is "
                                           "withdrawn.")}, code="required")
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=membership, withdrawal_reason=reason)
        if not updated:
            raise ValidationError(_("This consent was already withdrawn."), code="withdrawn")
        consent.refresh_from_db()
        audit_record(network=consent.case.network, membership=membership,
                     action="consent.withdrawn", obj=consent, purpose="case_work",
                     summary={"case": consent.case_id})
    return consent
