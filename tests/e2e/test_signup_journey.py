"""Creating an account on a phone, as an entrepreneur would: the form, the email, the link."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser import open_menu

EMAIL = "atelier.bois@exemple.fr"
PASSWORD = "Sapin-du-Haut-Jura-39"
LINK = re.compile(r"https?://\S+")


def fill_signup_form(page: Page, *, email: str, password: str, confirmation: str) -> None:
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_role("textbox", name="Nom*", exact=True).fill("Bourgeois")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_label(re.compile(r"Mot de passe \(confirmation\)")).fill(confirmation)
    page.get_by_role("button", name="Créer mon compte").click()


def test_an_entrepreneur_creates_an_account_on_a_phone_confirms_the_email_and_logs_out(
    phone_page: Page, live_server, settings
):
    settings.SITE_URL = live_server.url  # links in the emails point at this test server
    page = phone_page
    page.goto(reverse("home"))
    open_menu(page)
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")

    fill_signup_form(page, email=EMAIL, password=PASSWORD, confirmation=PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")
    expect(page.get_by_role("main")).to_contain_text("suivez le lien")
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    confirmation_url = LINK.findall(message.body)[0]

    page.goto(confirmation_url)
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    page.get_by_role("button", name="Confirmer mon adresse").click()

    expect(page.get_by_role("status")).to_contain_text("Connexion avec")
    open_menu(page)
    logout = page.get_by_role("button", name="Se déconnecter")
    expect(logout).to_be_visible()
    logout.click()

    open_menu(page)
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_a_signup_error_keeps_the_typed_email_and_explains_the_problem_next_to_the_field(phone_page: Page):
    page = phone_page
    page.goto(reverse("account_signup"))

    fill_signup_form(page, email=EMAIL, password=PASSWORD, confirmation="Sapin-du-Bas-Jura-39")

    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    expect(page.get_by_label("Courriel")).to_have_value(EMAIL)
    confirmation = page.get_by_label(re.compile(r"Mot de passe \(confirmation\)"))
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    # The error is the field's accessible description: a screen reader reads it with the field.
    expect(confirmation).to_have_accessible_description(
        re.compile("Vous devez saisir deux fois le même mot de passe")
    )
    expect(page.get_by_text("Vous devez saisir deux fois le même mot de passe.")).to_be_visible()
    assert mail.outbox == []
