"""A database that cannot be reached answers 503 with Retry-After, never a 500 with a traceback.

PostgreSQL restarts for an update, fails over to a standby, or refuses connections for a few
seconds: the request in flight then fails with an OperationalError or InterfaceError (psycopg's
own, or Django's wrapper of it). Nothing was half-written: every service runs in one
transaction, which the server rolls back when the connection dies. The answer says so, and asks
the client to come back in a few seconds; the next request opens a new connection
(CONN_HEALTH_CHECKS drops the dead one first), so the application reconnects by itself.

A statement cancelled by ACCORD_DB_STATEMENT_TIMEOUT_MS (psycopg's QueryCanceled, an
OperationalError too) answers the same way: the request waited longer than the limit.

Pages get the 503 page (`503.html`, rendered like the 500 page without any request context,
because the database it would need is gone); the API gets a problem (accord.api.errors).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

try:  # psycopg is a dependency, but an installation on SQLite alone may lack its binary
    import psycopg
except ImportError:  # pragma: no cover
    psycopg = None

logger = logging.getLogger("accord.unavailable")

# A PostgreSQL restart takes a second or two; a failover a little longer.
RETRY_AFTER_SECONDS = 5

_UNREACHABLE: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
if psycopg is not None:
    _UNREACHABLE += (psycopg.OperationalError, psycopg.InterfaceError)


def database_unreachable(exc: BaseException | None) -> bool:
    """Is `exc`, or what caused it, the database being unreachable (not a bug of ours)?

    The cause chain counts too: a rollback that fails on the dead connection raises its own
    error while the first one is its context."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, _UNREACHABLE):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


# The API answers in problem details; core lies beneath the api app, so the api registers how
# (ApiConfig.ready): api_problem(request, status) -> response, for 500 and this 503.
_api_problem = None


def register_api_problem(responder) -> None:
    global _api_problem
    _api_problem = responder


def api_problem(request, status: int) -> HttpResponse | None:
    if _api_problem is None or request is None or not request.path.startswith("/api/"):
        return None
    return _api_problem(request, status)


def unavailable_response(request) -> HttpResponse:
    problem = api_problem(request, 503)
    if problem is not None:
        return problem
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
