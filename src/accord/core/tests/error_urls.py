"""The project's URLs plus four that fail on purpose, for test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.shortcuts import render
from django.urls import path

from accord.urls import handler400, handler500  # noqa: F401 - the project's, as in production
from accord.urls import urlpatterns as project_urls


def forbidden(request):
    raise PermissionDenied


def gone(request):
    return render(request, "410.html", status=410)


def broken(request):
    raise RuntimeError("a bug, on purpose")


def database_gone(request):
    raise OperationalError("terminating connection due to administrator command")


urlpatterns = [
    *project_urls,
    path("test-errors/403/", forbidden),
    path("test-errors/410/", gone),
    path("test-errors/500/", broken),
    path("test-errors/database/", database_gone),
]
