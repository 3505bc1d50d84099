"""The staff cockpit in a browser: staff log in, read the figures, follow a link to the filtered list;
the page passes axe-core on a phone and on a desktop."""

import re
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Registration
from members.models import Application, Company
from tests.browser import enter_second_factor, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.dues import issued_invoice
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory


def seed() -> None:
    now = timezone.now()
    for days in (9, 2):
        company = CompanyFactory(status=Company.Status.APPLICANT, member_number=None, member_since=None)
        Application.objects.create(
            company=company,
            applicant=UserFactory(),
            status=Application.Status.SUBMITTED,
            submitted_at=now - timedelta(days=days),
        )
    CompanyFactory(legal_name="Déjà membre SARL")
    issued_invoice(year=timezone.localdate().year, today=timezone.localdate())
    CharterVersionFactory(signing_deadline=timezone.localdate() + timedelta(days=20))
    EventFactory(title="Visite de la tournerie", capacity=20)
    past = EventFactory(title="Soirée passée", starts_at=now - timedelta(days=20))
    Registration.objects.create(
        event=past, name="Invitée", email="invitee@exemple.fr", is_guest=True, status="attended"
    )


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_staff_read_the_cockpit_and_follow_a_link_to_the_waiting_applications(page: Page, staff, password):
    seed()
    page.goto(reverse("admin:index"))
    log_in(page, staff.email, password)
    enter_second_factor(page)
    page.goto(reverse("admin:index"))

    cockpit = page.get_by_role("region", name="Tableau de bord")
    expect(cockpit).to_contain_text("2 demandes à examiner")
    expect(cockpit).to_contain_text("la plus ancienne attend depuis 9 jours")
    expect(cockpit).to_contain_text("1 facture à payer")
    expect(cockpit).to_contain_text("Visite de la tournerie")
    expect(page.get_by_role("img", name="Adhésions par année")).to_be_visible()
    page.get_by_text("Voir les chiffres").first.click()
    expect(page.get_by_role("table", name="Adhésions par année")).to_be_visible()
    screenshot(page, "cockpit-desktop")
    assert_accessible(page)

    page.get_by_role("link", name="2 demandes à examiner").click()
    expect(page).to_have_url(re.compile(r"/admin/members/application/\?status__in="))
    expect(page.locator("#result_list tbody tr")).to_have_count(2)


def test_the_cockpit_reads_on_a_phone_and_passes_axe(phone_page: Page, staff, password):
    seed()
    phone_page.goto(reverse("admin:index"))
    log_in(phone_page, staff.email, password)
    enter_second_factor(phone_page)
    phone_page.goto(reverse("admin:index"))

    expect(phone_page.get_by_role("region", name="Tableau de bord")).to_contain_text("2 demandes à examiner")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    screenshot(phone_page, "cockpit-phone")
    assert width <= 390, f"the cockpit scrolls sideways on a phone ({width} px)"
    assert_accessible(phone_page)
