"""The member's space (/espace/): status, application, history and charter, for every state."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from core import space_cards
from jura_portal import audit
from members import lifecycle, services
from members.models import Application, CompanyRole
from tests.factories.charter import publish_charter, sign
from tests.factories.members import (
    accepted_company,
    draft_application,
    in_review_application,
    person,
    submitted_application,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

# The space's own queries, and one for each card another app adds to it.
SPACE_BUDGET = 10 + len(space_cards.MAIN) + len(space_cards.SIDE)


@pytest.fixture
def owner():
    return person(first_name="Camille", last_name="Martin", email="camille@fromagerie.fr")


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def space(client):
    response = client.get(reverse("members:space"))
    assert response.status_code == 200
    return response


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client):
    response = client.get(reverse("members:space"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={reverse('members:space')}"


def test_someone_without_a_company_is_told_how_to_apply(as_owner):
    response = space(as_owner)

    assert "n'est rattaché à aucune entreprise" in page_text(response)
    assert f'href="{reverse("members:apply")}"' in response.content.decode()


def test_a_draft_shows_what_is_missing_and_can_be_withdrawn(as_owner, owner):
    draft_application(applicant=owner, legal_name="Fromagerie du Revermont", steps=())

    response = space(as_owner)
    text = page_text(response)

    assert "Fromagerie du Revermont" in text
    assert "Candidate" in text
    assert "Brouillon" in text
    assert "Il reste à compléter : Implantation Activité Engagements Charte" in text
    assert "Demande d'adhésion commencée" in text
    assert "par vous" in text
    assert f'action="{reverse("members:apply_withdraw")}"' in response.content.decode()


def test_a_submitted_application_is_dated_and_can_still_be_withdrawn(as_owner, owner):
    with time_machine.travel(datetime(2027, 3, 2, 9, 30, tzinfo=UTC), tick=False):
        submitted_application(applicant=owner, legal_name="Fromagerie du Revermont")

    response = space(as_owner)
    text = page_text(response)

    assert "Déposée" in text
    assert "Votre dossier a été envoyé le 2 mars 2027" in text
    assert "Dossier envoyé au comité d'adhésion 2 mars 2027 à 10:30 — par vous" in text
    assert f'action="{reverse("members:apply_withdraw")}"' in response.content.decode()


def test_an_application_under_review_names_the_committee_and_can_no_longer_be_withdrawn(
    as_owner, owner, staff
):
    in_review_application(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")

    response = space(as_owner)
    text = page_text(response)

    assert "En cours d'examen" in text
    assert "Le comité a commencé l'examen du dossier" in text
    assert "par le comité" in text
    assert reverse("members:apply_withdraw") not in response.content.decode()


def test_the_committees_request_is_shown_with_a_way_to_answer(as_owner, owner, staff):
    application = in_review_application(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    services.application_request_info(
        application=application, acting_user=staff, message="Merci de joindre votre certificat AOP Comté."
    )

    response = space(as_owner)
    text = page_text(response)
    html = response.content.decode()

    assert "Informations demandées" in text
    assert "Le comité vous demande : Merci de joindre votre certificat AOP Comté." in text
    assert "Le comité demande des informations complémentaires" in text
    assert "« Merci de joindre votre certificat AOP Comté. »" in text
    assert f'href="{reverse("members:apply_step", args=[6])}"' in html
    assert f'action="{reverse("members:apply_withdraw")}"' in html


def test_an_answer_to_the_committee_appears_in_the_history(as_owner, owner, staff):
    application = in_review_application(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    services.application_request_info(application=application, acting_user=staff, message="Certificat ?")
    services.application_submit(
        application=application, acting_user=owner, reply="Le voici, joint au dossier."
    )

    text = page_text(space(as_owner))

    assert "Dossier complété et renvoyé au comité" in text
    assert "« Le voici, joint au dossier. »" in text
    assert "Le comité vous demande" not in text


def test_an_accepted_member_sees_its_number_and_membership_date(as_owner, owner, staff):
    with time_machine.travel(datetime(2027, 4, 15, 14, 0, tzinfo=UTC), tick=False):
        company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")

    text = page_text(space(as_owner))

    assert "Adhérente" in text
    assert f"Numéro d'adhérent {company.member_number}" in text
    assert "Adhérente depuis le 15 avril 2027" in text
    assert "Votre demande a été acceptée le 15 avril 2027" in text
    assert "Demande d'adhésion acceptée" in text
    assert "L'entreprise devient adhérente de Made in Jura" in text
    assert "Quitter le réseau" in text


def test_the_committees_internal_checklist_stays_out_of_the_history(as_owner, owner, staff):
    accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")

    response = space(as_owner)

    assert audit.history(response.context["application"]).filter(action="application.checklist").exists()
    assert all("vérif" not in event.sentence for event in response.context["events"])


def test_a_rejected_application_gives_the_reason(as_owner, owner, staff):
    application = in_review_application(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    services.application_reject(
        application=application, acting_user=staff, reason="Production réalisée hors du Jura."
    )

    text = page_text(space(as_owner))

    assert "Refusée" in text
    assert "Motif : Production réalisée hors du Jura." in text
    assert "Demande d'adhésion refusée" in text


def test_a_withdrawn_application_invites_to_apply_again(as_owner, owner):
    application = submitted_application(applicant=owner, legal_name="Fromagerie du Revermont")
    services.application_withdraw(application=application, acting_user=owner)

    response = space(as_owner)
    text = page_text(response)

    assert "Retirée" in text
    assert "Demande d'adhésion retirée" in text
    assert "Déposer une demande d'adhésion" in text
    assert reverse("members:apply_withdraw") not in response.content.decode()


def test_a_suspension_by_staff_gives_the_reason_and_who_to_contact(as_owner, owner, staff, settings):
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    lifecycle.company_suspend(
        company=company, acting_user=staff, reason="Usage du logo sur un produit non autorisé."
    )

    response = space(as_owner)
    text = page_text(response)

    assert "Suspendue" in text
    assert "Motif : Usage du logo sur un produit non autorisé." in text
    assert f"mailto:{settings.ASSOCIATION['email']}" in response.content.decode()
    assert "Adhésion suspendue" in text
    assert "par l'association" in text


def test_a_suspension_for_the_charter_says_that_signing_lifts_it(as_owner, owner, staff):
    publish_charter(staff, 1)
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    publish_charter(staff, 2)
    lifecycle.company_suspend(
        company=company, acting_user=None, reason="Charte v2 non signée à l'échéance.", for_charter=True
    )

    response = space(as_owner)
    text = page_text(response)

    assert "votre adhésion est suspendue jusqu'à la signature" in text
    assert "par le système" in text
    assert f'href="{reverse("charter:sign")}"' in response.content.decode()


def test_a_lapsed_member_is_told_to_pay(as_owner, owner, staff):
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    lifecycle.company_lapse(company=company, acting_user=None, reason="Cotisation 2027 impayée.")

    text = page_text(space(as_owner))

    assert "Cotisation impayée" in text
    assert "Réglez votre cotisation" in text


def test_an_excluded_company_sees_the_reason(as_owner, owner, staff):
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    lifecycle.company_exclude(company=company, acting_user=staff, reason="Délocalisation de la production.")

    response = space(as_owner)
    text = page_text(response)

    assert "Exclue" in text
    assert "Motif : Délocalisation de la production." in text
    assert "Quitter le réseau" not in text


@time_machine.travel(datetime(2027, 5, 2, 10, 0, tzinfo=UTC))
def test_the_campaign_banner_shows_until_the_new_version_is_signed(client, owner, staff):
    as_owner = client
    client.force_login(owner)
    publish_charter(staff, 1)
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    publish_charter(staff, 2, deadline_days=30)

    response = space(as_owner)
    text = page_text(response)
    assert "Une nouvelle version de la charte (version 2) est à signer" in text
    assert "Signez-la au plus tard le 1 juin 2027" in text
    assert "D'ici là, votre entreprise reste dans l'annuaire et sa licence du logo reste valable" in text
    assert "n'a pas encore signé la version en vigueur (version 2)" in text

    sign(company, owner)

    response = space(as_owner)
    text = page_text(response)
    assert "Une nouvelle version de la charte" not in text
    assert "a signé la version en vigueur (version 2)" in text
    receipts = [signature.pk for signature in company.signatures.all()]
    assert len(receipts) == 2
    for pk in receipts:
        assert f'href="{reverse("charter:receipt", args=[pk])}"' in response.content.decode()


def test_an_applicant_signs_the_charter_in_its_application_not_through_the_banner(as_owner, owner, staff):
    publish_charter(staff, 1)
    draft_application(applicant=owner, legal_name="Fromagerie du Revermont", steps=())

    text = page_text(space(as_owner))

    assert "Une nouvelle version de la charte" not in text
    assert "Vous la signez à l'étape « Charte » de votre demande d'adhésion." in text


def test_representatives_are_listed_and_a_representative_is_not_offered_to_manage_them(client, owner, staff):
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    colleague = person(first_name="Lou", last_name="Girard")
    lifecycle.company_add_representative(company=company, user=colleague, acting_user=colleague)
    client.force_login(colleague)

    response = space(client)
    text = page_text(response)

    assert "Camille Martin (responsable)" in text
    assert "Lou Girard (représentant, vous)" in text
    assert "Voir les représentants" in text
    assert "Gérer les représentants" not in text
    assert "Quitter le réseau" not in text
    assert f"Lou Girard ({colleague.email}) devient représentant de l'entreprise" in text


def test_each_company_sees_only_its_own_space(client, staff):
    first_owner, second_owner = person(), person()
    first = in_review_application(
        reviewer=staff, applicant=first_owner, legal_name="Scierie des Rousses"
    ).company
    services.application_request_info(
        application=first.applications.get(), acting_user=staff, message="Secret de la scierie"
    )
    draft_application(applicant=second_owner, legal_name="Brasserie de la Seille", steps=())
    client.force_login(second_owner)

    text = page_text(space(client))

    assert "Brasserie de la Seille" in text
    assert "Scierie des Rousses" not in text
    assert "Secret de la scierie" not in text


@pytest.mark.parametrize("extra", [0, 25])
def test_the_space_runs_a_constant_number_of_queries(
    client, staff, owner, extra, django_assert_max_num_queries
):
    """Budget: 10 queries for the space itself plus one per app card (dues, licence, listing,
    events, offers), whatever the length of the history and the number of representatives."""
    publish_charter(staff, 1)
    company = accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")
    application = company.applications.get()
    for _ in range(extra):
        colleague = person()
        lifecycle.company_add_representative(company=company, user=colleague, acting_user=colleague)
        audit.record(staff, "application.info_requested", application, comment="Encore une question")
        audit.record(staff, "company.suspended", company, comment="Raison")
    publish_charter(staff, 2)
    sign(company, owner)
    assert CompanyRole.objects.filter(company=company).count() == 1 + extra
    client.force_login(owner)

    with django_assert_max_num_queries(SPACE_BUDGET):
        response = client.get(reverse("members:space"))

    assert response.status_code == 200
    assert len(response.context["roles"]) == 1 + extra
    assert len(response.context["events"]) >= min(2 * extra, 50)


def test_the_space_of_a_draft_also_runs_a_constant_number_of_queries(
    as_owner, owner, django_assert_max_num_queries
):
    draft_application(applicant=owner, legal_name="Fromagerie du Revermont", steps=())
    assert Application.objects.count() == 1

    with django_assert_max_num_queries(SPACE_BUDGET):
        space(as_owner)
