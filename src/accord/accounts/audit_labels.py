"""The audit page's words for sign-in events and the accounts' object types."""

from django.utils.translation import gettext_lazy as _

from accord.audit.labels import Detail, choices, register_details, register_object_types


def register() -> None:
    register_object_types({
        "accounts.knowndevice": _("Known device"),
        "accounts.usersession": _("User session"),
        "accounts.oidcidentity": _("Single sign-on link"),
        "accounts.throttlehit": _("Sign-in attempt slowed down"),
    })
    register_details({
        "step": Detail(_("Step"), choices([
            ("password", _("Password")), ("code", _("One-time code")),
            ("passkey_of_another_account", _("Passkey of another account"))])),
        "factor": Detail(_("Second factor"), choices([
            ("totp", _("Authenticator app")), ("recovery_code", _("Recovery code")),
            ("passkey", _("Passkey")),
            ("sso_phishing_resistant", _("Organisation sign-in, phishing-resistant"))])),
        "provider": Detail(_("Identity provider")),
        "count": Detail(_("Number")),
        "path": Detail(_("Address")),
        "device": Detail(_("Device"), choices([("totp", _("Authenticator app"))])),
        "new_device": Detail(_("New device")),
        "codes_left": Detail(_("Recovery codes left")),
        "reason": Detail(_("Reason")),
        "via": Detail(_("Via")),
    })
