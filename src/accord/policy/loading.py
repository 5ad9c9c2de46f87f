"""Loading the policies: every file validated against the schema, or nothing loads.

A policy that fails to parse or to validate refuses to load, naming its file, its line and
the reason, so a mistaken edit stops the installation at start-up instead of silently
permitting or denying. Every policy must carry an `@id`, unique across files, because every
decision names the rule that made it.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import cedarpy
from django.core.exceptions import ImproperlyConfigured

POLICY_DIR = Path(__file__).parent / "policies"
EXPLAIN_DIR = POLICY_DIR / "explain"
ID_ANNOTATION = re.compile(r'@id\(\s*"([^"]+)"\s*\)')


class PolicyFileError(ImproperlyConfigured):
    def __init__(self, path: Path, line: int, reason: str):
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path.name}, line {line}: {reason}")


@dataclass(frozen=True)
class Rule:
    id: str
    effect: str
    annotations: dict[str, str]
    path: Path
    line: int
    # A denial's message parameters, from the rule's @detail_<name>("…") annotations
    # (e.g. @detail_category("health") fills "{category}" in the message), as sorted pairs.
    details: tuple[tuple[str, str], ...] = ()


@dataclass
class PolicySet:
    policies: cedarpy.PolicySet
    rules: dict[str, Rule]  # by Cedar's own policy id (policy0, policy1, …)
    order: list[str] = field(default_factory=list)  # rule ids in file order
    texts: dict[str, str] = field(default_factory=dict)
    # The actions a policy's scope names; None: every action (e.g. the absolute limits).
    scopes: dict[str, frozenset[str] | None] = field(default_factory=dict)
    _by_action: dict[str, "PolicySet"] = field(default_factory=dict, repr=False)

    def for_action(self, action: str) -> "PolicySet":
        """Only the policies whose scope can match `action`, parsed once per action: Cedar
        checks every policy of the set it is given, and most rules name one action, so a
        decision evaluates a handful of policies instead of all of them (the same answer)."""
        subset = self._by_action.get(action)
        if subset is None:
            ids = [cedar_id for cedar_id in self.order
                   if self.scopes.get(cedar_id) is None or action in self.scopes[cedar_id]]
            subset = _joined([(self, ids)])
            self._by_action[action] = subset
        return subset

    def joined(self, *others: "PolicySet") -> "PolicySet":
        """This set followed by `others`, in that order (the order decides which rule a
        decision names): how a network's compiled rules join the installation's."""
        return _joined([(part, part.order) for part in (self, *others)])


def _joined(parts: list[tuple["PolicySet", list[str]]]) -> "PolicySet":
    rules, texts, scopes = {}, {}, {}
    for part, ids in parts:
        for cedar_id in ids:
            new_id = f"policy{len(rules)}"
            rules[new_id] = part.rules[cedar_id]
            texts[new_id] = part.texts[cedar_id]
            scopes[new_id] = part.scopes.get(cedar_id)
    text = "\n".join(texts.values())
    return PolicySet(policies=cedarpy.PolicySet.from_str(text), rules=rules,
                     order=list(rules), texts=texts, scopes=scopes)


def _action_scope(body: dict) -> frozenset[str] | None:
    scope = body.get("action", {})
    if scope.get("op") == "==":
        return frozenset([scope["entity"]["id"]])
    if scope.get("op") == "in" and "entities" in scope:
        return frozenset(entity["id"] for entity in scope["entities"])
    return None  # all actions, or an action group: every action's set keeps it


@dataclass
class Engine:
    schema: cedarpy.Schema
    actions: frozenset[str]
    decisions: PolicySet
    explanations: PolicySet


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|//[^\n]*|;')
_LEADING = re.compile(r"(?:\s+|//[^\n]*)*")


def _statements(text: str) -> list[tuple[int, str]]:
    """Split a policy file into statements with their first line, respecting strings and
    comments (a `;` inside either does not end a statement). One regular expression finds the
    strings, comments and semicolons, so a long generated text splits as fast as a file."""
    ends = [match.end() for match in _TOKEN.finditer(text) if match.group() == ";"]
    statements, start, line, counted = [], 0, 1, 0
    for end in [*ends, len(text)]:
        chunk = text[start:end]
        if end == len(text) and (not chunk.strip() or _only_comments(chunk)):
            break
        first = _LEADING.match(text, start).end()
        line += text.count("\n", counted, min(first, end))
        counted = min(first, end)
        statements.append((line, chunk))
        start = end
    return statements


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("//") for line in text.splitlines())


def load_schema(directory: Path) -> tuple[cedarpy.Schema, frozenset[str]]:
    files = sorted(directory.glob("*.cedarschema"))
    if not files:
        raise ImproperlyConfigured(f"No Cedar schema (*.cedarschema) in {directory}.")
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    try:
        schema = cedarpy.Schema.from_str(text)
    except Exception as exc:  # cedarpy raises ValueError with Cedar's message
        raise PolicyFileError(files[0], 1, f"the schema does not parse: {exc}") from exc
    actions = frozenset(re.findall(r'^\s*action\s+"([^"]+)"', text, flags=re.MULTILINE))
    return schema, actions


def _check_statement(path: Path, line: int, text: str, schema: cedarpy.Schema,
                     seen: dict[str, tuple[Path, int]]) -> None:
    try:
        cedarpy.PolicySet.from_str(text)
    except Exception as exc:
        raise PolicyFileError(path, line, f"does not parse: {exc}") from exc
    ids = ID_ANNOTATION.findall(text)
    if len(ids) != 1:
        raise PolicyFileError(path, line, "every policy needs exactly one @id(\"…\")")
    if ids[0] in seen:
        other, other_line = seen[ids[0]]
        raise PolicyFileError(path, line, f"@id(\"{ids[0]}\") is already used in "
                                          f"{other.name}, line {other_line}")
    seen[ids[0]] = (path, line)
    result = cedarpy.validate_policies(text, schema)
    if not result.validation_passed:
        reasons = "; ".join(error.error for error in result.errors)
        raise PolicyFileError(path, line, f"does not validate against the schema: {reasons}")


def load_policy_set(files: list[Path], schema: cedarpy.Schema,
                    known_messages: set[str]) -> PolicySet:
    return _policy_set([(path, path.read_text(encoding="utf-8")) for path in files], schema,
                       known_messages)


def _whole_text_valid(located: list[tuple[Path, int, str]], schema: cedarpy.Schema) -> bool:
    """One parse and one validation of the whole text, and the @ids counted without parsing:
    the fast path for many generated statements (a compiled regime). False: look statement
    by statement, for the one that fails and its reason."""
    combined = "\n".join(text for _, _, text in located)
    ids = [ID_ANNOTATION.findall(text) for _, _, text in located]
    if any(len(found) != 1 for found in ids) or len({f[0] for f in ids}) != len(ids):
        return False
    try:
        cedarpy.PolicySet.from_str(combined)
    except Exception:
        return False
    return cedarpy.validate_policies(combined, schema).validation_passed


def _policy_set(sources: list[tuple[Path, str]], schema: cedarpy.Schema,
                known_messages: set[str], *, whole: bool = False) -> PolicySet:
    seen: dict[str, tuple[Path, int]] = {}
    located = [(path, line, text) for path, source in sources
               for line, text in _statements(source)]
    if not (whole and _whole_text_valid(located, schema)):
        for path, line, text in located:
            _check_statement(path, line, text, schema, seen)
    combined = "\n".join(text for _, _, text in located)
    policies = cedarpy.PolicySet.from_str(combined or "")
    parsed = json.loads(cedarpy.policies_to_json_str(combined)) if combined else {}
    static = parsed.get("staticPolicies", {})
    rules, order, texts, scopes = {}, [], {}, {}
    # Cedar numbers policies in the order it reads them; pair each with its file and line.
    for index, (path, line, text) in enumerate(located):
        cedar_id = f"policy{index}"
        body = static[cedar_id]
        texts[cedar_id], scopes[cedar_id] = text, _action_scope(body)
        annotations = {key: value or "" for key, value in body.get("annotations", {}).items()}
        missing = annotations.get("missing")
        if missing is not None and missing not in known_messages:
            raise PolicyFileError(path, line, f"@missing(\"{missing}\") names no message in "
                                              "accord.policy.messages")
        details = tuple(sorted((key.removeprefix("detail_"), value)
                               for key, value in annotations.items()
                               if key.startswith("detail_")))
        rules[cedar_id] = Rule(id=annotations["id"], effect=body["effect"],
                               annotations=annotations, path=path, line=line, details=details)
        order.append(cedar_id)
    return PolicySet(policies=policies, rules=rules, order=order, texts=texts, scopes=scopes)


def _check_decisions(policy_set: PolicySet) -> PolicySet:
    for rule in policy_set.rules.values():
        if rule.effect == "forbid" and "missing" not in rule.annotations:
            raise PolicyFileError(rule.path, rule.line,
                                  "a forbid policy must say what is missing (@missing)")
    return policy_set


def _check_explanations(policy_set: PolicySet) -> PolicySet:
    for rule in policy_set.rules.values():
        if rule.effect != "permit" or "missing" not in rule.annotations:
            raise PolicyFileError(rule.path, rule.line,
                                  "an explanation is a permit with @missing(\"…\")")
    return policy_set


def load_text(text: str, schema: cedarpy.Schema, *, origin: Path,
              explanations: bool = False) -> PolicySet:
    """Policies that are data rather than files (a network's compiled sharing regime): held to
    the same checks as the files, with `origin` standing for the file in the reasons."""
    from accord.policy.messages import MESSAGES

    policy_set = _policy_set([(origin, text)], schema, set(MESSAGES), whole=True)
    return _check_explanations(policy_set) if explanations else _check_decisions(policy_set)


def load(directory: Path = POLICY_DIR) -> Engine:
    from accord.policy.messages import MESSAGES

    schema, actions = load_schema(directory)
    known = set(MESSAGES)
    decisions = _check_decisions(
        load_policy_set(sorted(directory.glob("*.cedar")), schema, known))
    explain_dir = directory / "explain"
    explanations = _check_explanations(
        load_policy_set(sorted(explain_dir.glob("*.cedar")), schema, known))
    return Engine(schema=schema, actions=actions, decisions=decisions,
                  explanations=explanations)
