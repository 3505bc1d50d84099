"""/licence/<code>/: what a consumer reads after scanning a product's QR code."""

import pytest
from django.urls import reverse

from licensing.models import LogoLicense, ProductLabel
from tests.factories.licensing import label_of, licence_of
from tests.factories.members import CompanyFactory
from tests.pages import page_text

Status = LogoLicense.Status
pytestmark = pytest.mark.django_db


def verify(client, code):
    return client.get(reverse("licensing:verify", args=[code]))


def test_the_printed_path_is_stable():
    assert reverse("licensing:verify", args=["ABCDEFGHJKMN"]) == "/licence/ABCDEFGHJKMN/"


def test_a_valid_licence_shows_the_company_its_dates_and_its_approved_products(client, member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    label_of(member_company, ProductLabel.Status.APPROVED, name="Comté AOP 18 mois", staff=staff)
    label_of(member_company, ProductLabel.Status.REQUESTED, name="Morbier en attente", staff=staff)
    label_of(member_company, ProductLabel.Status.REJECTED, name="Raclette refusée", staff=staff)
    label_of(member_company, ProductLabel.Status.WITHDRAWN, name="Bleu retiré", staff=staff)

    response = verify(client, licence.code)
    text = page_text(response)
    assert response.status_code == 200
    assert "Licence valide" in text and "non valide" not in text
    assert "Fromagerie Vermot" in text
    assert licence.valid_until.strftime("%Y") in text
    assert licence.formatted_code in text
    assert "Comté AOP 18 mois" in text
    for hidden in ("Morbier en attente", "Raclette refusée", "Bleu retiré"):
        assert hidden not in text
    assert b'name="robots"' not in response.content


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (Status.SUSPENDED, "Cette licence est suspendue"),
        (Status.EXPIRED, "Cette licence a expiré"),
        (Status.REVOKED, "Cette licence a été révoquée"),
    ],
)
def test_an_invalid_licence_says_so_and_nothing_about_the_company(
    client, member_company, staff, status, sentence
):
    licence = licence_of(member_company, status)
    label_of(member_company, ProductLabel.Status.APPROVED, staff=staff)
    response = verify(client, licence.code)
    html = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert "Licence non valide" in text and sentence in text
    for secret in (
        "Fromagerie Vermot",
        member_company.legal_name,
        member_company.member_number,
        "Comté",
        "Lons-le-Saunier",
    ):
        assert secret not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_an_unknown_code_is_not_valid_and_answers_404(client, member_company):
    licence_of(member_company, Status.ACTIVE)
    response = verify(client, "ZZZZZZZZZZZZ")
    assert response.status_code == 404
    assert "Ce code ne correspond à aucune licence" in page_text(response)
    assert "noindex" in response.content.decode()


def test_a_code_typed_with_dashes_and_lower_case_leads_to_its_page(client, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    response = verify(client, licence.formatted_code.lower())
    assert response.status_code == 301
    assert response["Location"] == reverse("licensing:verify", args=[licence.code])
    response = client.get(reverse("licensing:lookup"), {"code": licence.formatted_code})
    assert response["Location"] == reverse("licensing:verify", args=[licence.code])


def test_the_lookup_form_asks_again_for_an_empty_code(client):
    response = client.get(reverse("licensing:lookup"), {"code": " - "})
    assert response.status_code == 200
    assert "Saisissez le code" in page_text(response)


def test_last_years_code_keeps_verifying_with_this_years_licence(client, member_company):
    from datetime import date

    from licensing import services

    this_year = licence_of(member_company, Status.ACTIVE)
    old = LogoLicense.objects.filter(pk=this_year.pk)
    old.update(
        year=this_year.year - 1,
        valid_from=date(this_year.year - 1, 1, 1),
        valid_until=date(this_year.year - 1, 12, 31),
        status=Status.EXPIRED,
    )
    renewed = services.licence_grant(company=member_company, year=this_year.year, acting_user=None)
    assert renewed.code == this_year.code
    # Last year was paid and this year's dues are not overdue: the printed code stays valid.
    assert "Licence valide" in page_text(verify(client, renewed.code))
    services.licence_record_payment(licence=renewed, acting_user=None)
    assert "Licence valide" in page_text(verify(client, renewed.code))


def test_verification_is_rate_limited_against_enumeration(client, settings, member_company):
    settings.LICENCE_VERIFY_RATE = "5/m"
    licence = licence_of(member_company, Status.ACTIVE)
    for n in range(5):
        assert verify(client, f"AAAAAAAAAAA{n + 2}").status_code == 404
    response = verify(client, licence.code)
    assert response.status_code == 429
    assert "Trop de demandes" in page_text(response)
    assert "Fromagerie Vermot" not in response.content.decode()


@pytest.mark.parametrize("labels", [2, 20])
def test_the_page_makes_a_constant_number_of_queries(
    client, member_company, staff, labels, django_assert_max_num_queries
):
    licence = licence_of(member_company, Status.ACTIVE)
    for n in range(labels):
        label_of(member_company, ProductLabel.Status.APPROVED, name=f"Produit {n}", staff=staff)
    verify(client, "AAAABBBBCCCC")  # this visitor's rate-limit counter exists: the next view increments it
    # The store of rendered public pages (read, write), the rate-limit counter (one statement), the
    # licence, its products.
    with django_assert_max_num_queries(5):
        response = verify(client, licence.code)
    assert response.status_code == 200
    assert page_text(response).count("Label accordé le") == labels


def test_another_companys_labels_never_show_on_a_licence(client, member_company, other_member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    label_of(other_member_company, ProductLabel.Status.APPROVED, name="Planches d'épicéa", staff=staff)
    assert "Planches d'épicéa" not in page_text(verify(client, licence.code))


def test_a_suspended_company_shows_not_valid_even_with_an_active_row_of_another_year(client, db):
    company = CompanyFactory()
    licence = licence_of(company, Status.SUSPENDED)
    assert "Licence non valide" in page_text(verify(client, licence.code))


def test_the_sitemap_lists_the_lookup_page_but_never_a_licence_code(member_company):
    from licensing.sitemaps import SITEMAPS

    licence_of(member_company, Status.ACTIVE)
    sitemap = SITEMAPS["licence"]()
    locations = [sitemap.location(item) for item in sitemap.items()]
    assert locations == [reverse("licensing:lookup")]


def test_link_checkers_and_scanners_that_ask_head_get_an_answer(client, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    assert client.head(reverse("licensing:verify", args=[licence.code])).status_code == 200
    assert client.head(reverse("licensing:lookup")).status_code == 200
