from django.contrib.auth import views as auth_views
from django.urls import include, path

from accord.accounts.oidc_dev_provider import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    # Before the toolkit's own token URL, so that tests can spoil the next ID token.
    path("o/token/", views.token),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("control/users/", views.user_put),
    path("control/tamper/", views.tamper),
    path("control/users/<str:username>/end/", views.user_end),
]
