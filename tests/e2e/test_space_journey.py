"""The member's space in a browser: an owner invites a colleague, who accepts from another browser."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from members import services
from members.models import CompanyRole
from tests.browser import screenshot
from tests.factories.charter import publish_charter
from tests.factories.members import (
    accepted_company,
    in_review_application,
    person,
)

LINK = re.compile(r"https?://\S+/espace/invitation/\S+/")


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_an_owner_invites_a_colleague_who_accepts_from_another_browser(
    phone_page: Page, browser, live_server, settings, staff, password
):
    settings.SITE_URL = live_server.url  # the links in the emails point at this test server
    publish_charter(staff, 1)
    owner = person(first_name="Camille", last_name="Martin", email="camille@fromagerie.fr")
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    publish_charter(staff, 2, deadline_days=21)
    colleague = person(first_name="Lou", last_name="Girard", email="lou@fromagerie.fr")

    # The owner logs in and finds the space.
    page = phone_page
    page.goto(reverse("members:space"))
    log_in(page, owner.email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fromagerie du Revermont")
    expect(page.get_by_role("main")).to_contain_text(company.member_number)
    expect(page.get_by_role("region", name=re.compile("nouvelle version de la charte"))).to_be_visible()
    screenshot(page, "space-owner-phone")

    # … invites a colleague.
    page.get_by_role("link", name="Gérer les représentants").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les représentants")
    page.get_by_label("Prénom de votre collègue").fill(colleague.first_name)
    page.get_by_role("textbox", name="Nom de votre collègue*", exact=True).fill(colleague.last_name)
    page.get_by_label("Adresse e-mail de votre collègue").fill(colleague.email)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation envoyée à {colleague.first_name} {colleague.last_name} ({colleague.email})"
    )
    screenshot(page, "representatives-owner-phone")
    (message,) = [message for message in mail.outbox if colleague.email in message.to]
    link = LINK.search(message.body).group(0)

    # The colleague, in another browser, opens the link, logs in, comes back and accepts.
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        other = context.new_page()
        other.set_default_timeout(10_000)
        other.goto(link)
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Rejoindre l'espace de Fromagerie du Revermont"
        )
        other.get_by_role("link", name="Me connecter").click()
        log_in(other, colleague.email, password)
        expect(other.get_by_role("heading", level=1)).to_have_text("Représenter Fromagerie du Revermont")
        other.get_by_role("button", name="Accepter l'invitation").click()

        expect(other.get_by_role("status")).to_contain_text(
            "vous représentez désormais Fromagerie du Revermont"
        )
        expect(other.get_by_role("heading", level=1)).to_have_text("Fromagerie du Revermont")
        representatives = other.get_by_role("region", name="Représentants")
        expect(representatives).to_contain_text("Lou Girard (représentant, vous)")
        expect(other.get_by_role("link", name="Voir les représentants")).to_be_visible()
        screenshot(other, "space-representative-phone")
    finally:
        context.close()

    assert CompanyRole.objects.get(user=colleague).company == company

    # Back to the owner: the colleague is listed, and the history says so.
    page.goto(reverse("members:space"))
    expect(page.get_by_role("main")).to_contain_text(
        f"Lou Girard ({colleague.email}) devient représentant de l'entreprise"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "space-owner-desktop")


def test_an_applicant_reads_the_committees_request_on_a_phone(phone_page: Page, staff, password):
    owner = person(first_name="Camille", last_name="Martin")
    application = in_review_application(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    services.application_request_info(
        application=application,
        acting_user=staff,
        message="Pouvez-vous joindre votre certificat AOP Comté et préciser où le lait est collecté ?",
    )

    page = phone_page
    page.goto(reverse("members:space"))
    log_in(page, owner.email, password)

    request = page.get_by_role("region", name="Le comité vous demande :")
    expect(request).to_contain_text("certificat AOP Comté")
    answer = page.get_by_role("link", name="Répondre au comité")
    expect(answer).to_have_attribute("href", reverse("members:apply_step", args=[6]))
    page.get_by_text("Retirer ma demande…").click()
    expect(page.get_by_role("button", name="Retirer définitivement ma demande")).to_be_visible()
    screenshot(page, "space-info-requested-phone")
