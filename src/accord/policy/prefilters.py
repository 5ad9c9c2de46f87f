"""List pre-filters and the policy they must agree with (issue 9, Deliver 2).

A list page cannot ask the policy about every row of the network, so it keeps an SQL
pre-filter (e.g. the meetings a membership may see). Each app registers every pre-filter it
keeps, with the action and purpose the policy decides it by, from its AppConfig.ready():

    from accord.policy import prefilters
    prefilters.register("meeting.see", Meeting, meetings_seen_by)

and one test (security/tests/test_prefilters_agree.py) proves on the demo data and on the
security world that, for every membership and every object of the model in its network,
the object is in prefilter(membership) exactly when decide(membership, action, object) permits:
nothing listed that the policy denies, nothing hidden that it permits.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Prefilter:
    action: str
    model: type
    # membership → the objects (a QuerySet, or any iterable of objects) it lists for them.
    prefilter: Callable[[Any], Iterable[Any]]
    purpose: str = "view"

    @property
    def name(self) -> str:
        function = getattr(self.prefilter, "__qualname__", repr(self.prefilter))
        module = getattr(self.prefilter, "__module__", "")
        return f"{module}.{function} ({self.model.__name__}, {self.action}, {self.purpose})"


_REGISTERED: dict[tuple, Prefilter] = {}


def register(action: str, model: type, prefilter: Callable[[Any], Iterable[Any]], *,
             purpose: str = "view") -> None:
    """Declare a list pre-filter and the decision it stands for. Registering the same
    (action, model, function, purpose) again replaces it, so a reloaded app adds no twin."""
    entry = Prefilter(action=action, model=model, prefilter=prefilter, purpose=purpose)
    _REGISTERED[(action, model, prefilter, purpose)] = entry


def registered() -> list[Prefilter]:
    return list(_REGISTERED.values())
