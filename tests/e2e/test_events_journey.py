"""Events in a browser: a member registers and cancels (the waiting person moves up), a guest registers,
staff check someone in from a phone."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from events import services
from events.models import Registration
from tests.browser import enter_second_factor, screenshot
from tests.factories.events import EventFactory
from tests.factories.members import new_member

LINK = re.compile(r"https?://\S+/evenements/inscription/confirmer/\S+/")


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_member_registers_sees_the_seats_change_cancels_and_the_waiting_person_moves_up(
    page: Page, live_server, settings, password
):
    settings.SITE_URL = live_server.url
    event = EventFactory(title="Visite de la lunetterie de Morez", capacity=2)
    services.registration_create_for_member(event=event, acting_user=new_member())
    alice = new_member(owner=None)
    alice.set_password(password)
    alice.save()

    page.goto(event.get_absolute_url())
    expect(page.locator("#places")).to_contain_text("1 place restante")
    page.get_by_role("link", name="Connectez-vous pour vous inscrire en un clic.").click()
    log_in(page, alice.email, password)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.locator("#mon-inscription")).to_have_text("Vous êtes inscrit(e).")
    expect(page.locator("#places")).to_contain_text("Complet — liste d'attente")
    screenshot(page, "event-registered")

    bruno = new_member()
    [waiting] = services.registration_create_for_member(event=event, acting_user=bruno)
    assert waiting.status == Registration.Status.WAITLISTED

    page.goto(reverse("events:my_registrations"))
    page.get_by_role("button", name=re.compile("Annuler")).first.click()
    expect(page.get_by_role("main")).to_contain_text("est annulée")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert any("Une place s'est libérée" in m.subject and m.to == [bruno.email] for m in mail.outbox)


def test_a_guest_registers_to_a_public_event_and_confirms_from_the_email(page: Page, live_server, settings):
    settings.SITE_URL = live_server.url
    event = EventFactory(title="Marché de Noël des adhérents", kind="christmas_market", capacity=50)

    page.goto(event.get_absolute_url())
    page.get_by_label("Prénom et nom").fill("Jeanne Vuillet")
    page.get_by_label("Adresse e-mail").fill("jeanne@exemple.fr")
    page.get_by_role("button", name="Demander mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte e-mail")

    [message] = [m for m in mail.outbox if m.to == ["jeanne@exemple.fr"]]
    page.goto(LINK.search(message.body).group(0))
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_role("status").filter(has_text="confirmée")).to_be_visible()
    assert Registration.objects.get(email="jeanne@exemple.fr").status == Registration.Status.CONFIRMED
    page.goto(event.get_absolute_url())
    expect(page.locator("#places")).to_contain_text("49 places restantes")


def test_staff_check_someone_in_on_a_phone(phone_page: Page, staff, password):
    event = EventFactory(title="Soirée des entrepreneurs")
    alice = new_member(legal_name="Scierie du Grandvaux SARL")
    [registration] = services.registration_create_for_member(event=event, acting_user=alice)
    services.registration_create_for_member(event=event, acting_user=new_member())

    page = phone_page
    page.goto(reverse("events:check_in", kwargs={"slug": event.slug}))
    log_in(page, staff.email, password)
    enter_second_factor(page)
    expect(page.locator("#compteur")).to_have_text("0 présent(s) sur 2 inscrit(s)")
    page.get_by_label("Rechercher un nom, une adresse ou une entreprise").fill("grandvaux")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name=f"Pointer {registration.name}").click()
    expect(page.locator("#compteur")).to_have_text("1 présent(s) sur 2 inscrit(s)")
    screenshot(page, "event-check-in-phone")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
