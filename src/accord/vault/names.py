"""The blind index: the normalised forms of a name, and their keyed hashes.

A name is found however it is typed: in any case, with or without accents ("Müller",
"Mueller" and "Muller" are one name; "ß" is "ss"), with any spacing, with the Dutch and
German surname particles or without them and in either order ("Jan van der Berg", "Berg, Jan
van der", "van der Berg"). Each form is hashed with HMAC-SHA256 under the network's index key,
so the database holds no name and a hash of one network means nothing in another.
"""

import hashlib
import hmac
import itertools
import re
import unicodedata

# Surname particles that a person may type or leave out (nl: tussenvoegsels; de: von, zu).
PARTICLES = frozenset({"van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op",
                       "la", "le", "du", "d", "von", "vom", "zu", "zum", "zur"})
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Spaces, punctuation, hyphens and dashes (U+2010 to U+2015), apostrophes (U+2018 to U+201B,
# U+00B4, U+0060) all separate the parts of a name.
SEPARATORS = re.compile("[\\s,.;:/\\\\\\-_'\"()\u2010-\u2015\u2018-\u201b\u00b4`]+")


def _fold(text: str, *, umlaut_as_e: bool) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()  # casefold: ß → ss
    if umlaut_as_e:
        text = unicodedata.normalize("NFC", text).translate(UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(SEPARATORS.sub(" ", text).split())


def _tokens(text: str) -> list[str]:
    tokens = text.split()
    kept = [t for t in tokens if t not in PARTICLES]
    return kept or tokens  # a name made only of particles keeps them


def name_forms(name: str) -> set[str]:
    """What the index holds for one name: every token, every pair and the whole name (tokens
    sorted, particles left out), with umlauts folded both ways."""
    forms: set[str] = set()
    for umlaut_as_e in (True, False):
        tokens = sorted(set(_tokens(_fold(name, umlaut_as_e=umlaut_as_e))))
        forms.update(tokens)
        forms.update(" ".join(pair) for pair in itertools.combinations(tokens, 2))
        if tokens:
            forms.add(" ".join(tokens))
    return forms


def query_forms(text: str) -> set[str]:
    """What a search looks up: the typed words as one form (sorted, particles left out)."""
    forms = set()
    for umlaut_as_e in (True, False):
        tokens = sorted(set(_tokens(_fold(text, umlaut_as_e=umlaut_as_e))))
        if tokens:
            forms.add(" ".join(tokens))
    return forms


def name_hash(index_key: bytes, form: str) -> str:
    return hmac.new(index_key, form.encode(), hashlib.sha256).hexdigest()
