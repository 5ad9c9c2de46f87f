"""The one place where a page's `Denied` becomes a response: the project's own 404 page where
the reader may not know the object exists, otherwise its 403 page saying what is missing, or,
for a rule whose condition the reader can meet (step-up), the answer its app registered."""

from django.urls import get_resolver

from accord.policy.decision import Denied

# rule id -> function(request) -> response, registered by the app that owns the condition
# (core: `limit.step_up` goes to the step-up page and back).
_responses: dict = {}


def register_denied_response(rule: str, respond) -> None:
    _responses[rule] = respond


def denied_response(request, exception: Denied):
    """The registered answer for the rule that denied, or None."""
    respond = _responses.get(exception.decision.rule)
    return respond(request) if respond is not None and not exception.hidden else None


class DeniedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Denied):
            return None
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        request.policy_decision = exception.decision
        if (response := denied_response(request, exception)) is not None:
            return response
        handler = get_resolver().resolve_error_handler(exception.status)
        if exception.hidden:
            return handler(request, Http404())
        return handler(request, PermissionDenied(exception.decision.reason))
