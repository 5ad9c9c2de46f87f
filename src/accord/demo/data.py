# Names keep their own letters (Turkish dotless i, en dashes), which RUF001 would flag.
# ruff: noqa: RUF001
"""The fictional demo networks: places, organisations and people that exist nowhere.

Plain data, no database: `loader.py` turns it into rows. Place names are invented (no city is
called Rheinhafen, Polderwijk or Scheldemonde); organisation names are generic so that none
stands for a real body; every address is on example.org, the domain reserved for examples.
"""

from dataclasses import dataclass, field

from accord.tenancy.models import BodyKind, BodyRole, Role, Sector

PASSWORD = "accord-demo-2026"
EMAIL_DOMAIN = "example.org"


@dataclass(frozen=True)
class Person:
    key: str  # short handle used inside this file only
    full_name: str
    organisation: str  # key of an OrganisationSpec in the same network
    roles: tuple[str, ...]
    job: str  # what they do, shown in the sign-in table
    email: str = ""  # empty: first.last.<network>@example.org


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    sector: str


@dataclass(frozen=True)
class Seat:
    person: str
    role: str = BodyRole.MEMBER
    voting_right: bool = True


@dataclass(frozen=True)
class BodySpec:
    name: str
    kind: str
    description: str
    seats: tuple[Seat, ...]


@dataclass(frozen=True)
class NetworkSpec:
    slug: str
    name: str
    jurisdiction: str
    language: str
    time_zone: str
    organisations: tuple[OrganisationSpec, ...]
    people: tuple[Person, ...]
    bodies: tuple[BodySpec, ...] = field(default=())
    # How far the network has formalised itself (accord.charter.demo.MATURITIES).
    charter_maturity: str = "starting"


# One person in two networks: an exit counsellor who works on both sides of the border.
SHARED_EMAIL = f"samira.bouzid@{EMAIL_DOMAIN}"

C, M, CW = Role.COORDINATOR, Role.MEMBER, Role.CASE_WORKER
PO, OB = Role.PRIVACY_OFFICER, Role.OBSERVER
CHAIR, SECRETARY, ADVISER = BodyRole.CHAIR, BodyRole.SECRETARY, BodyRole.ADVISER

RHEINHAFEN = NetworkSpec(
    slug="rheinhafen",
    name="Präventionsnetzwerk Rheinhafen",
    jurisdiction="DE-NW",
    language="de",
    time_zone="Europe/Berlin",
    organisations=(
        OrganisationSpec("stadt", "Stadt Rheinhafen – Kommunales Präventionsbüro",
                         Sector.MUNICIPALITY),
        OrganisationSpec("polizei", "Polizeipräsidium Rheinhafen – Kriminalprävention",
                         Sector.POLICE),
        OrganisationSpec("jugendamt", "Jugendamt Rheinhafen", Sector.YOUTH_SOCIAL),
        OrganisationSpec("schule", "Gesamtschule Am Hafenbecken", Sector.EDUCATION),
        OrganisationSpec("spdi", "Sozialpsychiatrischer Dienst Rheinhafen", Sector.HEALTH),
        OrganisationSpec("justiz", "Ambulanter Sozialer Dienst der Justiz, Bezirk Rheinhafen",
                         Sector.JUSTICE),
        OrganisationSpec("beratung", "Beratungsstelle Wegkreuz", Sector.COUNSELLING),
        OrganisationSpec("nachbarn", "Nachbarschaftsverein Hafenviertel e. V.", Sector.COMMUNITY),
    ),
    people=(
        Person("anna", "Anna Keller", "stadt", (C,), "Netzwerkkoordinatorin"),
        Person("jonas", "Jonas Brandt", "stadt", (C, M), "stellv. Koordinator"),
        Person("sabine", "Sabine Roth", "stadt", (PO,), "Datenschutzbeauftragte"),
        Person("paul", "Paul Neumann", "stadt", (OB,), "Hospitant"),
        Person("frank", "Frank Wagner", "polizei", (M,), "Leiter Kriminalprävention"),
        Person("mehmet", "Mehmet Yılmaz", "polizei", (M,), "Kontaktbeamter"),
        Person("julia", "Julia Krüger", "jugendamt", (M,), "Abteilungsleiterin"),
        Person("katharina", "Katharina Vogel", "jugendamt", (CW,), "Sozialarbeiterin"),
        Person("lukas", "Lukas Hoffmann", "schule", (M,), "Schulsozialarbeiter"),
        Person("miriam", "Miriam Schäfer", "spdi", (CW,), "Psychologin"),
        Person("thomas", "Thomas Berger", "justiz", (CW,), "Bewährungshelfer"),
        Person("leyla", "Leyla Demir", "beratung", (CW,), "Ausstiegsberaterin"),
        Person("elif", "Elif Aydın", "nachbarn", (M,), "Vorsitzende"),
    ),
    bodies=(
        BodySpec(
            "Lenkungskreis Prävention", BodyKind.STRATEGIC,
            "Legt Ziele und Regeln des Netzwerks fest; tagt vierteljährlich.",
            (Seat("anna", CHAIR), Seat("jonas", SECRETARY), Seat("frank"), Seat("julia"),
             Seat("lukas"), Seat("elif"), Seat("sabine", ADVISER, voting_right=False)),
        ),
        BodySpec(
            "Fallkonferenz", BodyKind.OPERATIONAL,
            "Bespricht einzelne Fälle und vereinbart, wer was übernimmt; tagt alle zwei Wochen.",
            (Seat("jonas", CHAIR), Seat("katharina", SECRETARY), Seat("mehmet"),
             Seat("miriam"), Seat("thomas"), Seat("leyla"),
             Seat("sabine", ADVISER, voting_right=False)),
        ),
        BodySpec(
            "Arbeitsgruppe Schule und Jugend", BodyKind.WORKING_GROUP,
            "Bereitet Fortbildungen für Lehrkräfte und Jugendhilfe vor.",
            (Seat("lukas", CHAIR), Seat("katharina"), Seat("leyla")),
        ),
    ),
)

POLDERWIJK = NetworkSpec(
    slug="polderwijk",
    charter_maturity="midway",
    name="Netwerk Weerbaarheid Polderwijk",
    jurisdiction="NL",
    language="nl",
    time_zone="Europe/Amsterdam",
    organisations=(
        OrganisationSpec("gemeente", "Gemeente Polderwijk – Openbare Orde en Veiligheid",
                         Sector.MUNICIPALITY),
        OrganisationSpec("politie", "Politie, basisteam Polderwijk", Sector.POLICE),
        OrganisationSpec("wijkteam", "Wijkteam Polderwijk-Centrum", Sector.YOUTH_SOCIAL),
        OrganisationSpec("lyceum", "Het Polderlyceum", Sector.EDUCATION),
        OrganisationSpec("ggz", "GGZ Veenland", Sector.HEALTH),
        OrganisationSpec("reclassering", "Reclasseringsteam Polderwijk", Sector.JUSTICE),
        OrganisationSpec("tegenstroom", "Stichting Tegenstroom", Sector.COUNSELLING),
        OrganisationSpec("buurt", "Buurtnetwerk De Vaart", Sector.COMMUNITY),
    ),
    people=(
        Person("sanne", "Sanne de Vries", "gemeente", (C,), "netwerkcoördinator"),
        Person("mark", "Mark Jansen", "gemeente", (M,), "procesregisseur"),
        Person("ingrid", "Ingrid Mulder", "gemeente", (PO,), "functionaris gegevensbescherming"),
        Person("femke", "Femke Dekker", "gemeente", (OB,), "beleidsmedewerker"),
        Person("pieter", "Pieter Bakker", "politie", (M,), "teamchef"),
        Person("fatima", "Fatima El Amrani", "politie", (M,), "wijkagent"),
        Person("lotte", "Lotte Visser", "wijkteam", (CW,), "jeugdconsulent"),
        Person("daan", "Daan Smit", "lyceum", (M,), "zorgcoördinator"),
        Person("eva", "Eva Meijer", "ggz", (CW,), "psychiater"),
        Person("ruud", "Ruud van Dijk", "reclassering", (CW,), "reclasseringswerker"),
        Person("samira", "Samira Bouzid", "tegenstroom", (CW,), "exitbegeleider",
               email=SHARED_EMAIL),
        Person("kees", "Kees de Boer", "buurt", (M,), "sleutelfiguur"),
    ),
    bodies=(
        BodySpec(
            "Stuurgroep Radicalisering", BodyKind.STRATEGIC,
            "Stelt de lokale aanpak en het convenant vast; komt vier keer per jaar bijeen.",
            (Seat("sanne", CHAIR), Seat("mark", SECRETARY), Seat("pieter"), Seat("daan"),
             Seat("kees"), Seat("ingrid", ADVISER, voting_right=False)),
        ),
        BodySpec(
            "Casusoverleg Persoonsgerichte Aanpak", BodyKind.OPERATIONAL,
            "Weegt signalen en stemt per persoon de aanpak af; om de drie weken.",
            (Seat("mark", CHAIR), Seat("sanne", SECRETARY), Seat("fatima"), Seat("lotte"),
             Seat("eva"), Seat("ruud"), Seat("samira"),
             Seat("ingrid", ADVISER, voting_right=False)),
        ),
    ),
)

SCHELDEMONDE = NetworkSpec(
    slug="scheldemonde",
    charter_maturity="established",
    name="LIVC-R Scheldemonde",
    jurisdiction="BE-VLG",
    language="nl",
    time_zone="Europe/Brussels",
    organisations=(
        OrganisationSpec("stad", "Stad Scheldemonde – Dienst Preventie", Sector.MUNICIPALITY),
        OrganisationSpec("politiezone", "Politiezone Scheldemonde", Sector.POLICE),
        OrganisationSpec("sociaalhuis", "Sociaal Huis Scheldemonde", Sector.YOUTH_SOCIAL),
        OrganisationSpec("clb", "Centrum voor Leerlingenbegeleiding Scheldemonde",
                         Sector.EDUCATION),
        OrganisationSpec("cgg", "Centrum Geestelijke Gezondheidszorg Scheldeland", Sector.HEALTH),
        OrganisationSpec("justitiehuis", "Justitiehuis Scheldemonde", Sector.JUSTICE),
        OrganisationSpec("tegenstroom", "Tegenstroom vzw", Sector.COUNSELLING),
        OrganisationSpec("jeugdhuis", "Jeugdhuis De Kaai", Sector.COMMUNITY),
        OrganisationSpec("moskee", "Overlegplatform Levensbeschouwingen Scheldemonde",
                         Sector.COMMUNITY),
    ),
    people=(
        Person("wim", "Wim Peeters", "stad", (C,), "LIVC-R-coördinator"),
        Person("hilde", "Hilde Claes", "stad", (M,), "burgemeester"),
        Person("els", "Els Mertens", "stad", (PO,), "functionaris gegevensbescherming"),
        Person("tom", "Tom Jacobs", "stad", (OB,), "stagiair preventie"),
        Person("nathalie", "Nathalie Dubois", "politiezone", (M,), "korpschef"),
        Person("jef", "Jef Maes", "politiezone", (M,), "informatieofficier"),
        Person("lien", "Lien Janssens", "sociaalhuis", (CW,), "maatschappelijk werker"),
        Person("bram", "Bram Willems", "clb", (M,), "CLB-medewerker"),
        Person("an", "An Goossens", "cgg", (CW,), "psycholoog"),
        Person("koen", "Koen Wouters", "justitiehuis", (CW,), "justitieassistent"),
        # In Scheldemonde she also co-coordinates the network, so a coordinator can switch
        # networks in the demo.
        Person("samira", "Samira Bouzid", "tegenstroom", (C, CW), "exitbegeleider",
               email=SHARED_EMAIL),
        Person("yassine", "Yassine El Idrissi", "jeugdhuis", (M,), "jeugdwerker"),
        Person("marieke", "Marieke Van den Broeck", "moskee", (M,), "voorzitter"),
    ),
    bodies=(
        BodySpec(
            "Stuurgroep LIVC-R", BodyKind.STRATEGIC,
            "Bepaalt het lokale beleid en de afspraken over gedeeld beroepsgeheim.",
            (Seat("hilde", CHAIR), Seat("wim", SECRETARY), Seat("nathalie"), Seat("bram"),
             Seat("marieke"), Seat("els", ADVISER, voting_right=False)),
        ),
        BodySpec(
            "Casusoverleg LIVC-R", BodyKind.OPERATIONAL,
            "Bespreekt personen in een radicaliseringsproces; maandelijks.",
            (Seat("wim", CHAIR), Seat("lien", SECRETARY), Seat("jef"), Seat("an"),
             Seat("koen"), Seat("samira"), Seat("yassine"),
             Seat("els", ADVISER, voting_right=False)),
        ),
    ),
)

NETWORKS: tuple[NetworkSpec, ...] = (RHEINHAFEN, POLDERWIJK, SCHELDEMONDE)
