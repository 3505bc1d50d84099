"""/annuaire/: cards, filters that combine with the search and each other, counts, sorting, pages."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories.directory import listed_company
from tests.factories.reference import commune, epci, sector
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def jura():
    """Two intercommunalities, three communes, five members."""
    arbois_epci = epci("CC Arbois, Poligny, Salins", "arbois-poligny-salins")
    morez_epci = epci("CC Haut-Jura Arcade", "haut-jura-arcade")
    arbois = commune("Arbois", "arbois", in_epci=arbois_epci)
    poligny = commune("Poligny", "poligny", in_epci=arbois_epci)
    morez = commune("Morez", "morez", in_epci=morez_epci)
    return {
        "fruitiere": listed_company(
            "Fruitière d'Arbois",
            trades=("Fromagerie",),
            products="Comté AOP",
            place=arbois,
            member_since=date(2019, 5, 1),
        ),
        "cave": listed_company(
            "Cave de Poligny",
            trades=("Fromagerie", "Commerce"),
            products="Comté et morbier",
            place=poligny,
            member_since=date(2024, 2, 1),
        ),
        "domaine": listed_company(
            "Domaine Rolet",
            trades=("Viticulture",),
            products="Vin jaune",
            place=arbois,
            member_since=date(2021, 1, 1),
        ),
        "lunettes": listed_company(
            "Lunettes Grandclément",
            trades=("Lunetterie",),
            description="Montures dessinées à Morez. Depuis 1920.",
            place=morez,
            member_since=date(2025, 3, 1),
        ),
        "fromagerie_morez": listed_company(
            "Fromagerie du Haut-Jura",
            trades=("Fromagerie",),
            products="Comté, bleu de Gex",
            place=morez,
            member_since=date(2010, 1, 1),
        ),
    }


def shown(response) -> list[str]:
    return [listing.company.display_name for listing in response.context["results"].listings]


def facet_counts(response, name: str) -> dict[str, int]:
    return {facet.slug: facet.count for facet in getattr(response.context["results"], name)}


def test_the_list_shows_each_member_with_its_trades_commune_and_a_line_of_description(client, jura):
    response = client.get(reverse("directory:list"))

    text = page_text(response)
    assert "5 entreprises" in text
    assert "Lunettes Grandclément" in text and "Lunetterie" in text and "Morez" in text
    assert "Montures dessinées à Morez." in text
    assert jura["lunettes"].listing.get_absolute_url() in response.content.decode()


def test_without_a_search_members_come_by_name(client, jura):
    response = client.get(reverse("directory:list"))

    assert shown(response) == sorted(shown(response))


def test_newest_members_first_on_request(client, jura):
    response = client.get(reverse("directory:list"), {"tri": "recents"})

    assert shown(response)[:2] == ["Lunettes Grandclément", "Cave de Poligny"]


def test_a_filter_by_trade_combines_with_the_search(client, jura):
    response = client.get(reverse("directory:list"), {"q": "comté", "secteur": "commerce"})

    assert shown(response) == ["Cave de Poligny"]


def test_filters_combine_with_each_other(client, jura):
    both = client.get(reverse("directory:list"), {"secteur": "fromagerie", "epci": "haut-jura-arcade"})
    commune_only = client.get(reverse("directory:list"), {"secteur": "fromagerie", "commune": "arbois"})

    assert shown(both) == ["Fromagerie du Haut-Jura"]
    assert shown(commune_only) == ["Fruitière d'Arbois"]


def test_each_filter_counts_what_choosing_a_value_would_give(client, jura):
    response = client.get(reverse("directory:list"), {"q": "comte", "epci": "arbois-poligny-salins"})

    assert set(shown(response)) == {"Cave de Poligny", "Fruitière d'Arbois"}
    # Trades and communes: counted within the search and the chosen intercommunality.
    assert facet_counts(response, "sectors") == {"fromagerie": 2, "commerce": 1}
    assert facet_counts(response, "communes") == {"arbois": 1, "poligny": 1}
    # Intercommunalities: counted as if another one were chosen (the search still applies).
    assert facet_counts(response, "epcis") == {"arbois-poligny-salins": 2, "haut-jura-arcade": 1}
    assert "CC Haut-Jura Arcade (1)" in response.content.decode()


def test_a_member_that_moves_is_found_and_counted_in_its_new_commune_at_once(client, jura):
    before = client.get(reverse("directory:list"))  # the counts without a search are kept a while
    assert facet_counts(before, "communes")["morez"] == 2

    cave = jura["cave"]
    cave.commune = commune("Morez", "morez")
    cave.save(update_fields=["commune"])

    after = client.get(reverse("directory:list"))
    assert facet_counts(after, "communes")["morez"] == 3
    assert facet_counts(after, "epcis") == {"arbois-poligny-salins": 2, "haut-jura-arcade": 3}
    moved = client.get(reverse("directory:list"), {"q": "poligny", "epci": "haut-jura-arcade"})
    assert shown(moved) == ["Cave de Poligny"]


def test_the_form_and_links_keep_the_state_in_the_url(client, jura):
    response = client.get(reverse("directory:list"), {"q": "comte", "secteur": "fromagerie"})
    html = response.content.decode()

    assert 'value="comte"' in html
    assert '<option value="fromagerie" selected>' in html
    assert 'href="?q=comte&amp;secteur=fromagerie&amp;tri=nom"' in html  # sorting keeps the search
    assert 'href="?secteur=fromagerie"' in html  # removing the search keeps the filter


def test_pages_of_twenty_with_links_that_keep_the_filters(client, jura):
    for number in range(25):
        listed_company(f"Atelier bois {number:02d}", trades=("Menuiserie",))

    first = client.get(reverse("directory:list"), {"secteur": "menuiserie"})
    second = client.get(reverse("directory:list"), {"secteur": "menuiserie", "page": 2})

    assert len(shown(first)) == 20 and len(shown(second)) == 5
    assert 'href="?secteur=menuiserie&amp;page=2"' in first.content.decode()
    assert "de 21 à 25" in page_text(second)
    assert not set(shown(first)) & set(shown(second))


def test_a_page_past_the_end_is_empty_but_says_how_many_there_are(client, jura):
    response = client.get(reverse("directory:list"), {"page": 9})

    assert response.context["results"].total == 5
    assert shown(response) == []


def test_an_empty_result_suggests_what_to_try(client, jura):
    response = client.get(reverse("directory:list"), {"q": "horlogerie", "epci": "haut-jura-arcade"})

    text = page_text(response)
    assert "Aucune entreprise ne correspond" in text
    assert "Chercher dans tout le Jura et tous les métiers" in text
    assert 'href="?q=horlogerie"' in response.content.decode()


def test_malformed_parameters_fall_back_to_defaults(client, jura):
    response = client.get(reverse("directory:list"), {"page": "abc", "tri": "hack", "secteur": "<script>"})

    assert response.status_code == 200
    assert len(shown(response)) == 5


def test_a_search_page_is_not_indexed_but_the_list_has_its_canonical_url(client, jura, settings):
    settings.SITE_URL = "https://madeinjura.example"
    plain = client.get(reverse("directory:list"), {"secteur": "fromagerie"}).content.decode()
    searched = client.get(reverse("directory:list"), {"q": "comte"}).content.decode()

    assert '<link rel="canonical" href="https://madeinjura.example/annuaire/?secteur=fromagerie">' in plain
    assert 'name="robots" content="noindex, follow"' in searched
    assert 'name="robots"' not in plain


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_search_and_filters_cost_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    trades = [sector(name) for name in ("Menuiserie", "Fromagerie", "Ébénisterie")]
    for number in range(count):
        listed_company(
            f"Menuiserie {number:02d}",
            trades=tuple(t.name for t in trades[: 1 + number % 3]),
            place=commune(f"Commune {number}", f"commune-{number}"),
        )

    with django_assert_max_num_queries(7):
        response = client.get(reverse("directory:list"))
    assert len(shown(response)) == count
    with django_assert_max_num_queries(7):
        response = client.get(
            reverse("directory:list"), {"q": "menuisier", "secteur": "fromagerie", "tri": "nom"}
        )
    # Companies 1, 2, 4, 5, … carry the second trade ("Fromagerie"): all but every third.
    assert response.context["results"].total == count - len(range(0, count, 3))
