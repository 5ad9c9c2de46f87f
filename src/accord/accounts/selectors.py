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


def security_status(*, user: User) -> SecurityStatus:
    return SecurityStatus(has_totp=user_has_totp(user=user),
                          recovery_codes_left=recovery_codes_left(user=user))


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
