"""E-mail, name and the sign-in method (`acr`, `amr`) of each development user."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from accord.accounts.oidc_dev_provider import state


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "acr": "openid", "amr": "openid"}

    def get_additional_claims(self, request):
        profile = state.PROFILES.get(request.user.username, {})
        claims = {
            "email": request.user.email,
            "email_verified": bool(profile.get("email_verified", True)),
            "name": request.user.get_full_name() or request.user.username,
        }
        if profile.get("acr"):
            claims["acr"] = profile["acr"]
        if profile.get("amr"):
            claims["amr"] = list(profile["amr"])
        return claims
