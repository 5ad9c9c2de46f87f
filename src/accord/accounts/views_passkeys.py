"""`/accounts/security/passkeys/`: the person's passkeys, to add, name and remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.accounts import services
from accord.accounts.forms import PasskeyNameForm
from accord.accounts.models import OidcIdentity
from accord.accounts.passkeys import passkeys_of


def _page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    return render(request, "accounts/passkeys.html",
                  {"passkeys": passkeys_of(request.user), **context}, status=status)


def _passkey(request: HttpRequest, passkey_id: int):
    passkey = passkeys_of(request.user).filter(pk=passkey_id).first()
    if passkey is None:  # another person's passkey does not exist here
        raise Http404
    return passkey


@never_cache
@login_required
def passkeys(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def passkey_rename(request: HttpRequest, passkey_id: int) -> HttpResponse:
    passkey = _passkey(request, passkey_id)
    form = PasskeyNameForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, rename_form=form, rename_id=passkey.pk)
    passkey.name = form.cleaned_data["name"]
    passkey.save(update_fields=["name"])
    services.auth_audit(action="auth.passkey_renamed", user=request.user)
    messages.success(request, _("The passkey was renamed."))
    return redirect("accounts:security-passkeys")


def _other_factor_left(user, passkey) -> bool:
    """Removing a passkey must never leave the person without a way to prove it is them."""
    return (services.user_has_totp(user=user)
            or services.recovery_codes_left(user=user) > 0
            or passkeys_of(user).exclude(pk=passkey.pk).exists()
            or OidcIdentity.objects.filter(user=user).exists())


@require_POST
@login_required
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    passkey = _passkey(request, passkey_id)
    if not _other_factor_left(request.user, passkey):
        messages.error(request, _("This is your only way to confirm it is you. Set up an "
                                  "authenticator app or another passkey first."))
        return redirect("accounts:security-passkeys")
    with transaction.atomic():
        passkey.delete()
        services.auth_audit(action="auth.passkey_removed", user=request.user)
        services.user_notify(user=request.user, template="factor_changed",
                             subject=_("Your sign-in settings changed"),
                             context={"change": "passkey_removed"})
    messages.success(request, _("The passkey was removed."))
    return redirect("accounts:security-passkeys")
