"""The committee asks for a document: the applicant types an answer, goes to add the document as a draft,
comes back to find the answer still there, and sends the file back in one go."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from members import services
from members.models import Application
from tests.browser import heading
from tests.factories.charter import publish_charter
from tests.factories.members import (
    in_review_application,
    person,
)
from tests.factories.reference import sector
from tests.members.test_uploads import PDF  # a real PDF: uploads are parsed

PASSWORD = "Jura-mot-de-passe-42"


def test_the_applicant_answers_the_committee_without_losing_anything(page: Page, transactional_db, staff):
    publish_charter(staff, 1)
    owner = person(first_name="Sophie", last_name="Bourgeois", email="sophie@bois-du-risoux.test")
    application = in_review_application(reviewer=staff, applicant=owner, legal_name="Bois du Risoux")
    application.company.sectors.set([sector("Scierie")])
    services.application_request_info(
        application=application, acting_user=staff, message="Merci de joindre votre certificat PEFC."
    )

    page.goto(reverse("account_login"))
    page.get_by_label("Courriel").fill(owner.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(reverse("members:space"))
    page.get_by_role("link", name="Répondre au comité").click()

    answer = "Le certificat PEFC 2027 est joint aux justificatifs."
    page.get_by_label("Votre réponse au comité").fill(answer)
    # Off to the Activity step without saving: what was typed waits in the tab.
    page.get_by_role("navigation", name="Étapes de la demande").get_by_role("link", name="Activité").click()
    expect(heading(page)).to_contain_text("Activité")
    page.get_by_label("Intitulé du justificatif").fill("Certificat PEFC")
    page.get_by_label("Justificatif (PDF)").set_input_files(
        {"name": "pefc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Justificatif « Certificat PEFC » ajouté.")).to_be_visible()

    page.get_by_role("navigation", name="Étapes de la demande").get_by_role(
        "link", name="Vérification"
    ).click()
    expect(page.get_by_label("Votre réponse au comité")).to_have_value(answer)
    expect(page.get_by_role("main")).not_to_contain_text("il reste à compléter")
    page.get_by_role("button", name="Renvoyer ma demande au comité").click()

    page.wait_for_url(f"**{reverse('members:space')}")
    expect(page.get_by_role("main")).to_contain_text("Votre demande d'adhésion est envoyée")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.applicant_reply == answer
    assert list(application.documents.values_list("title", flat=True)) == ["Certificat PEFC"]
