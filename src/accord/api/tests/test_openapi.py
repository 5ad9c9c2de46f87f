"""The published API description: every network resource names its `network` parameter and
needs a token; the docs page and the schema itself are public."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_lists_the_network_resources_in_plural_kebab_case(schema):
    assert {
        "/api/v1/n/{network}/organisations", "/api/v1/n/{network}/organisations/{id}",
        "/api/v1/n/{network}/members", "/api/v1/n/{network}/members/{id}",
        "/api/v1/n/{network}/bodies", "/api/v1/n/{network}/bodies/{id}", "/api/v1/me",
    } <= set(schema["paths"])


def test_every_network_operation_declares_the_network_path_parameter(schema):
    network_paths = [p for p in schema["paths"] if p.startswith("/api/v1/n/{network}/")]
    assert network_paths
    for path in network_paths:
        for method, operation in schema["paths"][path].items():
            params = {(p["name"], p["in"]) for p in operation.get("parameters", [])}
            assert ("network", "path") in params, f"{method.upper()} {path}"


def test_every_network_and_personal_operation_requires_the_bearer_token(schema):
    # (Guests of a meeting use their own link-based session: see the meetings app.)
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()
    member_paths = [p for p in schema["paths"] if p.startswith("/api/v1/n/") or p == "/api/v1/me"]
    assert member_paths
    for path in member_paths:
        for method, operation in schema["paths"][path].items():
            assert operation.get("security"), f"{method.upper()} {path} is public"


def test_docs_page_is_served(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


PROBLEM_STATUSES = {"400", "403", "404", "409", "413", "422"}
MAX_ID = 2**63 - 1


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _integer_bounds(schema, node) -> list[dict]:
    node = _resolve(schema, node)
    if node.get("type") == "array":
        return _integer_bounds(schema, node["items"])
    if "anyOf" in node:
        return [b for option in node["anyOf"] for b in _integer_bounds(schema, option)]
    return [node] if node.get("type") == "integer" else []


def test_every_operation_documents_every_problem_it_can_answer_as_problem_json(schema):
    for label, operation in _operations(schema):
        responses = operation["responses"]
        expected = set(PROBLEM_STATUSES)
        if operation.get("security"):
            expected.add("401")
        if "requestBody" in operation:
            expected.add("415")
        assert expected <= set(responses), label
        for status in expected:
            content = responses[status]["content"]
            assert set(content) == {"application/problem+json"}, f"{label} {status}"
            example = content["application/problem+json"]["example"]
            assert example["status"] == int(status) and example["title"]


# Ids that are text on purpose: the audit trail names an object of any type by the id it
# stores as text (a case reference is not a number), and matches it exactly.
TEXT_IDS = {("GET /api/v1/n/{network}/audit/reads", "object_id")}


def test_every_id_a_client_sends_is_bounded_to_64_bits(schema):
    """Path, query and body: a new operation with a bare `int` id fails here (use ObjectId)."""
    def check(label, name, node):
        if (label, name) in TEXT_IDS:
            assert node.get("maxLength"), f"{label}: {name} is unbounded"
            return
        if name == "id" or name.endswith(("_id", "_ids")):
            bounds = _integer_bounds(schema, node)
            assert bounds, f"{label}: {name} is not an integer id"
            for bound in bounds:
                assert (bound.get("minimum"), bound.get("maximum")) == (1, MAX_ID), \
                    f"{label}: {name}"

    for label, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            check(label, parameter["name"], parameter["schema"])
        for media in operation.get("requestBody", {}).get("content", {}).values():
            body = _resolve(schema, media["schema"])
            for option in body.get("anyOf", [body]):
                option = _resolve(schema, option)
                for name, prop in option.get("properties", {}).items():
                    check(label, name, prop)


def test_every_request_body_refuses_unknown_fields(schema):
    for label, operation in _operations(schema):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            body = _resolve(schema, media["schema"])
            for option in body.get("anyOf", [body]):
                option = _resolve(schema, option)
                if option.get("type") == "object":
                    assert option.get("additionalProperties") is False, label


def test_free_text_in_a_request_says_control_characters_are_refused(schema):
    from accord.api.text import NOT_BLANK_PLAIN_TEXT_PATTERN

    body = schema["components"]["schemas"]["CallLogIn"]["properties"]
    # A single line is PlainText (no markup, no line break); prose keeps its lines.
    assert body["topic"]["pattern"] == NOT_BLANK_PLAIN_TEXT_PATTERN
    assert "\\u000a\\u000d" in body["topic"]["pattern"]
    assert body["summary"]["pattern"] == (
        "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$")
    assert "pattern" not in schema["components"]["schemas"]["CallLogOut"]["properties"]["topic"]
