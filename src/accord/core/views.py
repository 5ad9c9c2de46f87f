import sys

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from accord.core.unavailable import api_problem, database_unreachable, unavailable_response


def server_error(request):
    """handler500: Django calls it inside the `except` around the failed request, wherever the
    exception came from (a view or a middleware that loads the session or the user). When the
    database was unreachable the answer is a 503 with Retry-After; anything else stays a 500."""
    if database_unreachable(sys.exc_info()[1]):
        return unavailable_response(request)
    return api_problem(request, 500) or django_server_error(request)


def bad_request(request, exception):
    """handler400: Django's session middleware turns a failed session save into "the session
    was deleted" (a 400) even when the database was merely unreachable; that is a 503."""
    if database_unreachable(sys.exc_info()[1]) or database_unreachable(exception):
        return unavailable_response(request)
    return django_bad_request(request, exception)


@never_cache
def healthz(request):
    """Readiness, for load balancers: 200 when the database answers, 503 when it does not
    (then stop sending traffic here until it answers again)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def liveness(request):
    """Liveness: the process answers. It never asks the database, so a supervisor does not
    restart every app server while PostgreSQL restarts (readiness is /healthz)."""
    return JsonResponse({"status": "ok"})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
