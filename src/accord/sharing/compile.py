"""A regime's rules as Cedar policies of the decision point (issue 10, Deliver 7).

Each rule becomes one policy on `case_data.read` about a `CaseRecord` of its network:

    permit → permit, naming the rule (@id), its legal basis (@basis) and form (@form);
    review → the same permit marked @effect("review") (the engine answers "review");
    deny   → forbid with @missing("sharing.denied_by_rule"): an absolute limit that no
             permit overrides; its conditions are the exceptions (denied unless they hold).

Beside them, explanations: for each requirement of a permitting rule (a condition, or consent
where consent is the rule's only basis), a permit with @missing that matches when that is the
only thing missing, so a refusal says "No consent covers assessment data for youth services".

Every value that reaches the text is a code checked against its choices (rules.py), a number,
or escaped text, so a rule cannot inject Cedar.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.sharing.models.regime import ANY, Effect, LegalBasis
from accord.tenancy.models import Sector

ACTION = 'action == Action::"case_data.read"'
CONFERENCE_PURPOSES = '["prepare", "minute"].contains(context.purpose)'

BASIS_WORDS = {
    LegalBasis.CONSENT: "consent",
    LegalBasis.STATUTE: "statute",
    LegalBasis.SHARED_SECRECY: "shared professional secrecy within a lawful case consultation",
    LegalBasis.VITAL_INTEREST: "vital interest",
}

# What an explanation says is missing, per kind of requirement.
MISSING = {
    "consent": "sharing.no_consent",
    "case_open": "sharing.case_not_open",
    "recipient_participant": "cases.not_participant",
    "in_conference": "sharing.conference_only",
    "clearance": "sharing.clearance_required",
}


@dataclass(frozen=True)
class Compiled:
    decisions: str
    explanations: str
    # Per rule (by its id), its own policy text: a refusal names the rule that failed.
    per_rule: dict[str, tuple[str, str]]

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.decisions}\n--\n{self.explanations}".encode()).hexdigest()


def cedar_string(value: str) -> str:
    """A Cedar string literal: backslash, quote and line breaks escaped, other control
    characters dropped (the forms refuse them anyway)."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return '"' + "".join(ch for ch in escaped if ch >= " ") + '"'


def basis_text(rule: Any) -> str:
    """The legal basis in words, with the citation: what a permit names (@basis)."""
    words = "; ".join(BASIS_WORDS.get(b, b) for b in rule.legal_bases)
    return f"{words} ({rule.citation})" if rule.citation else words


def consent_required(rule: Any) -> bool:
    """Consent is checked when it is the rule's only basis: with a statute or shared secrecy
    beside it, that basis carries the rule and consent is a courtesy."""
    return list(rule.legal_bases) == [LegalBasis.CONSENT]


def _scope(network_id: int, rule: Any) -> list[str]:
    parts = [f'resource.network == Network::{cedar_string(str(network_id))}',
             f"resource.category == {cedar_string(rule.category)}"]
    if rule.from_sector != ANY:
        parts.append(f"resource.source_sector == {cedar_string(rule.from_sector)}")
    if rule.to_sector != ANY:
        parts.append(f"principal.sector == {cedar_string(rule.to_sector)}")
    if rule.to_role:
        parts.append(f"principal.roles.contains({cedar_string(rule.to_role)})")
    if rule.purpose != ANY:
        parts.append(f"context.purpose == {cedar_string(rule.purpose)}")
    return parts


def _condition(condition: str, conference_bodies: Sequence[int]) -> tuple[str, str, str]:
    """(kind, Cedar expression, detail) for one condition."""
    kind, _, value = condition.partition(":")
    if kind == "case_open":
        return kind, "resource.open", ""
    if kind == "recipient_participant":
        return kind, "resource.participants.contains(principal.organisation)", ""
    if kind == "in_conference":
        bodies = [int(value)] if value != ANY else list(conference_bodies)
        if not bodies:  # no case conference in the network yet: nobody is in one
            return kind, "false", ""
        seats = ", ".join(f'Body::"{body}"' for body in bodies)
        return kind, f"({CONFERENCE_PURPOSES} && principal.seats.containsAny([{seats}]))", ""
    if kind == "clearance":
        return kind, f"principal.clearance == {cedar_string(value)}", value
    raise ValueError(f"unknown condition {condition!r}")


def _annotations(pairs: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"@{name}({cedar_string(value)})" for name, value in pairs)


def _policy(effect: str, annotations: list[tuple[str, str]], when: list[str]) -> str:
    body = "\n       && ".join(when) if when else "true"
    return (f"{_annotations(annotations)}\n{effect} (principal is Member, {ACTION}, "
            f"resource is CaseRecord)\nwhen {{ {body} }};")


def rule_id(network_id: int, rule: Any, index: int) -> str:
    return f"sharing.{network_id}.{rule.pk or f'new{index}'}"


def compile_rule(network_id: int, rule: Any, index: int = 0, *,
                 conference_bodies: Sequence[int] = ()) -> tuple[str, str]:
    """One rule: (its decision policy, its explanations)."""
    ident = rule_id(network_id, rule, index)
    scope = _scope(network_id, rule)
    requirements = [_condition(c, conference_bodies) for c in rule.conditions]
    details = [("detail_category", rule.category), ("detail_sector", rule.to_sector),
               ("detail_from_sector", rule.from_sector)]
    if rule.effect == Effect.DENY:
        when = list(scope)
        if requirements:
            when.append("!(" + " && ".join(expr for _, expr, _ in requirements) + ")")
        return _policy("forbid", [("id", ident), ("missing", "sharing.denied_by_rule"),
                                  *details], when), ""
    if consent_required(rule):
        requirements.append(("consent", "resource.consents.contains(principal.organisation)",
                             ""))
    annotations = [("id", ident), ("basis", basis_text(rule)), ("form", rule.form)]
    if rule.effect == Effect.REVIEW:
        annotations.append(("effect", "review"))
    decision = _policy("permit", annotations, scope + [expr for _, expr, _ in requirements])
    explanations = []
    # A rule for any recipient sector explains itself per sector, so that the reason names
    # the reader's ("No consent covers assessment data for youth and social services").
    recipients = ([(rule.to_sector, [])] if rule.to_sector != ANY else
                  [(sector, [f"principal.sector == {cedar_string(sector)}"])
                   for sector in Sector.values])
    for position, (kind, expr, detail) in enumerate(requirements):
        others = [e for i, (_, e, _) in enumerate(requirements) if i != position]
        extra = [("detail_clearance", detail)] if detail else []
        for sector, clause in recipients:
            suffix = f".{sector}" if clause else ""
            explanations.append(_policy("permit", [
                ("id", f"explain.{ident}.{position}{suffix}"), ("missing", MISSING[kind]),
                ("detail_category", rule.category), ("detail_sector", sector),
                ("detail_from_sector", rule.from_sector), *extra,
            ], scope + clause + others + [f"!({expr})"]))
    return decision, "\n\n".join(explanations)


def compile_rules(network_id: int, rules: Sequence[Any], *,
                  conference_bodies: Sequence[int] = ()) -> Compiled:
    per_rule = {}
    for index, rule in enumerate(rules):
        per_rule[rule_id(network_id, rule, index)] = compile_rule(
            network_id, rule, index, conference_bodies=conference_bodies)
    return Compiled(decisions="\n\n".join(d for d, _ in per_rule.values()),
                    explanations="\n\n".join(e for _, e in per_rule.values() if e),
                    per_rule=per_rule)
