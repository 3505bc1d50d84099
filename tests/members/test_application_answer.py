"""The applicant answering the committee, click by click as a person does it: the requested document added
with "Enregistrer le brouillon", the answer typed, the file sent back; nothing typed is ever lost."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import services
from members.models import Application
from tests.factories.members import UserFactory
from tests.members.test_uploads import PDF  # a real PDF: uploads are parsed

REVIEW = reverse("members:apply_step", args=[Application.Step.REVIEW])
ACTIVITY = reverse("members:apply_step", args=[Application.Step.ACTIVITY])


def committee_asks(application: Application, applicant) -> Application:
    staff = UserFactory(is_staff=True)
    services.application_submit(application=application, acting_user=applicant)
    services.application_start_review(application=application, acting_user=staff)
    return services.application_request_info(
        application=application, acting_user=staff, message="Merci de joindre votre certificat AOP."
    )


def activity_as_shown(client) -> dict:
    """What the Activity step's form holds when the applicant opens it (what the browser would send back)."""
    form = client.get(ACTIVITY).context["form"]
    return {
        "sectors": [str(pk) for pk in form.initial["sectors"]],
        "description": form.initial["description"],
        "products": form.initial["products"],
        "quality_evidence": form.initial["quality_evidence"],
    }


def test_adding_the_requested_document_as_a_draft_then_sending_back_works(
    applicant_client, complete_draft, applicant
):
    committee_asks(complete_draft, applicant)

    response = applicant_client.post(
        ACTIVITY,
        {
            **activity_as_shown(applicant_client),
            "document_title": "Certificat AOP",
            "document": SimpleUploadedFile("aop.pdf", PDF, content_type="application/pdf"),
            "draft": "",
        },
    )
    assert response.status_code == 302
    assert "Activité" not in services.missing_steps(Application.objects.get(pk=complete_draft.pk))

    response = applicant_client.post(
        reverse("members:apply_submit"), {"reply": "Le certificat AOP est joint.", "send": ""}
    )
    assert response["Location"] == reverse("members:space")
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.SUBMITTED
    assert complete_draft.applicant_reply == "Le certificat AOP est joint."
    assert list(complete_draft.documents.values_list("title", flat=True)) == ["Certificat AOP"]


def test_a_draft_save_that_really_leaves_a_gap_still_counts_the_step_as_missing(
    applicant_client, complete_draft, applicant
):
    committee_asks(complete_draft, applicant)
    shown = activity_as_shown(applicant_client)
    applicant_client.post(ACTIVITY, {**shown, "description": "", "draft": ""})

    assert "Activité" in services.missing_steps(Application.objects.get(pk=complete_draft.pk))


def test_the_typed_answer_is_kept_when_sending_back_is_refused(applicant_client, complete_draft, applicant):
    committee_asks(complete_draft, applicant)
    shown = activity_as_shown(applicant_client)
    applicant_client.post(ACTIVITY, {**shown, "description": "", "draft": ""})  # a real gap

    response = applicant_client.post(
        reverse("members:apply_submit"), {"reply": "Voici le certificat demandé.", "send": ""}
    )
    assert "Il reste à compléter : Activité" in response.content.decode()

    # The applicant goes to fill the gap, and comes back: the answer is there.
    applicant_client.get(ACTIVITY)
    assert "Voici le certificat demandé." in applicant_client.get(REVIEW).content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.applicant_reply == "Voici le certificat demandé."
    assert complete_draft.status == Application.Status.INFO_REQUESTED


def test_the_answer_can_be_saved_without_sending_it(applicant_client, complete_draft, applicant):
    committee_asks(complete_draft, applicant)
    response = applicant_client.post(
        reverse("members:apply_submit"), {"reply": "Je cherche le certificat.", "draft": ""}, follow=True
    )
    assert "Réponse enregistrée" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Application.Status.INFO_REQUESTED
    assert complete_draft.applicant_reply == "Je cherche le certificat."
    content = applicant_client.get(REVIEW).content.decode()
    assert "Je cherche le certificat." in content
    assert 'data-keep="reponse-' in content  # kept in the tab too while typing (static/js/portal.js)
