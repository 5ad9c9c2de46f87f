"""Errors as JSON problem details (RFC 9457), in the caller's language.

Every answer of the API that is not a success goes through `problem_response`, including the
middleware's 401 and 404 and anything the handlers raise: a client never sees an HTML page.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from accord.audit.services import ChainHeadBehind
from accord.policy import Denied

logger = logging.getLogger("accord.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("The request is not valid."),
    401: _("Sign-in required: send a valid API token."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    409: _("This conflicts with the current state."),
    413: _("The request is too large."),
    415: _("Send the request body as JSON (Content-Type: application/json)."),
    422: _("Some fields are not valid."),
    429: _("Too many requests."),
    500: _("Something went wrong on our side. The error has been logged."),
    503: _("Changes in this network are paused: its audit trail needs to be checked. "
           "Nothing was saved."),
}

# Titles for a code that shares its status with another (both are 503s).
CODE_TITLES = {
    "database_unavailable": _("The database cannot be reached at the moment. A change was "
                              "either saved in full or not at all; try again after Retry-After "
                              "seconds."),
}

# The short machine-readable code in `type` for each status, when the raiser gave none.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


class UnsupportedMediaType(Exception):
    """A request body that is not JSON: refused before it is parsed (415)."""


def problem_body(status: int, code: str, detail: str = "", errors=None, extra=None) -> dict:
    title = CODE_TITLES.get(code) or TITLES.get(status, "")
    body = {"type": f"about:blank#{code}", "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    return body


def problem_response(request, status: int, code: str, detail: str = "", errors=None,
                     extra=None):
    response = JsonResponse(problem_body(status, code, detail, errors, extra), status=status,
                            content_type=PROBLEM_CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="accord"'
    response["Cache-Control"] = "no-store"
    return response


def _field_name(loc) -> str:
    parts = [str(part) for part in loc]
    # Request bodies are always the handler's `payload`; a client knows no such field.
    if parts[:2] == ["body", "payload"]:
        parts = ["body", *parts[2:]]
    return ".".join(parts)


def _field_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors without the submitted value: hostile input is never echoed back."""
    return [
        {"field": _field_name(error.get("loc", ())),
         "message": str(error.get("msg", "")).removeprefix("Value error, "),
         "code": str(error.get("type", ""))}
        for error in errors
    ]


def _django_field_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "body" if field == NON_FIELD_ERRORS else f"body.{field}",
             "message": str(message), "code": "invalid"}
            for field, messages in exc.message_dict.items() for message in messages
        ]
    return [{"field": "body", "message": str(message), "code": "invalid"}
            for message in exc.messages]


def on_validation_error(request, exc: ValidationError):
    return problem_response(request, 422, CODES[422], errors=_field_errors(exc.errors))


def on_django_validation_error(request, exc: DjangoValidationError):
    return problem_response(request, 422, CODES[422], errors=_django_field_errors(exc))


def on_authentication_error(request, exc: AuthenticationError):
    code = "invalid_token" if request.headers.get("Authorization") else CODES[401]
    return problem_response(request, 401, code)


def on_authorization_error(request, exc: AuthorizationError):
    return problem_response(request, 403, CODES[403])


def on_too_large(request, exc: RequestDataTooBig):
    return problem_response(request, 413, CODES[413], detail=too_large_detail())


def too_large_detail() -> str:
    return _("Send at most %(size)s bytes.") % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


def on_unsupported_media_type(request, exc: UnsupportedMediaType):
    return problem_response(request, 415, CODES[415])


def on_overflow(request, exc: OverflowError | DataError):
    # The last line of defence: the input types bound ids, numbers and dates, so reaching this
    # means a field without its bound type (SQLite raises OverflowError, PostgreSQL DataError).
    # Still the client's input, never a 500; the service's transaction has rolled back.
    logger.warning("Out-of-range input reached %s %s: %s", request.method, request.path, exc)
    return problem_response(request, 422, CODES[422], detail=_("A number or date is out of range."))


# Ninja turns anything the body parser raises into a 400; these keep their own answer.
_PARSER_REFUSALS = {
    ValidationError: on_validation_error,
    UnsupportedMediaType: on_unsupported_media_type,
    RequestDataTooBig: on_too_large,
}


def on_http_error(request, exc: HttpError):
    for exc_class, handler in _PARSER_REFUSALS.items():
        if isinstance(exc.__cause__, exc_class):
            return handler(request, exc.__cause__)
    status = exc.status_code
    # Ninja's own messages are English and may describe internals; the title says enough.
    return problem_response(request, status, CODES.get(status, "error"))


def on_not_found(request, exc: Exception):
    return problem_response(request, 404, CODES[404])


def on_denied(request, exc: Denied):
    """The one place where the API's `Denied` becomes a response: 404 when the caller may not
    know the object exists; a rule whose condition the caller can meet answers as its app
    registered (step-up: 401 `step_up_required`); otherwise 403 with what is missing and the
    rule that decided."""
    from accord.policy.middleware import denied_response

    if (response := denied_response(request, exc)) is not None:
        return response
    if exc.hidden:
        return problem_response(request, 404, CODES[404])
    return problem_response(request, 403, CODES[403], detail=exc.decision.reason,
                            extra={"rule": exc.decision.rule})


def on_permission_denied(request, exc: PermissionDenied):
    return problem_response(request, 403, CODES[403], detail=str(exc) if exc.args else "")


def on_integrity_error(request, exc: IntegrityError):
    # A unique constraint raced past validation; nothing was written (atomic requests).
    logger.info("API write refused by a database constraint: %s", exc)
    return problem_response(request, 409, CODES[409])


def on_chain_head_behind(request, exc: Exception):
    # Logged (critical, with the repair command) where it was raised; nothing was written.
    response = problem_response(request, 503, "audit_chain_head_behind")
    response["Retry-After"] = "300"
    return response


def database_unavailable_problem(request):
    from accord.core.unavailable import RETRY_AFTER_SECONDS

    response = problem_response(request, 503, "database_unavailable")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def api_problem(request, status: int):
    """For core's error handlers (core.unavailable.register_api_problem): a 503 when the
    database is gone, a 500 otherwise, as problem details."""
    if status == 503:
        return database_unavailable_problem(request)
    return problem_response(request, status, CODES.get(status, "error"))


def on_database_unreachable(request, exc: Exception):
    # PostgreSQL restarting or failing over: the service's transaction died with the
    # connection, so nothing was half-written (accord.core.unavailable).
    logger.warning("Database unreachable in %s %s: %s", request.method, request.path, exc)
    return database_unavailable_problem(request)


def on_unexpected_error(request, exc: Exception):
    from accord.core.unavailable import database_unreachable

    if database_unreachable(exc):  # e.g. a failed rollback whose context is the lost connection
        return on_database_unreachable(request, exc)
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return problem_response(request, 500, CODES[500])


def register_exception_handlers(api) -> None:
    """The one place that decides how each failure looks to an API client."""
    handlers = {
        ValidationError: on_validation_error,
        DjangoValidationError: on_django_validation_error,
        AuthenticationError: on_authentication_error,
        AuthorizationError: on_authorization_error,
        HttpError: on_http_error,
        Http404: on_not_found,
        ObjectDoesNotExist: on_not_found,
        Denied: on_denied,
        PermissionDenied: on_permission_denied,
        IntegrityError: on_integrity_error,
        ChainHeadBehind: on_chain_head_behind,
        RequestDataTooBig: on_too_large,
        UnsupportedMediaType: on_unsupported_media_type,
        OverflowError: on_overflow,
        DataError: on_overflow,
        OperationalError: on_database_unreachable,
        InterfaceError: on_database_unreachable,
        Exception: on_unexpected_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
