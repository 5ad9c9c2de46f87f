"""Accepting an invitation at /invitations/<token>/.

No network scope is active here: the invitee is not a member yet. The token alone names the
invitation (selectors.invitation_by_token); every answer for an unusable token is the same
page with status 410, so the page reveals nothing about which tokens exist.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accord.accounts.models import User
from accord.accounts.services import sign_in_begin
from accord.core.forms import add_service_errors
from accord.core.tokens import token_digest
from accord.tenancy import forms, selectors, services
from accord.tenancy.models import Invitation

# secrets.token_urlsafe(32) is 43 characters; anything much longer is not ours.
TOKEN_MAX_LENGTH = 64


def _invalid(request) -> HttpResponse:
    return render(request, "tenancy/invitation_invalid.html", status=410)


@never_cache
def invitation(request, token: str) -> HttpResponse:
    if len(token) > TOKEN_MAX_LENGTH:
        return _invalid(request)
    found = selectors.invitation_by_token(token_hash=token_digest(token))
    if found is None or not found.is_open:
        return _invalid(request)
    account = User.objects.filter(email__iexact=found.email).first()
    signed_in = request.user if request.user.is_authenticated else None
    try:
        if signed_in is not None and (account is None or signed_in.pk != account.pk):
            return _signed_in_as_someone_else(request, found)
        if account is None:
            return _new_account(request, token, found)
        if signed_in is not None:
            return _join(request, token, found)
        return _sign_in_first(request, found)
    except services.InvitationInvalid:
        return _invalid(request)


def _context(found: Invitation, **extra) -> dict:
    return {"invitation": found, "network": found.network, **extra}


def _network_home(found: Invitation) -> str:
    return reverse("tenancy:home", kwargs={"network": found.network.slug})


def _signed_in_as_someone_else(request, found: Invitation) -> HttpResponse:
    return render(request, "tenancy/invitation.html",
                  _context(found, step="someone_else"), status=403)


def _sign_in_first(request, found: Invitation) -> HttpResponse:
    sign_in_url = f"{reverse('accounts:sign-in')}?{urlencode({'next': request.path})}"
    return render(request, "tenancy/invitation.html",
                  _context(found, step="sign_in", sign_in_url=sign_in_url))


def _join(request, token: str, found: Invitation) -> HttpResponse:
    if request.method != "POST":
        return render(request, "tenancy/invitation.html", _context(found, step="join"))
    try:
        services.invitation_accept(token=token, user=request.user)
    except ValidationError as error:
        return render(request, "tenancy/invitation.html",
                      _context(found, step="join", error=error.messages[0]), status=400)
    messages.success(request, _("Welcome to %(network)s.") % {"network": found.network.name})
    return redirect(_network_home(found))


def _new_account(request, token: str, found: Invitation) -> HttpResponse:
    form = forms.NewAccountForm(request.POST or None, email=found.email,
                                initial={"full_name": found.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_new_account(
                token=token, full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The account has a password but no second factor yet: enrolment comes next.
            return sign_in_begin(request, membership.user, next_url=_network_home(found))
    return render(request, "tenancy/invitation.html",
                  _context(found, step="new_account", form=form),
                  status=400 if form.is_bound else 200)
