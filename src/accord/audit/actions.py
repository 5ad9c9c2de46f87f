"""The names of audited actions and their labels in the audit page.

Other apps write these names with `audit_record(action=...)`; a name that is not listed here
is still recorded and shown as it is, so a new action never breaks the trail.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "auth.signed_in": _("Signed in"),
    "auth.sign_in_failed": _("Sign-in failed"),
    "auth.locked_out": _("Locked out after repeated failures"),
    "auth.signed_out": _("Signed out"),
    "auth.mfa_enrolled": _("Two-factor authentication set up"),
    "auth.mfa_reset": _("Two-factor authentication reset"),
    "auth.recovery_code_used": _("Recovery code used"),
    "auth.recovery_codes_regenerated": _("Recovery codes regenerated"),
    "auth.password_reset_requested": _("Password reset requested"),
    "auth.password_changed": _("Password changed"),
    "auth.sessions_ended": _("Sessions ended"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "membership.roles_changed": _("Member's roles changed"),
    "membership.ended": _("Membership ended"),
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation updated"),
    "body.created": _("Body created"),
    "body.updated": _("Body updated"),
    "body_membership.added": _("Added to a body"),
    "body_membership.changed": _("Role in a body changed"),
    "body_membership.removed": _("Removed from a body"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "audit.exported": _("Audit log exported"),
    "audit.epoch_erased": _("Audit year erased after its retention period"),
    "audit.chain_verified": _("Audit chain verified"),
    "read": _("Sensitive data read"),
}


def action_label(name: str) -> str:
    """The translated label of an action, or its name when it is not in the registry."""
    label = ACTIONS.get(name)
    return str(label) if label is not None else name


def object_type_label(name: str) -> str:
    """"tenancy.membership" → "Membership" (the model's translated name), else the name itself."""
    from django.apps import apps
    from django.utils.text import capfirst

    try:
        return str(capfirst(apps.get_model(name)._meta.verbose_name))
    except (LookupError, ValueError):
        return name
