"""The case that README's "What to try" walks with five readers (issue 10, "Done when"): the
conference case of Rheinhafen (`RHE-2026-007`), led by the probation service, with the police
as a core party, the school as a case party, the social-psychiatric service and the youth
office as care partners, and a written consent that lets the youth office see the assessment
and the plan. Each reader sees what the German preset allows them: the lead its own records,
the police what a documented ground lets through for review, the youth office what the
consent covers (until a coordinator withdraws it), the neighbourhood association (not taking
part) nothing but the reference, the privacy officer the registers and no content."""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from accord.cases.demo import conference_case
from accord.cases.services import case_update
from accord.casework.services.assessments import assessment_record
from accord.sharing.consent_services import consent_record
from accord.tenancy.models import Membership, Network, Organisation


def _member(network: Network, name: str) -> Membership:
    return Membership.objects.get(network=network, user__full_name=name)


def load_five_readers(network: Network) -> None:
    if network.slug != "rheinhafen":
        return
    with scope(network=network.pk):
        case = conference_case(network)
        coordinator = _member(network, "Anna Keller")
        lead_worker = _member(network, "Thomas Berger")
        youth = Organisation.objects.get(network=network, name="Jugendamt Rheinhafen")
        participants = [(p.organisation, p.tier) for p in case.participants.all()]
        if youth.pk not in {o.pk for o, _ in participants}:
            participants.append((youth, "care"))
        case = case_update(
            membership=coordinator, case=case, participants=participants, workers=[lead_worker]
        )
        today = timezone.localdate()
        if not case.assessments.exists():
            assessment_record(
                membership=lead_worker,
                case=case,
                assessed_on=today - timedelta(days=20),
                concern_level="medium",
                judgement="Deutliche Nähe zu einer gewaltbereiten Gruppe im Hafenviertel, "
                "aber stabile Arbeitsstelle und Kontakt zur Familie.",
                client_view="Will die Ausbildung abschließen und „seine Ruhe haben“.",
            )
        consent_record(
            membership=coordinator,
            case=case,
            given_by="guardian" if case.age_band in ("0-13", "14-17") else "person",
            organisation_ids=[youth.pk],
            categories=["assessment", "plan_status"],
            purposes=["case_work", "prepare"],
            given_on=today - timedelta(days=30),
            expires_on=date(today.year + 1, 12, 31),
        )
