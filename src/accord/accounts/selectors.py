"""Reads about a person's own access: second factor, recovery codes, sessions."""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings

from accord.accounts.models import User, UserSession
from accord.accounts.services import recovery_codes_left, user_has_totp


@dataclass(frozen=True)
class SecurityStatus:
    has_totp: bool
    recovery_codes_left: int
    passkeys: int


def security_status(*, user: User) -> SecurityStatus:
    from accord.accounts.passkeys import passkeys_of

    return SecurityStatus(has_totp=user_has_totp(user=user),
                          recovery_codes_left=recovery_codes_left(user=user),
                          passkeys=passkeys_of(user).count())


def user_sessions_active(*, user: User) -> list[UserSession]:
    """The person's sessions that still exist server-side, newest first.

    Rows of sessions that expired on their own are dropped on the way.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    active, gone = [], []
    for row in UserSession.objects.filter(user=user).order_by("-created_at"):
        (active if store.exists(row.session_key) else gone).append(row.pk)
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    return list(UserSession.objects.filter(pk__in=active).order_by("-created_at"))


@dataclass(frozen=True)
class ListedSession:
    id: int
    created_at: object
    browser: str
    place: str
    method: str
    provider: str
    is_current: bool


def user_sessions_listed(*, user: User, current_key: str | None) -> list[ListedSession]:
    """The person's active sessions for the sessions page: when, which browser (in words),
    from which network, how they signed in, and which one is this browser."""
    return [
        ListedSession(id=row.pk, created_at=row.created_at,
                      browser=browser_in_words(row.user_agent), place=row.client_network,
                      method=row.method, provider=_provider_name(row.provider),
                      is_current=row.session_key == current_key)
        for row in user_sessions_active(user=user)
    ]


def _provider_name(key: str) -> str:
    from django.conf import settings

    config = settings.ACCORD_OIDC_PROVIDERS.get(key) if key else None
    return config["name"] if config else key


_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
            ("iPad", "iPadOS"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def browser_in_words(user_agent: str) -> str:
    """"Firefox · Windows" from a User-Agent header; the raw header when nothing matches.

    Only the two names a person recognises: versions change weekly and say nothing to them.
    """
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    words = " · ".join(part for part in (browser, system) if part)
    return words or user_agent[:80]
