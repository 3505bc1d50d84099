"""A visitor finds how to join from the menu, on a phone and on a desktop; the page passes axe-core."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from members import certificate
from tests.browser import heading, open_menu, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.dues import fee_schedules
from tests.factories.members import CompanyFactory


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def seed() -> None:
    from django.utils import timezone

    CharterVersionFactory(title="Charte qualité et éthique")
    fee_schedules(timezone.localdate().year, 18_000)


def test_a_visitor_on_a_phone_reads_the_conditions_and_fees_then_goes_to_apply(phone_page: Page):
    seed()
    phone_page.goto(reverse("home"))
    open_menu(phone_page)
    phone_page.get_by_role("link", name="Adhérer").click()

    expect(heading(phone_page)).to_have_text("Rejoindre Made in Jura")
    expect(phone_page.get_by_role("table")).to_contain_text("180,00")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "join-phone")
    assert_accessible(phone_page)

    phone_page.get_by_role("link", name="Déposer ma demande d'adhésion").click()
    expect(phone_page).to_have_url(re.compile(r"/compte/login/\?next=/adhesion/"))


def test_the_join_page_and_a_certificate_check_pass_axe_on_a_desktop(page: Page, live_server, settings):
    seed()
    page.goto(reverse("members:join"))
    expect(heading(page)).to_have_text("Rejoindre Made in Jura")
    assert_accessible(page)

    company = CompanyFactory(legal_name="Tournerie du Haut-Jura SARL")
    page.goto(certificate.verification_url(company=company, year=2027).removeprefix(settings.SITE_URL))
    expect(heading(page)).to_contain_text("Attestation authentique")
    assert_accessible(page)
