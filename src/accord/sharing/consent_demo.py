"""The demo's consents and break-glass (issue 10, Deliver 17), per demo network, after the
cases demo: a guardian's consent for a minor's case, a withdrawn consent on another case, and
a break-glass access awaiting the privacy officer's review. Written through the services, so
the audit trail holds them as it would a real network's. Text in the network's language."""

from datetime import timedelta

from django.utils import timezone, translation
from django_scopes import scope

from accord.cases.models import Case, CaseParticipant
from accord.sharing import break_glass, consent_services
from accord.sharing.consent_facets import network_today
from accord.sharing.models import BreakGlass, Consent
from accord.tenancy.models import Membership, Role

TEXTS = {
    "nl": {"form_name": "toestemming.pdf",
           "withdrawn": "De ouder heeft de toestemming telefonisch ingetrokken; schriftelijke "
                        "bevestiging volgt.",
           "break_glass": "Acute melding van de school vanochtend: dreigende berichten in een "
                          "klasgroep. Ik moet het signaal en het plan nu kunnen zien."},
    "de": {"form_name": "einwilligung.pdf",
           "withdrawn": "Die Mutter hat die Einwilligung telefonisch widerrufen; die "
                        "schriftliche Bestätigung folgt.",
           "break_glass": "Akute Meldung der Schule heute Morgen: Drohnachrichten in einer "
                          "Klassengruppe. Ich muss Signal und Hilfeplan jetzt einsehen."},
    "en": {"form_name": "consent.pdf",
           "withdrawn": "The mother withdrew the consent by phone; written confirmation "
                        "follows.",
           "break_glass": "Urgent report from the school this morning: threatening messages in "
                          "a class chat. I need to see the signal and the plan now."},
}

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _texts(network) -> dict:
    return TEXTS.get(network.default_language, TEXTS["en"])


def _coordinator(network) -> Membership | None:
    # Roles are a JSON list: filtered here rather than by a JSON lookup SQLite lacks.
    return next((m for m in Membership.objects.filter(network=network)
                 .select_related("organisation", "user").order_by("pk")
                 if Role.COORDINATOR in m.roles), None)


def _others(case: Case) -> list[int]:
    """Organisations taking part in the case besides its lead."""
    return list(CaseParticipant.objects.filter(case=case)
                .exclude(organisation_id=case.lead_organisation_id)
                .values_list("organisation_id", flat=True)[:2])


def load_consent_demo(*, network) -> None:
    with scope(network=network.pk), timezone.override(network.time_zone), \
            translation.override(network.default_language):
        if Consent.objects.filter(network=network).exists():
            return  # loaded already
        cases = list(Case.objects.filter(network=network).select_related("network")
                     .order_by("reference"))
        coordinator = _coordinator(network)
        if len(cases) < 3 or coordinator is None:
            return
        texts = _texts(network)
        today = network_today(network.time_zone)
        minor = next((c for c in cases if c.age_band in consent_services.MINOR_BANDS), None)
        if minor is None:
            minor = cases[0]
            Case.objects.filter(pk=minor.pk).update(age_band="14-17")
            minor.age_band = "14-17"
        rest = [c for c in cases if c.pk != minor.pk]
        for case, given_by in ((minor, "guardian"), (rest[0], _adult_or_guardian(rest[0]))):
            organisations = _others(case) or [coordinator.organisation_id]
            consent = consent_services.consent_record(
                membership=coordinator, case=case, given_by=given_by,
                organisation_ids=organisations, categories=["assessment", "plan_status"],
                purposes=["case_work", "prepare"], given_on=today - timedelta(days=40),
                expires_on=today + timedelta(days=325),
                written_form=consent_services.check_written_form(texts["form_name"], PDF))
            if case is rest[0]:
                consent_services.consent_withdraw(membership=coordinator, consent=consent,
                                                  reason=texts["withdrawn"])
        _break_glass(rest[1], texts["break_glass"])


def _adult_or_guardian(case: Case) -> str:
    return "guardian" if case.age_band in consent_services.MINOR_BANDS else "person"


def _break_glass(case: Case, reason: str) -> BreakGlass | None:
    """A member of another organisation than the lead, with a content role, opens the case."""
    candidates = (Membership.objects.filter(network_id=case.network_id)
                  .exclude(organisation_id=case.lead_organisation_id)
                  .select_related("organisation", "network").order_by("pk"))
    member = next((m for m in candidates
                   if set(m.roles) & {Role.MEMBER, Role.CASE_WORKER}
                   and Role.PRIVACY_OFFICER not in m.roles), None)
    if member is None:
        return None
    return break_glass.break_glass_start(membership=member, case=case, reason=reason)


__all__ = ["load_consent_demo"]
