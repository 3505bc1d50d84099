"""Members browse the offers of the network: only the live ones, filtered by trade, territory, market."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from members.models import Company
from offers.models import Offer
from tests.factories.members import CompanyFactory, company_of
from tests.factories.offers import OfferFactory
from tests.factories.reference import sector
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def listed_titles(client, **query) -> str:
    return page_text(client.get(reverse("offers:list"), query))


def test_an_offer_disappears_by_itself_the_day_after_its_validity(client, member, other_member):
    today = timezone.localdate()
    OfferFactory(
        company=company_of(other_member), title="Remise de l'Avent", valid_until=today + timedelta(days=2)
    )
    client.force_login(member)
    assert "Remise de l'Avent" in listed_titles(client)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "Remise de l'Avent" in listed_titles(client)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert "Remise de l'Avent" not in listed_titles(client)
        offer = Offer.objects.get(title="Remise de l'Avent")
        assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404


def test_withdrawn_and_hidden_offers_and_those_of_lapsed_members_are_not_listed(client, member, other_member):
    company = company_of(other_member)
    OfferFactory(company=company, title="Offre retirée", status=Offer.Status.WITHDRAWN)
    OfferFactory(
        company=company, title="Offre masquée", status=Offer.Status.HIDDEN, hidden_reason="Hors sujet"
    )
    OfferFactory(company=CompanyFactory(status=Company.Status.LAPSED), title="Offre d'un retardataire")
    OfferFactory(company=company, title="Offre en ligne")
    client.force_login(member)
    text = listed_titles(client)
    assert "Offre en ligne" in text
    for hidden in ("Offre retirée", "Offre masquée", "Offre d'un retardataire"):
        assert hidden not in text


def test_members_filter_by_trade(client, member, other_member):
    cheese, wood = sector("Fromagerie"), sector("Menuiserie")
    company_of(member).sectors.add(cheese)
    company_of(other_member).sectors.add(wood)
    OfferFactory(company=company_of(member), title="Comté 24 mois")
    OfferFactory(company=company_of(other_member), title="Étagères sur mesure")
    client.force_login(member)
    text = listed_titles(client, metier="menuiserie")
    assert "Étagères sur mesure" in text
    assert "Comté 24 mois" not in text


def test_members_filter_by_territory(client, member, other_member, other_member_company):
    OfferFactory(company=company_of(member), title="Comté 24 mois")
    OfferFactory(company=company_of(other_member), title="Étagères sur mesure")
    client.force_login(member)
    text = listed_titles(client, territoire=other_member_company.commune.epci.slug)
    assert "Étagères sur mesure" in text
    assert "Comté 24 mois" not in text


def test_members_see_only_the_christmas_market_offers_when_they_ask(
    client, member, other_member, christmas_market
):
    OfferFactory(company=company_of(other_member), title="Sapins en bois", event=christmas_market)
    OfferFactory(company=company_of(other_member), title="Contrat d'entretien annuel")
    client.force_login(member)
    text = listed_titles(client, marche="on")
    assert "Sapins en bois" in text
    assert "Contrat d'entretien annuel" not in text
    assert "Marché de Noël" in text


def test_an_unknown_filter_value_shows_every_offer_instead_of_an_error(client, member, other_member):
    OfferFactory(company=company_of(other_member), title="Étagères sur mesure")
    client.force_login(member)
    response = client.get(reverse("offers:list"), {"metier": "inconnu"})
    assert response.status_code == 200
    assert "Étagères sur mesure" in page_text(response)


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_for_2_or_20_offers(
    client, member, count, django_assert_max_num_queries
):
    cheese, wood = sector("Fromagerie"), sector("Menuiserie")
    for n in range(count):
        company = CompanyFactory()
        company.sectors.add(cheese, wood)
        OfferFactory(company=company, title=f"Offre {n}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offers:list"))
    assert response.status_code == 200
    assert f"Offre {count - 1}" in page_text(response)


def test_the_list_pages_through_many_offers_keeping_the_filters(client, member, other_member, settings):
    settings.OFFERS_PER_PAGE = 2
    for n in range(3):
        OfferFactory(company=company_of(other_member), title=f"Offre {n}")
    client.force_login(member)
    response = client.get(reverse("offers:list"), {"marche": ""})
    assert "Page 1 sur 2" in page_text(response)
    assert "page=2" in response.content.decode()


# Offers whose only words are the ones a test gives (the factory's text speaks of comté and morbier).
PLAIN = {"conditions": "", "discount": ""}


def test_members_search_offers_by_keyword_whatever_the_accents_and_case(client, member, other_member):
    OfferFactory(
        company=company_of(other_member), title="Comté 24 mois", description="Affiné à Poligny.", **PLAIN
    )
    OfferFactory(
        company=company_of(other_member), title="Étagères sur mesure", description="Épicéa du Jura.", **PLAIN
    )
    OfferFactory(
        company=company_of(member),
        title="Remise de Noël",
        description="-10 % sur nos fromages affinés.",
        **PLAIN,
    )
    client.force_login(member)

    assert_found = {
        "comte": {"Comté 24 mois"},
        "COMTÉ": {"Comté 24 mois"},
        "etageres": {"Étagères sur mesure"},
        "epicea": {"Étagères sur mesure"},
        "fromage": {"Remise de Noël"},
        "affine": {"Comté 24 mois", "Remise de Noël"},
    }
    titles = {"Comté 24 mois", "Étagères sur mesure", "Remise de Noël"}
    for q, expected in assert_found.items():
        text = listed_titles(client, q=q)
        assert {t for t in titles if t in text} == expected, q
    assert 'value="comte"' in client.get(reverse("offers:list"), {"q": "comte"}).content.decode()


def test_a_search_with_nothing_searchable_finds_nothing(client, member, other_member):
    OfferFactory(company=company_of(other_member), title="Comté 24 mois", **PLAIN)
    client.force_login(member)

    assert "Comté 24 mois" not in listed_titles(client, q="de la et")
    assert "Aucune offre en cours ne correspond" in listed_titles(client, q="de la et")


def test_an_edited_offer_is_found_by_its_new_words(client, member):
    from offers import services

    offer = OfferFactory(
        company=company_of(member), title="Comté 24 mois", description="Pièce unique.", **PLAIN
    )
    services.offer_update(offer=offer, acting_user=member, title="Morbier fermier")
    client.force_login(member)

    assert "Morbier fermier" in listed_titles(client, q="morbier")
    assert "Morbier fermier" not in listed_titles(client, q="comte")


@pytest.mark.parametrize("count", [2, 20])
def test_a_search_costs_the_same_queries_for_2_or_20_offers(
    client, member, count, django_assert_max_num_queries
):
    cheese, wood = sector("Fromagerie"), sector("Menuiserie")
    for n in range(count):
        company = CompanyFactory()
        company.sectors.add(cheese, wood)
        OfferFactory(company=company, title=f"Fromage {n}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offers:list"), {"q": "fromages"})
    assert f"Fromage {count - 1}" in page_text(response)


def test_the_trade_filter_sorts_ebenisterie_among_the_e(client, member):
    from reference.models import Sector

    for name, slug in [
        ("Zinguerie", "zinguerie"),
        ("Ébénisterie", "ebenisterie"),
        ("Encadrement", "encadrement"),
    ]:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})
    client.force_login(member)

    html = client.get(reverse("offers:list")).content.decode()

    trades = re.findall(r"<option value=\"(ebenisterie|encadrement|zinguerie)\"", html)
    assert trades == ["ebenisterie", "encadrement", "zinguerie"]
