"""The demo's case register: about fifteen fictional cases per demo network, in every state of
the lifecycle, opened and moved on by the network's own case workers through the services (so
the references run `<PREFIX>-2026-001` … and every step is in the audit chain).

Nothing here is about a real person: no case has a name (identities belong to the vault), the
signals are invented, the districts are invented places. The seventh case (`<PREFIX>-2026-007`)
is the one the meetings demo discusses at a case conference (`conference_case`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone, translation
from django_scopes import scope

from accord.cases import services
from accord.cases.models import Case, CaseState, CaseTransition, ConcernType
from accord.tenancy.models import Membership, Network, Organisation, Role, Sector

YEAR = 2026


@dataclass(frozen=True)
class Spec:
    state: str
    concern: str
    level: str
    age_band: str
    gender: str
    month: int  # when the signal came in (2026)
    source: str
    review_in: int | None  # days from today; negative: overdue


SPECS = (
    Spec("active", "right_wing", "high", "14-17", "m", 1, Sector.EDUCATION, -3),
    Spec("active", "islamist", "medium", "18-24", "m", 2, Sector.POLICE, 20),
    Spec("suspended", "anti_state", "low", "35+", "m", 2, Sector.MUNICIPALITY, 60),
    Spec("closed", "single_issue", "low", "25-34", "f", 1, Sector.HEALTH, None),
    Spec("planning", "mixed_unclear", "medium", "14-17", "f", 5, Sector.YOUTH_SOCIAL, 10),
    Spec("follow_up", "left_wing", "low", "18-24", "x", 3, Sector.EDUCATION, 90),
    Spec("active", "right_wing", "high", "14-17", "m", 4, Sector.EDUCATION, 7),
    Spec("closing", "islamist", "low", "25-34", "m", 3, Sector.JUSTICE, None),
    Spec("triage", "mixed_unclear", "unknown", "0-13", "m", 10, Sector.EDUCATION, 5),
    Spec("purged", "single_issue", "low", "35+", "f", 1, Sector.COMMUNITY, None),
    Spec("active", "anti_state", "medium", "35+", "m", 6, Sector.MUNICIPALITY, -10),
    Spec("triage", "right_wing", "unknown", "18-24", "m", 11, Sector.POLICE, 3),
    Spec("signal", "islamist", "unknown", "14-17", "f", 11, Sector.EDUCATION, None),
    Spec("planning", "left_wing", "medium", "18-24", "f", 9, Sector.COUNSELLING, 14),
    Spec("signal", "mixed_unclear", "unknown", "", "", 11, Sector.HEALTH, None),
)

# The steps from a signal to each state (closing at triage for the purged one).
PATHS = {
    "signal": (),
    "triage": ("triage",),
    "planning": ("triage", "planning"),
    "active": ("triage", "planning", "active"),
    "suspended": ("triage", "planning", "active", "suspended"),
    "closing": ("triage", "planning", "active", "closing"),
    "closed": ("triage", "planning", "active", "closing", "closed"),
    "follow_up": ("triage", "planning", "active", "closing", "closed", "follow_up"),
    "purged": ("triage", "closing", "closed", "purged"),
}

TEXTS = {
    "de": {
        "signals": (
            "Eine Lehrkraft meldet Äußerungen im Unterricht, die Gewalt gegen Geflüchtete "
            "gutheißen, und neue Symbole auf dem Schulranzen.",
            "Die Kontaktbeamtin berichtet von Kontakten zu einer Gruppe, die online für "
            "Ausreisen in Kampfgebiete wirbt.",
            "Im Bürgeramt verweigert ein Mann Bescheide mit Verweis auf ein 'Reich'; er kündigt "
            "Widerstand an.",
            "Die Hausärztin sorgt sich um eine Patientin, die sich in einem Forum gegen "
            "Impfzentren radikalisiert.",
            "Das Jugendamt beobachtet, dass eine Jugendliche sich aus ihrem Umfeld zurückzieht "
            "und Videos mit Anschlagsszenen teilt.",
            "Die Schulsozialarbeit meldet Drohungen gegen einen Energiekonzern in einem "
            "Klassenchat.",
            "Ein Schüler zeigt im Sportunterricht rechtsextreme Tätowierungen und spricht von "
            "einem 'Tag X'.",
        ),
        "districts": ("Altstadt", "Hafenviertel", "Nordend", "Südstadt", "Am Deich"),
        "steps": {"triage": "Erste Einschätzung in der Fallkonferenz.",
                  "planning": "Übernommen: Risiko und Bedarf rechtfertigen eine Begleitung.",
                  "active": "Hilfeplan abgestimmt, Begleitung beginnt.",
                  "suspended": "Klient für drei Monate im Ausland; Begleitung ruht.",
                  "closing": "Ziele erreicht, Abschluss vorbereitet.",
                  "closed": "Abschlussgespräch geführt.",
                  "follow_up": "Nachsorge vereinbart: Kontakt in drei Monaten.",
                  "purged": "Aufbewahrungsfrist abgelaufen."},
    },
    "nl": {
        "signals": (
            "Een docent meldt uitspraken in de klas die geweld tegen vluchtelingen goedpraten, "
            "en nieuwe symbolen op de schooltas.",
            "De wijkagent meldt contacten met een groep die online werft voor uitreis naar "
            "strijdgebieden.",
            "Aan het loket weigert een man beschikkingen te aanvaarden en kondigt hij verzet "
            "aan tegen 'het systeem'.",
            "De huisarts maakt zich zorgen over een patiënte die op een forum radicaliseert "
            "tegen vaccinatiecentra.",
            "Het wijkteam ziet dat een jongere zich terugtrekt en filmpjes met aanslagbeelden "
            "deelt.",
            "De zorgcoördinator meldt bedreigingen tegen een energiebedrijf in een klasgroep.",
            "Een leerling toont in de gymles extreemrechtse tatoeages en spreekt over een "
            "'dag X'.",
        ),
        "districts": ("Centrum", "Havenkwartier", "Noord", "Zuid", "Aan de Dijk"),
        "steps": {"triage": "Eerste inschatting in het casusoverleg.",
                  "planning": "Opgepakt: risico en hulpvraag rechtvaardigen begeleiding.",
                  "active": "Plan van aanpak afgestemd, begeleiding start.",
                  "suspended": "Cliënt drie maanden in het buitenland; begeleiding loopt niet.",
                  "closing": "Doelen bereikt, afsluiting voorbereid.",
                  "closed": "Afsluitend gesprek gevoerd.",
                  "follow_up": "Nazorg afgesproken: contact over drie maanden.",
                  "purged": "Bewaartermijn verstreken."},
    },
}


def _texts(network: Network) -> dict:
    return TEXTS.get(network.default_language, TEXTS["de"])


def conference_case(network: Network) -> Case:
    """The case the meetings demo discusses: `<PREFIX>-2026-007` of the cases demo, or (when
    the meetings demo runs alone) a pseudonymous case of that reference."""
    reference = f"{services.reference_prefix(network)}-{YEAR}-007"
    with scope(network=network.pk):
        case = Case.objects.filter(network=network, reference=reference).first()
        if case is None:
            case = Case.objects.create(network=network, reference=reference,
                                       state=CaseState.ACTIVE, source_sector=Sector.OTHER,
                                       signal_received_on=date(YEAR, 4, 1))
        return case


def _by_sector(organisations: list[Organisation], *sectors: str) -> list[Organisation]:
    return [o for o in organisations if o.sector in sectors]


def load_cases_demo(*, network: Network) -> list[Case]:
    """About fifteen cases in every state, with participants by tier, workers, transitions
    by the network's case workers, next reviews (some overdue) and signals in the network's
    language. Does nothing when the network already has cases."""
    with scope(network=network.pk), timezone.override(network.time_zone), \
            translation.override(network.default_language):
        if Case.objects.filter(network=network).exists():
            return list(Case.objects.filter(network=network).order_by("reference"))
        texts = _texts(network)
        members = list(Membership.objects.filter(network=network).active()
                       .select_related("organisation", "user").order_by("pk"))
        coordinator = next(m for m in members if m.is_coordinator)
        workers = [m for m in members if Role.CASE_WORKER in m.roles] or [coordinator]
        organisations = list(Organisation.objects.filter(network=network).order_by("pk"))
        police = _by_sector(organisations, Sector.POLICE)
        care = _by_sector(organisations, Sector.HEALTH, Sector.COUNSELLING)
        school = _by_sector(organisations, Sector.EDUCATION, Sector.COMMUNITY)
        types = {t.code: t for t in services.ensure_concern_types(network)}
        today = timezone.localdate()
        cases = []
        for number, spec in enumerate(SPECS):
            lead_worker = workers[number % len(workers)]
            cases.append(_one_case(network, spec, number, lead_worker, coordinator, workers,
                                   police, care, school, types, texts, today))
        return cases


def _one_case(network, spec: Spec, number: int, lead_worker: Membership,
              coordinator: Membership, workers: list[Membership], police, care, school,
              types: dict[str, ConcernType], texts: dict, today: date) -> Case:
    lead = lead_worker.organisation
    participants = []
    if police and spec.level in ("high", "medium"):
        participants.append((police[number % len(police)], "core"))
    if school and spec.source in (Sector.EDUCATION, Sector.COMMUNITY):
        participants.append((school[number % len(school)], "case"))
    if care and number % 2 == 0:
        participants.append((care[number % len(care)], "care"))
    participants = [(org, tier) for org, tier in dict(participants).items() if org != lead]
    others = [w for w in workers if w.organisation_id != lead.pk]
    received = date(YEAR, spec.month, 3 + number)
    case = services.case_create(
        membership=lead_worker, source_sector=spec.source, signal_received_on=received,
        signal_summary=texts["signals"][number % len(texts["signals"])],
        concern_type=types.get(spec.concern), concern_level=spec.level,
        chair=coordinator if spec.level == "high" else None, age_band=spec.age_band,
        gender=spec.gender, district=texts["districts"][number % len(texts["districts"])],
        next_review_on=today + timedelta(days=spec.review_in)
        if spec.review_in is not None else None,
        participants=[(org, tier) for org, tier in participants],
        workers=others[:1] if spec.state not in ("signal", "triage") else [])
    _walk(case, spec, lead_worker, texts)
    return case


def _walk(case: Case, spec: Spec, by: Membership, texts: dict) -> None:
    """The steps to the case's state, dated a fortnight apart from the signal on."""
    steps = PATHS[spec.state]
    for to_state in steps:
        from_state = case.state
        triage = ""
        if from_state == CaseState.TRIAGE:
            triage = "no_action" if spec.state == "purged" else "taken_on"
        closure = ""
        if to_state == CaseState.CLOSING:
            closure = "other_route" if spec.state == "purged" else "goals_met"
        services.case_transition(membership=by, case=case, to_state=to_state,
                                 reason=texts["steps"][to_state], triage_outcome=triage,
                                 closure_reason=closure,
                                 by_retention=to_state == CaseState.PURGED)
    if spec.state == CaseState.PURGED:
        # Purged: what the register said of the person is gone; the reference and dates stay.
        Case.objects.filter(pk=case.pk).update(signal_summary="", district="", age_band="",
                                               gender="")
    now = timezone.now()
    for index, transition in enumerate(CaseTransition.objects.filter(case=case)
                                       .order_by("at", "pk")):
        at = timezone.make_aware(timezone.datetime.combine(
            case.signal_received_on + timedelta(days=14 * index), timezone.datetime.min.time()
        ).replace(hour=10))
        CaseTransition.objects.filter(pk=transition.pk).update(at=min(at, now))
