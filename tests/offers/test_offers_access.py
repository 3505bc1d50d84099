"""/offres/ is for members only: the public logs in, others read why they may not enter."""

import pytest
from django.urls import reverse

from members.models import Company
from tests.factories.members import UserFactory, company_of
from tests.factories.offers import OfferFactory, owner_with_status
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def pages(offer):
    return [
        reverse("offers:list"),
        reverse("offers:detail", args=[offer.pk]),
        reverse("offers:create"),
        reverse("offers:mine"),
    ]


def test_the_public_is_sent_to_the_login_page(client, other_member):
    offer = OfferFactory(company=company_of(other_member))
    for url in pages(offer):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("status", "explanation"),
    [
        (Company.Status.APPLICANT, "Votre demande d'adhésion n'est pas encore acceptée"),
        (Company.Status.LAPSED, "Votre cotisation n'est pas réglée"),
        (Company.Status.SUSPENDED, "L'adhésion de votre entreprise est suspendue"),
        (Company.Status.RESIGNED, "réservées aux entreprises adhérentes"),
    ],
)
def test_a_company_that_is_not_an_active_member_gets_a_403_saying_why(
    client, other_member, status, explanation
):
    offer = OfferFactory(company=company_of(other_member))
    client.force_login(owner_with_status(status))
    for url in pages(offer):
        response = client.get(url)
        assert response.status_code == 403
        assert explanation in page_text(response)
    assert offer.title not in page_text(client.get(reverse("offers:list")))


def test_a_person_with_no_company_gets_a_403_inviting_them_to_apply(client):
    client.force_login(UserFactory())
    response = client.get(reverse("offers:list"))
    assert response.status_code == 403
    assert "déposez une demande d'adhésion" in page_text(response)


def test_an_active_member_browses_the_offers(client, member, other_member):
    offer = OfferFactory(company=company_of(other_member), title="Plateaux de fromages pour vos fêtes")
    client.force_login(member)
    assert "Plateaux de fromages pour vos fêtes" in page_text(client.get(reverse("offers:list")))
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200


def test_staff_without_a_company_browse_but_do_not_post(client, staff, other_member):
    OfferFactory(company=company_of(other_member), title="Tables en épicéa")
    client.force_login(staff)
    assert "Tables en épicéa" in page_text(client.get(reverse("offers:list")))
    assert client.get(reverse("offers:create")).status_code == 403
