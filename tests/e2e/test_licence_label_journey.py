"""A product label from request to QR code, in real browsers: a member asks on a phone for its
Comté to carry the logo (with a photo), staff approve it in the admin, and the licence's
verification page, the one its QR code opens, lists the product.
"""

import re
from io import BytesIO

from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from licensing.models import LogoLicense, ProductLabel
from tests.browser import enter_second_factor, heading, screenshot
from tests.factories.charter import publish_charter
from tests.factories.licensing import licence_of
from tests.factories.members import (
    accepted_company,
    person,
)

PRODUCT = "Comté AOP 18 mois"


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def photo_png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (900, 600), (236, 200, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_member_asks_for_a_label_staff_approve_it_and_the_verification_page_lists_the_product(
    phone_page: Page, browser, live_server, staff, password
):
    publish_charter(staff, 1)
    owner = person(first_name="Camille", last_name="Martin", email="camille@fromagerie.example")
    company = accepted_company(reviewer=staff, applicant=owner)
    licence = licence_of(company, LogoLicense.Status.ACTIVE)

    # The member asks, on a phone, for its Comté to carry the logo.
    page = phone_page
    page.goto(reverse("licensing:labels"))
    log_in(page, owner.email, password)
    expect(heading(page)).to_have_text("Les produits qui portent le logo")
    page.get_by_label("Nom du produit").fill(PRODUCT)
    page.get_by_label("Description du produit").fill("Affiné 18 mois en cave d'épicéa à Poligny.")
    page.get_by_label("Photo du produit").set_input_files(
        {"name": "comte.png", "mimeType": "image/png", "buffer": photo_png()}
    )
    page.get_by_label(re.compile("engagement qualité")).fill(
        "Lait cru de Montbéliardes collecté à moins de 25 km, AOP, affinage dans le Jura."
    )
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("Votre demande de label est envoyée")
    mine = page.get_by_role("region", name="Vos produits et demandes")
    expect(mine).to_contain_text(PRODUCT)
    expect(mine).to_contain_text("en attente de l'équipe")
    screenshot(page, "label-requested-phone")

    # Not on the verification page before staff decide.
    public = browser.new_context(locale="fr-FR", base_url=live_server.url)
    try:
        consumer = public.new_page()
        consumer.set_default_timeout(10_000)
        consumer.goto(reverse("licensing:verify", args=[licence.code]))
        expect(heading(consumer)).to_contain_text("Licence valide")
        expect(consumer.get_by_role("main")).not_to_contain_text(PRODUCT)
    finally:
        public.close()

    # Staff find the request at the top of the queue and approve it.
    desk = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    try:
        admin = desk.new_page()
        admin.set_default_timeout(10_000)
        admin.goto(reverse("admin:licensing_productlabel_changelist"))
        log_in(admin, staff.email, password)
        enter_second_factor(admin)
        queue = admin.get_by_role("main").get_by_role("table")
        expect(queue).to_contain_text(PRODUCT)
        expect(queue).to_contain_text("Demandé")
        admin.get_by_role("link", name=PRODUCT).click()
        expect(admin.get_by_role("main")).to_contain_text("Lait cru de Montbéliardes")
        admin.get_by_role("link", name="Accorder le label").click()
        admin.get_by_label("Message à l'entreprise (facultatif)").fill(
            "Imprimez le QR code de la licence à côté du logo."
        )
        admin.get_by_role("button", name="Accorder le label").click()
        expect(admin.locator(".messagelist")).to_contain_text("Label accordé à un produit de")
        screenshot(admin, "label-approved-admin")
    finally:
        desk.close()

    label = ProductLabel.objects.get(company=company)
    assert (label.status, label.decided_by) == (ProductLabel.Status.APPROVED, staff)

    # The member sees the decision and the team's message; the QR code's page lists the product.
    page.reload()
    expect(mine).to_contain_text("Accordé")
    expect(mine).to_contain_text("Imprimez le QR code de la licence")
    page.goto(reverse("licensing:verify", args=[licence.code]))
    expect(heading(page)).to_contain_text("Licence valide")
    products = page.get_by_role("region", name="Produits autorisés à porter le logo")
    expect(products.get_by_role("heading", name=PRODUCT)).to_be_visible()
    expect(products.get_by_role("img", name=PRODUCT)).to_be_visible()
    screenshot(page, "label-on-verification-page-phone")
