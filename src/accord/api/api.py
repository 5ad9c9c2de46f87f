"""The HTTP API under /api/v1/: same scope, roles and audit as the pages."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Accord API",
    version="1",
    urls_namespace="api-v1",
    openapi_url="openapi.json",
    docs_url="docs",
)
