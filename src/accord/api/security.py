"""Who may call an API operation.

For a network route the network scope middleware has already resolved the caller (token or
session) and their membership, or answered 401/404 itself; the operation only confirms it. For
a personal route (`/me`) nothing has run yet, so the same resolver is called here. What the
caller may do is accord.policy's answer: `PolicyAuth` asks it for the route's action.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from accord import policy
from accord.api.auth import authenticate_api_request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfRefused(PermissionDenied):
    """A browser session tried to write without the CSRF token."""


class AccordAuth(AuthBase):
    """A personal API token (Bearer) or the signed-in browser session."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = "A personal API token (acc_…) from the API tokens page of a network."

    def __call__(self, request):
        membership = getattr(request, "membership", None)
        if membership is None:
            if "network" in (getattr(request.resolver_match, "kwargs", None) or {}):
                # The middleware answers network routes first; reaching here would be a bug.
                raise AuthenticationError()
            if authenticate_api_request(request) is not None:
                raise AuthenticationError()
        elif not request.user.is_authenticated:
            raise AuthenticationError()
        self._check_csrf(request)
        return membership or request.user

    @staticmethod
    def _check_csrf(request) -> None:
        # Ninja exempts its views from Django's CSRF middleware; a cookie session must still
        # prove that a write came from our own pages. Token requests carry no cookie.
        if request.method in SAFE_METHODS or getattr(request, "api_token", None) is not None:
            return
        if check_csrf(request) is not None:
            raise CsrfRefused(_("The CSRF token is missing or wrong."))


class PolicyAuth(AccordAuth):
    """For an operation whose action is decided on the network as a whole (creating an
    organisation: organisation.manage): the policy is asked with the route's action.

    Asked as authentication, before the body is parsed, so a caller who may not act (an
    observer) learns nothing from validation errors and always gets 403, with the reason and
    the rule (api.errors.on_denied). The service asks again (defence in depth).
    """

    def __init__(self, action: str):
        self.action = action
        super().__init__()

    def __call__(self, request):
        result = super().__call__(request)
        membership = getattr(request, "membership", None)
        network = getattr(request, "network", None)
        if membership is None or network is None:  # a network route always has both
            raise AuthenticationError()
        policy.require(membership, self.action, network, purpose="api")
        return result

