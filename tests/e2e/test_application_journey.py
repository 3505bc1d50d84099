"""An entrepreneur applies for membership on a phone: six steps, a pause, the charter, the submission."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import Page, expect

from members.models import Application, Company
from tests.browser import continue_, heading, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.members import ANSWER, UserFactory, make_siret, png_bytes

EMAIL = "claire.jeunet@fromagerie-grandvaux.example"
PASSWORD = "Comte-du-Grandvaux-39"


@pytest.fixture
def entrepreneur(transactional_db):
    user = UserFactory(email=EMAIL, password=PASSWORD, first_name="Claire", last_name="Jeunet")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def test_an_entrepreneur_applies_on_a_phone_leaves_comes_back_signs_and_submits(
    phone_page: Page, entrepreneur, lons, sectors
):
    CharterVersionFactory(number=1)
    page = phone_page

    # Signing in on the way to /adhesion/.
    page.goto(reverse("members:apply"))
    expect(heading(page)).to_have_text("Se connecter")
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # Step 1: identity.
    expect(heading(page)).to_have_text("Adhérer à Made in Jura")
    expect(page.get_by_role("main")).to_contain_text("Kbis")
    page.get_by_label("Raison sociale").fill("Fromagerie du Grandvaux SARL")
    page.get_by_label("Nom commercial").fill("Fromagerie du Grandvaux")
    page.get_by_label("Forme juridique").select_option(label="SARL")
    page.get_by_label("SIRET").fill(make_siret(3))
    page.get_by_label("Code NAF / APE").fill("1051c")
    page.get_by_label("Année de création").fill("1987")
    page.get_by_label("Effectif").select_option(label="10 à 49 salariés")
    page.get_by_label("Téléphone").fill("+33 3 84 60 12 34")
    continue_(page)

    # Step 2: location, with a first mistake (a commune outside the Jura).
    expect(heading(page)).to_have_text("Étape 2 sur 6 : Implantation")
    expect(page.get_by_role("link", name=re.compile("Implantation")).first).to_have_attribute(
        "aria-current", "step"
    )
    page.get_by_label("Adresse").fill("12 rue du Commerce")
    page.get_by_label("Code postal").fill("25300")
    page.get_by_label("Commune").fill("Pontarlier")
    continue_(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Made in Jura réunit les entreprises établies dans le Jura (39)"
    )
    expect(page.get_by_label("Adresse")).to_have_value("12 rue du Commerce")
    page.get_by_label("Code postal").fill("39000")
    page.get_by_label("Commune").fill("Lons-le-Saunier (39000)")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")
    expect(page.get_by_role("main")).to_contain_text("CA ECLA")
    screenshot(page, "2-location-phone")

    # The entrepreneur leaves, then comes back to /adhesion/: the draft is where it was.
    page.goto(reverse("home"))
    page.goto(reverse("members:apply"))
    expect(heading(page)).to_have_text("Étape 3 sur 6 : Activité")
    page.get_by_role("link", name=re.compile("Implantation")).click()
    expect(page.get_by_label("Commune")).to_have_value("Lons-le-Saunier (39000)")
    page.get_by_role("link", name=re.compile("Activité")).click()

    # Step 3: activity, with a logo.
    page.get_by_label("Fromagerie").check()
    page.get_by_label("Présentation de l'entreprise").fill("Une fromagerie de village depuis 1987.")
    page.get_by_label("Produits et services").fill("Comté AOP, morbier, bleu de Gex.")
    page.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes(size=(300, 200))}]
    )
    continue_(page)

    # Step 4: commitments.
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
    screenshot(page, "4-commitments-phone")
    continue_(page)

    # Step 5: the charter, read and signed.
    expect(heading(page)).to_have_text("Étape 5 sur 6 : Charte")
    expect(page.get_by_role("article")).to_contain_text("Ne pas délocaliser notre production.")
    page.get_by_label(re.compile("Je m'engage")).check()
    expect(page.get_by_label("Votre nom complet")).to_have_value("Claire Jeunet")
    screenshot(page, "5-charter-phone")
    page.get_by_role("button", name="Signer la charte et continuer").click()

    # Step 6: review and submit.
    expect(heading(page)).to_have_text("Étape 6 sur 6 : Vérification et envoi")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Fromagerie du Grandvaux SARL")
    expect(main).to_contain_text("10.51C")
    expect(main).to_contain_text("signée par Claire Jeunet")
    expect(main).not_to_contain_text("il reste à compléter")
    screenshot(page, "6-review-phone")
    page.get_by_role("button", name="Envoyer ma demande").click()

    page.wait_for_url(re.compile(re.escape(reverse("members:space")) + "$"))
    expect(page.get_by_role("status")).to_contain_text("Votre demande d'adhésion est envoyée.")
    screenshot(page, "7-space-phone")
    application = Application.objects.select_related("company").get()
    assert application.status == Application.Status.SUBMITTED
    company = application.company
    assert company.status == Company.Status.APPLICANT
    assert company.commune == lons
    assert company.logo.name.endswith(".png")
    assert company.signatures.get().full_name == "Claire Jeunet"


def test_a_bad_siret_is_explained_next_to_the_field_on_a_desktop(page: Page, entrepreneur):
    page.goto(reverse("account_login") + "?next=" + reverse("members:apply"))
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_label("Raison sociale").fill("Scierie du Risoux")
    page.get_by_label("Forme juridique").select_option(label="SAS")
    page.get_by_label("SIRET").fill("732 829 320 00075")
    page.get_by_label("Effectif").select_option(label="1 à 9 salariés")
    continue_(page)

    siret = page.get_by_label("SIRET")
    expect(siret).to_have_value("732 829 320 00075")
    expect(siret).to_have_attribute("aria-invalid", "true")
    expect(siret).to_have_accessible_description(re.compile("la clé de contrôle ne correspond pas"))
    expect(page.get_by_label("Raison sociale")).to_have_value("Scierie du Risoux")
    screenshot(page, "1-siret-error-desktop")
    assert not Application.objects.exists()
