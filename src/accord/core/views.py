from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accord.tenancy.selectors import memberships_entering


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def start(request):
    """After sign-in: straight into the only network, or a choice between several."""
    memberships = memberships_entering(user=request.user)
    if len(memberships) == 1:
        return redirect("tenancy:home", network=memberships[0].network.slug)
    return render(request, "core/start.html", {"memberships": memberships})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
