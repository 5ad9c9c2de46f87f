"""The project's URLs plus three that fail on purpose, for test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from accord.urls import urlpatterns as project_urls


def forbidden(request):
    raise PermissionDenied


def gone(request):
    return render(request, "410.html", status=410)


def broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [
    *project_urls,
    path("test-errors/403/", forbidden),
    path("test-errors/410/", gone),
    path("test-errors/500/", broken),
]
