"""Idle and absolute session expiry, and no caching of anything a signed-in person sees."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "accord_signed_in_at"
LAST_SEEN_AT = "accord_last_seen_at"


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            if not request.path_info.startswith("/api/"):
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    def _expired(self, request) -> bool:
        now = time.time()
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT, now)
        last_seen_at = session.get(LAST_SEEN_AT, now)
        idle = settings.ACCORD_SESSION_IDLE_MINUTES * 60
        absolute = settings.ACCORD_SESSION_ABSOLUTE_HOURS * 3600
        if now - last_seen_at > idle or now - signed_in_at > absolute:
            return True
        session[LAST_SEEN_AT] = now
        session.setdefault(SIGNED_IN_AT, now)
        return False
