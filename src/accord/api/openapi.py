"""Every operation documents every problem it can answer, added here for all of them at once.

The statuses come from the error mapper (accord.api.errors), the parser and the size limit,
which hold for every operation alike; a handler that forgot them would publish a description
that lies, and schemathesis (`accord.security.schema_fuzz`) reports that.
"""

from accord.api.errors import CODES, PROBLEM_CONTENT_TYPE, TITLES, problem_body
from accord.core.text import NO_CONTROL_CHARACTERS_PATTERN

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "Problem details (RFC 9457), in the caller's language.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank#<code>`, e.g. `#invalid`."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                               "code": {"type": "string"}},
            },
        },
    },
}

# Statuses any operation may answer, whatever its handler does.
EVERY_OPERATION = (400, 403, 404, 409, 413, 422, 503)
_EXAMPLE_ERRORS = {
    422: [{"field": "body.name", "message": "Field required", "code": "missing"}],
}
_EXAMPLE_DETAILS = {
    409: "The minutes are approved: entries can no longer be changed.",
    413: "Send at most 2621440 bytes.",
}
# 503 has two causes; the description names both, the example the commoner one.
_DESCRIPTIONS = {
    503: "Unavailable for a moment, with Retry-After: the database cannot be reached "
         "(`#database_unavailable`), or changes in the network are paused until its audit "
         "trail is checked (`#audit_chain_head_behind`). Nothing was half-written.",
}
_EXAMPLE_CODES = {503: "database_unavailable"}


def _problem_response(status: int) -> dict:
    example = problem_body(status, _EXAMPLE_CODES.get(status, CODES[status]),
                           _EXAMPLE_DETAILS.get(status, ""), _EXAMPLE_ERRORS.get(status))
    return {
        "description": _DESCRIPTIONS.get(status) or str(TITLES[status]),
        "content": {PROBLEM_CONTENT_TYPE: {
            "schema": {"$ref": "#/components/schemas/Problem"}, "example": example}},
    }


def _statuses(operation: dict) -> list[int]:
    statuses = list(EVERY_OPERATION)
    if operation.get("security"):
        statuses.append(401)
    if "requestBody" in operation:
        statuses.append(415)
    return sorted(statuses)


def _component(schema: dict, ref: str) -> tuple[str, dict]:
    name = ref.rsplit("/", 1)[-1]
    return name, schema["components"]["schemas"][name]


def _bound_strings(schema: dict, node, seen: set[str]) -> None:
    """Give every free-text string an input reaches the parser's rule as a pattern, so the
    description says what the parser refuses (a client, and schemathesis, can rely on it)."""
    if isinstance(node, list):
        for item in node:
            _bound_strings(schema, item, seen)
        return
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        name, target = _component(schema, node["$ref"])
        if name not in seen:
            seen.add(name)
            _bound_strings(schema, target, seen)
        return
    if node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node):
        node["pattern"] = NO_CONTROL_CHARACTERS_PATTERN
    if node.get("type") == "object" and node.get("additionalProperties") not in (None, False):
        node.setdefault("propertyNames", {"pattern": NO_CONTROL_CHARACTERS_PATTERN})
    for key in ("properties", "$defs"):
        for child in (node.get(key) or {}).values():
            _bound_strings(schema, child, seen)
    for key in ("items", "additionalProperties", "anyOf", "allOf", "oneOf"):
        if key in node:
            _bound_strings(schema, node[key], seen)


def _bound_inputs(schema: dict, operation: dict, seen: set[str]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query":
            _bound_strings(schema, parameter.get("schema"), seen)
    for media in operation.get("requestBody", {}).get("content", {}).values():
        _bound_strings(schema, media.get("schema"), seen)


def document_problems(schema: dict) -> dict:
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    seen: set[str] = set()
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            _bound_inputs(schema, operation, seen)
            responses = operation.setdefault("responses", {})
            for status in _statuses(operation):
                # Replaces a handler's own declaration (e.g. `409: dict`): every problem
                # is sent as application/problem+json, whatever the handler declared.
                responses.pop(str(status), None)
                responses[status] = _problem_response(status)
    return schema
