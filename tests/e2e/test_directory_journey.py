"""The public finds a member in the directory: searches, filters, opens its page, checks its licence
(on a desktop), and does the same on a phone."""

from playwright.sync_api import expect

from tests.browser import heading, screenshot


def test_the_public_searches_filters_opens_a_member_and_checks_its_licence(page, fruitiere_licence):
    page.goto("/annuaire/")
    expect(heading(page)).to_have_text("Annuaire des adhérents")

    page.get_by_label("Rechercher", exact=True).fill("comte")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="2 entreprises")).to_be_visible()

    page.get_by_label("Intercommunalité").select_option(label="CC Arbois, Poligny, Salins (1)")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 entreprise")).to_be_visible()
    assert "q=comte" in page.url and "epci=arbois-poligny-salins" in page.url

    page.get_by_role("link", name="Fruitière d'Arbois").click()
    expect(heading(page)).to_have_text("Fruitière d'Arbois")
    expect(page.get_by_role("main")).to_contain_text("Comté AOP 24 mois")
    expect(page.get_by_role("main")).not_to_contain_text("bonjour@fruitiere.example")
    page.get_by_role("button", name="Afficher l'adresse e-mail").click()
    expect(page.get_by_role("link", name="bonjour@fruitiere.example")).to_be_visible()
    screenshot(page, "directory-member")

    page.get_by_role("link", name="Licence du logo Made in Jura valide").click()
    expect(page.get_by_role("main")).to_contain_text("Fruitière d'Arbois")
    assert fruitiere_licence.code in page.url


def test_on_a_phone_the_public_finds_a_menuisier_by_typing_menuiserie(phone_page, fruitiere_licence):
    phone_page.goto("/annuaire/?q=menuisier")
    expect(phone_page.get_by_role("heading", name="1 entreprise")).to_be_visible()

    phone_page.get_by_role("link", name="Menuiserie Jeunet").click()
    expect(heading(phone_page)).to_have_text("Menuiserie Jeunet")
    expect(phone_page.get_by_role("link", name="Voir sur OpenStreetMap")).to_be_visible()
    screenshot(phone_page, "directory-phone")
