"""The one way a secret token is stored: its SHA-256, never the token itself.

Invitation links, API tokens, guest links, calendar feeds and known-device cookies all keep
only this digest, and look a presented token up by it. The tokens are long random strings
(secrets.token_urlsafe), so an unsalted fast hash is enough: nobody can guess one from its
digest, and the lookup stays one indexed equality. (A short code a person types, such as a
guest's one-time code, is keyed with an HMAC instead; the audit chain has its own hashing.)
"""

import hashlib


def token_digest(raw: str) -> str:
    """The 64 hex characters stored in place of `raw`."""
    return hashlib.sha256(raw.encode()).hexdigest()
