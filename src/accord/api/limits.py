"""Request bodies over the upload limit are a 413, on the pages and in the API.

Django raises RequestDataTooBig only when something reads the body: the CSRF check on a page
(a 400 page), a ninja handler (which took it for a crash, 500). Refusing on the declared length
before any of them runs gives one answer everywhere, and nothing reads the oversized body.
"""

import html
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParser
from django.shortcuts import render

from accord.api.errors import CODES, problem_response, too_large_detail

# Routes that take a file (a meeting paper): a multipart POST to one of them may carry up to
# its own limit, on top of the form's. Registered by the app that owns the route (the API knows
# no app), as a regular expression on the path and a function that returns the limit in bytes.
_UPLOAD_ROUTES: list[tuple[re.Pattern, Callable[[], int]]] = []


def register_upload_route(pattern: str, limit: Callable[[], int]) -> None:
    compiled = re.compile(pattern)
    if all(p.pattern != pattern for p, _limit in _UPLOAD_ROUTES):
        _UPLOAD_ROUTES.append((compiled, limit))


def _upload_route(request) -> Callable[[], int] | None:
    if request.method != "POST" or not (
            request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")):
        return None
    return next((limit for pattern, limit in _UPLOAD_ROUTES
                 if pattern.match(request.path_info)), None)


def request_limit(request) -> int | None:
    """The largest body this request may declare."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    upload_limit = _upload_route(request)
    return limit if limit is None or upload_limit is None else limit + upload_limit()


class _NamesKeptParser(MultiPartParser):
    """Django's parser, which cuts a file name to its last part and drops unprintable
    characters in silence; this one also notes the name as sent, so that an upload route can
    refuse "../x.pdf" or a name with a control character instead of storing it renamed."""

    def __init__(self, *args, sent_names: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_names = sent_names

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        if clean is not None:
            self.sent_names[clean] = html.unescape(file_name)
        return clean


def _keep_sent_names(request) -> None:
    request.upload_names_sent = {}

    def parse_file_upload(meta, post_data):
        return _NamesKeptParser(meta, post_data, request.upload_handlers, request.encoding,
                                sent_names=request.upload_names_sent).parse()

    request.parse_file_upload = parse_file_upload


def sent_file_name(request, upload) -> str:
    """The name the client gave `upload` (request.FILES holds Django's cut-down one)."""
    return getattr(request, "upload_names_sent", {}).get(upload.name, upload.name)


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
        limit = request_limit(request)
        if limit is not None and _declared_length(request) > limit:
            return too_large_response(request)
        if _upload_route(request) is not None:
            _keep_sent_names(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A body that grew past the limit after its header (multipart parts) is refused alike.
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None
