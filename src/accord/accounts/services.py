"""Signing in and out, second factors and sessions: every write about a person's access.

Sign-in has two steps. The password step only puts the session into a short-lived *pending*
state (`sign_in_begin`); the person is signed in (`sign_in_complete`) only after the second
factor. Every sign-in, failure, lock-out, sign-out and factor change is audited on the
installation chain (network=None), because it belongs to the person, not to one network.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import devices
from accord.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from accord.accounts.models import User, UserSession
from accord.accounts.oidc import SESSION as SSO_SESSION
from accord.accounts.throttle import password_reset_account_allowed
from accord.audit.services import audit_record
from accord.core.mail import mail_send
from accord.core.step_up import step_up_mark

PENDING = "accord_pending_sign_in"
PENDING_SECONDS = 5 * 60
RECOVERY_CODE_COUNT = 10
USER_OBJECT = "accounts.user"
BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- audit and notices -------------------------------------------------------------------------

def auth_audit(*, action: str, user: User | None, summary: dict | None = None,
               actor: User | None = None) -> None:
    """One event about `user` on the installation chain (actor: the user unless given).

    An unknown person leaves no name and no address.
    """
    audit_record(
        network=None, actor=actor or user, action=action, object_type=USER_OBJECT,
        object_id=user.pk if user is not None else "", summary=summary or {},
    )


def user_notify(*, user: User, template: str, subject, context: dict | None = None) -> None:
    """An e-mail notice about the person's own access, in their language, after commit."""
    mail_send(
        to=user.email, template=f"accounts/email/{template}", language=user.language,
        subject=subject,
        context={"user": user, "base_url": settings.ACCORD_BASE_URL, **(context or {})},
    )


# --- the pending state between the two steps ---------------------------------------------------

def sign_in_begin(request: HttpRequest, user: User, *, next_url: str = "") -> HttpResponse:
    """Put `user` into the pending state after a correct password (or an accepted invitation)
    and answer with the redirect to the second factor: verify if enrolled, else enrol.

    Guarantees: nobody is signed in yet; the pending state lasts PENDING_SECONDS.
    Guests (external experts, a later issue) will be the one exemption from the second factor:
    their branch belongs here, deciding by their role, so that no other code learns of it.
    """
    pending_start(request, user, next_url=next_url)
    if user_has_totp(user=user):
        return redirect("accounts:verify")
    return redirect("accounts:enrol")


def pending_start(request: HttpRequest, user: User, *, next_url: str = "") -> None:
    request.session.cycle_key()  # a session key planted before the password is worth nothing
    request.session[PENDING] = {"user_id": user.pk, "at": time.time(), "next": next_url}


def pending_user(request: HttpRequest) -> User | None:
    """The person between password and second factor, or None when absent or expired."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        pending_clear(request)
        return None
    return User.objects.filter(pk=pending.get("user_id"), is_active=True).first()


def pending_get(request: HttpRequest, key: str, default=None):
    return request.session.get(PENDING, {}).get(key, default)


def pending_set(request: HttpRequest, **values) -> None:
    pending = dict(request.session.get(PENDING, {}))
    pending.update(values)
    request.session[PENDING] = pending


def pending_refresh(request: HttpRequest) -> None:
    """Another PENDING_SECONDS after a completed step (enrolment may take a while)."""
    pending_set(request, at=time.time())


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def safe_next(request: HttpRequest, next_url: str) -> str:
    """`next_url` if it stays on this site, else the start page."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure(),
    ):
        return next_url
    return settings.LOGIN_REDIRECT_URL


# --- second factors ----------------------------------------------------------------------------

def user_has_totp(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator; earlier unfinished enrolments are discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a current code; returns new recovery codes, or None if wrong.

    Guarantees: at most one confirmed authenticator per person; audited; a notice e-mail.
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user=user)
    auth_audit(action="auth.mfa_enrolled", user=user, summary={"device": "totp"})
    user_notify(user=user, template="factor_changed", subject=_("Your sign-in settings changed"),
                context={"change": "enrolled"})
    return codes


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True},
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [recovery_code_display(code) for code in codes]


def recovery_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def recovery_codes_regenerate(*, user: User, token: str) -> list[str] | None:
    """New recovery codes (the old ones stop working) against a current authenticator code."""
    device = totp_device_of(user)
    if device is None or not device.verify_token(token):
        return None
    codes = _recovery_codes_replace(user=user)
    auth_audit(action="auth.recovery_codes_regenerated", user=user)
    user_notify(user=user, template="factor_changed", subject=_("Your sign-in settings changed"),
                context={"change": "recovery_codes"})
    return codes


@transaction.atomic
def totp_reset(*, user: User) -> None:
    """Remove the authenticator and recovery codes; the caller checked password and code.

    Guarantees: audited; a notice e-mail; the next sign-in must enrol again.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    auth_audit(action="auth.mfa_reset", user=user)
    user_notify(user=user, template="factor_changed", subject=_("Your sign-in settings changed"),
                context={"change": "reset"})


def second_factor_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `code`: six digits for the authenticator, else a recovery code.

    A recovery code is consumed (django-otp deletes it); a TOTP step is accepted once only.
    """
    code = "".join(code.split()).replace("-", "").lower()
    if code.isdigit() and len(code) == 6:
        device = totp_device_of(user)
        return device if device is not None and device.verify_token(code) else None
    if not code.isalnum() or len(code) > 16:
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            auth_audit(action="auth.recovery_code_used", user=user,
                       summary={"codes_left": recovery_codes_left(user=user)})
            user_notify(user=user, template="recovery_code_used",
                        subject=_("A recovery code was used to sign in"),
                        context={"codes_left": recovery_codes_left(user=user)})
            return device
    return None


def step_up_verify(*, user: User, code: str) -> bool:
    """A current authenticator code for step-up (audited). Recovery codes do not count: they
    are for a lost phone, not for confirming a sensitive act."""
    device = totp_device_of(user)
    code = "".join(code.split())
    if device is None or not (code.isdigit() and len(code) == 6 and device.verify_token(code)):
        return False
    auth_audit(action="auth.step_up", user=user, summary={"factor": "totp"})
    return True


# --- signing in and out ------------------------------------------------------------------------

def sign_in_complete(request: HttpRequest, *, user: User, device,
                     announce_device: bool = True) -> HttpResponse:
    """Sign the pending person in after their second factor.

    Guarantees: a new session key (django.contrib.auth.login), the OTP device on the session,
    both expiry timestamps, a UserSession row, a known-device check with a notice e-mail for
    a new device, an auth.signed_in event, and the person's language cookie.
    """
    next_url = pending_get(request, "next", "")
    sso = pending_get(request, "oidc")
    pending_clear(request)
    device_token, device_hash = devices.device_identify(request)
    request.accord_device_hash = device_hash  # read by the user_logged_in receiver
    request.accord_sign_in = {"method": "sso" if sso else _factor_of(device),
                              "provider": sso["provider"] if sso else ""}
    with transaction.atomic():
        auth_login(request, user, backend=BACKEND)
        otp_login(request, device)
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
        step_up_mark(request)  # the second factor (or phishing-resistant SSO) was just shown
        if sso:
            request.session[SSO_SESSION] = sso
        is_new = devices.known_device_remember(user=user, device_hash=device_hash)
        auth_audit(action="auth.signed_in", user=user,
                   summary={"factor": _factor_of(device), "new_device": is_new,
                            **({"provider": sso["provider"]} if sso else {})})
        if is_new and announce_device:
            user_notify(user=user, template="new_device",
                        subject=_("New sign-in to your Accord account"),
                        context={"user_agent": request.headers.get("User-Agent", "")[:300]})
    response = redirect(safe_next(request, next_url))
    devices.device_cookie_set(response, device_token)
    language_cookie_set(response, user.language)
    return response


def _factor_of(device) -> str:
    """The audit's name of the second factor a device stands for."""
    from accord.accounts.models import OidcIdentity

    if isinstance(device, StaticDevice):
        return "recovery_code"
    if isinstance(device, OidcIdentity):
        return "sso_phishing_resistant"
    if type(device).__name__ == "WebAuthnCredential":
        return "passkey"
    return "totp"


def client_network_of(request: HttpRequest) -> str:
    """The client's network (IPv4 /24, IPv6 /48) from REMOTE_ADDR: an approximate place."""
    import ipaddress

    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def user_session_record(*, user: User, session_key: str, device_hash: str,
                        user_agent: str, client_network: str = "", method: str = "",
                        provider: str = "") -> UserSession:
    UserSession.objects.filter(session_key=session_key).delete()
    return UserSession.objects.create(user=user, session_key=session_key,
                                      device_id=device_hash, user_agent=user_agent[:300],
                                      client_network=client_network, method=method,
                                      provider=provider)


def user_session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Follow a session whose key was rotated (e.g. after a password change)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def sign_out(request: HttpRequest, *, reason: str = "user") -> None:
    """End this browser's session (audited).

    `reason`: user, idle, absolute or second_factor_missing.
    """
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        auth_audit(action="auth.signed_out", user=user, summary={"reason": reason})
    auth_logout(request)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def user_sessions_end(*, user: User, except_session_key: str | None = None,
                      actor: User | None = None) -> int:
    """Delete the person's server-side sessions (all but `except_session_key`); returns how many.

    Guarantees: a deleted session cannot be used again (the next request is anonymous);
    an auth.sessions_ended event when any was ended. `actor` defaults to the person.
    """
    store = _session_store()
    rows = UserSession.objects.filter(user=user)
    if except_session_key:
        rows = rows.exclude(session_key=except_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    with transaction.atomic():
        for key in keys:
            store(session_key=key).delete()
        rows.filter(session_key__in=keys).delete()
        if keys:
            auth_audit(action="auth.sessions_ended", user=user, actor=actor,
                       summary={"count": len(keys)})
    return len(keys)


@transaction.atomic
def member_sessions_end(*, by, membership) -> int:
    """A coordinator signs a member of their network out everywhere (e.g. a lost laptop).

    Guarantees: the policy decides (`member.end`: a coordinator of the member's own network,
    else Denied); the member's sessions end at once; audited on the network's chain and on the
    person's.
    """
    from accord import policy

    policy.require(by, "member.end", membership, purpose="administer")
    count = user_sessions_end(user=membership.user, actor=by.user)
    audit_record(network=by.network, actor=by.user, action="membership.sessions_ended",
                 obj=membership, summary={"count": count})
    return count


@transaction.atomic
def user_session_end(*, user: User, session_id: int, current_session_key: str | None) -> bool:
    """End one of the person's own sessions (not the current one: that is signing out).

    Guarantees: another person's session is never found (False); audited.
    """
    row = UserSession.objects.filter(user=user, pk=session_id).exclude(
        session_key=current_session_key or "").first()
    if row is None:
        return False
    _session_store()(session_key=row.session_key).delete()
    row.delete()
    auth_audit(action="auth.session_ended", user=user, summary={"count": 1})
    return True


def language_cookie_set(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# --- passwords ---------------------------------------------------------------------------------

def password_reset_requested(*, user: User, uidb64: str, token: str) -> None:
    """Send the reset link to a known, active person (audited). Unknown addresses never
    reach this function, and the page answers the same either way. Over the account's hourly
    limit the e-mail is not sent (so nobody can fill a person's inbox), which is audited."""
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})
    with transaction.atomic():
        if not password_reset_account_allowed(user):
            auth_audit(action="auth.password_reset_throttled", user=user,
                       summary={"limit": "account"})
            return
        auth_audit(action="auth.password_reset_requested", user=user)
        user_notify(user=user, template="password_reset",
                    subject=_("Reset your Accord password"),
                    context={"reset_url": f"{settings.ACCORD_BASE_URL}{path}",
                             "hours": settings.PASSWORD_RESET_TIMEOUT // 3600})


def password_changed(*, user: User, via: str, except_session_key: str | None = None) -> int:
    """After a new password: end the person's other sessions, audit, tell them by e-mail.

    `via` is "reset" (every session ends) or "security_page" (the current one stays).
    """
    with transaction.atomic():
        ended = user_sessions_end(user=user, except_session_key=except_session_key)
        auth_audit(action="auth.password_changed", user=user, summary={"via": via})
        user_notify(user=user, template="password_changed",
                    subject=_("Your Accord password was changed"))
    return ended
