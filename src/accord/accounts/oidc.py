"""The relying party: Authlib's OpenID Connect client, one per configured provider.

Authlib (not mozilla-django-oidc) because Accord has many providers at once, one per
organisation, each found by its discovery document; mozilla-django-oidc is built around one
provider in settings and checks neither `iss` nor `aud` of the ID token by itself. Authlib
generates `state`, `nonce` and the PKCE verifier, keeps them in the session and removes them
on use (so a replayed `state` finds nothing), validates `iss`, `aud`, `exp`, `iat`, `nonce`
and `at_hash`, and verifies the signature against the provider's JWKS (fetched again when an
unknown key id appears, so key rotation needs nothing from us).

This module talks to providers; accounts.services decides who is signed in.
"""

import logging
import time
import warnings

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from joserfc import jwt as joserfc_jwt
from joserfc.errors import JoseError as JoserfcError
from joserfc.jwk import KeySet

with warnings.catch_warnings():
    # Authlib's ID-token claim checks still raise authlib.jose's errors (its signatures moved
    # to joserfc); importing them warns that the module is on its way out.
    warnings.simplefilter("ignore")
    from authlib.jose.errors import JoseError

logger = logging.getLogger("accord.accounts.oidc")

FLOWS = "accord_oidc_flows"  # state -> {"provider", "purpose", "at"} of flows under way
SESSION = "accord_oidc"  # on a signed-in SSO session: provider, sub, refresh token, checked_at
FLOW_SECONDS = 10 * 60
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
_clients: dict[tuple, object] = {}


class SignInRefused(Exception):
    """A sign-in through a provider that must not go on; `reason` is for the audit and logs."""

    def __init__(self, reason: str, provider: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.provider = provider


class ProviderUnavailable(SignInRefused):
    """The provider did not answer (down, or its discovery document or keys unreachable)."""


def provider_config(key: str) -> dict | None:
    return settings.ACCORD_OIDC_PROVIDERS.get(key)


def providers() -> list[dict]:
    return sorted(settings.ACCORD_OIDC_PROVIDERS.values(), key=lambda p: p["name"])


def _client(config: dict):
    """Authlib's client for `config`; kept per process so discovery and keys are cached."""
    cache_key = (config["key"], config["issuer"], config["client_id"])
    if cache_key not in _clients:
        oauth = OAuth()
        _clients[cache_key] = oauth.register(
            name=config["key"], client_id=config["client_id"],
            client_secret=config["client_secret"],
            server_metadata_url=config["issuer"] + "/.well-known/openid-configuration",
            client_kwargs={"scope": config["scope"], "code_challenge_method": "S256",
                           "timeout": settings.ACCORD_OIDC_TIMEOUT_SECONDS},
        )
    return _clients[cache_key]


def _metadata(config: dict) -> dict:
    try:
        metadata = _client(config).load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable("provider_unavailable", config["key"]) from exc
    if metadata.get("issuer", "").rstrip("/") != config["issuer"]:
        # A discovery document for another issuer: the configuration or the network is wrong.
        raise SignInRefused("discovery_issuer_mismatch", config["key"])
    return metadata


def flow_start(request: HttpRequest, config: dict, *, redirect_uri: str, purpose: str,
               extra: dict | None = None) -> HttpResponse:
    """Redirect to the provider; remembers which provider and purpose the `state` belongs to."""
    _metadata(config)
    response = _client(config).authorize_redirect(request, redirect_uri, **(extra or {}))
    state = _state_of(response["Location"])
    now = time.time()
    flows = {s: f for s, f in request.session.get(FLOWS, {}).items()
             if now - f["at"] < FLOW_SECONDS}
    flows[state] = {"provider": config["key"], "purpose": purpose, "at": now}
    request.session[FLOWS] = flows
    return response


def _state_of(url: str) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query)["state"][0]


def flow_of(request: HttpRequest) -> dict:
    """The flow this callback's `state` started, removed from the session: one use only."""
    state = request.GET.get("state", "")
    flows = dict(request.session.get(FLOWS, {}))
    flow = flows.pop(state, None)
    request.session[FLOWS] = flows
    if flow is None or time.time() - flow["at"] > FLOW_SECONDS:
        raise SignInRefused("state")
    config = provider_config(flow["provider"])
    if config is None:
        raise SignInRefused("unknown_provider", flow["provider"])
    return {**flow, "config": config}


def _id_token_class(config: dict):
    algorithms = set(config["algorithms"])

    class IdToken(CodeIDToken):
        def validate(self, now=None, leeway=0):
            if self.header.get("alg") not in algorithms:
                raise SignInRefused("algorithm", config["key"])
            super().validate(now=now, leeway=leeway)
            for claim in ("iss", "aud", "exp", "iat", "sub", "nonce"):
                if not self.get(claim):
                    raise SignInRefused(f"missing_{claim}", config["key"])

    return IdToken


def callback_claims(request: HttpRequest, config: dict) -> tuple[dict, dict]:
    """(verified ID-token claims, token response) for this callback, or SignInRefused.

    The code is exchanged with the PKCE verifier; the ID token must be signed by one of the
    provider's published keys with an allowed algorithm, name this provider as `iss` and our
    client as `aud`, be unexpired, and carry the nonce of this very flow.
    """
    _metadata(config)
    if request.GET.get("error"):
        raise SignInRefused("provider_error:" + request.GET["error"][:40], config["key"])
    try:
        token = _client(config).authorize_access_token(
            request, claims_cls=_id_token_class(config), leeway=60,
            claims_options={"iss": {"essential": True, "values": [config["issuer"]]},
                            "aud": {"essential": True, "values": [config["client_id"]]}},
        )
    except SignInRefused:
        raise
    except requests.RequestException as exc:
        raise ProviderUnavailable("provider_unavailable", config["key"]) from exc
    except (OAuthError, JoseError, JoserfcError, ValueError, KeyError) as exc:
        raise SignInRefused(_reason(exc), config["key"]) from exc
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused("no_id_token", config["key"])
    return dict(claims), token


def _reason(exc: Exception) -> str:
    name = getattr(exc, "error", None) or type(exc).__name__
    # Authlib names the failing claim only in its description: "Invalid claim 'iss'".
    claim = getattr(exc, "claim_name", None) or _quoted(getattr(exc, "description", ""))
    return f"{name}:{claim}"[:60] if claim else str(name)[:60]


def _quoted(text) -> str | None:
    parts = str(text or "").split("'")
    return parts[1] if len(parts) >= 3 else None


def is_phishing_resistant(config: dict, claims: dict) -> bool:
    """Whether the provider asserted a phishing-resistant method (`acr` or `amr`, configured)."""
    if claims.get("acr") and claims["acr"] in config["phishing_resistant_acr"]:
        return True
    amr = claims.get("amr") or []
    return isinstance(amr, list) and bool(set(amr) & set(config["phishing_resistant_amr"]))


def logout_token_claims(config: dict, logout_token: str) -> dict:
    """The verified claims of a back-channel logout token (OpenID Connect Back-Channel Logout
    1.0, section 2.6): signature by a published key, iss, aud, iat, the event, no nonce."""
    _metadata(config)
    try:
        keys = KeySet.import_key_set(_client(config).fetch_jwk_set(force=True))
        token = joserfc_jwt.decode(logout_token, keys, algorithms=config["algorithms"])
        joserfc_jwt.JWTClaimsRegistry(
            leeway=60, iss={"essential": True, "value": config["issuer"]},
            aud={"essential": True, "value": config["client_id"]}, iat={"essential": True},
        ).validate(token.claims)
    except (JoseError, JoserfcError, ValueError, requests.RequestException) as exc:
        raise SignInRefused(_reason(exc), config["key"]) from exc
    claims = token.claims
    if "nonce" in claims or BACKCHANNEL_EVENT not in (claims.get("events") or {}):
        raise SignInRefused("not_a_logout_token", config["key"])
    if not claims.get("sub") and not claims.get("sid"):
        raise SignInRefused("no_subject", config["key"])
    return dict(claims)


def refresh_accepted(config: dict, refresh_token: str) -> tuple[bool | None, str]:
    """Does the provider still accept the account? (True/False, or None when it did not answer
    (an outage must not sign everyone out); the refresh token to keep, as it may rotate)."""
    try:
        metadata = _metadata(config)
        response = requests.post(metadata["token_endpoint"], data={
            "grant_type": "refresh_token", "refresh_token": refresh_token,
            "client_id": config["client_id"], "client_secret": config["client_secret"],
        }, timeout=settings.ACCORD_OIDC_TIMEOUT_SECONDS)
    except (SignInRefused, requests.RequestException):
        return None, refresh_token
    if response.status_code >= 500:
        return None, refresh_token
    if response.status_code != 200:
        return False, refresh_token
    return True, response.json().get("refresh_token") or refresh_token
