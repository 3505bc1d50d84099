"""French full-text search without any PostgreSQL extension.

Documents and queries go through the same `normalize` (lowercase, accents
stripped) in Python, so the built-in 'french' configuration sees "comte" for
"Comté". French Snowball stems of one family may differ ("menuiserie" ->
"menuiser", "menuisier" -> "menuisi"; "fromagerie" -> "fromager", "fromages" ->
"fromag"): each query word is stemmed by PostgreSQL, then cut back to its
root by removing the derivational ending Snowball leaves ("er", "i", "eur",
"ur", then one of a doubled final consonant), and the root is searched as a
prefix (`menuis:*`). The exact stem is kept aside to rank exact matches first.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection

# Derivational endings Snowball's French stemmer leaves on a stem, longest first.
ROOT_ENDINGS = ("eur", "ur", "er", "i")
MIN_ROOT = 4  # a shorter root would match too many unrelated words
MAX_WORDS = 8
WORD = re.compile(r"[a-z0-9]+")
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": " ", "'": " "})
# How people shorten the saints of place names (« St-Claude », « Ste Agnès »).
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def normalize(text: str) -> str:
    """Lowercase, without accents or ligatures: what the search column and the query both hold."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_words(raw: str) -> list[str]:
    """The searchable words of what someone typed (at most MAX_WORDS), « st »/« ste » spelt out."""
    return [ABBREVIATIONS.get(word, word) for word in WORD.findall(normalize(raw))][:MAX_WORDS]


def root(stem: str) -> str:
    """The stem cut back to the root its family shares: menuiser/menuisi -> menuis, lunetter -> lunet."""
    for ending in ROOT_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= MIN_ROOT:
            stem = stem[: -len(ending)]
            break
    if len(stem) > MIN_ROOT and stem[-1] == stem[-2] and stem[-1] not in "aeiouy":
        stem = stem[:-1]
    return stem


@dataclass(frozen=True)
class ParsedQuery:
    """What a search matches (`match`: every word's root as a prefix) and ranks first (`exact` stems)."""

    match: SearchQuery
    exact: SearchQuery
    roots: tuple[str, ...]


def stems(words: list[str]) -> list[str]:
    """PostgreSQL's French stems of `words`, stop words ("de", "la", "et") left out. One query."""
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_lexize('french_stem', word) FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, n)"
            " ORDER BY n",
            [words],
        )
        # A stop word gives an empty array; a word too short for the dictionary gives itself.
        return [found[0] for (found,) in cursor.fetchall() if found]


def parse(raw: str) -> ParsedQuery | None:
    """The search for what someone typed, or None when nothing in it can be searched."""
    found = stems(query_words(raw))
    if not found:
        return None
    roots = tuple(dict.fromkeys(root(stem) for stem in found))
    # Only [a-z0-9] reach here (WORD), so the tsquery syntax cannot be injected.
    match = SearchQuery(" & ".join(f"{r}:*" for r in roots), search_type="raw", config="simple")
    exact = SearchQuery(" | ".join(dict.fromkeys(found)), search_type="raw", config="simple")
    return ParsedQuery(match=match, exact=exact, roots=roots)
