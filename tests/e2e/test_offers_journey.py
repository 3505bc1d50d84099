"""Members' offers in a browser: a member posts an offer for the Christmas market, another member
(on a phone) finds it and writes to the company; the public is sent to the login page."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Event
from offers.models import Offer
from tests.browser import heading, screenshot
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, owner_of


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def owner_with_password(password: str, **company):
    owner = owner_of(CompanyFactory(**company))
    owner.set_password(password)
    owner.save()
    return owner


def test_a_member_posts_an_offer_and_another_member_contacts_the_company_from_a_phone(
    page: Page, phone_page: Page, password
):
    market = EventFactory(
        title="Marché de Noël des adhérents",
        kind=Event.Kind.CHRISTMAS_MARKET,
        audience=Event.Audience.MEMBERS,
        capacity=200,
    )
    cheese = owner_with_password(password, legal_name="Fromagerie du Revermont")
    joiner = owner_with_password(password, legal_name="Menuiserie du Haut-Jura")
    valid_until = timezone.localdate() + timedelta(days=40)

    page.goto(reverse("offers:list"))
    expect(heading(page)).to_have_text(re.compile("Connexion|Se connecter"))  # the public is asked to log in
    log_in(page, cheese.email, password)
    expect(heading(page)).to_have_text("Offres entre adhérents")
    page.get_by_role("link", name="Publier une offre").click()
    page.get_by_label("Titre").fill("Coffrets de Noël pour vos clients")
    page.get_by_label("Remise").fill("-20 %")
    page.get_by_label("Description").fill("Comté 18 mois, morbier et vin jaune en coffret bois.")
    page.get_by_label("Conditions").fill("À partir de 10 coffrets, retrait à la fromagerie.")
    page.get_by_label("Valable jusqu'au").fill(valid_until.isoformat())
    page.get_by_label("Marché de Noël des adhérents").select_option(label=market.title)
    page.get_by_role("button", name="Publier l'offre").click()
    expect(heading(page)).to_have_text("Coffrets de Noël pour vos clients")
    expect(page.get_by_role("main")).to_contain_text("Votre offre est en ligne")
    offer = Offer.objects.get()
    assert offer.event == market and offer.company == cheese.company_role.company

    phone = phone_page
    phone.goto(reverse("offers:list"))
    log_in(phone, joiner.email, password)
    phone.get_by_label("Marché de Noël seulement").check()
    phone.get_by_role("button", name="Filtrer").click()
    phone.get_by_role("link", name="Coffrets de Noël pour vos clients").click()
    expect(heading(phone)).to_have_text("Coffrets de Noël pour vos clients")
    phone.get_by_label("Votre message").fill("Bonjour, il me faudrait 25 coffrets pour le 18 décembre.")
    phone.get_by_role("button", name="Envoyer le message").click()
    expect(phone.get_by_role("main")).to_contain_text("Votre message est envoyé à Fromagerie du Revermont")
    screenshot(phone, "offer-contacted-phone")

    [message] = [m for m in mail.outbox if cheese.email in m.to]
    assert "25 coffrets pour le 18 décembre" in message.body
    assert message.reply_to == [joiner.email]
