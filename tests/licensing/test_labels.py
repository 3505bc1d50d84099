"""Product labels: a member asks, staff approve or refuse with a reason, the member may withdraw."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image

from jura_portal.models import AuditEntry
from licensing import services
from licensing.errors import LicensingError
from licensing.models import LogoLicense, ProductLabel
from members import lifecycle
from tests.factories.licensing import label_of, licence_of, png_upload
from tests.factories.members import UserFactory
from tests.pages import page_text

Label = ProductLabel.Status
pytestmark = pytest.mark.django_db


def request_data(**overrides):
    data = {
        "name": "Morbier fermier",
        "description": "Morbier au lait cru, raie de charbon végétal, affiné 60 jours.",
        "quality_reason": "Lait de notre troupeau de Montbéliardes, fabrication à la ferme à Mouthe.",
        "photo": png_upload("morbier.jpg", fmt="JPEG", exif=Image.Exif()),
    }
    data.update(overrides)
    return data


def test_a_member_asks_for_a_label_and_its_photo_is_re_encoded(member_client, member_company):
    response = member_client.post(reverse("licensing:labels"), request_data())
    assert response.status_code == 302
    label = ProductLabel.objects.get(company=member_company)
    assert (label.name, label.status) == ("Morbier fermier", Label.REQUESTED)
    assert label.photo.name.startswith("labels/") and label.photo.name.endswith(".png")
    with Image.open(label.photo.path) as photo:
        assert photo.format == "PNG" and max(photo.size) <= 1024
        assert not photo.info.get("exif")
    assert AuditEntry.objects.filter(action="label.requested", target_id=str(label.pk)).exists()
    page = page_text(member_client.get(reverse("licensing:labels")))
    assert "Morbier fermier" in page and "Demandé" in page


def test_a_bad_photo_gets_a_french_message_and_keeps_what_was_typed(member_client, member_company):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = member_client.post(reverse("licensing:labels"), request_data(photo=fake))
    assert response.status_code == 400
    text = page_text(response)
    assert "n'est pas une image PNG, JPEG ou WebP" in text
    assert "Morbier fermier" in response.content.decode()
    assert "troupeau de Montbéliardes" in response.content.decode()
    assert not ProductLabel.objects.exists()


def test_a_request_without_a_reason_is_refused_with_a_message(member_client):
    response = member_client.post(reverse("licensing:labels"), request_data(quality_reason=""))
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in page_text(response)


def test_a_suspended_member_cannot_ask_for_a_label(member_company, member_client, staff):
    lifecycle.company_suspend(company=member_company, acting_user=staff, reason="Enquête")
    response = member_client.post(reverse("licensing:labels"), request_data())
    assert response.status_code == 400
    assert "Seule une entreprise adhérente active" in page_text(response)


def test_staff_approve_and_the_member_is_told_and_the_product_is_public(
    client, member_company, staff, django_capture_on_commit_callbacks
):
    licence = licence_of(member_company, LogoLicense.Status.ACTIVE)
    label = label_of(member_company, Label.REQUESTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.label_approve(label=label, acting_user=staff, reason="Bravo pour l'affinage")
    label.refresh_from_db()
    assert (label.status, label.decided_by, label.decision_reason) == (
        Label.APPROVED,
        staff,
        "Bravo pour l'affinage",
    )
    assert label.decided_at is not None
    assert mail.outbox[-1].subject == "[Made in Jura] « Comté AOP 18 mois » peut porter le logo Made in Jura"
    assert "Bravo pour l'affinage" in mail.outbox[-1].body
    assert "Comté AOP 18 mois" in page_text(client.get(reverse("licensing:verify", args=[licence.code])))


def test_staff_reject_only_with_a_reason_which_the_member_reads(
    member_company, member_client, staff, django_capture_on_commit_callbacks
):
    label = label_of(member_company, Label.REQUESTED)
    with pytest.raises(LicensingError, match="motif"):
        services.label_reject(label=label, acting_user=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.label_reject(label=label, acting_user=staff, reason="La photo ne montre pas le produit.")
    assert "La photo ne montre pas le produit." in mail.outbox[-1].body
    page = page_text(member_client.get(reverse("licensing:labels")))
    assert "Refusé" in page and "La photo ne montre pas le produit." in page


def test_a_decided_label_cannot_be_decided_again(member_company, staff):
    label = label_of(member_company, Label.APPROVED, staff=staff)
    with pytest.raises(LicensingError):
        services.label_reject(label=label, acting_user=staff, reason="Changement d'avis")
    with pytest.raises(LicensingError):
        services.label_approve(label=label, acting_user=staff)


def test_the_member_withdraws_an_approved_label_and_it_leaves_the_verification_page(
    client, member_company, member_client, staff
):
    licence = licence_of(member_company, LogoLicense.Status.ACTIVE)
    label = label_of(member_company, Label.APPROVED, staff=staff)
    response = member_client.post(reverse("licensing:label_withdraw", args=[label.pk]))
    assert response.status_code == 302
    label.refresh_from_db()
    assert label.status == Label.WITHDRAWN and label.withdrawn_at is not None
    public = Client()  # a consumer, not the signed-in member (who would read the confirmation)
    assert "Comté AOP 18 mois" not in page_text(public.get(reverse("licensing:verify", args=[licence.code])))
    # Withdrawn twice: a clear message, nothing changes.
    member_client.post(reverse("licensing:label_withdraw", args=[label.pk]))
    assert AuditEntry.objects.filter(action="label.withdrawn").count() == 1


def test_withdrawing_needs_a_post(member_client, member_company, staff):
    label = label_of(member_company, Label.APPROVED, staff=staff)
    assert member_client.get(reverse("licensing:label_withdraw", args=[label.pk])).status_code == 405


def test_another_companys_label_answers_404(member_client, other_member_company, staff):
    label = label_of(other_member_company, Label.APPROVED, staff=staff)
    response = member_client.post(reverse("licensing:label_withdraw", args=[label.pk]))
    assert response.status_code == 404
    label.refresh_from_db()
    assert label.status == Label.APPROVED
    assert "Comté AOP 18 mois" not in page_text(member_client.get(reverse("licensing:labels")))


def test_the_selectors_give_the_directory_approved_labels_and_the_valid_licence(
    member_company, other_member_company, staff, django_assert_num_queries
):
    from licensing.selectors import (
        approved_labels,
        approved_labels_prefetch,
        current_licence,
        valid_licence_prefetch,
    )
    from members.models import Company

    licence = licence_of(member_company, LogoLicense.Status.ACTIVE)
    licence_of(other_member_company, LogoLicense.Status.SUSPENDED)
    label_of(member_company, Label.APPROVED, staff=staff, name="Bleu de Gex")
    label_of(member_company, Label.REQUESTED, staff=staff, name="Tomme")
    with django_assert_num_queries(3):
        companies = {
            c.pk: c
            for c in Company.objects.filter(
                pk__in=[member_company.pk, other_member_company.pk]
            ).prefetch_related(valid_licence_prefetch(), approved_labels_prefetch())
        }
        assert current_licence(companies[member_company.pk]) == licence
        assert current_licence(companies[other_member_company.pk]) is None
        assert [label.name for label in approved_labels(companies[member_company.pk])] == ["Bleu de Gex"]


def test_a_new_label_request_is_emailed_to_the_staff_who_grant_labels(
    member_client, member_company, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, Permission

    reviewers = Group.objects.create(name="Labels")
    reviewers.permissions.add(Permission.objects.get(codename="review_productlabel"))
    reviewer = UserFactory(is_staff=True, email="labels@madeinjura.test")
    reviewer.groups.add(reviewers)
    UserFactory(is_staff=True, email="evenements@madeinjura.test")  # staff, but not for labels
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("licensing:labels"), request_data(name="Morbier d'alpage & co"))

    [message] = [m for m in mail.outbox if "labels@madeinjura.test" in m.to]
    assert (
        message.subject == "[Made in Jura] Demande de label : « Morbier d'alpage & co » (Fromagerie Vermot)"
    )
    assert "evenements@madeinjura.test" not in {to for m in mail.outbox for to in m.to}
    label = ProductLabel.objects.get(company=member_company)
    assert f"/admin/licensing/productlabel/{label.pk}/change/" in message.body
    assert "troupeau de Montbéliardes" in message.body
