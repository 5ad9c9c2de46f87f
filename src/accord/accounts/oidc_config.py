"""ACCORD_OIDC_PROVIDERS: which organisation signs in through which OpenID provider.

Read once at start-up by settings.py, from the JSON in ACCORD_OIDC_PROVIDERS or in the file
named by ACCORD_OIDC_PROVIDERS_FILE (see docs/sso.md). Each provider's client secret comes from
its own variable (or that variable's _FILE), never from the JSON, so the JSON can live in a
config map and the secret in a secret store. A malformed entry stops the process at start-up.
"""

import json
import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from accord.core.env import env_secret

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
# RFC 8176 values that are phishing-resistant: hardware or software key, proof of possession.
DEFAULT_PHISHING_RESISTANT_AMR = ["hwk", "swk", "phr", "phrh"]
_REQUIRED = ("issuer", "client_id", "network", "organisation", "email_domains")


def oidc_providers_from_env(*, is_dev: bool, dev_default: dict | None = None) -> dict:
    raw = _raw_json()
    if raw is None:
        return {key: _provider(key, value, is_dev=True) for key, value in
                (dev_default or {}).items()} if is_dev else {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ACCORD_OIDC_PROVIDERS is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured("ACCORD_OIDC_PROVIDERS must be a JSON object keyed by "
                                   "organisation")
    return {key: _provider(key, value, is_dev=is_dev) for key, value in data.items()}


def _raw_json() -> str | None:
    file_name = os.environ.get("ACCORD_OIDC_PROVIDERS_FILE")
    if file_name:
        try:
            return Path(file_name).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"ACCORD_OIDC_PROVIDERS_FILE={file_name} cannot be read: {exc}") from exc
    return os.environ.get("ACCORD_OIDC_PROVIDERS") or None


def secret_variable(key: str) -> str:
    return "ACCORD_OIDC_" + key.upper().replace("-", "_") + "_CLIENT_SECRET"


def _provider(key: str, value, *, is_dev: bool) -> dict:
    where = f"ACCORD_OIDC_PROVIDERS[{key!r}]"
    if not _KEY.match(key):
        raise ImproperlyConfigured(f"{where}: the key must be lower-case letters, digits, '-'")
    if not isinstance(value, dict) or any(not value.get(name) for name in _REQUIRED):
        raise ImproperlyConfigured(f"{where} needs {', '.join(_REQUIRED)}")
    if not isinstance(value["email_domains"], list):
        raise ImproperlyConfigured(f"{where}: email_domains must be a list")
    variable = value.get("client_secret_variable") or secret_variable(key)
    phishing = value.get("phishing_resistant") or {}
    return {
        "key": key,
        "name": value.get("name") or value["organisation"],
        "issuer": value["issuer"].rstrip("/"),
        "client_id": value["client_id"],
        "client_secret": env_secret(variable, dev_default=value.get("dev_client_secret"),
                                    is_dev=is_dev),
        "network": value["network"],
        "organisation": value["organisation"],
        "email_domains": [domain.lower().lstrip("@") for domain in value["email_domains"]],
        "scope": value.get("scope", "openid email profile"),
        "phishing_resistant_acr": list(phishing.get("acr", [])),
        "phishing_resistant_amr": list(phishing.get("amr", DEFAULT_PHISHING_RESISTANT_AMR)),
        "algorithms": list(value.get("algorithms", ["RS256"])),
    }
