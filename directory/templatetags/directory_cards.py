"""The directory's cards (the list and the home page), built in Python.

A card was a template include: 20 of them were a third of a search's time, the same markup
through Django's template engine 20 times. The markup is the include's, escaped the same way
(tests/directory/test_cards.py compares the two on every kind of company).
"""

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from directory.models import Listing

register = template.Library()

DESCRIPTION_CHARS = 120


def card(listing: Listing, commune_label: str) -> str:
    """One card: logo or initial, name and link, trades, commune, the start of the description."""
    company = listing.company
    name = company.display_name
    if company.logo:
        picture = f'<img src="{escape(company.logo.url)}" alt="" width="64" height="64" loading="lazy">'
    else:
        picture = f'<span aria-hidden="true">{escape(name[:1].upper())}</span>'
    trades = " · ".join(escape(trade) for trade in listing.trades)
    commune = company.commune
    description = company.description
    return "".join(
        (
            f'\n<li class="directory-card"><article>{picture}<div>\n',
            f'<h3><a href="{escape(listing.get_absolute_url())}">{escape(name)}</a></h3>\n',
            f'<p class="directory-trades">{trades}</p>\n' if listing.trades else "\n",
            f'<p><span class="visually-hidden">{commune_label}</span>{escape(commune.name)}</p>\n'
            if commune
            else "\n",
            f"<p>{escape(Truncator(description).chars(DESCRIPTION_CHARS))}</p>\n" if description else "\n",
            "</div></article></li>\n",
        )
    )


@register.simple_tag
def directory_cards(listings: Iterable[Listing]) -> SafeString:
    """The <li> cards of `listings`, which carry their trades (ListingQuerySet.with_cards)."""
    commune_label = escape(gettext("Commune :"))
    return mark_safe("".join(card(listing, commune_label) for listing in listings))  # noqa: S308 - escaped
