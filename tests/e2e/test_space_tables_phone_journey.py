"""A member's tables on a phone (390 px): registrations and offers read as cards, nothing scrolls sideways
(issue 15: /espace/evenements/ was 525 px wide on a 390 px screen)."""

from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Registration
from offers.models import Offer
from tests.browser import screenshot
from tests.factories.events import EventFactory
from tests.factories.members import new_member

PASSWORD = "Jura-mot-de-passe-42"


def log_in(page: Page, email: str) -> None:
    page.goto(reverse("account_login"))
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{reverse('members:space')}")


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        """() => ({
            document: document.documentElement.scrollWidth,
            tables: [...document.querySelectorAll('main table')].map((t) => t.getBoundingClientRect().right),
            wrappers: [...document.querySelectorAll('main .table-responsive')].map((w) => w.scrollWidth - w.clientWidth),
        })"""
    )
    assert widths["document"] <= 390, widths
    assert all(right <= 390 for right in widths["tables"]), widths
    assert all(extra <= 0 for extra in widths["wrappers"]), widths


def test_my_registrations_read_as_cards_on_a_phone(phone_page: Page, transactional_db):
    owner = new_member(legal_name="Tournerie Vuillet et fils")
    company = owner.company_role.company
    now = timezone.now()
    for title, days in [
        ("Rendez-vous d'affaires express des artisans du Haut-Jura", 12),
        ("Soirée des territoires : Terre d'Émeraude Communauté", 30),
        ("Visite de la fromagerie du Revermont", -20),
    ]:
        event = EventFactory(title=title, starts_at=now + timedelta(days=days))
        for name in ("Geneviève Bourgeois-Vuillet", "Jean-Baptiste Michaud"):
            Registration.objects.create(
                event=event,
                user=owner,
                company=company,
                name=name,
                email=f"{name.split()[0].lower()}@tournerie.test",
                status="confirmed" if days > 0 else "attended",
            )

    log_in(phone_page, owner.email)
    phone_page.goto(reverse("events:my_registrations"))
    expect(phone_page.get_by_role("link", name="Visite de la fromagerie du Revermont").first).to_be_visible()
    screenshot(phone_page, "space-registrations-phone")

    assert_no_sideways_scroll(phone_page)
    cancel = phone_page.get_by_role("button", name="Annuler l'inscription de Jean-Baptiste Michaud").first
    expect(cancel).to_be_visible()
    results = Axe().run(phone_page)
    assert results.violations_count == 0, results.generate_report()


def test_my_offers_read_as_cards_on_a_phone(phone_page: Page, transactional_db):
    owner = new_member(legal_name="Fromagerie du Revermont")
    company = owner.company_role.company
    Offer.objects.create(
        company=company,
        title="Coffret comté 18 mois, morbier et vin jaune pour vos clients",
        description="Un coffret.",
        conditions="Retrait à la fromagerie.",
        discount="-15 %",
        valid_until=timezone.localdate() + timedelta(days=30),
    )

    log_in(phone_page, owner.email)
    phone_page.goto(reverse("offers:mine"))
    expect(
        phone_page.get_by_role(
            "button", name="Retirer « Coffret comté 18 mois, morbier et vin jaune pour vos clients »"
        )
    ).to_be_visible()
    screenshot(phone_page, "space-offers-phone")

    assert_no_sideways_scroll(phone_page)
