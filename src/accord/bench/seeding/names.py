"""Invented names: towns from syllables, people from short given and family name lists."""

import random

TOWN_HEADS = ("Rhein", "Polder", "Schelde", "Maas", "Eifel", "Weser", "Lippe", "Ijssel",
              "Ardenn", "Ruhr", "Mosel", "Dommel", "Lahn", "Zenne", "Vecht", "Ems")
TOWN_TAILS = ("hafen", "dam", "monde", "burg", "feld", "wijk", "stein", "heim", "kerk",
              "brück", "veen", "dorf", "ville", "hoven", "tal", "rode")
GIVEN = ("Anna", "Bram", "Chloé", "Daan", "Elif", "Femke", "Gregor", "Hanna", "Ilse", "Jonas",
         "Karim", "Lotte", "Mila", "Noah", "Oskar", "Petra", "Quentin", "Rosa", "Sven", "Tess",
         "Ugo", "Vera", "Wout", "Yara", "Zoë")
FAMILY = ("Achterberg", "Brinkmann", "Claessens", "Dierickx", "Engelhardt", "Feldkamp",
          "Gerritsen", "Hoekstra", "Janssens", "Kowalczyk", "Lindqvist", "Meulenbelt",
          "Nieuwhof", "Ostermann", "Peeters", "Reinholt", "Schoonhoven", "Terhorst",
          "Uylenburg", "Verbeke", "Wittebrood", "Zandvoort")
SECTOR_WORDS = {
    "police": "Police district", "municipality": "Municipal office",
    "youth_social": "Youth services", "education": "School board", "health": "Health centre",
    "justice": "Probation service", "counselling": "Counselling association",
    "community": "Neighbourhood trust", "other": "Partner office",
}
BODY_NAMES = {
    "strategic": "Steering group", "operational": "Case conference",
    "working_group": "Working group",
}
TOPICS = ("school absence", "housing", "youth outreach", "radicalisation prevention",
          "domestic violence", "night-time economy", "re-entry after prison", "online hate",
          "neighbourhood safety", "sports clubs", "mental health", "family support")


def town(index: int) -> str:
    head = TOWN_HEADS[index % len(TOWN_HEADS)]
    tail = TOWN_TAILS[(index // len(TOWN_HEADS)) % len(TOWN_TAILS)]
    round_ = index // (len(TOWN_HEADS) * len(TOWN_TAILS))
    return f"{head}{tail}" + (f" {round_ + 1}" if round_ else "")


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def sentence(rng: random.Random, words: int = 12) -> str:
    topic = rng.choice(TOPICS)
    filler = ("the partners agreed to review", "the group discussed", "a summary of",
              "next steps on", "the municipality reported on", "follow-up about")
    text = f"{rng.choice(filler).capitalize()} {topic}"
    extra = " ".join(rng.choice(TOPICS).split()[0] for _ in range(max(0, words - 6)))
    return f"{text}: {extra}."
