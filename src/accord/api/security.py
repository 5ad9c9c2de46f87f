"""Who may call an API operation, and with which roles.

For a network route the network scope middleware has already resolved the caller (token or
session) and their membership, or answered 401/404 itself; the operation only confirms it. For
a personal route (`/me`) nothing has run yet, so the same resolver is called here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from accord.api.auth import authenticate_api_request
from accord.tenancy.models import Role

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


class CoordinatorAuth(AccordAuth):
    """For writes to a network's structure: only its coordinators (as on the pages).

    Checked as authentication, before the body is parsed, so an observer learns nothing from
    validation errors and always gets 403. The service checks again (defence in depth).
    """

    def __call__(self, request):
        result = super().__call__(request)
        membership = getattr(request, "membership", None)
        if membership is None or not membership.has_role(Role.COORDINATOR):
            raise PermissionDenied(_("Only coordinators of this network may do this."))
        return result


class AuditorAuth(AccordAuth):
    """For the audit trail: only the network's coordinators and privacy officers, as on the
    audit page. Checked before the query is validated, so others always get 403."""

    def __call__(self, request):
        from accord.audit.selectors import can_view_audit

        result = super().__call__(request)
        if not can_view_audit(getattr(request, "membership", None)):
            raise PermissionDenied(_("Only the network's coordinators and privacy officers may "
                                     "see the audit log."))
        return result
