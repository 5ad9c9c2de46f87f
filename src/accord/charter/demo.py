"""Charter data for the demo networks, at three levels of maturity (issue 3, item 9).

Called by the demo loader once the network's organisations, members and bodies exist:
`load_charter_demo(network=network, maturity="starting" | "midway" | "established")`.
Everything goes through the services, so the demo's audit trail looks like real use.
All content is invented.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from accord import policy
from accord.charter import services
from accord.charter.models import CharterDocument, Goal, PracticeState
from accord.charter.policy_entities import Charter
from accord.tenancy.models import Body, BodyKind, BodyRole, Membership, Network, Organisation

MATURITIES = ("starting", "midway", "established")

IN_PLACE = {
    "starting": ["basics", "levels_separated"],
    "midway": ["basics", "know_each_other", "levels_separated", "data_protection",
               "documents_needed", "definitions"],
    "established": ["basics", "know_each_other", "levels_separated", "seek_support",
                    "legal_framework", "data_protection", "documents_needed", "engagement",
                    "definitions", "rules_of_procedure", "roles", "decision_procedure",
                    "minutes_policy"],
}
IN_PROGRESS = {"starting": ["know_each_other"], "midway": ["roles", "rules_of_procedure"],
               "established": ["level_system"]}
NOT_NEEDED = {"starting": [], "midway": ["seek_support"], "established": ["small_steps"]}

ADOPTED_KINDS = {
    "starting": [],
    "midway": ["goals_values", "rules_of_procedure"],
    "established": ["goals_values", "rules_of_procedure", "decision_procedure",
                    "minutes_policy", "level_system", "information_sharing"],
}
PROPOSED_KINDS = {"starting": [], "midway": ["decision_procedure"], "established": []}
DRAFT_KINDS = {"starting": ["goals_values"], "midway": [], "established": ["roles"]}

# (term, definition, source definition, source, usage notes) per language of the network: the
# main fields are in the network's language, the other languages' terms and definitions go
# into the term's translations. The same fifteen terms, in the same order, in each language.
GLOSSARY = {
    "en": [
        ("Radicalisation", "A process in which a person increasingly accepts violence as a "
         "means to reach political or religious aims.", "", "", "Police often stress the risk "
         "of violence; counselling services stress the person's search for meaning and "
         "belonging."),
        ("Case", "A person about whom the case conference works together, under a "
         "pseudonymous reference.", "", "", "For the police a case is often an investigation; "
         "here it never is."),
        ("Case conference", "The operational meeting of the partners about individual cases.",
         "", "", ""),
        ("Steering group", "The strategic body that develops the network and adopts its "
         "documents.", "", "", ""),
        ("Signal", "A first observation that a person may be radicalising, passed on to the "
         "network.", "", "", "Schools say 'concern'; the police say 'indication'."),
        ("Screening", "The first check of a signal: does the network take it on?", "", "", ""),
        ("Disengagement", "Leaving a violent group or milieu in behaviour, even when views "
         "remain.", "Physical and behavioural withdrawal from violent extremist activity.",
         "Invented handbook of exit work, 2021", ""),
        ("Deradicalisation", "Giving up extremist views, not only violent behaviour.", "", "",
         "Civil-society counsellors see this as the long-term aim; security agencies focus on "
         "disengagement."),
        ("Exit work", "Counselling that supports a person in leaving an extremist milieu.", "",
         "", ""),
        ("Need to know", "Only partners whose task requires a piece of information receive it.",
         "", "", ""),
        ("Consent", "A person's free and informed agreement that information about them is "
         "shared.", "", "", ""),
        ("Pseudonymisation", "Replacing names with a reference so that a case cannot be linked "
         "to a person without a separately kept key.", "", "", ""),
        ("Risk assessment", "A structured judgement of how likely and how serious harm may be.",
         "", "", "The police assess danger to others; youth services also assess risk to the "
         "young person."),
        ("Protective factor", "Something in a person's life that makes violence less likely.",
         "", "", ""),
        ("Level system", "The agreed steps by which external people join a discussion, by "
         "topic or severity.", "", "", ""),
    ],
    "nl": [
        ("Radicalisering", "Een proces waarin iemand geweld steeds meer aanvaardt als middel om "
         "politieke of religieuze doelen te bereiken.", "", "", "De politie legt de nadruk op "
         "het risico op geweld; hulpverleners op de zoektocht van de persoon naar zin en "
         "erbij horen."),
        ("Casus", "Een persoon over wie de partners in het casusoverleg samenwerken, onder een "
         "gepseudonimiseerde referentie.", "", "", "Voor de politie is een casus vaak een "
         "onderzoek; hier is dat nooit zo."),
        ("Casusoverleg", "Het operationele overleg van de partners over individuele casussen.",
         "", "", ""),
        ("Stuurgroep", "Het strategische overleg dat het netwerk ontwikkelt en zijn documenten "
         "vaststelt.", "", "", ""),
        ("Signaal", "Een eerste waarneming dat iemand mogelijk radicaliseert, doorgegeven aan "
         "het netwerk.", "", "", "Scholen spreken van 'zorg'; de politie van 'aanwijzing'."),
        ("Screening", "De eerste toets van een signaal: neemt het netwerk het op?", "", "", ""),
        ("Disengagement", "Een gewelddadige groep of omgeving in gedrag verlaten, ook als de "
         "denkbeelden blijven.", "Fysieke en gedragsmatige terugtrekking uit gewelddadig "
         "extremistische activiteiten.", "Verzonnen handboek exitwerk, 2021", ""),
        ("Deradicalisering", "Extremistische denkbeelden opgeven, niet alleen gewelddadig "
         "gedrag.", "", "", "Maatschappelijke organisaties zien dit als het doel op lange "
         "termijn; veiligheidsdiensten richten zich op disengagement."),
        ("Exitwerk", "Begeleiding die iemand helpt een extremistisch milieu te verlaten.", "",
         "", ""),
        ("Need to know", "Alleen partners die een gegeven voor hun taak nodig hebben, krijgen "
         "het.", "", "", ""),
        ("Toestemming", "De vrije en geïnformeerde instemming van iemand met het delen van "
         "informatie over hem of haar.", "", "", ""),
        ("Pseudonimisering", "Namen vervangen door een referentie, zodat een casus zonder een "
         "apart bewaarde sleutel niet aan een persoon te koppelen is.", "", "", ""),
        ("Risicotaxatie", "Een gestructureerd oordeel over hoe waarschijnlijk en hoe ernstig "
         "schade kan zijn.", "", "", "De politie schat het gevaar voor anderen in; de "
         "jeugdhulp ook het risico voor de jongere zelf."),
        ("Beschermende factor", "Iets in iemands leven dat geweld minder waarschijnlijk maakt.",
         "", "", ""),
        ("Niveausysteem", "De afgesproken stappen waarmee externen aan een bespreking "
         "deelnemen, naar onderwerp of ernst.", "", "", ""),
    ],
    "de": [
        ("Radikalisierung", "Ein Prozess, in dem eine Person Gewalt zunehmend als Mittel "
         "akzeptiert, um politische oder religiöse Ziele zu erreichen.", "", "", "Die Polizei "
         "betont das Gewaltrisiko; Beratungsstellen die Suche der Person nach Sinn und "
         "Zugehörigkeit."),
        ("Fall", "Eine Person, zu der die Fallkonferenz unter einem pseudonymen Aktenzeichen "
         "zusammenarbeitet.", "", "", "Für die Polizei ist ein Fall oft ein Ermittlungsverfahren; "
         "hier ist er das nie."),
        ("Fallkonferenz", "Die operative Sitzung der Partner zu einzelnen Fällen.", "", "", ""),
        ("Steuerungsgruppe", "Das strategische Gremium, das das Netzwerk weiterentwickelt und "
         "seine Dokumente beschließt.", "", "", ""),
        ("Hinweis", "Eine erste Beobachtung, dass sich eine Person radikalisieren könnte, an das "
         "Netzwerk weitergegeben.", "", "", "Schulen sagen 'Sorge', die Polizei 'Anhaltspunkt'."),
        ("Erstbewertung", "Die erste Prüfung eines Hinweises: Nimmt das Netzwerk ihn auf?", "",
         "", ""),
        ("Distanzierung", "Eine gewalttätige Gruppe oder ein Milieu im Verhalten verlassen, "
         "auch wenn Einstellungen bleiben.", "Körperlicher und verhaltensbezogener Rückzug aus "
         "gewalttätig-extremistischen Aktivitäten.", "Erfundenes Handbuch der Ausstiegsarbeit, "
         "2021", ""),
        ("Deradikalisierung", "Extremistische Einstellungen aufgeben, nicht nur gewalttätiges "
         "Verhalten.", "", "", "Zivilgesellschaftliche Beratung sieht darin das langfristige "
         "Ziel; Sicherheitsbehörden achten auf Distanzierung."),
        ("Ausstiegsarbeit", "Beratung, die eine Person beim Verlassen eines extremistischen "
         "Milieus unterstützt.", "", "", ""),
        ("Erforderlichkeit", "Nur Partner, deren Aufgabe eine Information erfordert, erhalten "
         "sie.", "", "", ""),
        ("Einwilligung", "Die freie und informierte Zustimmung einer Person, dass Informationen "
         "über sie geteilt werden.", "", "", ""),
        ("Pseudonymisierung", "Namen durch ein Kennzeichen ersetzen, sodass ein Fall ohne einen "
         "getrennt aufbewahrten Schlüssel keiner Person zugeordnet werden kann.", "", "", ""),
        ("Risikoeinschätzung", "Eine strukturierte Beurteilung, wie wahrscheinlich und wie "
         "schwer ein Schaden sein kann.", "", "", "Die Polizei schätzt die Gefahr für andere "
         "ein; die Jugendhilfe auch das Risiko für den jungen Menschen."),
        ("Schutzfaktor", "Etwas im Leben einer Person, das Gewalt unwahrscheinlicher macht.", "",
         "", ""),
        ("Stufenmodell", "Die vereinbarten Stufen, nach denen Externe an einer Besprechung "
         "teilnehmen, nach Thema oder Schwere.", "", "", ""),
    ],
}


# The demo's words, in the network's own language (invented content); English is the fallback.
TEXTS = {
    "en": {
        "task_chair": "Chair the steering group",
        "task_minutes": "Keep the minutes",
        "task_screen": "Screen new signals",
        "task_police": "Contact point for the police",
        "task_data": "Answer data-protection questions",
        "task_welcome": "Welcome new members",
        "levels": (("Core", "The permanent members of the case conference."),
                   ("Invited practitioners", "Level 1 plus practitioners who know the person."),
                   ("External experts", "Level 2 plus external experts or policy makers.")),
        "goal_screen": ("Every new signal is screened within ten working days.",
                        "Share of signals screened in time, counted each quarter."),
        "goal_screen_reviews": ("7 of 12 signals in time.", "11 of 13 signals in time."),
        "goal_deputy": ("Each partner names a deputy for the case conference.",
                        "Deputies listed in the roles chart."),
        "goal_deputy_review": "All partners have named a deputy.",
        "goal_schools": ("Schools know whom to call with a concern.",
                         "Number of schools reached by the information evening."),
        "goal_schools_review": "Two information evenings held, 18 schools present.",
        "rules_guests": "8. **Guests** are invited by the chair to single agenda items only.",
    },
    "de": {
        "task_chair": "Vorsitz im Lenkungskreis",
        "task_minutes": "Protokoll führen",
        "task_screen": "Neue Hinweise erstbewerten",
        "task_police": "Ansprechstelle für die Polizei",
        "task_data": "Fragen zum Datenschutz beantworten",
        "task_welcome": "Neue Mitglieder begrüßen",
        "levels": (("Kern", "Die ständigen Mitglieder der Fallkonferenz."),
                   ("Eingeladene Fachkräfte",
                    "Stufe 1 und Fachkräfte, die die Person kennen."),
                   ("Externe Fachleute",
                    "Stufe 2 und externe Fachleute oder Verantwortliche aus der Politik.")),
        "goal_screen": ("Jeder neue Hinweis wird innerhalb von zehn Arbeitstagen erstbewertet.",
                        "Anteil der rechtzeitig bewerteten Hinweise, jedes Quartal gezählt."),
        "goal_screen_reviews": ("7 von 12 Hinweisen rechtzeitig.",
                                "11 von 13 Hinweisen rechtzeitig."),
        "goal_deputy": ("Jeder Partner benennt eine Vertretung für die Fallkonferenz.",
                        "Vertretungen im Rollenplan eingetragen."),
        "goal_deputy_review": "Alle Partner haben eine Vertretung benannt.",
        "goal_schools": ("Schulen wissen, wen sie bei einer Sorge anrufen.",
                         "Zahl der Schulen, die der Informationsabend erreicht."),
        "goal_schools_review": "Zwei Informationsabende, 18 Schulen waren dabei.",
        "rules_guests": "8. **Gäste** lädt der Vorsitz nur zu einzelnen Tagesordnungspunkten "
                        "ein.",
    },
    "nl": {
        "task_chair": "Voorzitter van de stuurgroep",
        "task_minutes": "Notuleren",
        "task_screen": "Nieuwe signalen beoordelen",
        "task_police": "Aanspreekpunt voor de politie",
        "task_data": "Vragen over gegevensbescherming beantwoorden",
        "task_welcome": "Nieuwe leden verwelkomen",
        "levels": (("Kern", "De vaste leden van het casusoverleg."),
                   ("Uitgenodigde professionals",
                    "Niveau 1 plus professionals die de persoon kennen."),
                   ("Externe deskundigen",
                    "Niveau 2 plus externe deskundigen of beleidsmakers.")),
        "goal_screen": ("Elk nieuw signaal wordt binnen tien werkdagen beoordeeld.",
                        "Aandeel signalen dat op tijd is beoordeeld, elk kwartaal geteld."),
        "goal_screen_reviews": ("7 van 12 signalen op tijd.", "11 van 13 signalen op tijd."),
        "goal_deputy": ("Elke partner wijst een vervanger aan voor het casusoverleg.",
                        "Vervangers staan in het rollenoverzicht."),
        "goal_deputy_review": "Alle partners hebben een vervanger aangewezen.",
        "goal_schools": ("Scholen weten wie ze bellen bij een zorg.",
                         "Aantal scholen bereikt met de informatieavond."),
        "goal_schools_review": "Twee informatieavonden gehouden, 18 scholen aanwezig.",
        "rules_guests": "8. **Gasten** worden door de voorzitter alleen voor losse "
                        "agendapunten uitgenodigd.",
    },
}


def _texts(network: Network) -> dict:
    return TEXTS.get(network.default_language, TEXTS["en"])


def _acting_coordinator(network: Network) -> Membership:
    membership = next((m for m in Membership.objects.filter(network=network).active()
                       .order_by("pk") if m.is_coordinator), None)
    if membership is None:
        raise ValueError(f"network {network.slug} has no coordinator to act as")
    return membership


def _adopting_body(network: Network) -> Body | None:
    bodies = Body.objects.filter(network=network)
    return bodies.filter(kind=BodyKind.STRATEGIC).first() or bodies.first()


def _practices(actor: Membership, maturity: str) -> None:
    for state, codes in ((PracticeState.IN_PLACE, IN_PLACE), (PracticeState.IN_PROGRESS,
                          IN_PROGRESS), (PracticeState.NOT_NEEDED, NOT_NEEDED)):
        for code in codes[maturity]:
            services.practice_status_set(membership=actor, practice=code, status=state,
                                         owner=actor if state != PracticeState.NOT_NEEDED
                                         else None)


def _documents(actor: Membership, maturity: str, body: Body | None) -> None:
    language = actor.network.default_language
    today = timezone.localdate()
    for kind in ADOPTED_KINDS[maturity] + PROPOSED_KINDS[maturity] + DRAFT_KINDS[maturity]:
        version = services.document_create_from_starter(membership=actor, kind=kind,
                                                        language=language)
        if kind in DRAFT_KINDS[maturity]:
            continue
        version = services.version_propose(membership=actor, version=version)
        if kind in PROPOSED_KINDS[maturity] or body is None:
            continue
        version = services.version_adopt(membership=actor, version=version, body=body,
                                         adopted_on=today - timedelta(days=200))
        if maturity == "established" and kind == "rules_of_procedure":
            # A second adopted version, so the history and the diff have something to show.
            draft = services.version_draft(membership=actor, document=version.document)
            draft = services.version_edit(
                membership=actor, version=draft, lock_version=draft.lock_version,
                body=draft.body + "\n" + _texts(actor.network)["rules_guests"] + "\n")
            services.version_propose(membership=actor, version=draft)
            services.version_adopt(membership=actor, version=draft, body=body,
                                   adopted_on=today - timedelta(days=30))


def _goal(actor, statement, indicators, owner, months, age_days, reviews, next_review):
    goal = services.goal_create(membership=actor, statement=statement, indicators=indicators,
                                owner_organisation=owner, review_interval_months=months)
    Goal.objects.filter(pk=goal.pk).update(
        created_at=timezone.now() - timedelta(days=age_days))
    for assessment, days_ago, evidence in reviews:
        services.goal_review_record(membership=actor, goal=goal, assessment=assessment,
                                    reviewed_on=timezone.localdate() - timedelta(days=days_ago),
                                    evidence=evidence)
    if next_review is not None:
        Goal.objects.filter(pk=goal.pk).update(
            next_review_on=timezone.localdate() + timedelta(days=next_review))


def _goals(actor: Membership, maturity: str) -> None:
    orgs = list(Organisation.objects.filter(network=actor.network).order_by("pk"))
    owner = orgs[0] if orgs else None
    texts = _texts(actor.network)
    in_time = texts["goal_screen_reviews"]
    _goal(actor, *texts["goal_screen"], owner, 3,
          400, [("at_risk", 190, in_time[0]), ("on_track", 100, in_time[1])]
          if maturity != "starting" else [], 60 if maturity != "established" else -21)
    if maturity == "starting":
        return
    _goal(actor, *texts["goal_deputy"], orgs[-1] if orgs else None, 6, 300,
          [("achieved", 40, texts["goal_deputy_review"])], None)
    if maturity == "established":
        _goal(actor, *texts["goal_schools"], orgs[1] if len(orgs) > 1 else owner, 6, 500,
              [("on_track", 150, texts["goal_schools_review"])], 30)


def _glossary(actor: Membership, count: int) -> None:
    """The terms in the network's language (English where the demo has no words for it),
    with the other languages' terms and definitions as translations."""
    own = actor.network.default_language if actor.network.default_language in GLOSSARY else "en"
    for index, (term, definition, source_definition, source, notes) in enumerate(
            GLOSSARY[own][:count]):
        translations = {language: {"term": entries[index][0], "definition": entries[index][1]}
                        for language, entries in GLOSSARY.items() if language != own}
        services.term_create(membership=actor, term=term, definition=definition,
                             source_definition=source_definition, source=source,
                             usage_notes=notes, translations=translations)


def _roles(actor: Membership, body: Body | None) -> None:
    network = actor.network
    members = list(Membership.objects.filter(network=network).active().order_by("pk"))
    orgs = list(Organisation.objects.filter(network=network).order_by("pk"))
    single = next((m for m in members if m.pk != actor.pk), actor)
    deputy = next((m for m in reversed(members) if m.pk not in (actor.pk, single.pk)), single)
    texts = _texts(network)
    tasks = [
        (texts["task_chair"],
         [("R", f"body:{body.pk}:{BodyRole.CHAIR}")] if body else [("R", f"member:{actor.pk}")],
         deputy),
        (texts["task_minutes"], [("R", f"member:{actor.pk}")], deputy),
        (texts["task_screen"], [("R", f"org:{orgs[0].pk}")] + [
            ("C", f"org:{o.pk}") for o in orgs[1:3]], None),
        # Planted for the demo: everything rests on one person and nobody stands in.
        (texts["task_police"], [("R", f"member:{single.pk}")], None),
        (texts["task_data"], [("R", f"org:{orgs[-1].pk}"),
                                              ("I", f"member:{actor.pk}")], None),
        (texts["task_welcome"], [("R", f"member:{actor.pk}"),
                                 ("A", f"org:{orgs[0].pk}")], deputy),
    ]
    for task, parts, stand_in in tasks:
        services.responsibility_create(
            membership=actor, task=task, deputy=stand_in,
            assignments=[{"raci": r, "party": p} for r, p in parts])


def _levels(actor: Membership) -> None:
    levels = _texts(actor.network)["levels"]
    for number, (name, admits), severity in zip((1, 2, 3), levels, ("any", "any", "high"),
                                                strict=True):
        services.level_create(membership=actor, number=number, name=name, admits=admits,
                              min_severity=severity)


# Invented answers, handed out in turn; a network shows results from three answers on.
SURVEY_ANSWERS = (
    {"most_needed": "roles", "time": "hour", "clarity": "partly", "trust": "medium"},
    {"most_needed": "definitions", "time": "hour", "clarity": "clear", "trust": "high"},
    {"most_needed": "roles", "time": "none", "clarity": "partly", "trust": "medium"},
    {"most_needed": "decision_procedure", "time": "half_day", "clarity": "unclear",
     "trust": "medium"},
)


def _survey(network: Network) -> None:
    members = list(Membership.objects.active().filter(network=network)
                   .select_related("user").order_by("pk"))
    charter = Charter(network=network)
    answering = [m for m in members
                 if policy.decide(m, "charter.survey.answer", charter,
                                  purpose="charter").allowed]
    for membership, answers in zip(answering, SURVEY_ANSWERS, strict=False):
        services.survey_answer(membership=membership, answers=answers)


def load_charter_demo(*, network: Network, maturity: str) -> None:
    """Fill the network's charter to `maturity`; does nothing if it already has documents."""
    if maturity not in MATURITIES:
        raise ValueError(f"maturity must be one of {MATURITIES}")
    with scope(network=network.pk), transaction.atomic():
        if CharterDocument.objects.filter(network=network).exists():
            return
        actor = _acting_coordinator(network)
        body = _adopting_body(network)
        _practices(actor, maturity)
        _documents(actor, maturity, body)
        _goals(actor, maturity)
        if maturity == "starting":
            return
        _glossary(actor, 8 if maturity == "midway" else len(GLOSSARY["en"]))
        _levels(actor)
        _survey(network)
        if Organisation.objects.filter(network=network).exists():
            _roles(actor, body)
