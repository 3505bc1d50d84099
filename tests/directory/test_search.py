"""French search: accents and case ignored, stems of one family found, ranked by relevance."""

import pytest
from django.urls import reverse

from directory.search import normalize, root
from directory.selectors import Criteria, directory_search
from reference.models import FormerCommune
from tests.factories.directory import listed_company
from tests.factories.reference import commune, epci

pytestmark = pytest.mark.django_db


def names(q: str, **criteria) -> list[str]:
    return [listing.company.display_name for listing in directory_search(Criteria(q=q, **criteria)).listings]


def test_normalize_lowercases_and_strips_accents_and_ligatures():
    assert normalize("Comté ŒUVRES Épicéa à Lons-le-Saunier") == "comte oeuvres epicea a lons-le-saunier"


def test_stems_of_one_family_share_a_root():
    assert root("menuiser") == root("menuisi") == "menuis"
    assert root("fromager") == "fromag"
    assert root("lunetter") == root("luneti") == "lunet"


def test_menuiserie_finds_a_menuisier():
    listed_company("Atelier Prost", trades=("Charpente",), description="Menuisier d'agencement à Morez.")
    listed_company("Fromagerie Jeunet", trades=("Fromagerie",))

    assert names("menuiserie") == ["Atelier Prost"]


def test_a_menuisier_query_finds_a_menuiserie_too():
    listed_company("Menuiserie Girard", trades=("Bâtiment",))

    assert names("Menuisiers") == ["Menuiserie Girard"]


def test_fromagerie_finds_fromages_in_the_products():
    listed_company("Ferme des Rousses", trades=("Élevage",), products="Fromages de chèvre, yaourts.")
    listed_company("Scierie du Risoux", trades=("Scierie",), products="Planches d'épicéa.")

    assert names("fromagerie") == ["Ferme des Rousses"]


def test_comte_without_accent_finds_comte_with_its_accent_whatever_the_case():
    listed_company("Fruitière de Plasne", trades=("Fromagerie",), products="Comté AOP affiné 18 mois.")

    assert names("comte") == ["Fruitière de Plasne"]
    assert names("COMTÉ") == ["Fruitière de Plasne"]


def test_it_searches_the_trade_and_the_commune():
    arbois = commune("Arbois", "arbois")
    listed_company("Domaine Rolet", trades=("Viticulture et vins du Jura",), place=arbois)
    listed_company(
        "Garage Martin",
        trades=("Mécanique",),
        place=commune("Dole", "dole", in_epci=epci("Grand Dole", "grand-dole")),
    )

    assert names("vins") == ["Domaine Rolet"]
    assert names("arbois") == ["Domaine Rolet"]


def test_every_word_must_match():
    listed_company("Fromagerie d'Arbois", trades=("Fromagerie",), place=commune("Arbois", "arbois"))
    listed_company(
        "Fromagerie de Dole",
        trades=("Fromagerie",),
        place=commune("Dole", "dole", in_epci=epci("Grand Dole", "grand-dole")),
    )

    assert names("fromage arbois") == ["Fromagerie d'Arbois"]


def test_a_name_match_ranks_above_a_description_match():
    listed_company(
        "Atelier Cuenot", trades=("Ébénisterie",), description="Nous travaillons avec une menuiserie."
    )
    listed_company("Menuiserie Cuenot", trades=("Bâtiment",))
    listed_company("Bois Jeunet", trades=("Menuiserie",))

    assert names("menuiserie") == ["Menuiserie Cuenot", "Bois Jeunet", "Atelier Cuenot"]


def test_an_exact_stem_ranks_above_a_mere_family_resemblance():
    listed_company("Menuisier Bourgeois", trades=("Bâtiment",))
    listed_company("Menuiserie Rousseau", trades=("Bâtiment",))

    assert names("menuiserie") == ["Menuiserie Rousseau", "Menuisier Bourgeois"]


def test_stop_words_alone_search_nothing_and_the_page_says_what_to_try(client):
    listed_company("Menuiserie Girard")

    response = client.get(reverse("directory:list"), {"q": "de la et"})

    assert response.context["results"].total == 0
    assert "mots trop courants" in response.content.decode()


def test_tsquery_syntax_in_the_query_is_harmless(client):
    listed_company("Menuiserie Girard")

    response = client.get(reverse("directory:list"), {"q": "menuiserie & | ! :* ( ') \\"})

    assert response.status_code == 200
    assert response.context["results"].total == 1


def test_st_claude_and_ste_agnes_find_the_saints_of_the_jura():
    haut_jura = epci("CC Haut-Jura Saint-Claude", "haut-jura-saint-claude")
    listed_company(
        "Pipes Genod", trades=("Pipiers",), place=commune("Saint-Claude", "saint-claude", in_epci=haut_jura)
    )
    listed_company("Studio Claude", trades=("Photographie",), place=commune("Dole", "dole"))
    listed_company("Ferme Vuillermoz", trades=("Élevage",), place=commune("Sainte-Agnès", "sainte-agnes"))

    assert names("st claude") == ["Pipes Genod"]
    assert names("St-Claude") == ["Pipes Genod"]
    assert names("ste agnes") == ["Ferme Vuillermoz"]


def test_a_former_commune_finds_the_members_of_its_current_commune():
    hauts_de_bienne = commune("Hauts de Bienne", "hauts-de-bienne")
    FormerCommune.objects.create(insee_code="39368", name="Morez", kind="deleguee", commune=hauts_de_bienne)
    listed_company("Lunettes Lamy", trades=("Lunetterie",), place=hauts_de_bienne)
    listed_company("Fromagerie Jeunet", trades=("Fromagerie",), place=commune("Arbois", "arbois"))

    assert names("morez") == ["Lunettes Lamy"]
    assert names("lunettes Morez") == ["Lunettes Lamy"]


def test_a_former_commune_added_by_staff_later_finds_the_members_already_listed_there():
    # Staff add « Les Rousses d'Amont » to a commune in its admin page (an inline): the members
    # listed there are found by it at once, and the stored directory pages follow.
    from jura_portal import pagecache

    bellefontaine = commune("Bellefontaine", "bellefontaine")
    listed_company("Tournerie Cretin", trades=("Tournerie",), place=bellefontaine)
    before = pagecache.current()

    FormerCommune.objects.create(insee_code="39999", name="Amont", kind="associee", commune=bellefontaine)

    assert names("amont") == ["Tournerie Cretin"]
    assert pagecache.current() > before
