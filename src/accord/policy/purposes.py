"""The purposes a decision can be asked for. The purpose comes from the route or the service
that asks, never from the client: a client that sends one is not heard."""

from django.utils.translation import gettext_lazy as _

PURPOSES = {
    "view": _("viewing in the network's pages"),
    "api": _("access through the API"),
    "prepare": _("preparing a meeting"),
    "minute": _("writing the minutes"),
    "oversight": _("privacy oversight"),
    "export": _("export"),
    "search": _("search"),
    "guest": _("a guest's own agenda item"),
    "notify": _("notifying members"),
    "administer": _("administering the network"),
    "case_work": _("case work"),
    # --- charter ---
    # The charter's own services: drafting, adopting, commenting, answering the survey.
    "charter": _("working on the network's charter"),
    # --- end charter ---
}


def register_purpose(name: str, label) -> None:
    PURPOSES.setdefault(name, label)
