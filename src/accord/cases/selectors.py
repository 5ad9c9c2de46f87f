"""Reads of the case register. One case is fetched by its one fetch-and-authorise selector,
`case_for`, which asks the decision point (case.view by default); the list is narrowed in SQL
by `cases_visible_to`, proven to agree with the rule cases.view.participant
(security/tests/test_prefilters_agree.py), then filtered, paged, and its page's rows decided
in bulk. The signal's words are case data: they are read only through cases.access."""

import zoneinfo
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accord import policy
from accord.cases.access import read_facets
from accord.cases.facets import CaseFacet
from accord.cases.models import (
    Case,
    CaseParticipant,
    CaseTransition,
    CaseWorker,
    ClosureReason,
    ConcernLevel,
    ConcernType,
    TriageOutcome,
)
from accord.tenancy.models import Membership, Network, Role

CASES_PER_PAGE = 50
# Roles that open cases (cases.view.participant): a privacy officer or an observer alone
# opens none through the list.
CASE_ROLES = (Role.COORDINATOR, Role.MEMBER, Role.CASE_WORKER)


def _case_queryset() -> QuerySet[Case]:
    return Case.objects.select_related("concern_type", "lead_organisation", "coordinator__user",
                                       "chair__user", "network")


def case_for(membership: Membership, pk: int, *, action: str = "case.view",
             purpose: str = "view") -> Case:
    """The case, if the policy permits `action`: another network's (or no) case is a 404; a
    case of the network this member may not open is a 403 with the policy's reason."""
    return policy.fetch(membership, _case_queryset(), action=action, purpose=purpose, pk=pk)


# --- the list's pre-filter -----------------------------------------------------------------

def cases_visible_to(membership: Membership) -> QuerySet[Case]:
    """The cases cases.view.participant and cases.view.oversight permit to `membership`, in
    SQL: the network's coordinators and privacy officers see every case of the network; other
    members with a content role the cases their organisation takes part in (the lead among
    them) and those they work on (as a worker, the case coordinator or the chair)."""
    cases = Case.objects.filter(network_id=membership.network_id)
    if membership.has_role(Role.PRIVACY_OFFICER):
        return cases  # cases.view.oversight: the register entries, for oversight
    if not membership.has_role(*CASE_ROLES):
        return cases.none()
    if membership.has_role(Role.COORDINATOR):
        return cases
    organisation = membership.organisation_id
    takes_part = CaseParticipant.objects.filter(case=OuterRef("pk"), organisation_id=organisation)
    works_on = CaseWorker.objects.filter(case=OuterRef("pk"), membership_id=membership.pk)
    return cases.filter(Q(lead_organisation_id=organisation) | Q(Exists(takes_part))
                        | Q(Exists(works_on)) | Q(coordinator_id=membership.pk)
                        | Q(chair_id=membership.pk))


def my_cases_filter(membership: Membership) -> Q:
    """'My cases': those I coordinate, chair or work on, and those my organisation leads."""
    works_on = CaseWorker.objects.filter(case=OuterRef("pk"), membership_id=membership.pk)
    return (Q(coordinator_id=membership.pk) | Q(chair_id=membership.pk) | Q(Exists(works_on))
            | Q(lead_organisation_id=membership.organisation_id))


def network_today(network: Network) -> date:
    """Today where the network is: a review due "today" is due by its local date."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(network.time_zone)).date()


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    concern_type: int | None = None
    lead_organisation: int | None = None
    concern_level: str = ""
    review_due: bool = False
    mine: bool = False

    @property
    def any(self) -> bool:
        return bool(self.state or self.concern_type or self.lead_organisation
                    or self.concern_level or self.review_due or self.mine)


def filtered_cases(membership: Membership, filters: CaseFilters) -> QuerySet[Case]:
    """The pre-filtered cases with the reader's filters, newest signal first (the order the
    indexes case_list and case_list_state serve)."""
    cases = cases_visible_to(membership)
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.concern_type:
        cases = cases.filter(concern_type_id=filters.concern_type)
    if filters.lead_organisation:
        cases = cases.filter(lead_organisation_id=filters.lead_organisation)
    if filters.concern_level:
        cases = cases.filter(concern_level=filters.concern_level)
    if filters.review_due:
        cases = cases.filter(next_review_on__lte=network_today(membership.network))
    if filters.mine:
        cases = cases.filter(my_cases_filter(membership))
    return cases.order_by("-signal_received_on", "-id")


def decided_rows(membership: Membership, rows: list[Case], *, purpose: str) -> list[Case]:
    """The rows the policy permits (case.view), decided in one bulk call: the pre-filter and
    the policy agree, and should they ever not, the policy wins."""
    decisions = policy.decide_many(membership, "case.view", rows, purpose=purpose)
    return [row for row, decision in zip(rows, decisions, strict=True) if decision.allowed]


def cases_for_list(membership: Membership, filters: CaseFilters, page: int | str | None,
                   *, purpose: str = "view") -> tuple[Page, list[Case]]:
    """One page of 50 of the cases the reader may open, and its rows as the policy permits
    them: case.list on the network, a count, the page's rows with their concern type, lead
    organisation and coordinator, and one bulk decision, whatever the page or the network's
    size."""
    policy.require(membership, "case.list", membership.network, purpose=purpose)
    queryset = filtered_cases(membership, filters).select_related(
        "concern_type", "lead_organisation", "coordinator__user")
    paged = Paginator(queryset, CASES_PER_PAGE).get_page(page)
    rows = list(paged.object_list)
    return paged, decided_rows(membership, rows, purpose=purpose)


def filter_choices(membership: Membership) -> dict:
    """What the list's filters offer: the network's concern types and organisations."""
    from accord.tenancy.models import Organisation

    network_id = membership.network_id
    return {
        "concern_types": list(ConcernType.objects.filter(network_id=network_id)
                              .order_by("pk")),
        "organisations": list(Organisation.objects.filter(network_id=network_id)
                              .order_by("name")),
        "levels": ConcernLevel.choices,
    }


# --- one case ------------------------------------------------------------------------------

@dataclass
class CaseHeader:
    case: Case
    participants: list[CaseParticipant]
    workers: list[CaseWorker]
    transitions: list[CaseTransition]


def case_header(case: Case) -> CaseHeader:
    """What case.view opens (reference, state, quasi-identifiers, participants with their
    tiers, workers, dates, the transitions): register data, not a category of case data."""
    participants = list(CaseParticipant.objects.filter(case=case)
                        .select_related("organisation").order_by("tier", "organisation__name"))
    workers = list(CaseWorker.objects.filter(case=case)
                   .select_related("membership__user", "membership__organisation"))
    transitions = list(CaseTransition.objects.filter(case=case).select_related("by__user")
                       .order_by("at", "pk"))
    outcomes = {**dict(TriageOutcome.choices), **dict(ClosureReason.choices)}
    for transition in transitions:
        transition.outcome_label = outcomes.get(transition.outcome, transition.outcome)
    return CaseHeader(case=case, participants=participants, workers=workers,
                      transitions=transitions)


def signal_facet(case: Case) -> CaseFacet:
    """The signal is the lead organisation's record (category "signal")."""
    return CaseFacet(case=case, category="signal", source=case.lead_organisation)


@dataclass(frozen=True)
class SignalRead:
    allowed: bool
    summary: str = ""
    reason: str = ""
    rule: str = ""
    basis: str = ""


def signal_for(membership: Membership, case: Case, *, purpose: str = "view",
               channel: str = "page") -> SignalRead:
    """The signal's words if the sharing policy lets this member read them (the read recorded,
    and disclosed where it crosses organisations); otherwise the decision's reason."""
    [(_facet, decision)] = read_facets(membership, [signal_facet(case)], purpose=purpose,
                                       channel=channel)
    if decision.allowed:
        return SignalRead(True, summary=case.signal_summary, rule=decision.rule,
                          basis=decision.basis)
    return SignalRead(False, reason=str(decision.reason), rule=decision.rule)


def signals_for(membership: Membership, cases: list[Case], *, purpose: str,
                channel: str) -> dict[int, SignalRead]:
    """The signals of several cases, decided in bulk (the API's list, meeting papers)."""
    facets = [signal_facet(case) for case in cases]
    found = {}
    for facet, decision in read_facets(membership, facets, purpose=purpose, channel=channel):
        found[facet.case.pk] = (
            SignalRead(True, summary=facet.case.signal_summary, rule=decision.rule,
                       basis=decision.basis) if decision.allowed
            else SignalRead(False, reason=str(decision.reason), rule=decision.rule))
    return found


def cases_offered(membership: Membership) -> QuerySet[Case]:
    """The cases a meeting form may link (those the member may open), newest first."""
    return cases_visible_to(membership).order_by("-signal_received_on", "-id")

