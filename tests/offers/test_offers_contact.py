"""A member contacts the offering company: an email to its contacts, replies to the sender; rate-limited."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.members import company_of
from tests.factories.offers import OfferFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

MESSAGE = "Bonjour, nous voudrions 30 coffrets pour nos salariés. Livrez-vous à Saint-Claude ?"


def test_the_message_goes_to_the_company_s_contacts_and_replies_to_the_sender(
    client, member, other_member, django_capture_on_commit_callbacks
):
    offer = OfferFactory(company=company_of(member), title="Coffrets de Noël")
    client.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("offers:contact", args=[offer.pk]), {"message": MESSAGE})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.reply_to == [other_member.email]
    assert "Menuiserie du Haut-Jura" in email.subject and "Coffrets de Noël" in email.subject
    assert MESSAGE in email.body
    assert "sa réponse arrivera" in page_text(client.get(response["Location"]))


def test_a_too_short_message_is_refused_and_kept(client, member, other_member):
    offer = OfferFactory(company=company_of(member))
    client.force_login(other_member)
    response = client.post(reverse("offers:contact", args=[offer.pk]), {"message": "Salut"})
    assert response.status_code == 400
    assert "Salut" in response.content.decode()
    assert mail.outbox == []


def test_a_member_cannot_write_to_its_own_offer(client, member):
    offer = OfferFactory(company=company_of(member))
    client.force_login(member)
    response = client.post(reverse("offers:contact", args=[offer.pk]), {"message": MESSAGE})
    assert response.status_code == 400
    assert "propre entreprise" in page_text(response)
    assert mail.outbox == []


def test_contact_messages_are_rate_limited_per_person(
    client, member, other_member, settings, django_capture_on_commit_callbacks
):
    settings.OFFERS_CONTACT_RATE = "2/h"
    offer = OfferFactory(company=company_of(member))
    client.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = client.post(reverse("offers:contact", args=[offer.pk]), {"message": MESSAGE})
            assert response.status_code == 302
        response = client.post(reverse("offers:contact", args=[offer.pk]), {"message": MESSAGE})
    assert response.status_code == 429
    assert len(mail.outbox) == 2
