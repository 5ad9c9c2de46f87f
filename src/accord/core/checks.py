"""Start-up checks that refuse a production configuration which would be unsafe to run."""

import base64
import binascii

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def master_key_check(app_configs, **kwargs):
    """The master key wraps every network's data key: it must be 32 random bytes (base64)."""
    try:
        raw = base64.b64decode(settings.ACCORD_MASTER_KEY, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        return [Error("ACCORD_MASTER_KEY must be 32 bytes encoded in base64 "
                      "(for example: head -c 32 /dev/urandom | base64).", id="accord.E001")]
    return []
