"""The limits on signing in and on password-reset e-mails that django-axes does not provide.

django-axes locks an account, and an address plus account, after ACCORD_LOGIN_FAILURE_LIMIT
failures (settings.AXES_*). It cannot also slow down one address over many accounts without a
hard lock: it applies one failure limit and one cool-off to every group it counts, and a hard
lock of an address shuts out everyone behind it (a city hall's NAT). So the address gets a
brake of its own, here, counted from axes' own failure log:

- after ACCORD_LOGIN_ADDRESS_LIMIT failures from one address within the window (an hour),
  each further attempt from it must wait after the latest failure: 1 s, then 2, 4, 8 … up to
  ACCORD_LOGIN_ADDRESS_MAX_PAUSE_SECONDS; earlier attempts get 429 with Retry-After and are
  not even checked (so they are not counted and the pause does not grow from them);
- a browser that has signed in to that account before (its known-device cookie) is never
  braked: colleagues behind the same address keep signing in while a stranger is slowed;
- failures leave the window after an hour, so the brake ends by itself.

Password-reset e-mails are limited per address and per account (ThrottleHit); the page answers
the same whether or not an e-mail went out, so the limits tell nothing about accounts.
"""

import ipaddress
import logging
import math
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accord.accounts.devices import DEVICE_COOKIE
from accord.accounts.models import KnownDevice, ThrottleHit, User
from accord.core.tokens import token_digest

logger = logging.getLogger("accord.accounts")

RESET_BY_ADDRESS, RESET_BY_ACCOUNT = "password_reset_address", "password_reset_account"
_HIT_RETENTION = timedelta(days=1)


def client_ip(request: HttpRequest) -> str:
    """The client's address (axes' AXES_CLIENT_IP_CALLABLE, so the lock-out and the brakes see
    the same one). Behind ACCORD_PROXY_COUNT trusted proxies it is that many entries from the
    right of X-Forwarded-For: each proxy appends the address it was called from, so what a
    client writes there itself stays on the left and is never taken. Written here because
    axes would need django-ipware for this, which is not installed."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.ACCORD_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through all the proxies: only the connection's address is known
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_address(request: HttpRequest) -> str:
    """The client's address as the lock-out sees it."""
    return get_client_ip_address(request) or ""


# --- the brake on one address over many accounts ------------------------------------------------

def _known_browser(request: HttpRequest, email: str) -> bool:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if not 40 <= len(token) <= 64:
        return False
    return KnownDevice.objects.filter(user__email=email, device_hash=token_digest(token)).exists()


def sign_in_pause(request: HttpRequest, *, email: str) -> int:
    """Seconds this sign-in attempt from the client's address must still wait; 0: go ahead."""
    address = client_address(request)
    limit = settings.ACCORD_LOGIN_ADDRESS_LIMIT
    if not address or limit <= 0:
        return 0
    now = timezone.now()
    since = now - timedelta(minutes=settings.ACCORD_LOGIN_ADDRESS_WINDOW_MINUTES)
    failures = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since)
    count = failures.count()
    if count < limit:
        return 0
    latest = failures.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    pause = min(2 ** min(count - limit, 30), settings.ACCORD_LOGIN_ADDRESS_MAX_PAUSE_SECONDS)
    wait = math.ceil((latest + timedelta(seconds=pause) - now).total_seconds())
    if wait <= 0 or _known_browser(request, email):
        return 0
    logger.info("Sign-in from a busy address slowed: %s failures in the window, %ss to wait.",
                count, wait)
    return wait


# --- password-reset e-mails ---------------------------------------------------------------------

def _key(kind: str, value: str) -> str:
    # Keyed, so that the stored hashes of the (few) IPv4 addresses cannot be reversed by trying.
    return salted_hmac(f"accord.throttle.{kind}", value, algorithm="sha256").hexdigest()


def _hit_if_allowed(kind: str, value: str, *, limit: int) -> bool:
    """Count one request under `kind` for `value` when fewer than `limit` were counted in the
    last hour; False (nothing counted) when the limit is reached."""
    now = timezone.now()
    ThrottleHit.objects.filter(at__lt=now - _HIT_RETENTION).delete()
    key = _key(kind, value)
    recent = ThrottleHit.objects.filter(kind=kind, key=key, at__gte=now - timedelta(hours=1))
    if recent.count() >= limit:
        return False
    ThrottleHit.objects.create(kind=kind, key=key, at=now)
    return True


def password_reset_address_allowed(request: HttpRequest) -> bool:
    """May this address ask for another reset e-mail (known account or not) this hour?"""
    return _hit_if_allowed(RESET_BY_ADDRESS, client_address(request),
                           limit=settings.ACCORD_PASSWORD_RESET_ADDRESS_LIMIT)


def password_reset_account_allowed(user: User) -> bool:
    """May another reset e-mail go to this account this hour?"""
    return _hit_if_allowed(RESET_BY_ACCOUNT, str(user.pk),
                           limit=settings.ACCORD_PASSWORD_RESET_ACCOUNT_LIMIT)
