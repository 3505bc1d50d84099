"""The directory's cards, built in Python (directory_cards), are the markup the card template made."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from directory.models import Listing
from members.models import Company
from reference.models import Sector
from tests.factories.directory import listed_company

pytestmark = pytest.mark.django_db

# templates/directory/includes/card.html as it was, the reference the Python cards must match.
CARD_TEMPLATE = (
    "{% load i18n %}{% for listing in listings %}{% with company=listing.company %}\n"
    '<li class="directory-card"><article>{% if company.logo %}<img src="{{ company.logo.url }}" alt=""'
    ' width="64" height="64" loading="lazy">{% else %}<span aria-hidden="true">'
    "{{ company.display_name|first|upper }}</span>{% endif %}<div>\n"
    '<h3><a href="{{ listing.get_absolute_url }}">{{ company.display_name }}</a></h3>\n'
    '{% if company.sectors.all %}<p class="directory-trades">{% for sector in company.sectors.all %}'
    "{{ sector.name }}{% if not forloop.last %} · {% endif %}{% endfor %}</p>{% endif %}\n"
    '{% if company.commune %}<p><span class="visually-hidden">{% translate "Commune :" %}</span>'
    "{{ company.commune.name }}</p>{% endif %}\n"
    "{% if company.description %}<p>{{ company.description|truncatechars:120 }}</p>{% endif %}\n"
    "</div></article></li>{% endwith %}\n{% endfor %}"
)


@pytest.fixture
def every_kind_of_card():
    """Companies with and without a logo, trades, commune, description; names that need escaping."""
    plain = listed_company("Menuiserie Vuillet", trades=("Menuiserie", "Ébénisterie"))
    Sector.objects.filter(slug="menuiserie").update(position=1)  # trades in their order, not by name
    Sector.objects.filter(slug="ebenisterie").update(position=2)
    escaped = listed_company(
        'Café <b>"L\'Épicéa"</b> & Cie',
        trades=("Torréfaction & <thé>",),
        description="Un café torréfié à Saint-Claude. " * 6 + "<script>alert(1)</script>",
    )
    listed_company("Atelier sans métier", trades=(), description="Court.")
    with_logo = listed_company("Lunettes Grandclément", trades=("Lunetterie",))
    Company.objects.filter(pk=with_logo.pk).update(logo="logos/0f0e.png")
    nameless = listed_company("ignored", trades=("Fromagerie",))
    Company.objects.filter(pk=nameless.pk).update(trade_name="", legal_name="éléments du Jura")
    Company.objects.filter(pk=plain.pk).update(commune=None)
    return [plain, escaped]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_cards_are_the_markup_of_the_card_template(every_kind_of_card, language):
    from django.utils import translation

    from directory.templatetags.directory_cards import directory_cards

    listings = list(Listing.objects.listed().with_cards().order_by("search_name"))
    assert len(listings) == 5
    with translation.override(language):
        reference = Template(CARD_TEMPLATE).render(Context({"listings": listings}))
        built = directory_cards(listings)
    assert built == reference
    assert "Café &lt;b&gt;&quot;L&#x27;Épicéa&quot;&lt;/b&gt; &amp; Cie" in built and "<b>" not in built
    assert "torréfié à S…</p>" in built  # cut at 120 characters
    assert "logos/0f0e.png" in built
    assert "Menuiserie · Ébénisterie" in built
    assert '<span aria-hidden="true">É</span>' in built


@override_settings(DIRECTORY_COUNTS_CACHE_SECONDS=0)
def test_a_search_shows_the_same_cards_as_the_card_template(client, every_kind_of_card):
    response = client.get(reverse("directory:list"), {"q": "cafe"})
    listing = Listing.objects.listed().with_cards().get(company=every_kind_of_card[1])
    reference = Template(CARD_TEMPLATE).render(Context({"listings": [listing]}))
    assert reference.strip() in response.content.decode()
