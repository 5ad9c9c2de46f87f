"""What the network's home shows of the apps built on tenancy, without tenancy importing them.

A feature registers its panels in its AppConfig.ready() (after pretix's signals):

    from accord.tenancy.panels import HomePanel, register_home_panel
    register_home_panel(HomePanel(template="meetings/_home_panel.html",
                                  context=home_panel_context, slot=AFTER_BODIES))

`context(membership=...)` returns the panel's own context (its queries run only when the home
is shown); the template also sees the page's context (network, membership). Panels of a slot
appear in the order they were registered, which is the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

WELCOME = "welcome"  # an <li> in the new member's list of first steps
BEFORE_BODIES = "before_bodies"  # a <section> above "Your bodies"
AFTER_BODIES = "after_bodies"  # a <section> below it
SLOTS = (WELCOME, BEFORE_BODIES, AFTER_BODIES)


@dataclass(frozen=True)
class HomePanel:
    template: str
    slot: str = AFTER_BODIES
    context: Callable[..., dict[str, Any]] | None = None


_panels: list[HomePanel] = []


def register_home_panel(panel: HomePanel) -> None:
    if panel.slot not in SLOTS:
        raise ValueError(f"Unknown home slot {panel.slot!r}; choose one of {SLOTS}.")
    if panel not in _panels:
        _panels.append(panel)


def render_home_panels(request, context: dict[str, Any]) -> dict[str, list[SafeString]]:
    """Each slot's panels rendered for this request: {"after_bodies": [html, ...], ...}."""
    rendered: dict[str, list[SafeString]] = {slot: [] for slot in SLOTS}
    for panel in _panels:
        own = panel.context(membership=request.membership) if panel.context else {}
        rendered[panel.slot].append(
            render_to_string(panel.template, {**context, **own}, request=request))
    return rendered
