"""Phone and street address are public only by the member's explicit choice; offers follow it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import services
from directory.models import Listing
from members.models import Application
from offers.models import Offer
from tests.factories.directory import listed_company, listing_of
from tests.factories.members import IDENTITY, CompanyFactory, owner_of
from tests.pages import page_text

pytestmark = pytest.mark.django_db

PHONE, STREET = "03 84 37 00 00", "2 route de Poligny"


def member_with_application(*, publish_phone: bool, publish_address: bool):
    company = CompanyFactory(phone=PHONE, address=STREET)
    Application.objects.create(
        company=company,
        applicant=owner_of(company),
        status=Application.Status.ACCEPTED,
        publish_phone=publish_phone,
        publish_address=publish_address,
    )
    return company


def test_without_a_choice_the_phone_and_street_stay_out_of_the_directory(client):
    company = listed_company("Fruitière de Plasne", phone=PHONE, address=STREET)

    text = page_text(client.get(listing_of(company).get_absolute_url()))

    assert PHONE not in text
    assert STREET not in text
    assert "Poligny" in text  # the commune is not personal: it stays


def test_the_choice_made_in_the_application_is_what_the_new_listing_shows():
    hidden = services.listing_ensure(
        company=member_with_application(publish_phone=False, publish_address=False)
    )
    shown = services.listing_ensure(
        company=member_with_application(publish_phone=True, publish_address=False)
    )

    assert (hidden.show_phone, hidden.show_address) == (False, False)
    assert (shown.show_phone, shown.show_address) == (True, False)
    assert shown.contact_choices_confirmed_at is not None  # an explicit choice, nothing to ask again


def test_the_applicant_chooses_in_the_identity_and_location_steps(applicant_client, draft, lons):
    applicant_client.post(
        reverse("members:apply_step", args=[Application.Step.IDENTITY]),
        {**IDENTITY, "publish_phone": "on", "continue": ""},
    )
    applicant_client.post(
        reverse("members:apply_step", args=[Application.Step.LOCATION]),
        {"address": STREET, "postal_code": "39000", "commune": "Lons-le-Saunier (39000)", "continue": ""},
    )

    draft.refresh_from_db()
    assert draft.publish_phone is True
    assert draft.publish_address is False
    page = applicant_client.get(reverse("members:apply_step", args=[Application.Step.IDENTITY]))
    assert "Afficher ce numéro dans l&#x27;annuaire public" in page.content.decode()


def test_an_offer_does_not_show_a_phone_the_member_chose_to_hide(client):
    company = listed_company("Fruitière de Plasne", phone=PHONE, public_email="contact@plasne.example")
    offer = Offer.objects.create(
        company=company, title="Coffret", description="Comté.", valid_until=timezone.localdate()
    )
    client.force_login(owner_of(CompanyFactory(legal_name="Scierie SAS")))

    text = page_text(client.get(offer.get_absolute_url()))
    assert PHONE not in text
    assert "contact@plasne.example" in text  # e-mail shown: the member did not hide it

    Listing.objects.filter(company=company).update(show_phone=True, show_email=False)
    text = page_text(client.get(offer.get_absolute_url()))
    assert PHONE in text
    assert "contact@plasne.example" not in text


def test_a_listing_from_before_the_choice_keeps_what_it_showed_and_its_member_is_asked(client):
    company = listed_company("Fruitière de Plasne", phone=PHONE, address=STREET)
    # As the migration leaves an older listing: what it showed, and no recorded choice.
    Listing.objects.filter(company=company).update(
        show_phone=True, show_address=True, contact_choices_confirmed_at=None
    )
    client.force_login(owner_of(company))

    assert "Choisissez ce que l'annuaire montre de vos coordonnées" in page_text(
        client.get(reverse("members:space"))
    )
    assert PHONE in page_text(client.get(listing_of(company).get_absolute_url()))

    client.post(
        reverse("directory:edit"),
        {
            "trade_name": company.trade_name,
            "sectors": [s.pk for s in company.sectors.all()],
            "phone": PHONE,
            "is_listed": "on",
            "show_email": "on",
            "show_website": "on",
        },
    )

    listing = Listing.objects.get(company=company)
    assert listing.contact_choices_confirmed_at is not None
    assert (listing.show_phone, listing.show_address) == (False, False)
    assert "Choisissez ce que l'annuaire" not in page_text(client.get(reverse("members:space")))
