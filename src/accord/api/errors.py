"""Errors as JSON problem details (RFC 9457), in the caller's language."""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

TITLES = {
    400: _("The request is not valid."),
    401: _("Sign-in required: send a valid API token."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    409: _("This conflicts with the current state."),
    422: _("Some fields are not valid."),
    429: _("Too many requests."),
}


def problem_body(status: int, code: str, detail: str = "", errors=None) -> dict:
    body = {"type": f"about:blank#{code}", "title": str(TITLES.get(status, "")), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    return body


def problem_response(request, status: int, code: str, detail: str = "", errors=None):
    response = JsonResponse(problem_body(status, code, detail, errors), status=status,
                            content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="accord"'
    return response
