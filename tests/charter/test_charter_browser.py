"""Signing the charter in a real browser, on a phone: read, forget the box, tick, type, sign, download."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from charter.models import Signature
from tests.browser import enter_second_factor, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.members import CompanyFactory, owner_of

pytestmark = pytest.mark.e2e


def test_a_member_signs_the_new_charter_on_a_phone(phone_page: Page):
    page = phone_page
    CharterVersionFactory(number=1, title="Charte qualité et éthique")
    CharterVersionFactory(
        number=2,
        title="Charte qualité et éthique 2027",
        changes="Un engagement nouveau : des emballages recyclables.",
    )
    company = CompanyFactory(legal_name="Scierie des Rousses SAS")
    owner = owner_of(company)

    page.goto(reverse("charter:current"))
    screenshot(page, "current-phone")
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte qualité et éthique 2027")
    page.get_by_role("link", name="Signer la charte pour mon entreprise").click()

    page.get_by_label("Courriel").fill(owner.email)
    page.get_by_label("Mot de passe").fill("Jura-mot-de-passe-42")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signer la charte qualité et éthique")
    expect(page.get_by_role("main")).to_contain_text("des emballages recyclables")
    page.get_by_label("Votre nom complet").fill("Camille Vuillet")
    page.get_by_role("button", name="Signer la charte").click()

    expect(page.get_by_text("Cochez cette case pour signer la charte.")).to_be_visible()
    expect(page.get_by_label("Votre nom complet")).to_have_value("Camille Vuillet")
    screenshot(page, "sign-error-phone")
    page.get_by_label("J'ai lu la charte et j'engage mon entreprise à la respecter.").check()
    page.get_by_role("button", name="Signer la charte").click()
    page.wait_for_url(f"**{reverse('members:space')}")

    signature = Signature.objects.get(company=company)
    assert signature.full_name == "Camille Vuillet"
    assert "Chrome" in signature.user_agent
    assert signature.ip_address == "127.0.0.1"

    page.goto(reverse("charter:sign"))
    expect(page.get_by_role("main")).to_contain_text("sous le nom de Camille Vuillet")
    screenshot(page, "signed-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'attestation de signature (PDF)").click()
    assert download.value.suggested_filename == f"attestation-charte-v2-{company.siret}.pdf"


def test_staff_publish_a_new_version_with_its_deadline_in_the_admin(page: Page, staff, password):
    from datetime import timedelta

    from django.utils import timezone

    CharterVersionFactory(number=1)
    draft = CharterVersionFactory(number=2, title="Charte révisée", published_at=None)
    CompanyFactory()
    deadline = timezone.localdate() + timedelta(days=60)

    page.goto(reverse("account_login"))
    page.get_by_label("Courriel").fill(staff.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    enter_second_factor(page)
    page.goto(reverse("admin:charter_charterversion_change", args=[draft.pk]))
    page.get_by_role("link", name="Publier cette version").click()

    expect(page.get_by_role("main")).to_contain_text("1 entreprise adhérente active reçoit un courriel")
    page.get_by_label("Date limite de signature").fill(deadline.isoformat())
    screenshot(page, "admin-publish-desktop")
    page.get_by_role("button", name="Publier cette version").click()

    expect(page.get_by_text("Version 2 publiée")).to_be_visible()
    draft.refresh_from_db()
    assert draft.signing_deadline == deadline
    page.goto(reverse("admin:charter_charterversion_changelist"))
    screenshot(page, "admin-versions-desktop")
    page.get_by_role("link", name="Qui a signé ?").first.click()
    expect(page.get_by_role("heading", name="Pas encore signé")).to_be_visible()
    screenshot(page, "admin-signatories-desktop")
    page.goto(reverse("charter:current"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte révisée")
    screenshot(page, "current-desktop")
