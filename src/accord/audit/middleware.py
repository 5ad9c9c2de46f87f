"""A write refused because the chain head was moved back answers 503, never a 500.

The refusal is raised inside the service's transaction, so nothing of the change is kept;
audit_record has already logged it (critical, with the repair command). The API's own
exception handler gives the problem+json answer (accord.api.errors).
"""

from django.shortcuts import render

from accord.audit.services import ChainHeadBehind

RETRY_AFTER_SECONDS = 300  # a person has to run the repair; asking back sooner is no use


def writes_paused_response(request):
    response = render(request, "audit/writes_paused.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ChainHeadBehindMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ChainHeadBehind):
            return writes_paused_response(request)
        return None
