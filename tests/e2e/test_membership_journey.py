"""The whole membership journey in real browsers: a newcomer signs up and applies on a phone,
leaves half-way and comes back, signs and submits; a staff member vets and accepts in the admin;
the new member reads the news in the space and in the welcome email.

Nothing is set behind the users' backs: only the reference data (the Jura's territory, the
trades), the published charter and the staff account exist before the browsers start.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from members.models import Application, Company
from tests.browser import continue_, enter_second_factor, heading, open_menu, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.members import ANSWER, make_siret
from tests.factories.reference import CommuneFactory, EpciFactory, SectorFactory

EMAIL = "lea.bourgeois@scierie-risoux.example"
PASSWORD = "Epicea-du-Risoux-39"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def reference_data(transactional_db):
    """The reference data the newcomer picks from: one Jura commune and a few trades."""
    epci = EpciFactory(name="Communauté de communes Haut-Jura Arcade", slug="haut-jura-arcade")
    CommuneFactory(name="Morez", slug="morez", postal_codes=["39400"], epci=epci)
    for name in ("Scierie", "Fromagerie", "Horlogerie"):
        SectorFactory(name=name)
    CharterVersionFactory(number=1)


def sign_up_and_confirm(page: Page) -> None:
    page.goto(reverse("account_signup"))
    expect(heading(page)).to_have_text("Créer un compte")
    page.get_by_label("Prénom").fill("Julien")
    page.get_by_role("textbox", name="Nom*", exact=True).fill("Grandclément")
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"Mot de passe \(confirmation\)")).fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    expect(heading(page)).to_have_text("Vérifiez votre adresse e-mail")
    expect(page.get_by_role("main")).to_contain_text("suivez le lien")
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    page.goto(LINK.findall(message.body)[0])
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("status")).to_contain_text("Connexion avec")


def go_to_apply_from_the_menu(page: Page) -> None:
    open_menu(page)
    page.get_by_role("link", name="Adhérer").click()
    # The public page that says who may join and what it costs, then the application itself.
    expect(heading(page)).to_have_text("Rejoindre Made in Jura")
    page.get_by_role("link", name="Déposer ma demande d'adhésion").click()


def staff_accepts_in_the_admin(browser: Browser, base_url: str, staff, password: str) -> None:
    context = browser.new_context(locale="fr-FR", base_url=base_url, viewport={"width": 1280, "height": 900})
    try:
        admin = context.new_page()
        admin.set_default_timeout(10_000)
        # The admin sends staff through allauth's login page.
        admin.goto(reverse("admin:members_application_changelist"))
        expect(heading(admin)).to_have_text("Se connecter")
        admin.get_by_label("Courriel").fill(staff.email)
        admin.get_by_label("Mot de passe").fill(password)
        admin.get_by_role("button", name="Se connecter").click()
        enter_second_factor(admin)

        # The queue: the new file is there, waiting since today.
        expect(heading(admin)).to_contain_text("demande")
        queue = admin.get_by_role("main").get_by_role("table")
        expect(queue).to_contain_text("Scierie du Risoux")
        expect(queue).to_contain_text("Morez")
        expect(queue).to_contain_text("en attente depuis aujourd'hui")
        screenshot(admin, "5-admin-queue-desktop")
        admin.get_by_role("link", name="Scierie du Risoux").click()

        # The review page shows the file; the committee takes it in review.
        main = admin.get_by_role("main")
        expect(main).to_contain_text("Scierie du Risoux SAS")
        expect(main).to_contain_text("Communauté de communes Haut-Jura Arcade")
        expect(main).to_contain_text("Léa Bourgeois")
        admin.get_by_role("link", name="Prendre en examen").click()
        expect(admin.get_by_role("main")).to_contain_text("Vous devenez le rapporteur de cette demande")
        admin.get_by_role("button", name="Prendre en examen").click()
        expect(admin.get_by_text("La demande de Scierie du Risoux est en cours d'examen")).to_be_visible()

        # The checklist, ticked and saved.
        for label in (
            "Implantation dans le Jura vérifiée",
            "Qualité vérifiée",
            "Engagements éthiques vérifiés",
        ):
            admin.get_by_label(label).check()
        admin.get_by_label("Notes internes du comité").fill("Visite de la scierie faite le mardi.")
        admin.get_by_role("button", name="Enregistrer et continuer les modifications").click()
        expect(admin.get_by_label("Qualité vérifiée")).to_be_checked()

        # Acceptance, confirmed on the intermediate page.
        admin.get_by_role("link", name="Accepter").click()
        expect(admin.get_by_role("main")).to_contain_text("reçoit son numéro d'adhérent")
        screenshot(admin, "6-admin-accept-desktop")
        admin.get_by_role("button", name="Accepter").click()
        expect(
            admin.get_by_text(
                "Scierie du Risoux est désormais adhérente, numéro MIJ-0001 ; le message de bienvenue est parti."
            )
        ).to_be_visible()
        expect(admin.get_by_role("main")).to_contain_text("acceptée")
        screenshot(admin, "7-admin-accepted-desktop")
    finally:
        context.close()


def test_a_newcomer_signs_up_applies_on_a_phone_and_becomes_a_member_once_staff_accept(
    phone_page: Page, browser, live_server, settings, reference_data, staff, password
):
    settings.SITE_URL = live_server.url  # links in the emails point at this test server
    page = phone_page

    # 1. Sign up, confirm the address: logged in.
    sign_up_and_confirm(page)

    # 2. Apply, from the menu.
    go_to_apply_from_the_menu(page)
    expect(heading(page)).to_have_text("Adhérer à Made in Jura")
    page.get_by_label("Raison sociale").fill("Scierie du Risoux SAS")
    page.get_by_label("Nom commercial").fill("Scierie du Risoux")
    page.get_by_label("Forme juridique").select_option(label="SAS")
    page.get_by_label("SIRET").fill(make_siret(39))
    page.get_by_label("Code NAF / APE").fill("16.10A")
    page.get_by_label("Année de création").fill("1962")
    page.get_by_label("Effectif").select_option(label="10 à 49 salariés")
    page.get_by_label("Téléphone").fill("03 84 33 12 34")
    continue_(page)

    expect(heading(page)).to_have_text("Étape 2 sur 6 : Implantation")
    page.get_by_label("Adresse").fill("4 route du Risoux")
    page.get_by_label("Code postal").fill("39400")
    page.get_by_label("Commune").fill("Morez (39400)")
    continue_(page)
    expect(heading(page)).to_have_text("Étape 3 sur 6 : Activité")
    screenshot(page, "1-step3-phone")

    # She leaves for home, then comes back: the first unfinished step, the draft intact.
    page.get_by_role("link", name="Made in Jura").first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("home")) + "$"))
    go_to_apply_from_the_menu(page)
    expect(heading(page)).to_have_text("Étape 3 sur 6 : Activité")
    page.get_by_role("link", name=re.compile("Identité")).click()
    expect(page.get_by_label("Raison sociale")).to_have_value("Scierie du Risoux SAS")
    page.get_by_role("link", name=re.compile("Implantation")).click()
    expect(page.get_by_label("Adresse")).to_have_value("4 route du Risoux")
    expect(page.get_by_label("Commune")).to_have_value("Morez (39400)")
    page.get_by_role("link", name=re.compile("Activité")).click()

    # Steps 3 and 4.
    expect(heading(page)).to_have_text("Étape 3 sur 6 : Activité")
    page.get_by_label("Scierie").check()
    page.get_by_label("Présentation de l'entreprise").fill("Une scierie familiale au pied du Risoux.")
    page.get_by_label("Produits et services").fill("Bois de résonance, charpente, bardage en épicéa.")
    continue_(page)

    expect(heading(page)).to_have_text("Étape 4 sur 6 : Engagements")
    for label in (
        "Envers vos salariés",
        "Envers vos fournisseurs",
        "Envers vos clients",
        "Votre ancrage local",
        "Votre approvisionnement local",
        "Où et comment produisez-vous ?",
    ):
        page.get_by_label(label).fill(ANSWER)
    page.get_by_label(re.compile("aucun projet de délocaliser")).check()
    continue_(page)

    # Step 5: the charter, ticked and signed with her full name (the signup never asked for it).
    expect(heading(page)).to_have_text("Étape 5 sur 6 : Charte")
    expect(page.get_by_role("article")).to_contain_text("Ne pas délocaliser notre production.")
    page.get_by_label(re.compile("Je m'engage")).check()
    page.get_by_label("Votre nom complet").fill("Léa Bourgeois")
    screenshot(page, "2-charter-phone")
    page.get_by_role("button", name="Signer la charte et continuer").click()

    # Step 6: review and submit.
    expect(heading(page)).to_have_text("Étape 6 sur 6 : Vérification et envoi")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Scierie du Risoux SAS")
    expect(main).to_contain_text("Morez")
    expect(main).to_contain_text("signée par Léa Bourgeois")
    expect(main).not_to_contain_text("il reste à compléter")
    page.get_by_role("button", name="Envoyer ma demande").click()

    page.wait_for_url(re.compile(re.escape(reverse("members:space")) + "$"))
    expect(page.get_by_role("status")).to_contain_text("Votre demande d'adhésion est envoyée.")
    request = page.get_by_role("region", name=re.compile("Demande d'adhésion"))
    expect(request).to_contain_text("Déposée")
    expect(request).to_contain_text("Votre dossier a été envoyé le")
    expect(page.get_by_role("region", name="Historique")).to_contain_text(
        "Dossier envoyé au comité d'adhésion"
    )
    screenshot(page, "3-space-submitted-phone")
    assert Application.objects.get().status == Application.Status.SUBMITTED  # read, never written

    # 3. Staff vet and accept, in another browser on a desktop.
    sent_before = len(mail.outbox)
    staff_accepts_in_the_admin(browser, live_server.url, staff, password)

    # 4. The new member reloads the space.
    page.reload()
    status = page.get_by_role("region", name=re.compile("Votre adhésion"))
    expect(status.get_by_role("heading")).to_have_text(re.compile(r"Votre adhésion\s+Adhérente"))
    expect(status).to_contain_text("Numéro d'adhérent MIJ-0001")
    expect(status).to_contain_text("Votre entreprise est membre du réseau Made in Jura")
    expect(page.get_by_role("region", name=re.compile("Demande d'adhésion"))).to_contain_text(
        "Bienvenue dans le réseau Made in Jura"
    )
    history = page.get_by_role("region", name="Historique")
    expect(history).to_contain_text("Demande d'adhésion acceptée")
    expect(history).to_contain_text("L'entreprise devient adhérente de Made in Jura")
    expect(history).to_contain_text("Le comité a commencé l'examen du dossier")
    screenshot(page, "4-space-member-phone")

    welcome = [m for m in mail.outbox[sent_before:] if m.to == [EMAIL] and "MIJ-0001" in m.body]
    assert len(welcome) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert f"{live_server.url}/espace/" in welcome[0].body
    company = Company.objects.get()
    assert (company.status, company.member_number) == (Company.Status.ACTIVE, "MIJ-0001")
