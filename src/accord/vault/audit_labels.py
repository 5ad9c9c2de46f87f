"""The audit page's words for the vault's events."""

from django.utils.translation import gettext_lazy as _

from accord.audit import labels
from accord.audit.actions import ACTIONS
from accord.audit.labels import Detail


def register() -> None:
    # audit.actions lists the foundation's names; a feature adds its own (setdefault, so a
    # label the foundation already has wins).
    for action, label in {
        "vault.identity_recorded": _("Identity recorded"),
        "vault.case_key_destroyed": _("Identity erased (case key destroyed)"),
        "vault.keys_rotated": _("Network key rotated"),
        "vault.master_rewrapped": _("Network keys moved to the current master key"),
    }.items():
        ACTIONS.setdefault(action, label)
    labels.register_object_types({"vault.networkkey": _("Network key")})
    labels.register_details({
        "created": Detail(_("First record")),
        "minor": Detail(_("Minor")),
        "guardian": Detail(_("Guardian recorded")),
        "fields": Detail(_("Fields recorded")),
        "reason": Detail(_("Reason")),
        "version": Detail(_("Key version")),
        "cases": Detail(_("Case keys re-wrapped")),
        "master_key": Detail(_("Master key")),
    }, object_type="cases.case")
