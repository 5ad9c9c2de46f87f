"""What a denial says is missing, in the reader's language. Each Cedar rule that can deny, or
explain a denial, names one of these keys in its `@missing` annotation; a key that is not here
refuses to load (engine.load), so no denial is ever left unexplained."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_permitted": _("Your roles in this network do not allow this."),
    "sign_in": _("Sign in as a member of this network."),
    "unknown_action": _("This action is not known to the network's rules, so it is refused."),
    "unknown_purpose": _("This purpose is not known to the network's rules, so it is refused."),
    "other_network": _("This belongs to another network."),
    "membership_ended": _("Your membership of this network has ended."),
    "coordinator_only": _("Only the network's coordinators may do this."),
    "oversight_only": _("A privacy officer oversees through the audit trail and does not read "
                        "content."),
    # --- charter ---
    "charter_editors_only": _("Only coordinators and the steering group's chair or secretary "
                              "may change the charter."),
    "charter_members_comment": _("Only members of the network read and write comments on "
                                 "proposed versions."),
    "charter_members_answer": _("Only members of the network answer the needs survey."),
    "charter_text_not_open": _("This text is not open to you: drafts are for the charter's "
                               "editors, proposals for members, adopted texts for everyone."),
    "charter_readers_only": _("Your roles in this network do not include reading the "
                              "charter."),
    # --- end charter ---
}


def register_messages(messages: dict) -> None:
    """Features add the messages of their own rules (called from AppConfig.ready)."""
    for key, text in messages.items():
        MESSAGES.setdefault(key, text)


def message(key: str):
    return MESSAGES.get(key) or MESSAGES["not_permitted"]
