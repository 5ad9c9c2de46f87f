"""Passkeys (WebAuthn, through django-otp-webauthn): a second factor after the password, a
password-less sign-in, and a step-up proof.

django-otp-webauthn does the ceremonies and the cryptography; these subclasses make the end
of each ceremony Accord's own: sign-in goes through accounts.services.sign_in_complete
(session record, device notice, step-up time, audit), registration is audited and announced,
and an assertion by another person's passkey is refused, audited and leaves no session.
"""

import logging

from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.utils import get_credential_model
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from accord.accounts import services
from accord.accounts.models import User
from accord.core import step_up

logger = logging.getLogger("accord.accounts.passkeys")


class PasskeyOfAnotherAccount(OTPWebAuthnApiError):
    status_code = 403
    default_code = "passkey_of_another_account"
    default_detail = _("This passkey belongs to another account. You were not signed in.")


def passkeys_of(user: User):
    return get_credential_model().objects.filter(user=user).order_by("created_at")


class AuthenticationBegin(BeginCredentialAuthenticationView):
    """After the password, offer the pending person's own passkeys (and no others)."""

    def get_user(self):
        if self.request.user.is_authenticated:
            return self.request.user
        return services.pending_user(self.request)


class AuthenticationComplete(CompleteCredentialAuthenticationView):
    _signed_in = None

    def get_user(self):
        return self.request.user if self.request.user.is_authenticated else None

    def complete_auth(self, device):
        request = self.request
        if request.user.is_authenticated:  # step-up
            if device.user_id != request.user.pk:
                self._refuse(device, request.user)
            step_up.step_up_mark(request)
            services.auth_audit(action="auth.step_up", user=request.user,
                                summary={"factor": "passkey"})
            return
        pending = services.pending_user(request)
        if pending is not None and pending.pk != device.user_id:
            self._refuse(device, pending)
        if pending is None:  # password-less: the passkey (with user verification) is both
            services.pending_start(request, device.user, next_url=self.get_redirect_url())
        self._signed_in = services.sign_in_complete(request, user=device.user, device=device)

    def _refuse(self, device, expected: User):
        logger.warning("Passkey assertion for another account refused")
        services.auth_audit(action="auth.sign_in_failed", user=expected,
                            summary={"step": "passkey_of_another_account"})
        if not self.request.user.is_authenticated:
            services.pending_clear(self.request)
        raise PasskeyOfAnotherAccount()

    def get_success_data(self, device):
        if self._signed_in is not None:
            return {"id": device.pk, "redirect_url": self._signed_in["Location"]}
        return {"id": device.pk,
                "redirect_url": services.safe_next(self.request, self.get_redirect_url())}

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if self._signed_in is not None:  # the device and language cookies of the sign-in
            response.cookies.update(self._signed_in.cookies)
        return response


class RegistrationComplete(CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            if response.status_code == 200 and isinstance(response, JsonResponse):
                passkey_registered(user=self.request.user, count=passkeys_of(
                    self.request.user).count())
        return response


def passkey_registered(*, user: User, count: int) -> None:
    """Name the newest passkey "Passkey N" (the person renames it), audit, and tell them."""
    newest = passkeys_of(user).last()
    if newest is not None and not newest.name.startswith(str(_("Passkey"))):
        newest.name = str(_("Passkey %(number)d") % {"number": count})
        newest.save(update_fields=["name"])
    services.auth_audit(action="auth.passkey_registered", user=user)
    services.user_notify(user=user, template="factor_changed",
                         subject=_("Your sign-in settings changed"),
                         context={"change": "passkey_added"})
