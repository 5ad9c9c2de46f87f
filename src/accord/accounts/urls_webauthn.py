"""django-otp-webauthn's endpoints, under its own namespace (its scripts reverse these names),
with Accord's completion views: a passkey signs in the way every factor does."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.views import (
    BeginCredentialRegistrationView,
)

from accord.accounts import passkeys

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", BeginCredentialRegistrationView.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", passkeys.RegistrationComplete.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", passkeys.AuthenticationBegin.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", passkeys.AuthenticationComplete.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
]
