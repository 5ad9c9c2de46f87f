"""The audit page's words for API token events."""

from django.utils.translation import gettext_lazy as _

from accord.audit.labels import Detail, register_details


def register() -> None:
    register_details({
        "prefix": Detail(_("Token prefix")),
        "days": Detail(_("Valid for (days)")),
        "scope": Detail(_("Access")),
        "resources": Detail(_("Resources")),
    }, object_type="api.apitoken")
