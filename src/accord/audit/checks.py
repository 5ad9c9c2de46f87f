"""Deployment check: the audit witness must live outside the application's own folder, or a
person who administers the server can rewrite the chain and its witness together."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def witness_outside_var_dir(app_configs, **kwargs):
    options = settings.STORAGES.get("audit_witness", {}).get("OPTIONS", {})
    location = options.get("location")
    if location and Path(location).resolve().is_relative_to(Path(settings.VAR_DIR).resolve()):
        return [Warning(
            "The audit witness is inside ACCORD_VAR_DIR, within reach of whoever administers "
            "this server and its database.",
            hint="Set ACCORD_AUDIT_WITNESS_DIR to storage another team controls "
                 "(docs/deployment.md, 'The audit witness').", id="accord.W201")]
    return []
