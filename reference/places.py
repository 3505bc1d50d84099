"""Place names as people type them: « St-Claude », « ste agnes », « MOREZ »."""

import re
import unicodedata

# How people shorten the saints of place names: « St-Claude », « Ste Agnès ».
SAINTS = {"st": "saint", "ste": "sainte"}


def place_key(text: str) -> str:
    """A place name as people may type it, folded: lower case, without accents or punctuation, saints
    spelt out. « st claude », « ST-CLAUDE » and « Saint-Claude » share the key « saint claude »."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(SAINTS.get(word, word) for word in re.findall(r"[a-z0-9]+", text))
