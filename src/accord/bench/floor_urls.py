"""Accord's URLs plus the floor view: a minimal Django view answering N bytes.

The benchmark swaps this module in as ROOT_URLCONF, so the floor's request goes through the
same middleware (sessions, authentication, CSP, locale) as the page it is compared with.
"""

from django.http import HttpResponse
from django.urls import path

from accord.urls import urlpatterns as accord_urlpatterns

_CHUNK = b"x" * 65536


def floor_view(request, size: int) -> HttpResponse:
    body = (_CHUNK * (size // len(_CHUNK) + 1))[:size]
    return HttpResponse(body, content_type="text/plain")


urlpatterns = [path("bench-floor/<int:size>/", floor_view), *accord_urlpatterns]
