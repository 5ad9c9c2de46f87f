"""A small, real OpenID provider for the demo and the SSO tests (never for production).

It is django-oauth-toolkit in OIDC mode, in its own process, with its own settings and its own
SQLite file: a discovery document, a JWKS with a fresh RSA key, RS256-signed ID tokens, the
authorisation-code flow with PKCE required, refresh tokens. Accord talks to it over HTTP exactly
as it talks to Entra ID or Keycloak.

What django-oauth-toolkit lacks, and this package adds for tests and the demo only:
- `acr`/`amr` claims per user (to show phishing-resistant sign-in),
- a control API (bearer token from the command line) to add users and to end a user,
  which revokes their tokens and sends a signed back-channel logout token to the relying party.

Start it:  python -m accord.accounts.oidc_dev_provider --port 8800
"""
