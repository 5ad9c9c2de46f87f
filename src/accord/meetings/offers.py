"""What other apps offer to put on a meeting's agenda with one click (as the goals due for
review are offered to the steering group): case work offers the cases whose review is due
before a case conference. Meetings imports none of those apps; they register a provider in
their AppConfig.ready().

A provider is called as provider(meeting=…, membership=…) and returns AgendaOffer rows; each
offer's button posts to the providing app's own page, which adds the item through
meetings.services.agenda (so the planner check, the agenda lock and the audit stay here).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaOffer:
    heading: Any  # the group's heading, e.g. "Case reviews due" (lazily translated)
    title: str  # what would be put on the agenda
    note: str  # e.g. "review due 3 March 2027"
    url: str  # where the one-click button posts
    button: Any


AgendaOffers = Callable[..., list[AgendaOffer]]
_providers: list[AgendaOffers] = []


def register_agenda_offers(provider: AgendaOffers) -> None:
    if provider not in _providers:
        _providers.append(provider)


def agenda_offers(*, meeting, membership) -> dict[str, list[AgendaOffer]]:
    """The offers for this meeting, grouped by heading, in the order providers registered."""
    if meeting.minutes_locked:
        return {}
    groups: dict[str, list[AgendaOffer]] = {}
    for provider in _providers:
        for offer in provider(meeting=meeting, membership=membership):
            groups.setdefault(str(offer.heading), []).append(offer)
    return groups
