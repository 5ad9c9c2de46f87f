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
