"""Review, submission, the committee's request for information, and withdrawal."""

from django.core import mail
from django.urls import reverse

from members import services
from members.models import Application
from tests.factories.members import UserFactory

REVIEW = reverse("members:apply_step", args=[Application.Step.REVIEW])


def test_the_review_lists_what_was_entered_with_links_to_change_it(applicant_client, complete_draft):
    content = applicant_client.get(REVIEW).content.decode()
    assert "Fromagerie du Grandvaux SARL" in content
    assert "CA ECLA" in content
    assert "Comté, morbier, bleu de Gex." in content
    assert "signée par Claire Jeunet" in content
    for step in (1, 2, 3, 4, 5):
        assert f'href="{reverse("members:apply_step", args=[step])}"' in content
    assert "il reste à compléter" not in content
    assert "Envoyer ma demande" in content


def test_submitting_an_incomplete_file_is_refused_with_the_missing_steps(
    applicant_client, draft, charter_version
):
    content = applicant_client.get(REVIEW).content.decode()
    assert "il reste à compléter" in content
    response = applicant_client.post(reverse("members:apply_submit"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Il reste à compléter : Implantation, Activité, Engagements, Charte." in content
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_submitting_a_complete_file_sends_it_to_the_committee(
    applicant_client, complete_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("members:apply_submit"))
    assert response["Location"] == reverse("members:space")
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.SUBMITTED
    assert complete_draft.submitted_at is not None
    assert any(message.to == [complete_draft.applicant.email] for message in mail.outbox)


def test_submit_only_answers_post(applicant_client, complete_draft):
    assert applicant_client.get(reverse("members:apply_submit")).status_code == 405


def test_a_submitted_file_leads_from_adhesion_to_its_read_only_review(
    applicant_client, complete_draft, applicant
):
    services.application_submit(application=complete_draft, acting_user=applicant)
    response = applicant_client.get(reverse("members:apply"))
    assert response["Location"] == REVIEW
    content = applicant_client.get(REVIEW).content.decode()
    assert "Lecture seule." in content
    assert "Envoyer ma demande" not in content
    assert "modifier" not in content


def info_requested(application: Application, applicant) -> Application:
    staff = UserFactory(is_staff=True)
    services.application_submit(application=application, acting_user=applicant)
    services.application_start_review(application=application, acting_user=staff)
    return services.application_request_info(
        application=application, acting_user=staff, message="Merci de joindre votre certificat AOP."
    )


def test_the_committees_request_is_shown_with_a_reply_box(applicant_client, complete_draft, applicant):
    info_requested(complete_draft, applicant)
    assert applicant_client.get(reverse("members:apply"))["Location"] == REVIEW
    content = applicant_client.get(REVIEW).content.decode()
    assert "Merci de joindre votre certificat AOP." in content
    assert 'name="reply"' in content
    assert "Renvoyer ma demande au comité" in content


def test_resubmitting_needs_a_reply(applicant_client, complete_draft, applicant):
    info_requested(complete_draft, applicant)
    response = applicant_client.post(reverse("members:apply_submit"), {"reply": "  "})
    assert response.status_code == 200
    assert "Répondez à la demande du comité" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.INFO_REQUESTED


def test_the_reply_goes_back_to_the_committee_with_the_file(applicant_client, complete_draft, applicant):
    info_requested(complete_draft, applicant)
    response = applicant_client.post(
        reverse("members:apply_submit"), {"reply": "Certificat ajouté aux justificatifs."}
    )
    assert response["Location"] == reverse("members:space")
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.SUBMITTED
    assert complete_draft.applicant_reply == "Certificat ajouté aux justificatifs."


def test_while_info_is_requested_the_steps_can_be_changed_again(applicant_client, complete_draft, applicant):
    info_requested(complete_draft, applicant)
    url = reverse("members:apply_step", args=[Application.Step.ACTIVITY])
    content = applicant_client.get(url).content.decode()
    assert "Lecture seule." not in content
    assert "Enregistrer et continuer" in content


def test_withdrawing_asks_for_a_confirmation_then_withdraws(applicant_client, draft):
    url = reverse("members:apply_withdraw")
    assert "Je confirme vouloir retirer" in applicant_client.get(url).content.decode()
    response = applicant_client.post(url, {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer le retrait." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT

    response = applicant_client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("members:apply")
    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN


def test_an_application_under_review_cannot_be_withdrawn(applicant_client, complete_draft, applicant):
    services.application_submit(application=complete_draft, acting_user=applicant)
    services.application_start_review(application=complete_draft, acting_user=UserFactory(is_staff=True))
    url = reverse("members:apply_withdraw")
    assert "ne peut plus être retirée" in applicant_client.get(url).content.decode()
    response = applicant_client.post(url, {"confirm": "on"})
    assert "ne peut plus être retirée" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.IN_REVIEW
