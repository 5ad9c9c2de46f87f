"""Small helpers for the API tests: tokens and clients that send them."""

import json

from django.test import Client
from django_scopes import scope

from accord.api.services import api_token_create


def token_for(membership, *, days: int = 30, name: str = "test script") -> str:
    with scope(network=membership.network_id):
        return api_token_create(membership=membership, name=name, days=days)[1]


def token_client(raw: str, **headers) -> Client:
    """A client without cookies that sends the token (no Authorization header when empty)."""
    if raw:
        headers["Authorization"] = raw if raw.startswith("Basic ") else f"Bearer {raw}"
    return Client(headers=headers)


def post_json(client: Client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body
