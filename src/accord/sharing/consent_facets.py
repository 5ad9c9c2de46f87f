"""What a facet's decision reads of consents and break-glass (registered by consent_wiring
with cases.facets.register_facet_attrs): computed at decision time, so a withdrawal or the end
of a break-glass access takes effect at the next decision, with no cache to forget.

For all the facets of one decision call: one query for consents, one for break-glass accesses,
one for the networks' time zones (a consent's dates are days in the network's zone)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from accord.cases.facets import CaseFacet
from accord.policy.entities import refs


def network_today(time_zone: str, now: datetime | None = None):
    return timezone.localtime(now or timezone.now(), ZoneInfo(time_zone)).date()


def consent_facet_attrs(facets: Sequence[CaseFacet]) -> list[dict[str, Any]]:
    from accord.sharing.models import BreakGlass, Consent
    from accord.tenancy.models import Network

    case_ids = {facet.case.pk for facet in facets}
    if not case_ids:
        return []
    now = timezone.now()
    covered: dict[tuple[int, str], set[int]] = defaultdict(set)
    rows = list(Consent.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True)
                .values_list("case_id", "network_id", "categories", "organisations",
                             "given_on", "expires_on"))
    if rows:
        zones = dict(Network.objects.filter(pk__in={row[1] for row in rows})
                     .values_list("pk", "time_zone"))
        today = {pk: network_today(zone, now) for pk, zone in zones.items()}
        for case_id, network_id, categories, organisations, given_on, expires_on in rows:
            day = today[network_id]
            if given_on > day or (expires_on is not None and expires_on < day):
                continue
            for category in categories:
                covered[(case_id, category)].update(organisations)
    running: dict[int, set[int]] = defaultdict(set)
    for case_id, membership_id in (
            BreakGlass.objects.filter(case_id__in=case_ids, ended_at__isnull=True,
                                      started_at__lte=now, expires_at__gt=now)
            .values_list("case_id", "membership_id")):
        running[case_id].add(membership_id)
    return [{"consents": refs("Organisation", covered.get((facet.case.pk, facet.category), ())),
             "break_glass": refs("Member", running.get(facet.case.pk, ()))}
            for facet in facets]
