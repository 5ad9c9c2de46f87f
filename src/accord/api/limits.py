"""Request bodies over the upload limit are a 413, on the pages and in the API.

Django raises RequestDataTooBig only when something reads the body: the CSRF check on a page
(a 400 page), a ninja handler (which took it for a crash, 500). Refusing on the declared length
before any of them runs gives one answer everywhere, and nothing reads the oversized body.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render

from accord.api.errors import CODES, problem_response, too_large_detail


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large_response(request):
    if request.path.startswith("/api/"):
        return problem_response(request, 413, CODES[413], detail=too_large_detail())
    return render(request, "api/413.html",
                  {"limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000}, status=413)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _declared_length(request) > limit:
            return too_large_response(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A body that grew past the limit after its header (multipart parts) is refused alike.
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None
