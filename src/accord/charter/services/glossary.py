"""Writes of glossary terms."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter.models import GlossaryTerm
from accord.charter.services._common import audit, changed_fields, permit
from accord.tenancy.models import LANGUAGE_CHOICES, Membership

TERM_FIELDS = ("term", "definition", "source_definition", "source", "usage_notes",
               "translations")
_LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}


def clean_translations(translations) -> dict:
    """{lang: {"term", "definition"}} for our four languages only, each within the field limits."""
    if translations in (None, ""):
        return {}
    if not isinstance(translations, dict):
        raise ValidationError({"translations": _("Translations are not valid.")})
    cleaned = {}
    for language, entry in translations.items():
        if language not in _LANGUAGES or not isinstance(entry, dict):
            raise ValidationError({"translations": _("Translations are not valid.")})
        term, definition = str(entry.get("term", "")).strip(), str(entry.get("definition", ""))
        if len(term) > 120 or len(definition) > 2000:
            raise ValidationError({"translations": _("A translation is too long.")})
        if term or definition.strip():
            cleaned[language] = {"term": term, "definition": definition.strip()}
    return cleaned


def _unique(term: GlossaryTerm) -> None:
    clash = GlossaryTerm.objects.filter(network=term.network, term__iexact=term.term)
    if term.pk:
        clash = clash.exclude(pk=term.pk)
    if clash.exists():
        raise ValidationError({"term": _("This term is already in the glossary.")})


@transaction.atomic
def term_create(*, membership: Membership, **values) -> GlossaryTerm:
    """Add a term. Editors only; audited by field name."""
    permit(membership, "charter.edit")
    values["translations"] = clean_translations(values.get("translations"))
    term = GlossaryTerm(network=membership.network,
                        **{k: v for k, v in values.items() if k in TERM_FIELDS})
    term.full_clean(validate_unique=False)
    _unique(term)
    term.save()
    audit(membership, "glossary_term.created", term, {"fields": sorted(values)})
    return term


@transaction.atomic
def term_update(*, membership: Membership, glossary_term: GlossaryTerm,
                **values) -> GlossaryTerm:
    """Change a term's fields (`term` is one of them, hence `glossary_term` for the row).
    Editors only; audited by field name."""
    permit(membership, "charter.edit", glossary_term)
    if "translations" in values:
        values["translations"] = clean_translations(values["translations"])
    term = GlossaryTerm.objects.select_for_update().get(pk=glossary_term.pk)
    changed = changed_fields(term, {k: v for k, v in values.items() if k in TERM_FIELDS})
    if changed:
        term.full_clean(validate_unique=False)
        _unique(term)
        term.save()
        audit(membership, "glossary_term.updated", term, {"fields": changed})
    return term


@transaction.atomic
def term_delete(*, membership: Membership, term: GlossaryTerm) -> None:
    permit(membership, "charter.edit", term)
    audit(membership, "glossary_term.deleted", term, {})
    term.delete()
