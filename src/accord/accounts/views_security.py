"""The Security page: second factor, recovery codes, sessions, language and password.

Each change posts to its own URL; a form with errors re-renders the whole page with it.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.accounts import selectors, services
from accord.accounts.forms import (
    AccordPasswordChangeForm,
    AuthenticatorResetForm,
    LanguageForm,
    RecoveryCodesForm,
)


def _page(request: HttpRequest, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    forms.setdefault("recovery_form", RecoveryCodesForm(auto_id="recovery_%s"))
    forms.setdefault("reset_form", AuthenticatorResetForm(user=user, auto_id="reset_%s"))
    forms.setdefault("language_form", LanguageForm(instance=user, auto_id="language_%s"))
    forms.setdefault("password_form", AccordPasswordChangeForm(user, auto_id="password_%s"))
    return render(request, "accounts/security.html", {
        "status": selectors.security_status(user=user),
        "sessions": selectors.user_sessions_active(user=user),
        "current_session_key": request.session.session_key,
        **forms,
    }, status=status)


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    form = RecoveryCodesForm(request.POST, auto_id="recovery_%s")
    if form.is_valid():
        codes = services.recovery_codes_regenerate(user=request.user,
                                                   token=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/recovery_codes_new.html", {"codes": codes})
        form.add_error("code", _("This code is wrong or has already been used."))
    return _page(request, status=400, recovery_form=form)


@require_POST
@login_required
def authenticator_reset(request: HttpRequest) -> HttpResponse:
    """Password and a current code remove the authenticator; then enrol a new one."""
    user = request.user
    form = AuthenticatorResetForm(request.POST, user=user, auto_id="reset_%s")
    if form.is_valid():
        device = services.totp_device_of(user)
        if device is not None and device.verify_token(form.cleaned_data["code"]):
            services.totp_reset(user=user)
            services.user_sessions_end(user=user)
            services.sign_out(request, reason="mfa_reset")
            return services.sign_in_begin(request, user, next_url="")
        form.add_error("code", _("This code is wrong or has already been used."))
    return _page(request, status=400, reset_form=form)


@require_POST
@login_required
def sessions_end(request: HttpRequest) -> HttpResponse:
    count = services.user_sessions_end(user=request.user,
                                       except_session_key=request.session.session_key)
    messages.success(request, ngettext("%(count)d other session was signed out.",
                                       "%(count)d other sessions were signed out.",
                                       count) % {"count": count})
    if request.POST.get("back") == "sessions":
        return redirect("accounts:security-sessions")
    return redirect("accounts:security")


@never_cache
@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """`/accounts/security/sessions/`: where the person is signed in, each one endable."""
    return render(request, "accounts/sessions.html", {
        "sessions": selectors.user_sessions_listed(user=request.user,
                                                   current_key=request.session.session_key),
    })


@require_POST
@login_required
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    if not services.user_session_end(user=request.user, session_id=session_id,
                                     current_session_key=request.session.session_key):
        raise Http404
    messages.success(request, _("That session was signed out."))
    return redirect("accounts:security-sessions")


@require_POST
@login_required
def language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST, instance=request.user, auto_id="language_%s")
    if not form.is_valid():
        return _page(request, status=400, language_form=form)
    user = form.save()
    translation.activate(user.language)
    messages.success(request, _("Your language was saved."))
    response = redirect("accounts:security")
    services.language_cookie_set(response, user.language)
    return response


@require_POST
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = AccordPasswordChangeForm(request.user, request.POST, auto_id="password_%s")
    if not form.is_valid():
        return _page(request, status=400, password_form=form)
    old_key = request.session.session_key
    user = form.save()
    update_session_auth_hash(request, user)  # keeps this session, under a new key
    services.user_session_rekey(old_key=old_key, new_key=request.session.session_key)
    services.password_changed(user=user, via="security_page",
                              except_session_key=request.session.session_key)
    messages.success(request, _("Your password was changed. Your other sessions were "
                                "signed out."))
    return redirect("accounts:security")
