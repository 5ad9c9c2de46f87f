"""What a rule may say: every field checked against its choices before it is stored or
compiled, with a translated message per field (the page's form and the API use the same)."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.api.text import plain_text_problem
from accord.cases.facets import CATEGORIES
from accord.policy.purposes import PURPOSES
from accord.sharing.models.regime import ANY, Effect, Form, LegalBasis
from accord.tenancy.models import Body, BodyKind, Role, Sector

CLEARANCE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,38}$")
CONDITION_KINDS = {
    "case_open": gettext_lazy("the case is open"),
    "recipient_participant": gettext_lazy("the recipient's organisation takes part in the "
                                          "case"),
    "in_conference": gettext_lazy("within a case conference of the body, by its members"),
    "clearance": gettext_lazy("the recipient holds the clearance"),
}
MAX_RULES = 200
FIELDS = ("category", "from_sector", "to_sector", "to_role", "purpose", "legal_bases",
          "citation", "conditions", "form", "effect", "note")


def sector_choices() -> list[tuple[str, str]]:
    return [(ANY, str(gettext_lazy("any sector"))), *Sector.choices]


def purpose_choices() -> list[tuple[str, str]]:
    return [(ANY, str(gettext_lazy("any purpose"))),
            *((key, str(label)) for key, label in PURPOSES.items())]


def _text(value: Any, limit: int, *, multiline: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(_("Enter text."))
    if len(value) > limit:
        raise ValueError(_("Use at most %(limit)s characters.") % {"limit": limit})
    problem = plain_text_problem(value, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value.strip()


def _condition(value: Any, network: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_("A condition is a text such as “case_open”."))
    kind, colon, argument = value.partition(":")
    if kind in ("case_open", "recipient_participant") and not colon:
        return kind
    if kind == "in_conference" and colon:
        if argument == ANY:
            return value
        if argument.isdigit() and Body.objects.filter(
                network=network, pk=int(argument), kind=BodyKind.OPERATIONAL).exists():
            return f"in_conference:{int(argument)}"
        raise ValueError(_("Name one of this network's case conferences (operational bodies) "
                           "by its number, or * for any of them."))
    if kind == "clearance" and colon and CLEARANCE.match(argument):
        return value
    raise ValueError(_("Unknown condition “%(value)s”: use case_open, "
                       "recipient_participant, in_conference:<body> or "
                       "clearance:<level>.") % {"value": value[:60]})


def clean_rule(data: dict[str, Any], network: Any) -> dict[str, Any]:
    """The rule's fields, checked; ValidationError naming each wrong field."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}

    def choice(field: str, allowed, default=None):
        value = data.get(field, default)
        if value not in allowed:
            errors[field] = _("Choose a value from the list.")
        clean[field] = value

    choice("category", CATEGORIES)
    choice("from_sector", {ANY, *Sector.values}, ANY)
    choice("to_sector", {ANY, *Sector.values}, ANY)
    choice("to_role", {"", *Role.values}, "")
    choice("purpose", {ANY, *PURPOSES}, ANY)
    choice("form", Form.values, Form.PSEUDONYMISED)
    choice("effect", Effect.values, Effect.PERMIT)
    bases = data.get("legal_bases", [])
    if (not isinstance(bases, list) or any(b not in LegalBasis.values for b in bases)
            or len(set(bases)) != len(bases)):
        errors["legal_bases"] = _("Choose legal bases from the list, each once.")
    elif not bases and clean.get("effect") != Effect.DENY:
        errors["legal_bases"] = _("A rule that shares data names at least one legal basis.")
    clean["legal_bases"] = list(bases) if isinstance(bases, list) else []
    for field, limit, multiline in (("citation", 300, False), ("note", 2000, True)):
        try:
            clean[field] = _text(data.get(field, ""), limit, multiline=multiline)
        except ValueError as error:
            errors[field] = str(error)
    if (LegalBasis.STATUTE in clean["legal_bases"] and not clean.get("citation")
            and "citation" not in errors):
        errors["citation"] = _("Cite the statutory provision the rule relies on.")
    conditions = data.get("conditions", [])
    if not isinstance(conditions, list) or len(conditions) > 8:
        errors["conditions"] = _("Give at most eight conditions as a list.")
        conditions = []
    cleaned_conditions = []
    for condition in conditions:
        try:
            cleaned_conditions.append(_condition(condition, network))
        except ValueError as error:
            errors["conditions"] = str(error)
    if len(set(cleaned_conditions)) != len(cleaned_conditions):
        errors["conditions"] = _("Name each condition once.")
    clean["conditions"] = cleaned_conditions
    unknown = set(data) - set(FIELDS) - {"order"}
    if unknown:
        errors["__all__"] = _("Unknown fields: %(fields)s.") % {
            "fields": ", ".join(sorted(str(f)[:40] for f in unknown))}
    if errors:
        raise ValidationError(errors)
    return clean
