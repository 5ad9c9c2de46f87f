"""Helpers of the security suite (issue 5, item 6), shared by the fast tests in `make test` and
the long run of `accord bench security`. A plain package, not an app: it has no models.

- world: two networks, A full of data and B with its own coordinator, and what A must not leak;
  the role world adds one person per actor around one body of A (issue 9);
- role_table: the status each actor gets on every page and API operation; roles asks the
  cells (security/tests: the table, "reaches accord.policy", the pre-filter agreement);
- routes: every address with an object id, from the URL configuration and the OpenAPI schema;
- isolation: B's coordinator asks for A's objects on every route;
- hostile: hostile values into every form and every API body;
- schema_fuzz: schemathesis against /api/v1/openapi.json.
"""
