from importlib import import_module

from django.urls import URLPattern, include, path
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from accord.api.api import api
from accord.core import views as core_views
from accord.tenancy import views as tenancy_views

PAGE_METHODS = ["GET", "HEAD", "POST"]


def pages(module_name: str):
    """A network's pages answer GET (and HEAD) and POST only: a PUT, PATCH or DELETE is a 405
    naming the methods, as the API answers a method its path does not have, instead of being
    read like a GET by views that test `request.method == "POST"`. The views' own
    require_POST and friends still narrow further."""
    module = import_module(module_name)
    for pattern in module.urlpatterns:
        if isinstance(pattern, URLPattern) and not getattr(pattern.callback, "_page_methods",
                                                            False):
            pattern.callback = require_http_methods(PAGE_METHODS)(pattern.callback)
            pattern.callback._page_methods = True
    return module


urlpatterns = [
    path("", tenancy_views.start, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.liveness, name="healthz-live"),
    path("robots.txt", core_views.robots),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/webauthn/", include("accord.accounts.urls_webauthn")),
    path("accounts/", include("accord.accounts.urls")),
    path("invitations/", include("accord.tenancy.invitation_urls")),
    path("n/<slug:network>/", include(pages("accord.tenancy.urls"))),
    path("n/<slug:network>/audit/", include(pages("accord.audit.urls"))),
    path("n/<slug:network>/api-tokens/", include(pages("accord.api.urls"))),
    path("n/<slug:network>/charter/", include(pages("accord.charter.urls"))),
    path("n/<slug:network>/meetings/", include(pages("accord.meetings.urls"))),
    path("n/<slug:network>/cases/", include(pages("accord.cases.urls"))),
    path("n/<slug:network>/sharing/", include(pages("accord.sharing.regime_urls"))),
    path("n/<slug:network>/", include(pages("accord.sharing.consent_urls"))),
    path("n/<slug:network>/vault/", include(pages("accord.vault.urls"))),
    path("n/<slug:network>/casework/", include(pages("accord.casework.urls"))),
    path("guest/", include("accord.meetings.guest_urls")),
    path("calendar/", include("accord.meetings.calendar_urls")),
    path("planning/", include("accord.meetings.planning_urls")),
    path("api/v1/", api.urls),
]

handler400 = "accord.core.views.bad_request"
handler500 = "accord.core.views.server_error"
