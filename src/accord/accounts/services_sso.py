"""Single sign-on: who an OpenID provider's verified claims sign in, and ending SSO sessions.

Guarantees: a person is found by (provider, `sub`); a verified e-mail is used only once, to
link a person who has no link yet and is an active member of the provider's organisation.
The e-mail's domain must be one of the organisation's. Each refusal is audited and logged and
leaves no signed-in session. Accord's own second factor is skipped only when the provider
asserted a phishing-resistant method.
"""

import logging
import time

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from accord.accounts import oidc, services
from accord.accounts.models import OidcIdentity, User
from accord.accounts.oidc import SignInRefused

logger = logging.getLogger("accord.accounts.oidc")


def sso_refusal_record(*, reason: str, provider: str, user: User | None = None) -> None:
    """Audit and log a refused SSO sign-in; an unknown person stays unnamed."""
    logger.warning("SSO sign-in refused: provider=%s reason=%s", provider, reason)
    services.auth_audit(action="auth.sso_refused", user=user,
                        summary={"provider": provider, "reason": reason[:60]})


def _email_domain_allowed(config: dict, email: str) -> bool:
    domain = email.rpartition("@")[2].lower()
    return bool(email) and domain in config["email_domains"]


def _member_of_organisation(user: User, config: dict) -> bool:
    # Through the person's own memberships: accounts lies beneath tenancy and imports none of it.
    with scopes_disabled():
        return user.memberships.active().filter(
            network__slug=config["network"],
            organisation__name=config["organisation"],
        ).exists()


@transaction.atomic
def sso_identity_resolve(*, config: dict, claims: dict) -> OidcIdentity:
    """The link for these verified claims: found by `sub`, or made once from a verified
    e-mail of an active member of the organisation (audited, with a notice e-mail)."""
    email = str(claims.get("email") or "").strip().lower()
    if not _email_domain_allowed(config, email):
        raise SignInRefused("email_domain", config["key"])
    identity = OidcIdentity.objects.select_related("user").filter(
        provider=config["key"], subject=str(claims["sub"])).first()
    if identity is not None:
        if not identity.user.is_active:
            raise SignInRefused("account_inactive", config["key"])
        return identity
    if claims.get("email_verified") is not True:
        raise SignInRefused("email_not_verified", config["key"])
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None or not _member_of_organisation(user, config):
        raise SignInRefused("no_account", config["key"])
    if OidcIdentity.objects.filter(user=user, provider=config["key"]).exists():
        # The person is linked to another `sub` there: an e-mail must never move a link.
        raise SignInRefused("linked_to_another_subject", config["key"])
    identity = OidcIdentity.objects.create(user=user, provider=config["key"],
                                           subject=str(claims["sub"]),
                                           name=config["name"][:64], confirmed=True)
    services.auth_audit(action="auth.sso_linked", user=user, summary={"provider": config["key"]})
    services.user_notify(user=user, template="sso_linked",
                         subject=_("Your Accord account was linked to your organisation's "
                                   "sign-in"), context={"provider_name": config["name"]})
    return identity


def sso_sign_in(request: HttpRequest, *, config: dict, claims: dict, token: dict,
                next_url: str = "") -> HttpResponse:
    """Sign in (or go on to Accord's second factor) the person these verified claims name."""
    identity = sso_identity_resolve(config=config, claims=claims)
    session_data = {"provider": config["key"], "sub": identity.subject,
                    "refresh_token": token.get("refresh_token", ""), "checked_at": time.time()}
    if oidc.is_phishing_resistant(config, claims):
        services.pending_start(request, identity.user, next_url=next_url)
        services.pending_set(request, oidc=session_data)
        return services.sign_in_complete(request, user=identity.user, device=identity)
    response = services.sign_in_begin(request, identity.user, next_url=next_url)
    services.pending_set(request, oidc=session_data)
    return response


def sso_step_up(request: HttpRequest, *, config: dict, claims: dict) -> bool:
    """A fresh, phishing-resistant proof from the provider of the signed-in person's link."""
    if not request.user.is_authenticated:
        raise SignInRefused("not_signed_in", config["key"])
    if not OidcIdentity.objects.filter(user=request.user, provider=config["key"],
                                       subject=str(claims["sub"])).exists():
        raise SignInRefused("step_up_other_account", config["key"])
    if not oidc.is_phishing_resistant(config, claims):
        raise SignInRefused("step_up_not_phishing_resistant", config["key"])
    if time.time() - float(claims.get("auth_time") or 0) > 5 * 60:
        raise SignInRefused("step_up_not_fresh", config["key"])
    return True


def sso_subject_sessions_end(*, config: dict, subject: str, reason: str) -> int:
    """End every session of the person linked to `subject` at this provider (back-channel
    logout, or the provider refusing the account); audited on the person."""
    identity = OidcIdentity.objects.select_related("user").filter(
        provider=config["key"], subject=subject).first()
    if identity is None:
        return 0
    ended = services.user_sessions_end(user=identity.user)
    services.auth_audit(action="auth.sso_sessions_ended", user=identity.user,
                        summary={"provider": config["key"], "reason": reason, "count": ended})
    return ended


def sso_session_recheck(request: HttpRequest) -> bool:
    """True when this SSO session may go on; asks the provider at most every
    ACCORD_OIDC_RECHECK_MINUTES. A refusal ends all the person's sessions; silence does not."""
    from django.conf import settings

    data = request.session.get(oidc.SESSION)
    if not data or not data.get("refresh_token"):
        return True
    if time.time() - data.get("checked_at", 0) < settings.ACCORD_OIDC_RECHECK_MINUTES * 60:
        return True
    config = oidc.provider_config(data["provider"])
    if config is None:
        return False
    accepted, refresh_token = oidc.refresh_accepted(config, data["refresh_token"])
    if accepted is False:
        sso_subject_sessions_end(config=config, subject=data["sub"], reason="refresh_refused")
        return False
    request.session[oidc.SESSION] = {**data, "refresh_token": refresh_token,
                                     "checked_at": time.time()}
    return True


def sso_providers_of(user: User) -> list[dict]:
    """The configured providers the person is linked to (for step-up through them)."""
    keys = OidcIdentity.objects.filter(user=user).values_list("provider", flat=True)
    return [config for key in keys if (config := oidc.provider_config(key))]
