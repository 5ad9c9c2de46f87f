"""What the development provider keeps in memory: it runs as one process (one per test run)."""

# username -> {"email_verified": bool, "acr": str, "amr": [str]}
PROFILES: dict[str, dict] = {}
# Set by __main__: the bearer token of the control API and the relying party's back-channel
# logout URL.
CONTROL_TOKEN = ""
BACKCHANNEL_LOGOUT_URI = ""
# One-shot: how the next token response's ID token is spoiled (tests of Accord's refusals):
# "expired", "foreign_key", "issuer", "audience", "nonce" or "" for none.
TAMPER = ""
