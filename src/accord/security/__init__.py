"""Helpers of the security suite (issue 5, item 6), shared by the fast tests in `make test` and
the long run of `accord bench security`. A plain package, not an app: it has no models.

- world: two networks, A full of data and B with its own coordinator, and what A must not leak;
- routes: every address with an object id, from the URL configuration and the OpenAPI schema;
- isolation: B's coordinator asks for A's objects on every route;
- hostile: hostile values into every form and every API body;
- schema_fuzz: schemathesis against /api/v1/openapi.json.
"""
