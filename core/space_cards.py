"""Cards other apps add to the member's space (/espace/).

An app appends a function `(request, company) -> str` to MAIN or SIDE in its
AppConfig.ready(); the function returns the card's HTML (render_to_string) or
"" when it has nothing to show. Each card makes a constant number of queries.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

# (request, the member's company) -> the card's HTML; core names no domain model.
Card = Callable[[HttpRequest, Any], str]

MAIN: list[Card] = []  # the wide column: dues, registrations
SIDE: list[Card] = []  # the narrow column: licence, listing, offers


def render_cards(cards: list[Card], request: HttpRequest, company) -> list[str]:
    return [html for card in cards if (html := card(request, company))]
