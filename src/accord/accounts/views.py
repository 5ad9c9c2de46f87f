"""Signing in (password, then second factor), signing out, lock-out and password reset.

Views parse and render; accounts.services does the work and the audit.
"""

import base64
import math

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import oidc, services, throttle
from accord.accounts.forms import (
    AccordPasswordResetForm,
    AccordSetPasswordForm,
    EnrolForm,
    SignInForm,
    VerifyForm,
)
from accord.accounts.middleware import EXPIRED_NOTICE
from accord.accounts.models import User


def locked_out(request: HttpRequest, original_response=None, credentials=None,
               *args, **kwargs) -> HttpResponse:
    """Axes' lock-out answer (and ours for wrong codes): 429, when to try again, and nothing
    that tells whether the account exists."""
    services.pending_clear(request)
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def _mark_invalid(form) -> None:
    for name in ("email", "password"):  # screen readers announce the error with the field
        form.fields[name].widget.attrs["aria-describedby"] = "form-errors"
        form.fields[name].widget.attrs["aria-invalid"] = "true"


def _slowed_down(request: HttpRequest, form: SignInForm, seconds: int,
                 next_url: str) -> HttpResponse:
    """Many failures from this address: this attempt is not checked; the person may simply
    try again after the pause (no lock-out, and the same answer for every account)."""
    form.add_error(None, ngettext(
        "Many sign-ins from your network have failed in the last hour, so each attempt from "
        "it has to wait a little. Please try again in %(seconds)s second.",
        "Many sign-ins from your network have failed in the last hour, so each attempt from "
        "it has to wait a little. Please try again in %(seconds)s seconds.",
        seconds) % {"seconds": seconds})
    _mark_invalid(form)
    response = render(request, "accounts/sign_in.html", {"form": form, "next": next_url},
                      status=429)
    response["Retry-After"] = str(seconds)
    return response


@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated:
        return redirect(services.safe_next(request, next_url))
    expired = request.session.pop(EXPIRED_NOTICE, None)
    if expired:
        messages.info(request, _("Your session has ended. Please sign in again."))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        pause = throttle.sign_in_pause(request, email=email)
        if pause:
            return _slowed_down(request, form, pause, next_url)
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is not None:
            return services.sign_in_begin(request, user, next_url=next_url)
        services.auth_audit(action="auth.sign_in_failed",
                            user=User.objects.filter(email=email).first(),
                            summary={"step": "password"})
        form.add_error(None, _("E-mail address or password is wrong."))
        _mark_invalid(form)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url,
                                                     "sso_providers": oidc.providers()})


def _pending_or_restart(request: HttpRequest) -> User | HttpResponse:
    user = services.pending_user(request)
    if user is None:
        messages.info(request, _("Your sign-in took too long or was not started. "
                                 "Please enter your e-mail address and password again."))
        return redirect("accounts:sign-in")
    if AxesProxyHandler.is_locked(request, {"email": user.email}):
        return locked_out(request)
    return user


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    user = _pending_or_restart(request)
    if isinstance(user, HttpResponse):
        return user
    if not services.user_has_totp(user=user):
        return redirect("accounts:enrol")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            return services.sign_in_complete(request, user=user, device=device)
        services.auth_audit(action="auth.sign_in_failed", user=user, summary={"step": "code"})
        # Counted by axes like a wrong password, so guessing codes ends in the same lock-out.
        user_login_failed.send(sender=__name__, credentials={"email": user.email},
                               request=request)
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        form.add_error("code", _("This code is wrong or has already been used. "
                                 "Wait for the next code and try again."))
    return render(request, "accounts/verify.html", {"form": form})


def _enrolment_device(request: HttpRequest, user: User) -> TOTPDevice:
    device_id = services.pending_get(request, "enrol_device")
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = services.totp_enrolment_start(user=user)
        services.pending_set(request, enrol_device=device.pk)
    return device


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes plain SVG paths: no script, no style attribute, safe to inline.
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, border=4, title=_("QR code for your authenticator app"),
                        omitsize=True)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _secret_groups(device: TOTPDevice) -> list[str]:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return [secret[i:i + 4] for i in range(0, len(secret), 4)]


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    user = _pending_or_restart(request)
    if isinstance(user, HttpResponse):
        return user
    if services.user_has_totp(user=user):
        return redirect("accounts:verify")
    device = _enrolment_device(request, user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrolment_confirm(user=user, device=device,
                                                token=form.cleaned_data["code"])
        if codes is not None:
            services.pending_set(request, recovery_codes=codes, enrolled=True)
            services.pending_refresh(request)
            return redirect("accounts:recovery-codes")
        form.add_error("code", _("This code does not match. Check the time on your phone "
                                 "and enter the code that is shown now."))
    return render(request, "accounts/enrol.html", {
        "form": form, "qr_svg": mark_safe(_qr_svg(device)),  # noqa: S308 (segno output)
        "secret_groups": _secret_groups(device), "digits": device.digits,
    })


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once; "I have stored them" completes the sign-in."""
    user = _pending_or_restart(request)
    if isinstance(user, HttpResponse):
        return user
    if not services.pending_get(request, "enrolled"):
        return redirect("accounts:verify")
    if request.method == "POST":
        device = services.totp_device_of(user)
        return services.sign_in_complete(request, user=user, device=device,
                                         announce_device=False)
    codes = services.pending_get(request, "recovery_codes")
    services.pending_set(request, recovery_codes=None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.sign_out(request, reason="user")
    messages.success(request, _("You have signed out."))
    return redirect("accounts:sign-in")


# --- password reset: Django's views, our templates, our e-mail and session ending --------------

@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccordPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        # Over the address's hourly limit no e-mail goes out, known account or not; the answer
        # is the same page either way, so the limit tells nothing about who has an account.
        if not throttle.password_reset_address_allowed(self.request):
            throttle.logger.warning("Password-reset e-mail not sent: the address's hourly "
                                    "limit is reached.")
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = AccordSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, via="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
