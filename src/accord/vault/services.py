"""Writes to the identity vault: each asks the policy, writes and records the audit event in
one transaction. No audit event ever holds the plaintext: only which fields were recorded."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.cases.facets import CaseFacet
from accord.core.text import has_control_characters
from accord.vault.crypto import VaultError
from accord.vault.keys import case_key_for, data_key, index_key
from accord.vault.models import CaseKey, Subject, SubjectNameIndex
from accord.vault.names import name_forms, name_hash
from accord.vault.sealing import seal_subject
from accord.vault.validation import clean_guardian, clean_identity, is_minor_on

PURPOSE = "case_work"


def identity_facet(case: Any) -> CaseFacet:
    """The identity is the lead organisation's record of the case: read and recorded as its
    facet (policies/cases.cedar: cases.data.own_organisation, cases.data.record)."""
    return CaseFacet(case, "identity", case.lead_organisation)


def subject_set_identity(*, membership: Any, case: Any, identity: dict,
                         guardian: dict | None = None, is_minor: bool | None = None) -> Subject:
    """Record (or replace) the identity of a case's person, encrypted under the case's key.

    Who: `case_data.record` on the identity facet, i.e. a member of the lead organisation who
    works on cases (the identity is the lead's record). The minor flag follows the date of
    birth when there is one. Audited without the plaintext: the event names the fields only.
    """
    policy.require(membership, "case_data.record", identity_facet(case), purpose=PURPOSE)
    cleaned, cleaned_guardian = _cleaned(identity, guardian)
    minor = is_minor_on(cleaned["birth_date"])
    minor = bool(is_minor) if minor is None else minor
    with transaction.atomic():
        case_key = case_key_for(case, create=True)
        try:
            key = data_key(case_key)
        except VaultError:
            raise ValidationError(_("This case's identity was erased; it cannot be recorded "
                                    "again.")) from None
        subject = Subject.objects.select_for_update().filter(case_id=case.pk).first()
        created = subject is None
        if created:
            subject = Subject.objects.create(network_id=case.network_id, case_id=case.pk,
                                             case_key=case_key, identity_ciphertext=b"")
        subject.case_key = case_key
        seal_subject(subject, cleaned, cleaned_guardian, key)
        subject.is_minor, subject.updated_at = minor, timezone.now()
        subject.save()
        _reindex(subject, cleaned, index_key(case.network))
        audit_record(network=case.network, membership=membership,
                     action="vault.identity_recorded", obj=case, purpose=PURPOSE,
                     categories=["case.identity"], summary={
                         "created": created, "minor": minor,
                         "guardian": cleaned_guardian is not None,
                         "fields": [f for f, v in cleaned.items() if v]})
    return subject


def _cleaned(identity: Any, guardian: Any) -> tuple[dict, dict | None]:
    # Both validated before anything is written, and their errors reported together.
    errors: dict = {}
    cleaned = cleaned_guardian = None
    for name, clean, value in (("identity", clean_identity, identity),
                               ("guardian", clean_guardian, guardian)):
        try:
            result = clean(value)
        except ValidationError as error:
            errors.update(error.error_dict if hasattr(error, "error_dict")
                          else {"__all__": error.error_list})
            continue
        if name == "identity":
            cleaned = result
        else:
            cleaned_guardian = result
    if errors:
        raise ValidationError(errors)
    return cleaned, cleaned_guardian


def _reindex(subject: Subject, identity: dict, key: bytes) -> None:
    hashes = {name_hash(key, form) for name in [*identity["names"], *identity["aliases"]]
              for form in name_forms(name)}
    SubjectNameIndex.objects.filter(subject=subject).delete()
    SubjectNameIndex.objects.bulk_create(
        [SubjectNameIndex(network_id=subject.network_id, subject=subject, name_hash=h)
         for h in sorted(hashes)])


def case_key_destroy(*, membership: Any, case: Any, reason: str) -> CaseKey:
    """Crypto-shredding: erase the case's data key, so that its identity can never be read
    again, from this database or from any backup of it. The name index goes too. Who:
    `case.manage`. The ciphertexts stay (unreadable); the audit trail records the erasure."""
    policy.require(membership, "case.manage", case, purpose=PURPOSE)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 500 or has_control_characters(reason):
        raise ValidationError({"reason": _("Say why the identity is erased (at most 500 "
                                           "characters).")})
    with transaction.atomic():
        case_key = case_key_for(case, create=True)
        case_key = CaseKey.objects.select_for_update().get(pk=case_key.pk)
        if case_key.destroyed_at is None:
            case_key.wrapped, case_key.destroyed_at = b"", timezone.now()
            case_key.save(update_fields=["wrapped", "destroyed_at"])
        SubjectNameIndex.objects.filter(subject__case_id=case.pk).delete()
        audit_record(network=case.network, membership=membership,
                     action="vault.case_key_destroyed", obj=case, purpose=PURPOSE,
                     categories=["case.identity"], summary={"reason": reason})
    return case_key


def erase_on_purge(sender: Any, *, membership: Any, case: Any, **kwargs: Any) -> None:
    """A purged case keeps no readable identity: its data key is erased with the purge."""
    case_key_destroy(membership=membership, case=case,
                     reason=_("The case was purged by the retention schedule."))


# The name the brief uses.
destroy_case_key = case_key_destroy
