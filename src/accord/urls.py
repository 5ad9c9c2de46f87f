from django.urls import include, path
from django.views.i18n import set_language

from accord.api.api import api
from accord.core import views as core_views
from accord.tenancy import views as tenancy_views

urlpatterns = [
    path("", tenancy_views.start, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.liveness, name="healthz-live"),
    path("robots.txt", core_views.robots),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/webauthn/", include("accord.accounts.urls_webauthn")),
    path("accounts/", include("accord.accounts.urls")),
    path("invitations/", include("accord.tenancy.invitation_urls")),
    path("n/<slug:network>/", include("accord.tenancy.urls")),
    path("n/<slug:network>/audit/", include("accord.audit.urls")),
    path("n/<slug:network>/api-tokens/", include("accord.api.urls")),
    path("n/<slug:network>/charter/", include("accord.charter.urls")),
    path("n/<slug:network>/meetings/", include("accord.meetings.urls")),
    path("guest/", include("accord.meetings.guest_urls")),
    path("calendar/", include("accord.meetings.calendar_urls")),
    path("api/v1/", api.urls),
]

handler400 = "accord.core.views.bad_request"
handler500 = "accord.core.views.server_error"
