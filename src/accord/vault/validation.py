"""What an identity may hold. Every field is hostile input: a clear message per field, and
nothing is written unless all of it is valid."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.text import has_control_characters
from accord.vault.sealing import GUARDIAN_FIELDS, IDENTITY_FIELDS

LIST_FIELDS = ("names", "aliases", "addresses", "phones", "identifiers")
MAX_ENTRIES = 20
MAX_LENGTH = 200
# Markup or a script never belongs in a name or an address; refusing it here keeps it out of
# every page, PDF and export that may show the identity later.
SCRIPT_LIKE = re.compile(r"[<>]|javascript:|&#|&[a-z]+;", re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def _entry_problem(value: Any) -> Any:
    if not isinstance(value, str):
        return _("Each entry must be text.")
    if has_control_characters(value, multiline=False):
        return _("Control characters are not allowed here.")
    if SCRIPT_LIKE.search(value):
        return _("Markup such as < and > is not allowed in identity fields.")
    if len(value) > MAX_LENGTH:
        return _("Each entry may be at most %(max)d characters long.") % {"max": MAX_LENGTH}
    return None


def _clean_list(name: str, value: Any, errors: dict) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        errors[name] = _("Give a list of entries.")
        return []
    entries = []
    for entry in value:
        problem = _entry_problem(entry)
        if problem is not None:
            errors[name] = problem
            return []
        if entry.strip():
            entries.append(" ".join(entry.split()))
    if len(entries) > MAX_ENTRIES:
        errors[name] = _("At most %(max)d entries.") % {"max": MAX_ENTRIES}
    if name == "phones" and any(not PHONE.match(p) for p in entries):
        errors[name] = _("A phone number holds digits, spaces, +, -, / and brackets only.")
    return entries


def _clean_birth_date(value: Any, errors: dict) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors["birth_date"] = _("Give the date of birth as YYYY-MM-DD.")
            return None
    if not isinstance(value, datetime.date):
        errors["birth_date"] = _("Give the date of birth as YYYY-MM-DD.")
        return None
    if not EARLIEST_BIRTH <= value < timezone.localdate():
        errors["birth_date"] = _("The date of birth must lie in the past (after 1900).")
        return None
    return value.isoformat()


def clean_identity(identity: Any) -> dict:
    if not isinstance(identity, dict):
        raise ValidationError(_("An identity is a set of named fields."))
    errors: dict = {}
    unknown = sorted(set(identity) - set(IDENTITY_FIELDS))
    if unknown:
        errors["__all__"] = _("Unknown identity fields: %(fields)s.") % {
            "fields": ", ".join(map(str, unknown))}
    cleaned: dict[str, Any] = {f: _clean_list(f, identity.get(f), errors) for f in LIST_FIELDS}
    cleaned["birth_date"] = _clean_birth_date(identity.get("birth_date"), errors)
    if not cleaned["names"] and "names" not in errors:
        errors["names"] = _("Give at least one name.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_guardian(guardian: Any) -> dict | None:
    if guardian in (None, {}):
        return None
    if not isinstance(guardian, dict):
        raise ValidationError(_("A guardian is a set of named fields."))
    errors: dict = {}
    unknown = sorted(set(guardian) - set(GUARDIAN_FIELDS))
    if unknown:
        errors["__all__"] = _("Unknown guardian fields: %(fields)s.") % {
            "fields": ", ".join(map(str, unknown))}
    cleaned = {}
    for field in GUARDIAN_FIELDS:
        value = guardian.get(field) or ""
        problem = _entry_problem(value)
        if problem is not None:
            errors[f"guardian_{field}"] = problem
        cleaned[field] = " ".join(str(value).split())
    if not any(cleaned.values()):
        return None
    if not cleaned["name"] and "guardian_name" not in errors:
        errors["guardian_name"] = _("Give the guardian's name.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def is_minor_on(birth_date: str | None, today: datetime.date | None = None) -> bool | None:
    if birth_date is None:
        return None
    born, today = datetime.date.fromisoformat(birth_date), today or timezone.localdate()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < 18
