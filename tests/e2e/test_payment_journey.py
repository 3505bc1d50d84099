"""A member pays an invoice in the browser with the demo provider, sees it paid and gets the receipt."""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from dues import services
from dues.models import Invoice
from tests.browser import heading, screenshot
from tests.factories.dues import issued_invoice, renewing_company
from tests.factories.members import UserFactory


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_member_pays_an_invoice_with_the_demo_provider_and_downloads_the_receipt(
    phone_page: Page, live_server, settings, password
):
    settings.DEBUG = True  # the demo provider exists only in development…
    settings.PAYMENT_PROVIDER = "demo"  # …and when no real provider is configured
    settings.SITE_URL = live_server.url
    owner = UserFactory(password=password, first_name="Camille", last_name="Martin")
    company = renewing_company(
        owner=owner, legal_name="Fromagerie du Revermont SARL", trade_name="Fromagerie du Revermont"
    )
    year = timezone.localdate().year
    invoice = issued_invoice(company, year=year, today=timezone.localdate(), amount_cents=24_000)
    page = phone_page

    # The member opens the dues page and logs in.
    page.goto(reverse("dues:invoices"))
    log_in(page, owner.email, password)
    expect(heading(page)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(invoice.number)
    screenshot(page, "dues-invoices-phone")

    # "Payer" leads to the pay page, whose button opens the provider's (demo) page.
    page.get_by_role("link", name=f"Payer la facture {invoice.number}").first.click()
    expect(heading(page)).to_have_text(f"Régler la facture {invoice.number}")
    screenshot(page, "dues-pay-phone")
    page.get_by_role("button", name=re.compile(r"^Payer 240,00")).click()
    expect(heading(page)).to_have_text("Paiement de démonstration")
    page.get_by_role("button", name="Simuler un paiement accepté").click()

    # Back on the portal: thanked, the invoice is paid, the receipt is there.
    expect(page.get_by_role("status").first).to_contain_text("Merci ! Votre paiement est enregistré")
    expect(heading(page)).to_have_text(f"Facture {invoice.number} réglée")
    screenshot(page, "dues-paid-phone")
    receipt = page.get_by_role("link", name="Télécharger le reçu (PDF)")
    answer = page.request.get(receipt.get_attribute("href"))
    assert answer.ok
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")

    # The list says so too.
    page.get_by_role("link", name="Toutes mes factures").click()
    expect(page.get_by_role("main")).to_contain_text("Payée")
    expect(page.get_by_role("link", name=re.compile(f"Reçu de la facture {invoice.number}"))).to_be_visible()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_on_a_phone_every_invoice_shows_its_status_and_documents_without_scrolling_sideways(
    phone_page: Page, live_server, password, staff
):
    owner = UserFactory(password=password)
    company = renewing_company(owner=owner, legal_name="Scierie du Grandvaux SARL")
    year = timezone.localdate().year
    paid = issued_invoice(company, year=year - 2)
    services.payment_record_transfer(
        invoice=paid,
        method="transfer",
        amount_cents=paid.amount_cents,
        received_on=paid.issued_on,
        reference="VIR-1",
        acting_user=staff,
    )
    cancelled = issued_invoice(company, year=year - 1)
    credit_note = services.invoice_cancel(invoice=cancelled, reason="Doublon", acting_user=staff)
    due = issued_invoice(company, year=year, today=timezone.localdate())
    page = phone_page

    page.goto(reverse("dues:invoices"))
    log_in(page, owner.email, password)
    expect(heading(page)).to_have_text("Mes cotisations")
    screenshot(page, "dues-invoices-three-phone")

    main = page.get_by_role("main")
    for invoice in (paid, cancelled, due):
        expect(main.get_by_role("link", name=f"Facture {invoice.number} (PDF)", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name=re.compile(f"Reçu de la facture {paid.number}"))).to_be_visible()
    expect(main.get_by_role("link", name=f"Avoir {credit_note.number} (PDF)")).to_be_visible()
    for status in ("Payée", "Annulée", "À payer"):
        expect(main.get_by_text(status, exact=True).first).to_be_visible()
    # Nothing hides in a sideways-scrolling area: every link and badge lies within the screen's width.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('main a, main .badge')]
            .filter(el => el.offsetParent !== null)
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.textContent.trim())"""
    )
    assert overflowing == []
