"""Sorting words the French way, the same on every database: « Ébénisterie » among the E, « œ » as « oe ».

PostgreSQL's collations differ between servers (C, libc, ICU versions), so the filters sort in Python.
"""

import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def french_key(text: str) -> tuple[str, str]:
    """Accents and case set aside first; they only break ties (« cote » before « côte »)."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(LIGATURES))
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold(), str(text).casefold()
