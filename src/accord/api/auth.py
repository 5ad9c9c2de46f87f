"""API authentication: a personal token (Authorization: Bearer acc_…) or the browser session."""

from django.utils import timezone
from django_scopes import scopes_disabled

from accord.api.errors import problem_response
from accord.api.models import TOKEN_PREFIX, ApiToken
from accord.api.scopes import scope_refusal
from accord.core.tokens import token_digest


def authenticate_api_request(request):
    """Set request.user (and request.api_membership for a token) or answer 401."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        raw = header.removeprefix("Bearer ").strip()
        token = None
        if raw.startswith(TOKEN_PREFIX) and len(raw) < 200:
            with scopes_disabled():
                token = (ApiToken.objects.select_related("membership__user")
                         .filter(token_hash=token_digest(raw)).first())
        if token is None or not token.is_usable or not token.membership.is_active:
            return problem_response(request, 401, "invalid_token")
        refusal = scope_refusal(token, request.method, request.path_info)
        if refusal is not None:  # a valid token, outside what it was created for
            code, detail = refusal
            return problem_response(request, 403, code, detail=detail)
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            # Written at most once a minute: a busy client must not turn reads into writes.
            with scopes_disabled():
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.user = token.membership.user
        request.api_membership = token.membership
        request.api_token = token
        # Token requests carry no cookie, so CSRF does not apply to them.
        request._dont_enforce_csrf_checks = True
        return None
    if request.user.is_authenticated:
        request.api_membership = None
        return None
    return problem_response(request, 401, "not_authenticated")
