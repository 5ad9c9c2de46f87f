"""The control API of the development provider (tests and demo only; bearer token required)."""

import json
import secrets
import time
import uuid

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto import jwk, jwt
from oauth2_provider.models import get_access_token_model, get_refresh_token_model
from oauth2_provider.views import TokenView

from accord.accounts.oidc_dev_provider import state


def _authorised(request) -> bool:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(state.CONTROL_TOKEN) and secrets.compare_digest(given, state.CONTROL_TOKEN)


@csrf_exempt
@require_POST
def user_put(request):
    """Create or update a user: username, password, email, email_verified, acr, amr."""
    if not _authorised(request):
        return HttpResponse(status=401)
    data = json.loads(request.body)
    user_put_local(data)
    return JsonResponse({"ok": True})


def user_put_local(data: dict) -> User:
    user, _created = User.objects.get_or_create(username=data["username"])
    user.email = data.get("email", "")
    user.first_name = data.get("name", "")
    user.is_active = True
    user.set_password(data["password"])
    user.save()
    state.PROFILES[user.username] = {k: data[k] for k in ("email_verified", "acr", "amr")
                                     if k in data}
    return user


@csrf_exempt
@require_POST
def user_end(request, username: str):
    """The user leaves: their tokens stop working, and the relying party is told at once."""
    if not _authorised(request):
        return HttpResponse(status=401)
    user = User.objects.filter(username=username).first()
    if user is None:
        return HttpResponse(status=404)
    get_refresh_token_model().objects.filter(user=user).delete()
    get_access_token_model().objects.filter(user=user).delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    token = logout_token(user)
    if not state.BACKCHANNEL_LOGOUT_URI:
        # No relying party reachable (tests with Django's test client): the caller delivers it.
        return JsonResponse({"ok": True, "logout_token": token})
    sent = requests.post(state.BACKCHANNEL_LOGOUT_URI, data={"logout_token": token}, timeout=10)
    return JsonResponse({"ok": True, "backchannel_status": sent.status_code})


def logout_token(user: User) -> str:
    """An OpenID Connect Back-Channel Logout 1.0 logout token, signed with the ID-token key."""
    from oauth2_provider.models import get_application_model

    key = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    audience = [app.client_id for app in get_application_model().objects.all()]
    now = int(time.time())
    claims = {
        "iss": settings.OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"], "aud": audience, "iat": now,
        "exp": now + 120, "jti": str(uuid.uuid4()), "sub": str(user.pk),
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }
    token = jwt.JWT(header={"alg": "RS256", "typ": "logout+jwt", "kid": key.thumbprint()},
                    claims=claims)
    token.make_signed_token(key)
    return token.serialize()


@csrf_exempt
@require_POST
def tamper(request):
    """Spoil the next ID token (one-shot): what a forged, stale or misdirected token looks like."""
    if not _authorised(request):
        return HttpResponse(status=401)
    state.TAMPER = json.loads(request.body)["mode"]
    return JsonResponse({"ok": True})


@csrf_exempt
def token(request):
    """django-oauth-toolkit's token endpoint; its ID token re-signed when a test asked for it."""
    response = TokenView.as_view()(request)
    mode, state.TAMPER = state.TAMPER, ""
    if not mode or response.status_code != 200:
        return response
    body = json.loads(response.content)
    body["id_token"] = _spoiled(body["id_token"], mode)
    return JsonResponse(body)


def _spoiled(id_token: str, mode: str) -> str:
    key = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    claims = json.loads(jwt.JWT(jwt=id_token, key=key).claims)
    if mode == "expired":
        claims.update(iat=claims["iat"] - 3600, exp=int(time.time()) - 600)
    elif mode == "issuer":
        claims["iss"] = "http://127.0.0.1:1/elsewhere"
    elif mode == "audience":
        claims["aud"] = "another-client"
    elif mode == "nonce":
        claims["nonce"] = "not-the-nonce"
    elif mode == "foreign_key":
        key = jwk.JWK.generate(kty="RSA", size=2048)
    signed = jwt.JWT(header={"alg": "RS256", "kid": jwk.JWK.from_pem(
        settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode()).thumbprint()}, claims=claims)
    signed.make_signed_token(key)
    return signed.serialize()
