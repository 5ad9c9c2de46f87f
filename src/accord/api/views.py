"""The API tokens page: a member manages their own tokens in the active network."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accord import policy
from accord.api import selectors, services
from accord.api.forms import ApiTokenForm


@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request, network: str):
    """List the member's tokens; on a valid POST create one and show its secret this once."""
    policy.require(request.membership, "token.manage", request.network, purpose="api")
    if request.method == "POST":
        # A new token is a new way in: the policy asks for a fresh step-up (limit.step_up).
        policy.require(request.membership, "token.create", request.network, purpose="api")
    form = ApiTokenForm(request.POST or None)
    secret = created = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.api_token_create(
            membership=request.membership, name=form.cleaned_data["name"],
            days=form.cleaned_data["days"], scope=form.cleaned_data["scope"],
            resources=form.cleaned_data["resources"],
        )
        form = ApiTokenForm()
    status = 200 if request.method == "GET" or secret else 422
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret, "created": created,
        "tokens": selectors.tokens_of_membership(membership=request.membership),
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def token_revoke(request, network: str, token_id: int):
    """Ask before revoking; a token of someone else does not exist here (404)."""
    token = selectors.token_for(request.membership, token_id)
    if request.method == "POST":
        services.api_token_revoke(membership=request.membership, token=token)
        messages.success(request, _("The token %(prefix)s… no longer works.")
                         % {"prefix": token.prefix})
        return redirect("api:tokens", network=network)
    return render(request, "api/token_revoke.html", {"token": token})
