"""The case register as the decision point sees it (policies/cases.cedar): cases and case
facets (a category of a case's data from one source organisation), with bulk builders."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from accord.cases.facets import CaseFacet, facet_attr_builders, memo
from accord.cases.lifecycle import OPEN_STATES
from accord.policy.entities import ref, refs, register


def _facts_of(cases: Sequence[Any]) -> dict[int, dict[str, Any]]:
    """`_case_facts`, kept on each case object for the request (cases.facets.memo)."""
    unknown = {c.pk for c in cases if "facts" not in memo(c)}
    if unknown:
        loaded = _case_facts(unknown)
        for case in cases:
            if case.pk in unknown:
                memo(case)["facts"] = loaded[case.pk]
    return {c.pk: memo(c)["facts"] for c in cases}


def _case_facts(case_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Participants and workers of the cases, two queries for any number of cases."""
    from accord.cases.models import CaseParticipant, CaseWorker

    facts: dict[int, dict[str, Any]] = defaultdict(lambda: {"participants": [], "core": [],
                                                             "workers": []})
    for row in CaseParticipant.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "organisation_id", "tier"):
        facts[row[0]]["participants"].append(row[1])
        if row[2] == "core":
            facts[row[0]]["core"].append(row[1])
    for case_id, membership_id in CaseWorker.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "membership_id"):
        facts[case_id]["workers"].append(membership_id)
    return facts


def _case_attrs(case: Any, facts: dict[str, Any]) -> dict[str, Any]:
    lead = [case.lead_organisation_id] if case.lead_organisation_id else []
    workers = [*facts["workers"], case.coordinator_id, case.chair_id]
    return {
        "network": ref("Network", case.network_id),
        "lead": refs("Organisation", lead),
        # The lead organisation always takes part.
        "participants": refs("Organisation", [*facts["participants"], *lead]),
        "core": refs("Organisation", facts["core"]),
        "workers": refs("Member", workers),
        "coordinator": refs("Member", [case.coordinator_id]),
        "state": case.state,
        "open": case.state in OPEN_STATES,
    }


def case_attrs(cases: Sequence[Any]) -> list[dict[str, Any]]:
    facts = _facts_of(cases)
    return [_case_attrs(c, facts[c.pk]) for c in cases]


def facet_attrs(facets: Sequence[CaseFacet]) -> list[dict[str, Any]]:
    from accord.tenancy.models import Organisation

    cases = {f.case.pk: f.case for f in facets}
    facts = _facts_of(list(cases.values()))
    sectors: dict[int, str] = {}
    for case in cases.values():
        sectors.update(memo(case).get("sectors", {}))
    sources = {f.source_id for f in facets if f.source_id} - set(sectors)
    if sources:
        found = dict(Organisation.objects.filter(pk__in=sources).values_list("pk", "sector"))
        sectors.update(found)
        for case in cases.values():
            memo(case).setdefault("sectors", {}).update(found)
    attrs = []
    for facet in facets:
        case_attrs_ = _case_attrs(facet.case, facts[facet.case.pk])
        attrs.append({
            **case_attrs_,
            "case": ref("Case", facet.case.pk),
            "category": facet.category,
            "source": refs("Organisation", [facet.source_id]),
            "source_sector": sectors.get(facet.source_id, ""),
            "consents": [],
            "break_glass": [],
        })
    for builder in facet_attr_builders():
        for entry, extra in zip(attrs, builder(facets), strict=True):
            entry.update(extra)
    return attrs


def facet_categories(facet: CaseFacet) -> Sequence[str]:
    # Every permitted read of case data goes to the access log (issue 10, Deliver 12).
    return (f"case.{facet.category}",)


def register_cases() -> None:
    from accord.cases.models import Case

    # Any member may know that a case reference exists (it stands on agendas); opening it is
    # case.view, so a refusal there is a 403 with its reason rather than a 404.
    register(Case, type="Case", attrs=case_attrs, exists_action="case.see")
    register(CaseFacet, type="CaseRecord", attrs=facet_attrs, exists_action="case.see",
             categories=facet_categories)
