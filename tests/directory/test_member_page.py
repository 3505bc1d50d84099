"""/annuaire/<slug>/: what the public reads about a member, and what it does not get for free."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from directory.models import Listing
from licensing.models import LogoLicense, ProductLabel, new_code
from members.models import Company
from reference.models import Commune
from tests.factories.directory import listed_company, listing_of, unlist
from tests.factories.reference import sector
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_company():
    company = listed_company(
        "Fruitière de Plasne",
        trades=("Fromagerie",),
        description="Fruitière coopérative depuis 1905.\nVisites l'été.",
        products="Comté AOP, morbier, beurre cru.",
        phone="03 84 37 00 00",
        public_email="contact@fruitiere-plasne.example",
        website="https://fruitiere-plasne.example",
        address="2 route de Poligny",
        postal_code="39800",
        member_since=date(2018, 4, 1),
    )
    # Phone and street address are public by the member's choice only: this one chose to show them.
    Listing.objects.filter(company=company).update(show_phone=True, show_address=True)
    return company


def active_licence(company: Company) -> LogoLicense:
    today = timezone.localdate()
    return LogoLicense.objects.create(
        company=company,
        year=today.year,
        code=new_code(),
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=300),
        status=LogoLicense.Status.ACTIVE,
    )


def label(company: Company, name: str, status=ProductLabel.Status.APPROVED) -> ProductLabel:
    return ProductLabel.objects.create(
        company=company,
        name=name,
        description="Affiné 24 mois",
        photo=ContentFile(b"x", name="p.png"),
        quality_reason="AOP",
        status=status,
    )


def test_the_page_shows_the_members_description_trades_products_address_and_since(client, member_company):
    response = client.get(listing_of(member_company).get_absolute_url())

    text = page_text(response)
    assert "Fruitière de Plasne" in text
    assert "Fruitière coopérative depuis 1905." in text
    assert "Fromagerie" in text
    assert "Comté AOP, morbier, beurre cru." in text
    assert "2 route de Poligny, 39800 Poligny" in text
    assert "03 84 37 00 00" in text
    assert "Adhérente depuis avril 2018" in text


def test_the_address_opens_on_openstreetmap_without_an_embed(client, member_company):
    html = client.get(listing_of(member_company).get_absolute_url()).content.decode()

    assert 'href="https://www.openstreetmap.org/search?query=2+route+de+Poligny%2C+39800+Poligny"' in html
    assert "<iframe" not in html


def test_the_email_is_not_in_the_page_until_a_person_asks_for_it(client, member_company):
    url = listing_of(member_company).get_absolute_url()

    page = client.get(url).content.decode()
    revealed = client.post(reverse("directory:reveal", args=[listing_of(member_company).slug]))

    assert "contact@fruitiere-plasne.example" not in page
    assert "mailto:" not in page
    assert revealed.status_code == 200
    assert 'href="mailto:contact@fruitiere-plasne.example"' in revealed.content.decode()


def test_revealing_emails_is_rate_limited(client, member_company, settings):
    settings.DIRECTORY_REVEAL_RATE = "2/m"
    url = reverse("directory:reveal", args=[listing_of(member_company).slug])

    answers = [client.post(url).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_reading_the_email_needs_a_post(client, member_company):
    response = client.get(reverse("directory:reveal", args=[listing_of(member_company).slug]))

    assert response.status_code == 405


def test_contact_fields_the_member_hid_are_not_shown(client, member_company):
    Listing.objects.filter(company=member_company).update(
        show_phone=False, show_address=False, show_email=False
    )

    response = client.get(listing_of(member_company).get_absolute_url())
    revealed = client.post(reverse("directory:reveal", args=[listing_of(member_company).slug]))

    html = response.content.decode()
    assert "03 84 37 00 00" not in html
    assert "2 route de Poligny" not in html
    assert "openstreetmap" not in html
    assert "Afficher l'adresse e-mail" not in html
    assert "contact@fruitiere-plasne.example" not in revealed.content.decode()
    assert "fruitiere-plasne.example" in html  # the website stays


def test_the_page_has_its_canonical_url_opengraph_and_local_business_json_ld_without_a_nonce(
    client, member_company, settings
):
    settings.SITE_URL = "https://madeinjura.example"
    url = listing_of(member_company).get_absolute_url()

    response = client.get(url)
    html = response.content.decode()

    assert f'<link rel="canonical" href="https://madeinjura.example{url}">' in html
    assert '<meta property="og:title" content="Fruitière de Plasne">' in html
    # A data block is never executed, so CSP does not apply to it: no nonce, and the page (its CSP
    # header included) is the same for every visitor, which lets it be stored and shared.
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script, "the JSON-LD block is there"
    assert "nonce" not in html
    assert "nonce-" not in response.headers["Content-Security-Policy"]
    data = json.loads(script.group(1))
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Fruitière de Plasne"
    assert data["address"]["addressLocality"] == "Poligny"
    assert data["telephone"] == "03 84 37 00 00"
    assert "email" not in data


def test_a_name_cannot_break_out_of_the_json_ld(client, member_company):
    Company.objects.filter(pk=member_company.pk).update(trade_name="</script><script>alert(1)</script>")

    html = client.get(listing_of(member_company).get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html


def test_the_slug_is_readable(member_company):
    assert listing_of(member_company).slug == "fruitiere-de-plasne"


def test_homonyms_get_the_commune_in_their_slug(member_company):
    other = listed_company("Fruitière de Plasne", place=member_company.commune)
    third = listed_company("Fruitière de Plasne", place=member_company.commune)

    assert listing_of(other).slug == "fruitiere-de-plasne-poligny"
    assert listing_of(third).slug == "fruitiere-de-plasne-2"


def test_a_valid_licence_shows_a_badge_linking_to_its_verification_page(client, member_company):
    licence = active_licence(member_company)

    html = client.get(listing_of(member_company).get_absolute_url()).content.decode()

    assert f'href="{reverse("licensing:verify", args=[licence.code])}"' in html
    assert "Licence du logo Made in Jura valide" in html


def test_no_badge_without_a_valid_licence(client, member_company):
    licence = active_licence(member_company)
    LogoLicense.objects.filter(pk=licence.pk).update(status=LogoLicense.Status.SUSPENDED)

    html = client.get(listing_of(member_company).get_absolute_url()).content.decode()

    assert "Licence du logo Made in Jura valide" not in html


def test_the_products_that_carry_the_logo_are_listed(client, member_company):
    active_licence(member_company)
    label(member_company, "Comté 24 mois")
    label(member_company, "Raclette fumée", status=ProductLabel.Status.REQUESTED)

    text = page_text(client.get(listing_of(member_company).get_absolute_url()))

    assert "Produits qui portent le logo Made in Jura" in text
    assert "Comté 24 mois" in text
    assert "Raclette fumée" not in text


@pytest.mark.parametrize("status", [LogoLicense.Status.SUSPENDED, LogoLicense.Status.REVOKED, None])
def test_no_product_carries_the_logo_while_the_licence_is_not_valid(client, member_company, status):
    if status is not None:
        licence = active_licence(member_company)
        LogoLicense.objects.filter(pk=licence.pk).update(status=status)
    label(member_company, "Comté 24 mois")

    text = page_text(client.get(listing_of(member_company).get_absolute_url()))

    assert "Produits qui portent le logo Made in Jura" not in text
    assert "Comté 24 mois" not in text


def test_a_member_in_morez_is_shown_in_morez_within_hauts_de_bienne(client, member_company):
    from reference.models import FormerCommune

    hauts = member_company.commune
    Commune.objects.filter(pk=hauts.pk).update(name="Hauts de Bienne")
    morez = FormerCommune.objects.create(insee_code="39368", name="Morez", kind="deleguee", commune=hauts)
    Company.objects.filter(pk=member_company.pk).update(former_commune=morez)

    text = page_text(client.get(listing_of(member_company).get_absolute_url()))

    assert "Morez (Hauts de Bienne)" in text


def test_a_member_that_is_not_listed_answers_404(client, member_company):
    unlist(member_company)

    assert client.get(listing_of(member_company).get_absolute_url()).status_code == 404
    assert client.post(reverse("directory:reveal", args=[listing_of(member_company).slug])).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_member_page_costs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    company = listed_company("Scierie du Risoux", trades=tuple(f"Métier {n}" for n in range(count)))
    active_licence(company)
    for number in range(count):
        label(company, f"Produit {number}")
    sector("Autre")

    # The page's own 6, plus reading and writing the store of rendered public pages.
    with django_assert_max_num_queries(8):
        response = client.get(listing_of(company).get_absolute_url())

    assert response.status_code == 200
    assert f"Produit {count - 1}" in response.content.decode()


def test_the_sitemap_lists_the_directory_and_each_listed_members_page(client, member_company):
    hidden = listed_company("Atelier caché")
    unlist(hidden)

    xml = client.get(reverse("sitemap")).content.decode()

    assert reverse("directory:list") in xml
    assert listing_of(member_company).get_absolute_url() in xml
    assert listing_of(hidden).get_absolute_url() not in xml
