"""The browser a person signs in from: a long-lived random cookie, stored only as its hash.

A sign-in from a browser without a known cookie is a new device, and the person is told.
"""

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from accord.accounts.models import KnownDevice, User
from accord.core.tokens import token_digest

DEVICE_COOKIE = "accord-device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days
_TOKEN_BYTES = 32


def device_identify(request: HttpRequest) -> tuple[str, str]:
    """(cookie value, its SHA-256): the browser's existing cookie, or a fresh one."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if not (40 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()):
        token = secrets.token_urlsafe(_TOKEN_BYTES)
    return token, token_digest(token)


def known_device_remember(*, user: User, device_hash: str) -> bool:
    """Remember the device for `user`; True when it was new."""
    _device, created = KnownDevice.objects.get_or_create(user=user, device_hash=device_hash)
    return created


def device_cookie_set(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE, token, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
        secure=settings.SECURE_COOKIES,
    )
