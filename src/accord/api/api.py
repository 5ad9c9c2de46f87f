"""The HTTP API under /api/v1/: same scope, roles and audit as the pages.

Resources of a network live under `/api/v1/n/{network}/…` and are named after the glossary in
plural kebab-case. A domain app adds its own router here (one line) rather than a second API.
"""

from functools import wraps

from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from ninja import NinjaAPI

from accord.api import audit, me, tenancy
from accord.api.errors import (
    CODES,
    on_unexpected_error,
    problem_response,
    register_exception_handlers,
)
from accord.api.openapi import document_problems
from accord.api.parser import AccordParser
from accord.api.security import AccordAuth


def _api_view(view):
    """Ninja's own 404 (API root), 405 and schema errors are HTML or text: make them problems.
    And nothing the API answers is kept by a cache: token requests carry no session, so the
    signed-in pages' no-store header does not reach them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = problem_response(request, 404, CODES[404])
        except Exception as exc:  # the schema and docs views run outside ninja's handlers
            response = on_unexpected_error(request, exc)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = problem_response(request, 405, CODES[405])
            response["Allow"] = allowed
        response.setdefault("Cache-Control", "no-store")
        return response

    return wrapper


def _not_found(request, rest: str = ""):
    return problem_response(request, 404, CODES[404])


class AccordAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_problems(schema)

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _api_view(pattern.callback)
        # Any other address under /api/v1/ is a problem too, never Django's HTML 404 page.
        urls.append(re_path(r"^(?P<rest>.*)$", _not_found, name="not-found"))
        return urls


api = AccordAPI(
    title="Accord API",
    version="1",
    description=(
        "Resources of one network live under `/api/v1/n/{network}/…`. Authenticate with a "
        "personal API token (`Authorization: Bearer acc_…`) from the network's API tokens page. "
        "Errors are problem details (`application/problem+json`)."
    ),
    urls_namespace="api-v1",
    openapi_url="openapi.json",
    docs_url="docs",
    auth=AccordAuth(),
    parser=AccordParser(),
)
register_exception_handlers(api)

api.add_router("/", me.router)
api.add_router("/n/{network}/", tenancy.router)
api.add_router("/n/{network}/", audit.router)
api.add_router("/", "accord.meetings.api.router")
api.add_router("/n/{network}/", "accord.charter.api.router")
