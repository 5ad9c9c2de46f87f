"""Demo identities for the demo cases (issue 10, Deliver 17): fictional people in each demo
network's culture, one of them a minor with a guardian. Recorded through the service, by a
member of each case's lead organisation, so the demo is audited like real use.

Every name, address and number below is invented; the phone numbers use ranges no operator
hands out to a person in a directory, and the places are the demo's invented towns.
"""

import datetime

from django.utils import timezone
from django_scopes import scope

PEOPLE = {
    "rheinhafen": [
        ("Lukas Brenner", "Luki"), ("Mehmet Aydin", ""), ("Jana Köhler", ""),
        ("Tobias Weißmann", "T-Bone"), ("Elif Demir", ""), ("Kevin Schröder", ""),
        ("Marie-Luise Haas", ""), ("Dennis Krüger", "Krüger D."), ("Aylin Yildiz", ""),
        ("Niklas Faßbender", ""), ("Sophie Brandt", ""), ("Jonas Albrecht", ""),
        ("Leonie Strauß", ""), ("Yusuf Karaca", ""), ("Felix Dörflinger", ""),
    ],
    "polderwijk": [
        ("Daan de Vries", ""), ("Sem van der Berg", "Semmie"), ("Noor El Amrani", ""),
        ("Lotte Jansen", ""), ("Bram van Dijk", ""), ("Yasmina Bakkali", ""),
        ("Thijs de Groot", ""), ("Fleur Visser", ""), ("Milan Smit", "Mil"),
        ("Sanne Mulder", ""), ("Ruben van den Heuvel", ""), ("Iris Bos", ""),
        ("Jesse Meijer", ""), ("Anouk de Boer", ""), ("Stijn Kok", ""),
    ],
    "scheldemonde": [
        ("Wout Peeters", ""), ("Lien Maes", ""), ("Arne Van Damme", "Arno"),
        ("Hanne Claes", ""), ("Robbe De Smet", ""), ("Sara Benali", ""),
        ("Jens Wouters", ""), ("Febe Goossens", ""), ("Seppe Verhoeven", ""),
        ("Amber Dierckx", ""), ("Ilias Amrani", ""), ("Lore Vermeulen", ""),
        ("Kobe Van den Broeck", ""), ("Nina Mertens", ""), ("Mats Desmet", ""),
    ],
}
STREETS = {"rheinhafen": ("Hafenstraße", "Rheinhafen", "+49 211 5550"),
           "polderwijk": ("Dijkstraat", "Polderwijk", "+31 20 5550"),
           "scheldemonde": ("Kaaistraat", "Scheldemonde", "+32 3 5550")}
GUARDIANS = {"rheinhafen": ("Sabine Brenner", "Mutter"), "polderwijk": ("Karin de Vries",
                                                                        "moeder"),
             "scheldemonde": ("Els Peeters", "moeder")}
AGE_OF_BAND = {"0-13": 12, "14-17": 15, "18-24": 20, "25-34": 29, "35+": 41}


def _lead_member(case):
    from accord.tenancy.models import Membership

    for membership in Membership.objects.filter(organisation_id=case.lead_organisation_id,
                                                network_id=case.network_id).order_by("pk"):
        if set(membership.roles) & {"coordinator", "member", "case_worker"}:
            return membership
    return None


def _identity(network, number: int, case, name: tuple[str, str], age: int) -> dict:
    street, town, phone = STREETS.get(network.slug, ("Demo Street", network.name, "+00 5550"))
    today = timezone.localdate()
    born = datetime.date(today.year - age, 1 + number % 12, 1 + (7 * number) % 28)
    return {"names": [name[0]], "aliases": [name[1]] if name[1] else [],
            "birth_date": born.isoformat(),
            "addresses": [f"{street} {3 + 2 * number}, {town}"],
            "phones": [f"{phone} {100 + number:03d}"],
            "identifiers": [f"DEMO-{network.slug[:3].upper()}-{case.pk:05d}"]}


def load_vault_demo(*, network) -> None:
    """An identity for each demo case that has none; the first case with a minor's age band
    (or else the first case) is a minor with a guardian."""
    from accord.cases.models import Case, CaseState
    from accord.vault.models import Subject
    from accord.vault.services import subject_set_identity

    people = PEOPLE.get(network.slug) or PEOPLE["rheinhafen"]
    with scope(network=network.pk):
        cases = list(Case.objects.filter(network=network).select_related("lead_organisation",
                                                                          "network")
                     .order_by("reference"))
        # A purged case's key was erased with the purge: it has no identity to record.
        living = [c for c in cases if c.state != CaseState.PURGED]
        minor = next((c for c in living if c.age_band in ("0-13", "14-17")),
                     living[0] if living else None)
        done = set(Subject.objects.filter(case__in=cases).values_list("case_id", flat=True))
        for number, case in enumerate(cases):
            member = _lead_member(case) if case in living and case.pk not in done else None
            if member is None:
                continue
            age = 15 if case is minor else AGE_OF_BAND.get(case.age_band, 22)
            guardian = None
            if case is minor:
                g_name, relation = GUARDIANS.get(network.slug, GUARDIANS["rheinhafen"])
                guardian = {"name": g_name, "relationship": relation}
            subject_set_identity(membership=member, case=case, guardian=guardian,
                                 identity=_identity(network, number, case,
                                                    people[number % len(people)], age))
