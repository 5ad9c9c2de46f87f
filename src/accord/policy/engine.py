"""decide, decide_many, require, read: the decision point's entry points (see __init__)."""

import json
import logging
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import cedarpy

from accord.policy import entities
from accord.policy.decision import Decision, Denied, Effect
from accord.policy.loading import Engine, PolicyFileError, PolicySet, load, load_text
from accord.policy.purposes import PURPOSES

logger = logging.getLogger("accord.policy")


@cache
def engine() -> Engine:
    return load()


def _denial(action: str, purpose: str, rule: str, missing: str, resource: Any = None,
            awaits: str = "", details: tuple = ()) -> Decision:
    return Decision(effect=Effect.DENY, action=action, purpose=purpose, rule=rule,
                    missing=missing, awaits=awaits, details=details,
                    **_resource_fields(resource))


# Rules that are a network's data rather than the installation's files (the sharing regime,
# compiled by accord.sharing): a source registered by the app that owns them answers, for a
# network, (version_key, decision_text, explanation_text) or None. The texts are checked as
# the files are (schema, @id, @missing) once per version and cached per (network, version,
# action); a decision asks the sources only for the actions they name, so every other
# action's decisions cost what they cost before.
PolicySource = Callable[[int], tuple[str, str, str] | None]
_policy_sources: list[tuple[PolicySource, frozenset[str] | None]] = []
_network_sets: dict[tuple, tuple[PolicySet, PolicySet] | None] = {}
_NETWORK_SETS_KEPT = 512


def register_policy_source(source: PolicySource, *,
                           actions: Sequence[str] | None = None) -> None:
    """`source(network_id)`: that network's compiled rules; `actions`: the actions they can be
    about (None: ask for every action)."""
    entry = (source, frozenset(actions) if actions is not None else None)
    if entry not in _policy_sources:
        _policy_sources.append(entry)


def check_policy_text(text: str, *, explanations: bool = False,
                      origin: str = "compiled rules") -> PolicySet:
    """A compiled text as the decision point will hold it, or PolicyFileError with the reason
    (schema, @id, @missing): what an edit of the regime is refused with."""
    return load_text(text, engine().schema, origin=Path(origin), explanations=explanations)


def rule_sets(current: Engine, network_id: Any, action: str) -> tuple[PolicySet, PolicySet]:
    """The policies that decide `action` for a member of `network_id`, and those that explain
    a refusal: the installation's, joined by the network's own. The network's explanations
    come first (the regime knows what exactly is missing), its decisions after the files'.
    Raises PolicyFileError for a network's text that does not validate."""
    static = current.decisions.for_action(action), current.explanations.for_action(action)
    if not _policy_sources or network_id is None:
        return static
    found = [entry for entry in (source(network_id) for source, actions in _policy_sources
                                 if actions is None or action in actions) if entry]
    if not found:
        return static
    key = (network_id, action, tuple(entry[0] for entry in found))
    joined = _network_sets.get(key)
    if joined is None:
        if len(_network_sets) >= _NETWORK_SETS_KEPT:
            _network_sets.clear()
        origin = f"network {network_id}"
        decisions = check_policy_text("\n".join(e[1] for e in found), origin=origin)
        explanations = check_policy_text("\n".join(e[2] for e in found), origin=origin,
                                         explanations=True)
        joined = (static[0].joined(decisions.for_action(action)),
                  explanations.for_action(action).joined(static[1]))
        _network_sets[key] = joined
    return joined


def probe(action: str, requests: list[dict], graph: list[dict], *, decisions: PolicySet,
          explanations: PolicySet) -> list[Decision]:
    """Decisions on synthetic requests with `decisions` and `explanations` (checked with
    check_policy_text) standing in for a network's rules: how an edit of the regime is tried
    before it is accepted (would anybody still read a case?). `requests` are Cedar requests
    (principal, action, resource, context as JSON text)."""
    current = engine()
    static = current.decisions.for_action(action), current.explanations.for_action(action)
    rules = static[0].joined(decisions.for_action(action))
    explanations = explanations.for_action(action).joined(static[1])
    results = cedarpy.is_authorized_batch(requests, rules.policies, graph, current.schema)
    decisions = []
    for request, result in zip(requests, results, strict=True):
        purpose = json.loads(request["context"])["purpose"]
        if result.diagnostics.errors:
            decisions.append(_denial(action, purpose, "policy.error", "not_permitted"))
        elif result.allowed:
            decisions.append(_permit(result, action, purpose, None, rules))
        elif forbid := _first_rule(rules, result.diagnostics.reasons):
            decisions.append(_denial(action, purpose, forbid.id, forbid.annotations["missing"],
                                     details=forbid.details))
        else:
            why = cedarpy.is_authorized_batch([request], explanations.policies, graph,
                                              current.schema)[0]
            rule = _first_rule(explanations, why.diagnostics.reasons)
            decisions.append(_denial(action, purpose, rule.id if rule else "default.deny",
                                     rule.annotations["missing"] if rule else "not_permitted",
                                     details=rule.details if rule else ()))
    return decisions


# What every decision's context holds besides the purpose (the schema's `type Purpose`), and
# who fills it: an app below registers a provider (core: whether the current request's step-up
# is fresh), so the decision point knows the condition but imports no app that measures it.
CONTEXT_DEFAULTS: dict[str, Any] = {"step_up": False}
_context_providers: list = []


def register_context_provider(provider) -> None:
    """`provider()` returns some of CONTEXT_DEFAULTS' keys with the current values."""
    if provider not in _context_providers:
        _context_providers.append(provider)


def _context(purpose: str) -> dict[str, Any]:
    context = {"purpose": purpose, **CONTEXT_DEFAULTS}
    for provider in _context_providers:
        context.update({key: value for key, value in provider().items()
                        if key in CONTEXT_DEFAULTS})
    return context


def _resource_fields(resource: Any) -> dict[str, str]:
    if resource is None:
        return {}
    return {"resource_type": entities.adapter_for(resource).type,
            "resource_id": str(resource.pk)}


def _request(principal: dict, action: str, resource: Any, context: str) -> dict:
    # The context goes as JSON text, encoded once per call: cedarpy would encode a dict again
    # for every request of the batch.
    return {"principal": principal, "action": {"type": "Action", "id": action},
            "resource": entities.uid(resource), "context": context}


def _first_rule(policy_set: PolicySet, reasons: Sequence[str]):
    """The determining policy that comes first in file order (stable, readable choices)."""
    ranked = sorted(policy_set.order.index(r) for r in reasons if r in policy_set.rules)
    return policy_set.rules[policy_set.order[ranked[0]]] if ranked else None


def _permit(result, action: str, purpose: str, resource: Any, rules: PolicySet) -> Decision:
    determining = [rules.rules[r] for r in result.diagnostics.reasons if r in rules.rules]
    effect = (Effect.REVIEW if determining
              and all(rule.annotations.get("effect") == "review" for rule in determining)
              else Effect.PERMIT)
    rule = _first_rule(rules, result.diagnostics.reasons)
    return Decision(effect=effect, action=action, purpose=purpose, rule=rule.id,
                    basis=rule.annotations.get("basis", ""),
                    form=rule.annotations.get("form", ""), **_resource_fields(resource))


def decide_many(membership: Any, action: str, resources: Sequence[Any], *,
                purpose: str) -> list[Decision]:
    """One decision per resource, in one call to Cedar and with entities built in bulk."""
    resources = list(resources)
    if not resources:
        return []
    current = engine()
    principal = entities.principal_of(membership)
    if principal is None:
        return [_denial(action, purpose, "policy.anonymous", "sign_in", r) for r in resources]
    if action not in current.actions:
        return [_denial(action, purpose, "policy.unknown_action", "unknown_action", r)
                for r in resources]
    if purpose not in PURPOSES:
        return [_denial(action, purpose, "policy.unknown_purpose", "unknown_purpose", r)
                for r in resources]
    unique = list({(type(r), r.pk): r for r in resources}.values())
    graph = [principal["entity"], *entities.entities_of(unique)]
    context = _context(purpose)
    requests = [_request(principal["uid"], action, r, json.dumps(context)) for r in resources]
    try:
        rules, explanations = rule_sets(current, getattr(membership, "network_id", None),
                                        action)
    except PolicyFileError as error:
        # A network's rules that no longer validate (the schema changed under them) decide
        # nothing: refused, never half-applied.
        logger.error("The network's compiled rules do not validate: %s", error)
        return [_denial(action, purpose, "policy.error", "not_permitted", r) for r in resources]
    results = cedarpy.is_authorized_batch(requests, rules.policies, graph,
                                          current.schema)
    decisions: list[Decision | None] = [None] * len(resources)
    unexplained: list[int] = []
    conditional: dict[str, list[int]] = {}
    for index, result in enumerate(results):
        condition = _judge(result, index, decisions, unexplained, resources, rules, action,
                           purpose)
        if condition and not context.get(condition):
            conditional.setdefault(condition, []).append(index)
    for condition, indices in conditional.items():
        _if_condition_met(condition, indices, context, decisions, unexplained, requests,
                          resources, graph, current, rules, action, purpose)
    if unexplained:
        _explain(unexplained, decisions, requests, resources, graph, current, explanations,
                 action, purpose)
    return decisions  # type: ignore[return-value]


def _judge(result, index, decisions, unexplained, resources, rules, action, purpose) -> str:
    """Set decisions[index] from Cedar's answer (None, noted in `unexplained`, when no rule
    permitted or forbade); return the condition a forbidding `@condition` rule names."""
    resource = resources[index]
    if result.diagnostics.errors:
        logger.warning("Policy error for %s on %s: %s", action,
                       entities.uid(resource), result.diagnostics.errors)
        decisions[index] = _denial(action, purpose, "policy.error", "not_permitted", resource)
    elif result.allowed:
        decisions[index] = _permit(result, action, purpose, resource, rules)
    elif forbid := _first_rule(rules, result.diagnostics.reasons):
        decisions[index] = _denial(action, purpose, forbid.id, forbid.annotations["missing"],
                                   resource, awaits=forbid.annotations.get("condition", ""),
                                   details=forbid.details)
        return forbid.annotations.get("condition", "")
    else:
        unexplained.append(index)
    return ""


def _if_condition_met(condition, indices, context, decisions, unexplained, requests,
                      resources, graph, current, rules, action, purpose) -> None:
    """A rule that forbids until a condition is met (`@condition("step_up")`) decides only
    where the act would be permitted with it: asking a member without the role for a fresh
    second factor would be asking for nothing, so they hear the real reason instead. The
    requests are asked again with the condition met; where that permits, the condition's
    denial stands, otherwise the answer with it met is the answer."""
    met = json.dumps({**context, condition: True})
    again = [{**requests[i], "context": met} for i in indices]
    results = cedarpy.is_authorized_batch(again, rules.policies, graph, current.schema)
    for index, request, result in zip(indices, again, results, strict=True):
        if result.allowed:
            continue
        requests[index] = request
        decisions[index] = None
        _judge(result, index, decisions, unexplained, resources, rules, action, purpose)
    unexplained.sort()


def _explain(indices, decisions, requests, resources, graph, current, explanations, action,
             purpose) -> None:
    """No rule permitted: the explanation rules say what was missing ("only members present
    for this item may read it"); without one, the generic answer."""
    results = cedarpy.is_authorized_batch([requests[i] for i in indices],
                                          explanations.policies, graph, current.schema)
    for index, result in zip(indices, results, strict=True):
        rule = _first_rule(explanations, result.diagnostics.reasons)
        decisions[index] = _denial(action, purpose, rule.id if rule else "default.deny",
                                   rule.annotations["missing"] if rule else "not_permitted",
                                   resources[index], details=rule.details if rule else ())


def decide(membership: Any, action: str, resource: Any, *, purpose: str) -> Decision:
    return decide_many(membership, action, [resource], purpose=purpose)[0]


def require(membership: Any, action: str, resource: Any, *, purpose: str) -> Decision:
    """The decision if it permits; otherwise `Denied`, hidden (404) unless the reader may know
    that the object exists."""
    decision = decide(membership, action, resource, purpose=purpose)
    if decision.allowed:
        return decision
    raise Denied(decision, hidden=_hidden(membership, action, resource, purpose))


def _hidden(membership: Any, action: str, resource: Any, purpose: str) -> bool:
    exists_action = entities.adapter_for(resource).exists_action
    if membership is None or not exists_action or exists_action == action:
        return True
    return not decide(membership, exists_action, resource, purpose=purpose).allowed


def read(membership: Any, action: str, resource: Any, *, purpose: str) -> Decision:
    """`require`, and a permitted read of sensitive data recorded in the access log."""
    decision = require(membership, action, resource, purpose=purpose)
    _record_reads(membership, [(resource, decision)])
    return decision


def read_many(membership: Any, action: str, resources: Sequence[Any], *,
              purpose: str) -> list[Any]:
    """The resources the policy permits, in order; the sensitive ones' reads recorded."""
    decisions = decide_many(membership, action, resources, purpose=purpose)
    permitted = [(r, d) for r, d in zip(resources, decisions, strict=True) if d.allowed]
    _record_reads(membership, permitted)
    return [resource for resource, _ in permitted]


# Who records a permitted read of sensitive data: the audit app's access log registers itself
# here (AuditConfig.ready), so the decision point imports no app above it. Without a recorder a
# sensitive read is refused rather than left unrecorded.
_read_recorder = None


def register_read_recorder(recorder) -> None:
    global _read_recorder
    _read_recorder = recorder


def _record_reads(membership: Any, permitted: list[tuple[Any, Decision]]) -> None:
    batches: dict[tuple, list[str]] = {}
    for resource, decision in permitted:
        adapter = entities.adapter_for(resource)
        categories = tuple(adapter.categories(resource)) if adapter.categories else ()
        if categories:
            # Named as the audit trail names objects ("meetings.minuteentry"), so "who read
            # this" finds the reads of the object the trail's events are about.
            # A resource that stands for part of another object (a case facet is a category
            # of a case) names that object, so its reads are found with the object's.
            target = getattr(resource, "audit_object", None)
            object_type, object_id = target or (
                getattr(getattr(resource, "_meta", None), "label_lower", adapter.type),
                str(resource.pk))
            key = (object_type, categories, decision.purpose, decision.effect, decision.rule)
            batches.setdefault(key, []).append(object_id)
    if batches and _read_recorder is None:
        raise RuntimeError("No read recorder is registered: sensitive reads cannot be audited.")
    for (object_type, categories, purpose, effect, rule), ids in batches.items():
        _read_recorder(membership=membership, object_type=object_type, object_ids=ids,
                      categories=list(categories), purpose=purpose, effect=str(effect),
                      rule=rule)


def fetch(membership: Any, queryset: Any, *, action: str, purpose: str, record: bool = False,
          **lookup: Any) -> Any:
    """The fetch-and-authorise step every `<object>_for` selector is built on: the object, if
    the policy permits `action` on it; a missing object and a hidden one are the same 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Denied(_denial(action, purpose, "policy.not_found", "not_permitted"), hidden=True)
    if record:
        read(membership, action, obj, purpose=purpose)
    else:
        require(membership, action, obj, purpose=purpose)
    return obj
