"""The regime in words: one readable sentence per rule, in the reader's language."""

from typing import Any

from django.utils.translation import gettext as _

from accord.cases.facets import CATEGORIES
from accord.policy.purposes import PURPOSES
from accord.sharing.models.regime import ANY, Effect, Form, LegalBasis
from accord.sharing.regime_rules import CONDITION_KINDS
from accord.tenancy.models import Body, Role, Sector


def _sector(code: str, anyone: str) -> str:
    return anyone if code == ANY else str(dict(Sector.choices).get(code, code))


def condition_text(condition: str, bodies: dict[int, str]) -> str:
    kind, _sep, value = condition.partition(":")
    label = str(CONDITION_KINDS.get(kind, kind))
    if kind == "in_conference":
        if value == ANY:
            return _("within a case conference of any of the network's operational bodies, "
                     "by its members")
        name = bodies.get(int(value), value) if value.isdigit() else value
        return _("within a case conference of %(body)s, by its members") % {"body": name}
    if kind == "clearance":
        return f"{label} “{value}”"
    return label


def rule_sentence(rule: Any, bodies: dict[int, str] | None = None) -> str:
    """E.g. "Assessment recorded by any organisation is shared, identified, with Police and
    security (case workers), for any purpose, if the case is open."""
    bodies = bodies or {}
    values = {
        "category": str(CATEGORIES.get(rule.category, rule.category)),
        "from": _sector(rule.from_sector, _("any organisation")),
        "to": _sector(rule.to_sector, _("every organisation")),
        "form": str(dict(Form.choices).get(rule.form, rule.form)),
        "purpose": (_("for any purpose") if rule.purpose == ANY else
                    _("for %(purpose)s") % {"purpose": PURPOSES.get(rule.purpose,
                                                                    rule.purpose)}),
    }
    if rule.to_role:
        values["to"] += f" ({dict(Role.choices).get(rule.to_role, rule.to_role)})"
    if rule.effect == Effect.DENY:
        sentence = _("“%(category)s” recorded by %(from)s never goes to %(to)s, "
                     "%(purpose)s") % values
        if rule.conditions:
            sentence += ", " + _("unless %(conditions)s") % {"conditions": _(" and ").join(
                condition_text(c, bodies) for c in rule.conditions)}
    else:
        template = (_("“%(category)s” recorded by %(from)s is shared %(form)s with "
                      "%(to)s, %(purpose)s") if rule.effect == Effect.PERMIT else
                    _("“%(category)s” recorded by %(from)s may be shared %(form)s "
                      "with %(to)s %(purpose)s, after a person has reviewed the request"))
        sentence = template % values
        requirements = [condition_text(c, bodies) for c in rule.conditions]
        if list(rule.legal_bases) == [LegalBasis.CONSENT]:
            requirements.append(_("a consent covers it"))
        if requirements:
            sentence += ", " + _("if %(conditions)s") % {"conditions": _(" and ").join(
                requirements)}
    return sentence + "."


def basis_words(rule: Any) -> str:
    labels = dict(LegalBasis.choices)
    words = "; ".join(str(labels.get(b, b)) for b in rule.legal_bases)
    # A preset's citation is a msgid: shown in the reader's language where translated.
    citation = _(rule.citation) if rule.citation else ""
    return f"{words} ({citation})" if words and citation else words or citation


def body_names(network: Any) -> dict[int, str]:
    return dict(Body.objects.filter(network=network).values_list("pk", "name"))


def rule_view(rule: Any, index: int, bodies: dict[int, str]) -> dict[str, Any]:
    """What a page or the API shows of a rule."""
    return {"rule": rule, "number": index, "sentence": rule_sentence(rule, bodies),
            "basis": basis_words(rule), "note": _(rule.note) if rule.note else "",
            "effect": rule.effect}
