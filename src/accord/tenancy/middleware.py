"""Network scope (DESIGN.md, mechanism 1), in one place.

The active network comes from the URL (`/n/<network>/…`, `/api/v1/n/<network>/…`). The
request must belong to an active membership of that network, through the signed-in session or
an API token; otherwise the network does not exist for this request: 404. Inside, every
network-owned query is confined to the network by django-scopes, and every time is read and
shown in the network's time zone (a 14:00 Brussels meeting reads "14:00" on every page, not
the server's UTC), so no page has to remember to switch.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scope

from accord.tenancy.selectors import active_membership

API_PREFIX = "/api/"


class NetworkScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.network = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("network")
        if slug is None:
            return self.get_response(request)

        is_api = request.path_info.startswith(API_PREFIX)
        if is_api:
            from accord.api.auth import authenticate_api_request

            denial = authenticate_api_request(request)
            if denial is not None:
                return denial
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())

        membership = active_membership(user=request.user, network_slug=slug)
        if membership is None:
            if is_api:
                from accord.api.errors import problem_response

                return problem_response(request, 404, "not_found")
            raise Http404
        if getattr(request, "api_membership", None) not in (None, membership):
            # A token belongs to one membership; it never opens another network.
            from accord.api.errors import problem_response

            return problem_response(request, 404, "not_found")

        request.membership = membership
        request.network = membership.network
        # override() restores the previous zone on the way out, also when the view raises.
        with scope(network=membership.network_id), \
                timezone.override(membership.network.time_zone):
            return self.get_response(request)
