"""How the charter's objects appear to the decision point (accord.policy): their Cedar types
and attributes (policies/charter.cedarschema), registered in CharterConfig.ready().

Every entity carries the network's strategic bodies, so that the rules can name "the chair or
secretary of a strategic body" (a Member's `leads`) without a lookup of their own. Builders
take a list and query once per list, whatever its length.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.policy.entities import ref, refs, register
from accord.tenancy.models import BodyKind, Network


@dataclass(frozen=True, eq=False)
class Charter:
    """A network's charter as a whole: the resource of the charter's pages, of its lists and
    of creating documents, goals, terms, tasks and levels. Its pk is the network's."""

    network: Network
    # The strategic bodies' ids, looked up once per Charter (a page decides several times).
    _strategic: list = field(default_factory=list, repr=False)

    @property
    def pk(self) -> int:
        return self.network.pk

    @property
    def network_id(self) -> int:
        return self.network.pk


def strategic_bodies(network_ids: Sequence[int]) -> dict[int, list[int]]:
    """The strategic bodies of each network, in one query, and once per request: a charter
    page decides several times (its links, its list), each decision needs them."""
    from accord.core.request_context import current_request
    from accord.tenancy.models import Body

    request = current_request()
    cache: dict[int, list[int]] = getattr(request, "_strategic_bodies", {}) if request else {}
    wanted = [pk for pk in network_ids if pk not in cache]
    if wanted:
        found: dict[int, list[int]] = {pk: [] for pk in wanted}
        for network_id, body_id in (Body.objects.filter(network__in=wanted,
                                                        kind=BodyKind.STRATEGIC)
                                    .values_list("network_id", "pk")):
            found[network_id].append(body_id)
        cache = {**cache, **found}
        if request is not None:
            request._strategic_bodies = cache
    return {pk: cache[pk] for pk in network_ids}


def _base(objects: Sequence[Any]) -> list[dict[str, Any]]:
    bodies = strategic_bodies(sorted({o.network_id for o in objects}))
    return [{"network": ref("Network", o.network_id),
             "strategic_bodies": refs("Body", bodies[o.network_id])} for o in objects]


def charter_attrs(charters: Sequence[Charter]) -> list[dict[str, Any]]:
    missing = [c for c in charters if not c._strategic]
    if missing:
        bodies = strategic_bodies(sorted({c.network_id for c in missing}))
        for charter in missing:
            # A network without strategic bodies is remembered as such too (sentinel None).
            charter._strategic.extend(bodies[charter.network_id] or [None])
    return [{"network": ref("Network", c.network_id),
             "strategic_bodies": refs("Body", c._strategic)} for c in charters]


def document_attrs(documents: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.charter.models import CharterVersion

    statuses: dict[int, set[str]] = {d.pk: set() for d in documents}
    for document_id, status in (CharterVersion.objects.filter(document__in=list(statuses))
                                .values_list("document_id", "status").distinct()):
        statuses[document_id].add(status)
    return [{**base, "statuses": sorted(statuses[d.pk])}
            for d, base in zip(documents, _base(documents), strict=True)]


def version_attrs(versions: Sequence[Any]) -> list[dict[str, Any]]:
    return [{**base, "status": v.status} for v, base in zip(versions, _base(versions),
                                                             strict=True)]


def register_charter_entities() -> None:
    from accord.charter.models import (
        CharterDocument,
        CharterVersion,
        GlossaryTerm,
        Goal,
        Level,
        PracticeStatus,
        Responsibility,
    )

    register(Charter, type="Charter", attrs=charter_attrs, exists_action="charter.view")
    register(CharterDocument, type="CharterDocument", attrs=document_attrs,
             exists_action="charter_document.view")
    register(CharterVersion, type="CharterVersion", attrs=version_attrs,
             exists_action="charter_version.view")
    for model in (Goal, GlossaryTerm, Responsibility, Level, PracticeStatus):
        register(model, type=model.__name__, attrs=_base, exists_action="charter.view")
