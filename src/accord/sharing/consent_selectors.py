"""Reads of consents and of "who saw this case", each through the policy."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accord import policy
from accord.audit.selectors import access_reads
from accord.cases.facets import CATEGORIES
from accord.cases.models import Case
from accord.sharing.consent_facets import network_today
from accord.sharing.models import Consent
from accord.tenancy.models import Membership, Organisation


def may(membership: Membership | None, action: str, obj: Any, *, purpose: str) -> bool:
    return membership is not None and policy.decide(membership, action, obj,
                                                    purpose=purpose).allowed


@dataclass(frozen=True)
class ConsentLine:
    consent: Consent
    active: bool
    organisations: list[str]
    categories: list[str]


def consents_for_case(membership: Membership, case: Case, *,
                      purpose: str = "case_work") -> list[ConsentLine]:
    """The case's consents, newest first, with the organisations' names and whether each is
    active today (consent.view: 403 with the reason otherwise)."""
    policy.require(membership, "consent.view", case, purpose=purpose)
    consents = list(Consent.objects.filter(case=case).select_related(
        "recorded_by__user", "withdrawn_by__user").order_by("-given_on", "-pk"))
    ids = {pk for consent in consents for pk in consent.organisations}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    today = network_today(case.network.time_zone)
    return [ConsentLine(consent=consent, active=consent.is_active(today),
                        organisations=[names.get(pk, "?") for pk in consent.organisations],
                        categories=[str(CATEGORIES.get(c, c)) for c in consent.categories])
            for consent in consents]


def consent_for(membership: Membership, case: Case, pk: int, *, purpose: str = "case_work",
                with_written_form: bool = False) -> Consent:
    """One consent of the case, if the policy lets the member see it (consent.view on the case:
    a 403 with the reason; then on the consent); another case's is not found. With
    `with_written_form`, one without a written form is not found either."""
    policy.require(membership, "consent.view", case, purpose=purpose)
    rows = Consent.objects.filter(case=case).select_related("case__network")
    if with_written_form:
        rows = rows.exclude(written_form="")
    return policy.fetch(membership, rows, action="consent.view", purpose=purpose, pk=pk)


def _bases() -> dict[str, str]:
    """Each rule's legal basis (@basis), for reads recorded with their rule only."""
    from accord.policy.engine import engine

    return {rule.id: rule.annotations.get("basis", "")
            for rule in engine().decisions.rules.values()}


@dataclass(frozen=True)
class CaseRead:
    at: Any
    person: str
    organisation: str
    categories: list[str]
    purpose: str
    rule: str
    basis: str


def case_reads(membership: Membership, case: Case, *, limit: int = 20) -> list[CaseRead]:
    """The last recorded reads of the case's data (the access log's records of "cases.case"),
    through the audit app's own selector (audit.view)."""
    records = access_reads(membership=membership, object_type="cases.case",
                           object_id=str(case.pk))[:limit]
    bases = _bases()
    labels = {f"case.{key}": str(label) for key, label in CATEGORIES.items()}
    return [CaseRead(at=record.at,
                     person=(record.user.full_name or record.user.email) if record.user
                     else record.actor_label,
                     organisation=record.organisation.name if record.organisation else "",
                     categories=[labels.get(c, c) for c in record.categories],
                     purpose=record.purpose, rule=record.rule, basis=bases.get(record.rule, ""))
            for record in records]


def organisations_of(membership: Membership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network=membership.network).order_by("name")
