"""Idle and absolute session expiry, and no caching of anything a signed-in person sees."""

import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "accord_signed_in_at"
LAST_SEEN_AT = "accord_last_seen_at"
# Set in the fresh anonymous session after an expiry, so the sign-in page can say why.
EXPIRED_NOTICE = "accord_session_expired"
# The last-seen time is written at most this often: a page full of HTMX requests must not
# turn every read into a session write. Idle expiry is therefore exact to within this.
_TOUCH_SECONDS = 30


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            # login() is only called after the second factor; this refuses any session that
            # got there another way, so no future code path can skip the factor by accident.
            if not request.user.is_verified():
                return self._expire(request, "second_factor_missing")
            reason = session_expiry_reason(request.session, now=time.time())
            if reason:
                return self._expire(request, reason)
            if not _sso_still_accepted(request):
                return self._expire(request, "provider_refused")
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    def _expire(self, request, reason: str):
        from accord.accounts.services import sign_out

        sign_out(request, reason=reason)
        request.session[EXPIRED_NOTICE] = reason
        if request.path_info.startswith("/api/"):
            return self.get_response(request)  # anonymous now: the API answers 401
        response = redirect_to_login(request.get_full_path())
        response["Cache-Control"] = "no-store"
        return response


def _sso_still_accepted(request) -> bool:
    from accord.accounts.services_sso import sso_session_recheck

    return sso_session_recheck(request)


def session_expiry_reason(session, *, now: float) -> str | None:
    """"idle" or "absolute" when the session has expired, else None (and mark it seen).

    A session without timestamps (e.g. a test's force_login) starts its clocks now.
    """
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        session[SIGNED_IN_AT] = signed_in_at or now
        session[LAST_SEEN_AT] = now
        return None
    if now - signed_in_at > settings.ACCORD_SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - last_seen_at > settings.ACCORD_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - last_seen_at >= _TOUCH_SECONDS:
        session[LAST_SEEN_AT] = now
    return None
