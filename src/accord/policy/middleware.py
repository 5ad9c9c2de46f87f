"""The one place where a page's `Denied` becomes a response: the project's own 404 page where
the reader may not know the object exists, otherwise its 403 page saying what is missing."""

from django.urls import get_resolver

from accord.policy.decision import Denied


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
        handler = get_resolver().resolve_error_handler(exception.status)
        if exception.hidden:
            return handler(request, Http404())
        return handler(request, PermissionDenied(exception.decision.reason))
