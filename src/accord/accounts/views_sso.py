"""Single sign-on through the organisation's OpenID provider, and the step-up page.

Views parse and render; accounts.oidc talks to providers, accounts.services_sso decides.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accord.accounts import oidc, services, services_sso
from accord.accounts.forms import StepUpForm
from accord.accounts.oidc import ProviderUnavailable, SignInRefused
from accord.accounts.passkeys import passkeys_of
from accord.core import step_up

logger = logging.getLogger("accord.accounts.oidc")
NEXT = "accord_sso_next"

REFUSED = {
    "state": gettext_lazy("This sign-in link has already been used or has expired. "
                          "Please start the sign-in again."),
    "email_domain": gettext_lazy("Your organisation's sign-in gave an e-mail address that "
                                 "does not belong to this organisation. You were not signed in."),
    "no_account": gettext_lazy("There is no Accord account for you in this organisation yet. "
                               "Ask your network's coordinator to invite you."),
    "account_inactive": gettext_lazy("Your Accord account is closed. Ask your network's "
                                     "coordinator."),
}
REFUSED_DEFAULT = gettext_lazy(
    "Your organisation's sign-in could not be confirmed, so you were not signed in. Please try "
    "again; if it happens again, tell your network's coordinator.")
UNAVAILABLE = gettext_lazy(
    "Your organisation's sign-in service does not answer right now. Please try again in a few "
    "minutes. Members of other organisations are not affected.")


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc-callback"))


def _refused(request: HttpRequest, exc: SignInRefused) -> HttpResponse:
    services_sso.sso_refusal_record(reason=exc.reason, provider=exc.provider)
    if not request.user.is_authenticated:
        services.pending_clear(request)
    unavailable = isinstance(exc, ProviderUnavailable)
    message = UNAVAILABLE if unavailable else REFUSED.get(exc.reason, REFUSED_DEFAULT)
    return render(request, "accounts/sso_refused.html", {"message": message},
                  status=503 if unavailable else 400)


@never_cache
@require_GET
def sso_start(request: HttpRequest, provider: str) -> HttpResponse:
    """Send the person to their organisation's provider (sign-in, or step-up when signed in)."""
    config = oidc.provider_config(provider)
    if config is None:
        raise Http404
    purpose = "step_up" if request.user.is_authenticated else "sign_in"
    extra = {"prompt": "login", "max_age": 0} if purpose == "step_up" else {}
    request.session[NEXT] = request.GET.get("next", "")
    try:
        return oidc.flow_start(request, config, redirect_uri=_redirect_uri(request),
                               purpose=purpose, extra=extra)
    except SignInRefused as exc:
        return _refused(request, exc)


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """`/accounts/oidc/callback/`: the one callback of every provider (the flow's `state`
    says which one)."""
    next_url = request.session.pop(NEXT, "")
    try:
        flow = oidc.flow_of(request)
        config = flow["config"]
        claims, token = oidc.callback_claims(request, config)
        if flow["purpose"] == "step_up":
            services_sso.sso_step_up(request, config=config, claims=claims)
            step_up.step_up_mark(request)
            services.auth_audit(action="auth.step_up", user=request.user,
                                summary={"factor": "sso_phishing_resistant"})
            return redirect(services.safe_next(request, next_url))
        return services_sso.sso_sign_in(request, config=config, claims=claims, token=token,
                                        next_url=next_url)
    except SignInRefused as exc:
        return _refused(request, exc)


@csrf_exempt  # a server-to-server POST from the provider, authenticated by its signature
@require_POST
def sso_backchannel_logout(request: HttpRequest, provider: str) -> HttpResponse:
    """OpenID Connect Back-Channel Logout: the provider says the person's sessions end."""
    config = oidc.provider_config(provider)
    if config is None:
        raise Http404
    try:
        claims = oidc.logout_token_claims(config, request.POST.get("logout_token", ""))
    except SignInRefused as exc:
        services_sso.sso_refusal_record(reason="logout_token:" + exc.reason, provider=provider)
        return HttpResponse(status=400, headers={"Cache-Control": "no-store"})
    services_sso.sso_subject_sessions_end(config=config, subject=str(claims.get("sub", "")),
                                          reason="backchannel_logout")
    return HttpResponse(status=200, headers={"Cache-Control": "no-store"})


@never_cache
@login_required
def step_up_page(request: HttpRequest) -> HttpResponse:
    """Confirm it is you again: an authenticator code, or the organisation's sign-in."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = StepUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.step_up_verify(user=request.user, code=form.cleaned_data["code"]):
            step_up.step_up_mark(request)
            messages.success(request, _("Thank you. You can go on."))
            return redirect(services.safe_next(request, next_url))
        services.auth_audit(action="auth.step_up_failed", user=request.user)
        form.add_error("code", _("This code is wrong or has already been used. "
                                 "Wait for the next code and try again."))
    return render(request, "accounts/step_up.html", {
        "form": form, "next": next_url, "has_totp": services.user_has_totp(user=request.user),
        "sso_providers": services_sso.sso_providers_of(request.user),
        "step_up_minutes": settings.ACCORD_STEP_UP_MINUTES,
        "has_passkey": passkeys_of(request.user).exists(),
    }, status=400 if form.errors else 200)
