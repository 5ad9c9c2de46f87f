"""Demo case work for one network (issue 10, Deliver 17), called by the demo loader after the
cases demo:

    from accord.casework.demo import load_casework_demo
    load_casework_demo(network)

For the first open cases (by reference): assessments and reviews over the past year with a
visible trajectory (high → medium → low), a support plan with interventions (one agreed by a
case-conference decision where the meetings demo made one), and one referral waiting for its
answer. Through the same services as the pages, so the audit trail is real. Fictional text in
the network's language."""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from accord.cases.lifecycle import WORKING_STATES
from accord.cases.models import Case, CaseParticipant
from accord.casework.frameworks import default_framework
from accord.casework.models import Indicator
from accord.casework.services import assessments, plans, referrals, reviews
from accord.meetings.models import Decision
from accord.tenancy.models import Membership, Organisation, Role

TEXTS = {
    "de": {
        "judgement": ["Deutliche Hinwendung zu einer geschlossenen Online-Gruppe; Gewalt wird "
                      "relativiert, aber nicht angekündigt.",
                      "Kontakt zur Gruppe seltener; die Familie ist wieder erreichbar.",
                      "Stabil: Ausbildung begonnen, keine neuen Hinweise."],
        "scenarios": "Schlimmster Fall: Rückzug und Radikalisierung im Netz; wahrscheinlich: "
                     "langsame Stabilisierung mit Rückschlägen.",
        "missing": "Sicht der Schule fehlt; Gespräch mit der Klassenleitung vereinbaren.",
        "client": "Fühlt sich ungerecht behandelt, ist aber zu Gesprächen bereit.",
        "evidence": "Beiträge in einer Chatgruppe (Schulsozialarbeit)",
        "source": "Schulsozialarbeit",
        "steps": ["Wöchentliche Gespräche fortsetzen.", "Ausbildungsplatz begleiten.",
                  "Nachsorge in größeren Abständen."],
        "plan": "Stabilisierung von Wohnen, Ausbildung und Freundeskreis.",
        "goals": [("housing", "Eigene Wohnung in Betreuung"),
                  ("education_work", "Ausbildung beginnen und halten"),
                  ("social", "Kontakte außerhalb der Gruppe aufbauen")],
        "interventions": ["Ausstiegsberatung", "Betreutes Wohnen", "Gefährderansprache"],
        "outcome": "Regelmäßig wahrgenommen.",
        "referral": "Bitte um Übernahme der Familienberatung.",
        "consensus": "Einigung in der Fallkonferenz.",
    },
    "nl": {
        "judgement": ["Duidelijke toenadering tot een gesloten online groep; geweld wordt "
                      "goedgepraat maar niet aangekondigd.",
                      "Minder contact met de groep; het gezin is weer bereikbaar.",
                      "Stabiel: opleiding begonnen, geen nieuwe signalen."],
        "scenarios": "Ergste geval: terugtrekking en radicalisering online; waarschijnlijk: "
                     "langzame stabilisering met terugvallen.",
        "missing": "Het beeld van de school ontbreekt; gesprek met de mentor plannen.",
        "client": "Voelt zich onrechtvaardig behandeld, maar wil praten.",
        "evidence": "Berichten in een chatgroep (jeugdwerk)",
        "source": "Jeugdwerk",
        "steps": ["Wekelijkse gesprekken voortzetten.", "Opleidingsplaats begeleiden.",
                  "Nazorg met grotere tussenpozen."],
        "plan": "Stabilisering van wonen, opleiding en vriendenkring.",
        "goals": [("housing", "Eigen woning met begeleiding"),
                  ("education_work", "Opleiding beginnen en volhouden"),
                  ("social", "Contacten buiten de groep opbouwen")],
        "interventions": ["Exitbegeleiding", "Begeleid wonen", "Stopgesprek politie"],
        "outcome": "Afspraken worden nagekomen.",
        "referral": "Verzoek om gezinsbegeleiding over te nemen.",
        "consensus": "Overeenstemming in het casusoverleg.",
    },
}

CONTENT_ROLES = (Role.CASE_WORKER, Role.MEMBER, Role.COORDINATOR)


def _assessor(case: Case) -> Membership | None:
    """A member of the lead organisation who records its data (a case worker first)."""
    members = [m for m in Membership.objects.filter(organisation_id=case.lead_organisation_id)
               .order_by("pk") if m.is_active and m.has_role(*CONTENT_ROLES)]
    members.sort(key=lambda m: Role.CASE_WORKER not in m.roles)
    return members[0] if members else None


def _coordinator(network) -> Membership | None:
    return next((m for m in Membership.objects.filter(network=network).order_by("pk")
                 if m.is_active and Role.COORDINATOR in m.roles), None)


def _dates(case: Case, count: int) -> list[date]:
    """`count` days spread from shortly after the signal (or a year ago) to last week."""
    today = timezone.localdate()
    start = max(case.signal_received_on + timedelta(days=7), today - timedelta(days=360))
    end = today - timedelta(days=7)
    if end <= start:
        return [today] * count if case.signal_received_on <= today else []
    step = (end - start) / max(count - 1, 1)
    return [start + step * i for i in range(count)]


def _assessment(t, actor, case, day, level, index, indicators):
    ratings = [{"indicator": ind, "rating": ("present", "partly", "absent")[index],
                "decisive": i == 0, "evidence_for": t["evidence"] if i == 0 else "",
                "source": t["source"], "source_reliability": "medium"}
               for i, ind in enumerate(indicators)]
    return assessments.assessment_record(
        membership=actor, case=case, assessed_on=day, concern_level=level,
        judgement=t["judgement"][index], scenarios=t["scenarios"],
        missing_information=t["missing"] if index == 0 else "", client_view=t["client"],
        ratings=ratings)


def _trajectory(t, actor, manager, case) -> None:
    framework = default_framework(case.network)
    domains = list(framework.domains.all())
    indicators = list(Indicator.objects.filter(domain__framework=framework)
                      .order_by("domain__order", "order")[:8])
    days = _dates(case, 6)
    if not days:
        return
    first = _assessment(t, actor, case, days[0], "high", 0, indicators)
    assessments.assessment_consensus_record(membership=actor, assessment=first,
                                            text=t["consensus"], level="high")
    reviews.review_record(membership=manager, case=case, reviewed_on=days[1],
                          outcome="continue", next_steps=t["steps"][0],
                          changes=[{"domain": domains[0], "change": 1},
                                   {"domain": domains[3], "change": 0}])
    _assessment(t, actor, case, days[2], "medium", 1, indicators)
    reviews.review_record(membership=manager, case=case, reviewed_on=days[3],
                          outcome="de_escalate", concern_level="medium",
                          next_steps=t["steps"][1],
                          changes=[{"domain": domains[0], "change": 1},
                                   {"domain": domains[5], "change": 2}])
    _assessment(t, actor, case, days[4], "low", 2, indicators)
    reviews.review_record(membership=manager, case=case, reviewed_on=days[5],
                          outcome="continue", concern_level="low", next_steps=t["steps"][2],
                          changes=[{"domain": domains[3], "change": 1},
                                   {"domain": domains[7], "change": 1}])


def _plan(t, manager, case) -> None:
    plans.plan_save(membership=manager, case=case, summary=t["plan"],
                    agreed_on=_dates(case, 2)[0] if _dates(case, 2) else None)
    goals = [plans.plan_goal_add(membership=manager, case=case, life_area=area, text=text,
                                 status="in_progress")
             for area, text in t["goals"]]
    decision = (Decision.objects.filter(network=case.network, body__kind="operational")
                .order_by("pk").first())
    organisations = list(Organisation.objects.filter(network=case.network).order_by("pk"))
    by_sector = {o.sector: o for o in organisations}
    owners = [case.lead_organisation, by_sector.get("municipality", case.lead_organisation),
              by_sector.get("police", case.lead_organisation)]
    start = _dates(case, 3)
    for i, (title, kind) in enumerate(zip(t["interventions"],
                                          ("care", "administrative", "criminal_justice"),
                                          strict=True)):
        plans.intervention_create(
            membership=manager, case=case, organisation=owners[i], kind=kind, title=title,
            starts_on=start[i] if start else None, status="running" if i < 2 else "completed",
            outcome=t["outcome"] if i == 2 else "", goal=goals[i] if i < 2 else None,
            decision=decision if i == 0 else None)


def _referral(t, manager, case) -> None:
    taking_part = {case.lead_organisation_id, *CaseParticipant.objects.filter(case=case)
                   .values_list("organisation_id", flat=True)}
    to = (Organisation.objects.filter(network=case.network)
          .exclude(pk__in=taking_part).exclude(pk=manager.organisation_id)
          .order_by("sector", "pk").first())
    if to is not None:
        referrals.referral_propose(membership=manager, case=case, to_organisation=to,
                                   categories=["signal", "plan_status"], note=t["referral"])


def load_casework_demo(network) -> None:
    t = TEXTS["nl" if network.default_language == "nl" else "de"]
    with scope(network=network.pk):
        manager = _coordinator(network)
        cases = [c for c in Case.objects.filter(network=network, state__in=WORKING_STATES)
                 .select_related("lead_organisation", "network").order_by("reference")
                 if c.lead_organisation_id][:3]
        if manager is None:
            return
        for index, case in enumerate(cases):
            actor = _assessor(case)
            if actor is not None:
                _trajectory(t, actor, manager, case)
            if index == 0:
                _plan(t, manager, case)
                _referral(t, manager, case)
