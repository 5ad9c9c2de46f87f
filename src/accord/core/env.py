"""Typed settings from the environment that fail loudly (after healthchecks' envbool/envsecret).

A production secret that is missing must stop the process at start-up, never fall back silently.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, *, dev_default: str | None, is_dev: bool) -> str:
    """A secret from NAME or from the file named by NAME_FILE (container secrets).

    Only a development environment may use a default; elsewhere a missing secret is fatal.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            value = Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {exc}") from exc
        if value:
            return value
    value = os.environ.get(name)
    if value:
        return value
    if is_dev and dev_default is not None:
        return dev_default
    raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set when ACCORD_ENV is not dev")
