"""Supporting documents are served back only to their own company."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.urls import reverse

from members import services
from members.models import Application, ApplicationDocument
from tests.factories.members import UserFactory, make_siret

PDF = b"%PDF-1.4\n%%EOF\n"


def attach(application: Application, title: str = "Extrait Kbis") -> ApplicationDocument:
    return services.application_add_document(
        application=application,
        acting_user=application.applicant,
        title=title,
        file=ContentFile(PDF, name="x.pdf"),
        size=len(PDF),
    )


def other_application() -> Application:
    return services.application_start(
        siret=make_siret(9),
        legal_name="Scierie du Risoux",
        acting_user=UserFactory(),
        legal_form="sas",
        size_band="1-9",
    )


def test_the_owner_downloads_the_document_as_a_pdf_attachment(applicant_client, draft):
    document = attach(draft)
    response = applicant_client.get(reverse("members:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="extrait-kbis.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_another_companys_document_is_not_found(applicant_client, draft):
    theirs = attach(other_application())
    assert applicant_client.get(reverse("members:document_download", args=[theirs.pk])).status_code == 404
    assert applicant_client.post(reverse("members:document_delete", args=[theirs.pk])).status_code == 404
    assert ApplicationDocument.objects.filter(pk=theirs.pk).exists()


def test_a_person_without_a_company_finds_no_document(client, draft):
    document = attach(draft)
    client.force_login(UserFactory())
    assert client.get(reverse("members:document_download", args=[document.pk])).status_code == 404


def test_the_owner_removes_a_document_by_post(applicant_client, draft):
    document = attach(draft)
    url = reverse("members:document_delete", args=[document.pk])
    assert applicant_client.get(url).status_code == 405
    response = applicant_client.post(url)
    assert response["Location"] == reverse("members:apply_step", args=[Application.Step.ACTIVITY])
    assert not draft.documents.exists()


def test_the_activity_step_lists_the_documents_with_a_remove_button(applicant_client, draft):
    document = attach(draft)
    content = applicant_client.get(
        reverse("members:apply_step", args=[Application.Step.ACTIVITY])
    ).content.decode()
    assert reverse("members:document_download", args=[document.pk]) in content
    assert f'form="retirer-justificatif-{document.pk}"' in content
    assert f'action="{reverse("members:document_delete", args=[document.pk])}"' in content


def test_documents_are_stored_outside_the_public_media_folder(draft, settings):
    document = attach(draft)
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not document.file.url.startswith(settings.MEDIA_URL)
