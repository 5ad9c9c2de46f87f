"""Offering the onboarding pack when a membership starts (issue 3, item 7).

Tenancy calls `onboarding_offer` as a member joins (tenancy/services.py, `_join`), inside its
transaction and the network's scope; the e-mail leaves only once that transaction commits.

The pack lists the meetings ahead, but charter does not import meetings: meetings registers a
source here in its AppConfig.ready (`register_upcoming_meetings`), as pretix's signals let the
core learn of plugins. Without a source the pack says no meetings are ahead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord import policy
from accord.charter.policy_entities import Charter
from accord.core.mail import mail_send
from accord.tenancy.models import LANGUAGE_CHOICES, Membership

_LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}
UPCOMING_LIMIT = 5


@dataclass(frozen=True)
class UpcomingMeeting:
    """What the pack shows of a meeting: never its agenda."""

    title: str
    body_name: str
    starts_at: datetime
    place: str = ""


UpcomingMeetingsSource = Callable[..., list[UpcomingMeeting]]
_upcoming_sources: list[UpcomingMeetingsSource] = []


def register_upcoming_meetings(source: UpcomingMeetingsSource) -> None:
    """Called once by the app that knows meetings: source(membership=, limit=) returns the
    meetings ahead that this member may see, soonest first."""
    if source not in _upcoming_sources:
        _upcoming_sources.append(source)


def upcoming_meetings(*, membership: Membership,
                      limit: int = UPCOMING_LIMIT) -> list[UpcomingMeeting]:
    found = [m for source in _upcoming_sources for m in source(membership=membership,
                                                                limit=limit)]
    return sorted(found, key=lambda m: m.starts_at)[:limit]


def onboarding_link(*, membership: Membership, pdf: bool = False) -> str:
    name = "charter:onboarding-pdf" if pdf else "charter:onboarding"
    path = reverse(name, kwargs={"network": membership.network.slug})
    return f"{settings.ACCORD_BASE_URL}{path}"


def member_language(membership: Membership) -> str:
    """The member's own language when Accord speaks it, else the network's."""
    language = getattr(membership.user, "language", "")
    return language if language in _LANGUAGES else membership.network.default_language


def onboarding_offer(*, membership: Membership) -> bool:
    """E-mail a new member the link to their onboarding pack, in their language.

    Guarantees: nothing is sent to somebody who may not read the charter (the link would be a
    404); the e-mail is queued on commit, so a join that rolls back sends nothing. Needs the
    network's scope (the policy looks at body seats). Returns whether it was offered.
    """
    if not policy.decide(membership, "charter.view", Charter(network=membership.network),
                         purpose="notify").allowed:
        return False
    network = membership.network
    mail_send(
        to=membership.user.email, template="charter/email/onboarding",
        language=member_language(membership),
        subject=format_lazy(_("Welcome to {network}: your onboarding pack"),
                            network=network.name),
        context={"network": network, "user": membership.user,
                 "link": onboarding_link(membership=membership),
                 "pdf_link": onboarding_link(membership=membership, pdf=True)},
    )
    return True
