"""A member company posts, edits, withdraws its own offers; never another company's."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jura_portal.models import AuditEntry
from offers.models import Offer
from tests.factories.members import company_of
from tests.factories.offers import OfferFactory, image_upload
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def offer_data(**overrides):
    data = {
        "title": "Coffrets de Noël pour vos clients",
        "discount": "-20 %",
        "description": "Comté, morbier et vin jaune en coffret bois, livrés dans tout le Jura.",
        "conditions": "À partir de 10 coffrets.",
        "valid_until": (timezone.localdate() + timedelta(days=40)).isoformat(),
        "event": "",
    }
    data.update(overrides)
    return data


def test_a_member_posts_an_offer_with_a_photo_re_encoded_as_png(client, member, christmas_market):
    client.force_login(member)
    response = client.post(
        reverse("offers:create"), {**offer_data(event=christmas_market.pk), "photo": image_upload()}
    )
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])
    assert offer.company == company_of(member)
    assert offer.created_by == member
    assert offer.event == christmas_market
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.photo.name.startswith("offers/") and offer.photo.name.endswith(".png")
    with Image.open(offer.photo.path) as image:
        assert image.format == "PNG"
    assert AuditEntry.objects.filter(action="offer.published", actor=member).exists()


def test_a_photo_that_is_not_an_image_is_refused_and_the_form_keeps_what_was_typed(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("photo.png", b"<svg></svg>", content_type="image/png")
    response = client.post(reverse("offers:create"), {**offer_data(), "photo": fake})
    assert response.status_code == 200
    assert "n'est pas une image PNG, JPEG ou WebP" in page_text(response)
    assert "Coffrets de Noël pour vos clients" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_date_already_past_is_refused_in_french(client, member):
    client.force_login(member)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(reverse("offers:create"), offer_data(valid_until=yesterday))
    assert "Cette date est déjà passée" in page_text(response)
    assert not Offer.objects.exists()


def test_a_company_cannot_have_more_live_offers_than_the_limit(client, member, settings):
    settings.OFFERS_MAX_LIVE_PER_COMPANY = 1
    OfferFactory(company=company_of(member))
    client.force_login(member)
    response = client.post(reverse("offers:create"), offer_data())
    assert "déjà 1 offres en cours" in page_text(response)
    assert Offer.objects.count() == 1


def test_a_member_edits_its_own_offer(client, member):
    offer = OfferFactory(company=company_of(member), title="Ancien titre")
    client.force_login(member)
    response = client.post(reverse("offers:edit", args=[offer.pk]), offer_data(title="Nouveau titre"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nouveau titre"
    assert AuditEntry.objects.filter(action="offer.updated", details__fields__contains=["title"]).exists()


def test_another_company_s_offer_answers_404_for_every_change(client, member, other_member):
    offer = OfferFactory(company=company_of(other_member), title="Pas à vous")
    client.force_login(member)
    assert client.get(reverse("offers:edit", args=[offer.pk])).status_code == 404
    assert client.post(reverse("offers:edit", args=[offer.pk]), offer_data()).status_code == 404
    assert client.post(reverse("offers:withdraw", args=[offer.pk])).status_code == 404
    assert client.post(reverse("offers:republish", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Pas à vous"
    assert offer.status == Offer.Status.PUBLISHED


def test_withdrawing_takes_a_post_and_the_offer_leaves_the_list_but_stays_in_mine(
    client, member, other_member
):
    offer = OfferFactory(company=company_of(member), title="Coffret à retirer")
    client.force_login(member)
    assert client.get(reverse("offers:withdraw", args=[offer.pk])).status_code == 405
    client.post(reverse("offers:withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    mine = page_text(client.get(reverse("offers:mine")))
    assert "Coffret à retirer" in mine and "retirée par l'entreprise" in mine
    client.force_login(other_member)
    assert "Coffret à retirer" not in page_text(client.get(reverse("offers:list")))
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404


def test_a_withdrawn_offer_can_be_put_back_online(client, member):
    offer = OfferFactory(company=company_of(member), status=Offer.Status.WITHDRAWN)
    client.force_login(member)
    client.post(reverse("offers:republish", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED


def test_a_hidden_offer_shows_its_reason_to_its_company_and_cannot_be_edited(client, member):
    offer = OfferFactory(company=company_of(member), status=Offer.Status.HIDDEN, hidden_reason="Prix absent")
    client.force_login(member)
    assert "Prix absent" in page_text(client.get(reverse("offers:mine")))
    response = client.post(reverse("offers:edit", args=[offer.pk]), offer_data(title="Contournement"))
    assert "masquée par l'équipe" in page_text(response)
    offer.refresh_from_db()
    assert offer.title != "Contournement"


def test_the_space_shows_a_my_offers_card_with_the_live_count(client, member):
    OfferFactory(company=company_of(member))
    OfferFactory(company=company_of(member), status=Offer.Status.WITHDRAWN)
    client.force_login(member)
    text = page_text(client.get(reverse("members:space")))
    assert "Mes offres" in text
    assert "1 offre en ligne pour les autres adhérents" in text


def test_a_cancelled_christmas_market_is_not_proposed_for_a_new_offer(client, member, christmas_market):
    christmas_market.status = christmas_market.Status.CANCELLED
    christmas_market.save(update_fields=["status"])
    client.force_login(member)

    response = client.post(reverse("offers:create"), offer_data(event=christmas_market.pk))

    assert response.status_code == 200
    assert f'<option value="{christmas_market.pk}"' not in response.content.decode()
    assert not Offer.objects.exists()


def test_a_member_edits_an_offer_of_a_christmas_market_that_is_over(client, member, christmas_market):
    offer = OfferFactory(company=company_of(member), event=christmas_market, title="Ancien titre")
    christmas_market.starts_at = timezone.now() - timedelta(days=3)
    christmas_market.ends_at = timezone.now() - timedelta(days=2)
    christmas_market.save(update_fields=["starts_at", "ends_at"])
    client.force_login(member)

    response = client.post(
        reverse("offers:edit", args=[offer.pk]), offer_data(title="Nouveau titre", event=christmas_market.pk)
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nouveau titre" and offer.event == christmas_market
